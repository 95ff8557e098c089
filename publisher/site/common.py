"""What every page of the site shares: its security policy, the values each template gets,
and how a page picks a text in its language (or says which other language it shows)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n.strings import strings
from ..records.model import Text

if TYPE_CHECKING:
    from .model import Site

#: The Content Security Policy of every page: only the site's own files, no inline code.
#: 'wasm-unsafe-eval' lets the search engine compile its WebAssembly; it allows no eval().
CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; "
       "form-action 'self'; object-src 'none'")

def common(site: Site, lang: str, depth: int) -> dict:
    t = strings(lang)
    return {
        "lang": lang,
        "t": t,
        "root": "../" * depth,
        "csp": CSP,
        "site_name": site.brand.name(lang),
        "project_name": site.project.name,
        "home": site.relative(f"{lang}/index.html", depth) if lang in site.languages
        else site.relative("index.html", depth),
        "autonym": lambda code: strings(code).autonym(),
    }



@dataclass(frozen=True)
class Said:
    """A text chosen for a page language; `lang` is set when it is in another language."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def fallbacks(lang: str) -> tuple[str, ...]:
    """Where a page in `lang` takes a text its records lack: Russian first in the region."""
    return ("en", "ru") if lang in ("en", "et") else ("ru", "en")


def say(text: Text, lang: str) -> Said:
    value, code = text.pick(lang, fallbacks(lang))
    return Said(value, code if code and code != lang else "")
