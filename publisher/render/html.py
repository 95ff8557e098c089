"""The HTML edition: pandoc's HTML body inside a Jinja2 template, in one self-contained file."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from ..core import access
from ..assess import blocks as data_blocks
from ..i18n.strings import strings as strings_for
from ..transform.passes import Prepared
from ..core.tree import walk
from ..core.atomic import write_atomically
from . import Context, edition_context, html_body


def data_url(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix.lower() == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def embed_images(ast: dict, folder: Path) -> None:
    """Replace local image paths by data: URLs so the edition is one file."""

    def visit(el):
        if el["t"] != "Image":
            return
        path, _ = access.locate(folder, el["c"][2][0], "image", access.IMAGES)
        if path is not None:
            el["c"][2][0] = data_url(path)

    walk(ast["blocks"], visit)


def render(prepared: Prepared, ctx: Context, target: Path) -> list:
    edition = prepared.edition
    strings = strings_for(edition.lang)
    ast = prepared.ast_copy()
    data_blocks.for_format(ast, "html")
    embed_images(ast, edition.case.path)
    page = ctx.templates().get_template("edition.html.j2").render(
        **edition_context(prepared, ctx, strings),
        body=html_body(ast),
        css=ctx.stylesheet("screen.css"),
        logo=data_url(ctx.brand.logo_inverse or ctx.brand.logo),
    )
    write_atomically(target, page.encode("utf-8"))
    return []
