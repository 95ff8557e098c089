"""The PDF edition: a print template and paged-media CSS, laid out by WeasyPrint.

The PDF is PDF/UA-1 (tagged, with language, title and alternative texts), its
fonts are embedded and subset by HarfBuzz, and it is reproducible: the only date
written into it is `SOURCE_DATE_EPOCH` or the edition's date, and its identifier
is a hash of its content.
"""

from __future__ import annotations

import hashlib
import logging
import re
from contextlib import contextmanager
from pathlib import Path

from ..assess import blocks as data_blocks
from ..diagnostics import error, warning
from ..i18n import strings as strings_for
from ..imprint import check_case, imprint, source_date, w3c_datetime
from ..transform import Prepared, walk
from . import RESOURCES, Context, edition_context, html_body, write_atomically

PDF_VARIANT = "pdf/ua-1"
_SVG_TITLE = re.compile(r"<title[^>]*>\s*([^<]+?)\s*</title>", re.S)


def inline_footnotes(ast: dict) -> None:
    """Turn pandoc notes into spans that the print CSS floats to the foot of their page."""

    def visit(el):
        if el["t"] != "Note":
            return
        inlines: list = []
        for block in el["c"]:
            if block["t"] in ("Para", "Plain"):
                if inlines:
                    inlines.append({"t": "Space"})
                inlines.extend(block["c"])
        el["t"] = "Span"
        el["c"] = [["", ["footnote"], []], inlines]

    walk(ast["blocks"], visit)


def logo_alt(path: Path) -> str:
    """A logo's alternative text: the SVG's <title>, else its file name in words."""
    if path.suffix.lower() == ".svg":
        found = _SVG_TITLE.search(path.read_text("utf-8", "replace")[:4000])
        if found:
            return found.group(1)
    return re.sub(r"^partner[-_]", "", path.stem).replace("-", " ").replace("_", " ")


def _find(body: str, needle: str, first_line: int) -> tuple[int, int]:
    for offset, text in enumerate(body.split("\n")):
        column = text.find(needle)
        if column >= 0:
            return first_line + offset, column + 1
    return first_line, 1


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_errors():
    """Collect what WeasyPrint logs as errors (missing alt texts, unusable images)."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def font_problems(document, brand, edition) -> list:
    """Characters drawn as .notdef (no installed font has them) or outside the brand's fonts."""
    allowed = {name.lower() for stack in brand.fonts.values() for name in stack}
    found = []
    for font in getattr(document, "fonts", {}).values():
        if font.missing:
            chars = "".join(chr(c) for c in sorted(font.missing))
            line, column = _find(edition.body, chars[0], edition.body_line)
            listed = ", ".join(f"`{chr(c)}` (U+{c:04X})" for c in sorted(font.missing))
            found.append(error(
                "PUB410", f"no installed font can draw {listed}; the PDF would show empty "
                "boxes", edition.path, line, column,
                "replace the character, or add a font that has it to the brand's font stacks"))
        elif font.family.lower() not in allowed:
            chars = "".join(sorted({t for t in font.to_unicode.values() if t.strip()}))
            if not chars:
                continue
            line, column = _find(edition.body, chars[0], edition.body_line)
            found.append(warning(
                "PUB411", f"`{chars[:20]}` is drawn with {font.family}, a font outside the "
                "brand, because the brand's fonts lack it", edition.path, line, column,
                "add a font that has these characters to the font stacks in the brand file"))
    return found


def print_html(prepared: Prepared, ctx: Context, created: str) -> str:
    """The complete HTML document that WeasyPrint lays out."""
    edition = prepared.edition
    strings = strings_for(edition.lang)
    ast = prepared.ast_copy()
    data_blocks.for_format(ast, "pdf")
    inline_footnotes(ast)
    context = edition_context(prepared, ctx, strings)
    info = imprint(edition, context["publisher_name"], context["series"])
    return ctx.templates().get_template("print.html.j2").render(
        **context,
        body=html_body(ast),
        css=ctx.stylesheet("print.css"),
        logo=ctx.brand.logo.as_uri(),
        logo_inverse=(ctx.brand.logo_inverse or ctx.brand.logo).as_uri(),
        partners=[{"src": p.as_uri(), "alt": logo_alt(p)} for p in info.partners],
        isbn=info.isbn,
        doi=info.doi,
        cite_as=info.cite_as,
        created=created,
    )


def make_page(prepared: Prepared, ctx: Context) -> tuple[str | None, list]:
    """The print HTML of an edition (None when its case cannot be printed) and the problems."""
    edition = prepared.edition
    problems = check_case(edition.case)
    if any(d.is_error for d in problems):
        return None, problems
    moment, notes = source_date(edition)
    return print_html(prepared, ctx, w3c_datetime(moment)), problems + notes


def render(prepared: Prepared, ctx: Context, target: Path,
           made: tuple[str | None, list] | None = None) -> list:
    """Lay out the edition and write the PDF; `made` is what `make_page` returned already."""
    from weasyprint import HTML

    from .fetcher import ProjectFetcher
    from . import pdf_lang
    from .. import hyphenation

    hyphenation.register()
    pdf_lang.install()
    edition = prepared.edition
    page, problems = made or make_page(prepared, ctx)
    if page is None:
        return problems
    problems = list(problems)
    fetcher = ProjectFetcher([ctx.project.root, RESOURCES, ctx.brand.path.parent,
                              edition.case.path])
    # a content hash, not a random value: the same sources give the same file
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32]
    with weasyprint_errors() as logged:
        document = HTML(string=page, base_url=edition.case.path.resolve().as_uri() + "/",
                        url_fetcher=fetcher).render()
        data = document.write_pdf(pdf_variant=PDF_VARIANT,
                                  pdf_identifier=identifier.encode("ascii"))
    # attachments are fetched while the PDF is written: check after both steps
    if fetcher.refused:
        return problems + [
            error("PUB301", f"refused to read `{url}`: only files inside the project can be used",
                  edition.path, edition.body_line, 1,
                  "move the file into the case folder and link to it with a relative path")
            for url in fetcher.refused
        ]
    problems += font_problems(document, ctx.brand, edition)
    if any(d.is_error for d in problems):
        return problems
    for message in logged:
        if "alt description" in message:
            source = re.search(r'"([^"]*)"', message)
            name = source.group(1) if source else "an image"
            line, column = _find(edition.body, name, edition.body_line)
            problems.append(warning(
                "PUB407", f"image `{name}` has no alternative text; screen readers will "
                "skip it", edition.path, line, column,
                "describe the image in the brackets: ![What the figure shows](media/x.svg)"))
    write_atomically(target, data)
    return problems
