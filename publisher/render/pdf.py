"""The PDF edition: a print template and paged-media CSS, laid out by WeasyPrint."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..diagnostics import error
from ..i18n import strings as strings_for
from ..transform import Prepared, walk
from . import RESOURCES, Context, edition_context, html_body, write_atomically


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


def render(prepared: Prepared, ctx: Context, target: Path) -> list:
    from weasyprint import HTML

    from .fetcher import ProjectFetcher
    from . import pdf_lang
    from .. import hyphenation

    hyphenation.register()
    pdf_lang.install()
    edition = prepared.edition
    strings = strings_for(edition.lang)
    ast = prepared.ast_copy()
    inline_footnotes(ast)
    page = ctx.templates().get_template("print.html.j2").render(
        **edition_context(prepared, ctx, strings),
        body=html_body(ast),
        css=ctx.stylesheet("print.css"),
        logo=ctx.brand.logo.as_uri(),
        logo_inverse=(ctx.brand.logo_inverse or ctx.brand.logo).as_uri(),
    )
    fetcher = ProjectFetcher([ctx.project.root, RESOURCES, ctx.brand.path.parent,
                              edition.case.path])
    document = HTML(string=page, base_url=edition.case.path.resolve().as_uri() + "/",
                    url_fetcher=fetcher).render()
    identifier = hashlib.sha256(f"{edition.slug}/{edition.lang}".encode()).hexdigest()[:32]
    data = document.write_pdf(pdf_tags=True, pdf_identifier=identifier.encode("ascii"))
    # attachments are fetched while the PDF is written: check after both steps
    if fetcher.refused:
        return [
            error("PUB301", f"refused to read `{url}`: only files inside the project can be used",
                  edition.path, edition.body_line, 1,
                  "move the file into the case folder and link to it with a relative path")
            for url in fetcher.refused
        ]
    write_atomically(target, data)
    return []
