"""Render: one module per format, each a function of (prepared edition, context).

The renderers are imported lazily (``renderer(fmt)``) so that the CLI starts
without loading Typst or python-docx.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..core.paths import RESOURCES
from ..core import pandoc
from ..load.brand import Brand
from ..load.licence import licence
from ..i18n.strings import Strings, page_of_parts
from ..core.model import Project
from .switcher import links
from ..transform.passes import Prepared

if TYPE_CHECKING:  # Jinja2 is loaded by the formats that fill templates, when they do
    import jinja2



def _script(name: str) -> tuple[Markup, str]:
    """An inline script and the CSP source that allows exactly that script."""
    import base64
    import hashlib

    text = (RESOURCES / name).read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"sha256-{digest}"


SWITCHER_SCRIPT, SWITCHER_HASH = _script("switcher.js")


@dataclass(frozen=True)
class Context:
    """Everything a renderer needs besides the edition itself."""

    project: Project
    brand: Brand
    scratch: Path  # a folder for cached intermediate files (reference.docx, ...)

    def templates(self) -> jinja2.Environment:
        return _environment(self.project.root)

    def stylesheet(self, name: str) -> str:
        """The brand's CSS variables, the engine's stylesheet, then the brand's additions."""
        override = self.project.root / "styles" / name
        base = override if override.is_file() else RESOURCES / "css" / name
        return "\n".join((self.brand.css_variables(), base.read_text("utf-8"),
                          self.brand.extra_css()))


_ENVIRONMENTS: dict[Path, jinja2.Environment] = {}


def _environment(root: Path) -> jinja2.Environment:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    if root not in _ENVIRONMENTS:
        env = Environment(
            loader=ChoiceLoader([
                FileSystemLoader(str(root / "templates")),
                FileSystemLoader(str(RESOURCES / "templates")),
            ]),
            undefined=StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["css_string"] = css_string
        _ENVIRONMENTS[root] = env
    return _ENVIRONMENTS[root]


def css_string(text: str) -> Markup:
    """Quote text as a CSS string literal."""
    escaped = (str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
               .replace("<", "\\3C "))
    return Markup(f'"{escaped}"')


def css_page_of(template: str) -> Markup:
    """Turn "Page {page} of {pages}" into a CSS `content` value with counters."""
    fields = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return Markup(" ".join(fields.get(piece) or css_string(piece)
                           for piece in page_of_parts(template)))


def html_body(ast: dict) -> Markup:
    """The edition's body as HTML, ready to be placed inside a template."""
    # equations as MathML: every browser draws it, and screen readers read it
    out = pandoc.convert_ast(ast, "html5", ["--section-divs", "--wrap=none", "--mathml"],
                             stored=True)
    return Markup(out.decode("utf-8"))


def edition_context(prepared: Prepared, ctx: Context, strings: Strings) -> dict:
    e = prepared.edition
    case = e.case
    return {
        "lang": e.lang,
        "title": e.title,
        "subtitle": e.subtitle,
        "running_title": e.running_title,
        "summary": e.summary,
        "keywords": list(e.keywords),
        "authors": [a.name for a in case.authors],
        "agency": case.agency,
        "country": strings.country(case.country),
        "date": strings.date(case.date),
        "date_iso": case.date.isoformat(),
        "year": case.date.year,
        "doc_type": case.type,
        "series": ctx.brand.series_name(case.type, e.lang),
        "publisher_name": ctx.brand.name(e.lang),
        "license": case.license,  # the SPDX id
        "licence": licence(case.license, e.lang),  # its name in the language, and its page
        "license_text": ctx.brand.localized(ctx.brand.license_text, e.lang),
        "disclaimer": ctx.brand.localized(ctx.brand.disclaimer, e.lang),
        "translated_from": (strings.get("translated_from",
                                        language=strings.language(e.translated_from))
                            if e.translated_from else ""),
        "toc": prepared.toc,
        "outdated": strings["outdated_translation"] if prepared.stale else "",
        "switcher": links(e, ctx.project),
        "switcher_script": SWITCHER_SCRIPT,
        "script_sources": f"'{SWITCHER_HASH}'",
        "has_summary_section": any(h.id == "summary" for h in prepared.toc),
        "layout": e.layout,
        "t": strings,
        "page_of": css_page_of(strings["page_of"]),
    }


def renderer(fmt: str):
    """The module that renders `fmt`; each has ``render(prepared, ctx, target) -> list``."""
    return importlib.import_module(f"{__name__}.{fmt}")
