"""Raw Typst in Markdown (`{=typst}` blocks and inlines) is refused, wherever it appears.

The PDF is laid out by Typst from the edition's AST and a template made from the
brand; raw Typst would let an edition run code in the compiler (import a package,
read a file of the staging folder, change the template's rules). Validation reports
every such block with its position, and the PDF renderer refuses it again.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.diagnostics import Diagnostic, error
from ..core import tree
from ..core.model import Edition

_IMPORT = re.compile(r"(import|include)\s*\(?\s*\"@")


def is_raw_typst(el: dict) -> bool:
    return el["t"] in ("RawBlock", "RawInline") and el["c"][0].strip().lower() == "typst"


def problem(text: str, path: Path | None, line: int, column: int) -> Diagnostic:
    """PUB421 for a package import (`@preview/...`), PUB420 for any other raw Typst."""
    if _IMPORT.search(text):
        return error("PUB421", "a raw Typst block imports a Typst package; editions use no "
                     "packages", path, line, column,
                     "remove the block: the PDF's look comes from the brand and the template")
    return error("PUB420", "raw Typst (`{=typst}`) is not allowed in an edition", path, line,
                 column, "write the content in Markdown; the PDF template lays it out")


def position(edition: Edition, text: str) -> tuple[int, int]:
    return tree.position(edition, text.strip().split("\n")[0][:40] or "{=typst}")


def check(edition: Edition, ast: dict) -> list[Diagnostic]:
    """One diagnostic per raw Typst block or inline of the edition."""
    found: list[Diagnostic] = []

    def visit(el):
        if is_raw_typst(el):
            found.append(problem(el["c"][1], edition.path, *position(edition, el["c"][1])))

    tree.walk(ast["blocks"], visit)
    return found
