"""The PDF edition: pandoc's AST written as Typst, inside a template made from the brand.

Typst compiles in a staging folder that holds only what the edition declares (the
images and attachments it uses, its partner logos, the brand's logos, the template
and the edition's source) and sees only the brand's fonts: a file outside that folder
cannot even be named, and the same sources give the same bytes on every machine.

The PDF is PDF/UA-1 (tagged, with the language of the document and of every `lang`
span, alternative texts for images and equations), and reproducible: the only date
written into it is `SOURCE_DATE_EPOCH` or the edition's date.

Here: the template's values and the page Typst compiles. The body is written by
`typst_body`, the fonts chosen by `typst_fonts`, the compile run by `typst_compile`.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.atomic import write_atomically
from ..core.diagnostics import error, has_errors
from ..core.xmltext import svg_title
from ..i18n.fonts import replace_characters
from ..i18n.strings import strings as strings_for
from ..load.imprint import check_case, imprint, source_date
from ..transform.passes import Prepared
from . import RESOURCES, Context, edition_context
from .typst_body import typst_body, typst_string
from .typst_compile import TEMPLATE, TypstFailed, TypstTimedOut, compile_page, warm_up
from .typst_fonts import MATH_FONT, font_folder, font_problems, svg_fonts


def logo_alt(path: Path) -> str:
    """A logo's alternative text: the SVG's <title>, else its file name in words."""
    title = svg_title(path) if path.suffix.lower() == ".svg" else ""
    if title:
        return title
    return re.sub(r"^partner[-_]", "", path.stem).replace("-", " ").replace("_", " ")


def layout_of(edition) -> str:
    """`book` (covers, imprint, contents) or `plain` (title block and body); book unless the
    edition asks for plain."""
    value = str(getattr(edition, "layout", "") or "book").strip().lower()
    return value if value in ("book", "plain") else "book"


def document_meta(prepared: Prepared, ctx: Context, staged: dict[str, Path]) -> dict:
    """The values the template reads (meta.json); brand files are added to `staged`."""
    edition = prepared.edition
    strings = strings_for(edition.lang)
    context = edition_context(prepared, ctx, strings)
    info = imprint(edition, context["publisher_name"], context["series"])

    def brand_file(path: Path) -> str:
        name = f"_brand/{path.name}"
        staged[name] = path
        return "/" + name

    partners = []
    folder = edition.case.path.resolve()
    for path in info.partners:
        name = path.relative_to(folder).as_posix()
        staged[name] = path
        partners.append({"path": "/" + name, "alt": logo_alt(path)})
    keys = ("contents", "figure", "table", "page_of", "summary", "cite_as", "published",
            "authors", "partners", "references")
    fonts = {k: list(ctx.brand.fonts.get(k, [])) for k in ("serif", "sans", "mono")}
    fonts["math"] = list(ctx.brand.fonts.get("math", [])) or [MATH_FONT]
    return {
        "layout": layout_of(edition),
        "lang": edition.lang,
        "title": edition.title,
        "subtitle": edition.subtitle,
        "running_title": edition.running_title,
        "summary": edition.summary,
        "keywords": list(edition.keywords),
        "authors": context["authors"],
        "country": context["country"] or "",
        "date": context["date"],
        "year": context["year"],
        "series": context["series"] or "",
        "publisher_name": context["publisher_name"],
        "license_text": context["license_text"] or "",
        "disclaimer": context["disclaimer"] or "",
        "translated_from": context["translated_from"],
        "outdated": context["outdated"],
        "has_summary_section": context["has_summary_section"],
        "toc": bool(prepared.toc),
        "isbn": info.isbn,
        "doi": info.doi,
        "cite_as": info.cite_as,
        "partners": partners,
        "logo_inverse": brand_file(ctx.brand.logo_inverse or ctx.brand.logo),
        "logo": brand_file(ctx.brand.logo),
        "strings": {k: strings[k] for k in keys},
        "brand": {"colors": dict(ctx.brand.colors), "fonts": fonts},
    }


def _replaced(value, stand_ins: dict[str, str], key: str = ""):
    """The template's values with `stand_ins` applied to their text (not to paths,
    languages or the brand)."""
    if not stand_ins or key in ("path", "logo", "logo_inverse", "lang", "brand"):
        return value
    if isinstance(value, str):
        return replace_characters(value, stand_ins)
    if isinstance(value, list):
        return [_replaced(v, stand_ins) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v, stand_ins, k) for k, v in value.items()}
    return value


def template_path(ctx: Context) -> Path:
    override = ctx.project.root / "templates" / TEMPLATE
    return override if override.is_file() else RESOURCES / "typst" / TEMPLATE


def make_page(prepared: Prepared, ctx: Context) -> tuple[dict | None, list]:
    """Everything Typst compiles for an edition (None when it cannot be printed): the
    source, the files to stage, the date; and the problems found on the way."""
    warm_up()  # Typst's process starts while the body is written
    edition = prepared.edition
    drawn, stand_ins = font_problems(prepared, ctx.brand)
    problems = check_case(edition.case) + drawn
    if has_errors(problems):
        return None, problems
    moment, notes = source_date(edition)
    body, found = typst_body(prepared, stand_ins)
    problems += notes + found.problems
    if has_errors(problems):
        return None, problems
    files = dict(found.files)
    meta = _replaced(document_meta(prepared, ctx, files), stand_ins)
    source = (f"#import {typst_string('/' + TEMPLATE)}: *\n"
              "#show: edition\n\n" + body)
    return {"source": source, "meta": meta, "files": files, "data": found.data,
            "fonts": svg_fonts(files, found.data, ctx.brand),
            "template": template_path(ctx), "timestamp": int(moment.timestamp())}, problems


def render(prepared: Prepared, ctx: Context, target: Path,
           made: tuple[dict | None, list] | None = None) -> list:
    """Lay out the edition and write the PDF; `made` is what `make_page` returned already."""
    edition = prepared.edition
    page, problems = made or make_page(prepared, ctx)
    if page is None:
        return problems
    problems = list(problems)
    try:
        data = compile_page(page, font_folder(ctx.brand, ctx.scratch), ctx.scratch)
    except TypstTimedOut as exc:
        return problems + [error(
            "PUB011", f"PDF layout: {exc.message}", edition.path, edition.body_line, 1,
            "shorten or split the edition, or raise `limits: tool_seconds` in publisher.yaml")]
    except TypstFailed as exc:
        message = (exc.message.strip().splitlines() or [""])[0]
        return problems + [error("PUB302", f"PDF rendering failed: {message}", edition.path,
                                 hint="; ".join(exc.hints))]
    write_atomically(target, data)
    return problems
