"""The language of an edition: UI strings, dates, country and language names."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from ..core.paths import RESOURCES

LOCALES_DIR = RESOURCES / "locales"
FALLBACK = "en"

#: Babel writes the Uzbek oʻ/gʻ with U+2018; Uzbek Latin orthography uses U+02BB.
_NORMALIZE = {"uz": str.maketrans({"\u2018": "\u02bb"})}


def load_data(path: Path):
    """A YAML file of the engine's resources as plain data; kept in the build store, when
    it is on, as JSON by the file's bytes (JSON reads far faster than YAML)."""
    import json

    from ..core import cache

    text = path.read_text("utf-8")
    name = cache.key("yaml-data", text)
    stored = cache.get(name)
    if stored is not None:
        try:
            return json.loads(stored)
        except ValueError:  # a damaged entry: read the YAML again
            pass
    data = YAML(typ="safe").load(text)
    try:
        cache.put(name, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError):  # dates and the like: not kept
        pass
    return data


@functools.cache
def catalog_in(folder: Path, lang: str) -> dict[str, str]:
    """The strings of `lang` in a folder of catalogs (`<lang>.yaml`); {} when it has none."""
    path = folder / f"{lang}.yaml"
    if not path.is_file():
        return {}
    loaded = load_data(path) or {}
    return {str(k): str(v) for k, v in loaded.items()}


def _catalog(lang: str) -> dict[str, str]:
    return catalog_in(LOCALES_DIR, lang)


def available_languages() -> list[str]:
    return sorted(p.stem for p in LOCALES_DIR.glob("*.yaml"))


def _babel_locale(lang: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


@dataclass(frozen=True)
class Strings:
    """UI strings and CLDR data for one language."""

    lang: str

    def __getitem__(self, key: str) -> str:
        value = _catalog(self.lang).get(key)
        if value is None:
            value = _catalog(FALLBACK)[key]
        return value

    def get(self, key: str, **values) -> str:
        return self[key].format(**values) if values else self[key]

    def _normalize(self, text: str) -> str:
        table = _NORMALIZE.get(self.lang.split("-")[0])
        return text.translate(table) if table else text

    def date(self, value: dt.date, form: str = "long") -> str:
        from babel.dates import format_date

        return self._normalize(format_date(value, form, locale=_babel_locale(self.lang)))

    def country(self, code: str) -> str:
        if not code:
            return ""
        name = _babel_locale(self.lang).territories.get(code.upper())
        return self._normalize(name) if name else code

    def language(self, code: str) -> str:
        """The name of language `code` in this edition's language."""
        name = _babel_locale(self.lang).languages.get(code)
        return self._normalize(name) if name else code

    def autonym(self) -> str:
        """The language's own name for itself ("русский", "ქართული")."""
        loc = _babel_locale(self.lang)
        name = loc.languages.get(self.lang) or self.lang
        if "\u10d0" <= name[:1] <= "\u10ff":  # Georgian has no capitals (upper() gives Mtavruli)
            return self._normalize(name)
        return self._normalize(name[:1].upper() + name[1:])


@functools.cache
def strings(lang: str) -> Strings:
    return Strings(lang)


def language_name(code: str) -> str:
    """The English name of a language, for messages to the editor ("Armenian" for hy)."""
    return Strings(FALLBACK).language(code)


@functools.cache
def _section_titles() -> dict:
    path = RESOURCES / "scaffolds.yaml"
    return YAML(typ="safe").load(path.read_text("utf-8")) or {}


def section_title(section: str, lang: str) -> str:
    """The scaffolds' title of a section id in a language ("Контекст" for context in ru),
    "" when the scaffolds do not name it."""
    titles = _section_titles().get(section) or {}
    return titles.get(lang) or ""


@functools.cache
def scaffold_texts() -> dict[str, dict[str, str]]:
    """Per key, the scaffolds' text in each language (resources/scaffold-text.yaml)."""
    path = RESOURCES / "scaffold-text.yaml"
    return YAML(typ="safe").load(path.read_text("utf-8")) or {}


def page_of_parts(template: str) -> list[str]:
    """ "Page {page} of {pages}" split into its texts and its `{page}` and `{pages}` fields,
    which each format fills in its own way (CSS counters, Word fields)."""
    return [piece for piece in re.split(r"(\{pages?\})", template) if piece]


def count(number: int, one: str, other: str = "") -> str:
    """`1 edition`, `2 editions`, `0 errors`: the form CLDR's plural rules choose for English,
    the language of the command line's messages."""
    from babel.core import Locale

    form = Locale("en").plural_form(number)
    return f"{number} {one if form == 'one' else (other or one + 's')}"
