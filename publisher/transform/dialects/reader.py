"""Markdown of any dialect to pandoc's AST: rewritten, parsed once, then restored."""

from __future__ import annotations

import re

from .callouts import alerts_as_callouts, callout_titles
from .code import code_titles
from .inlines import inline_notes
from .rewrite import normalize
from .tables import list_tables, table_captions


def parse(text: str) -> dict:
    """Markdown of any of the dialects above to pandoc's AST, read as its author meant it."""
    from ...core import pandoc

    ast = pandoc.parse_markdown(normalize(text))
    markdown_in_html(ast)
    list_tables(ast)
    table_captions(ast)
    inline_notes(ast)
    alerts_as_callouts(ast)
    callout_titles(ast)
    code_titles(ast)
    return ast


_MARKDOWN_BLOCK = re.compile(
    r"^\s*<([a-zA-Z][\w-]*)\b([^>]*?)\bmarkdown\s*=\s*[\"']?(?:1|block|span)[\"']?([^>]*)>"
    r"(.*)</\1>\s*$", re.S)


def markdown_in_html(ast: dict) -> None:
    """kramdown's `<div markdown="1">` blocks: their content is read as Markdown, in a div
    with the element's classes and id (GitHub shows such blocks as raw text)."""

    def attrs(text: str) -> list:
        ident = re.search(r"""\bid\s*=\s*["']([^"']*)["']""", text)
        classes = re.search(r"""\bclass\s*=\s*["']([^"']*)["']""", text)
        return [ident.group(1) if ident else "", classes.group(1).split() if classes else [],
                []]

    def visit(blocks: list) -> None:
        for index, block in enumerate(blocks):
            t = block.get("t")
            if t == "Div":
                visit(block["c"][1])
            elif t == "BlockQuote":
                visit(block["c"])
            elif t == "RawBlock" and block["c"][0] == "html" and "markdown" in block["c"][1]:
                m = _MARKDOWN_BLOCK.match(block["c"][1])
                if m:
                    inner = parse(_dedent(m.group(4)))["blocks"]
                    blocks[index] = {"t": "Div", "c": [attrs(m.group(2) + m.group(3)), inner]}

    visit(ast["blocks"])


def _dedent(text: str) -> str:
    """The content of a kramdown HTML block as Markdown: lines unindented, and a line that
    is only a tag set apart, so that the text around it is read as Markdown."""
    out: list[str] = []
    for line in text.strip("\n").split("\n"):
        line = line.strip()
        if re.fullmatch(r"</?[a-zA-Z][^>]*>", line):
            out.extend(["", line, ""])
        else:
            out.append(line)
    return "\n".join(out)
