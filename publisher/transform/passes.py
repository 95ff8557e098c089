"""Transform: small single-purpose passes over pandoc's JSON AST.

Markdown is parsed once (``parse``); each pass reads or rewrites the AST; the
renderers then serialize it. What an edition may read is in `resources`, the
figure of each language in `figures`, other tools' Markdown in `dialects/`.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass

from ..core import pandoc
from . import bibliography
from .dialects import reader
from .dialects.anchors import resolve_links
from .dialects.citations import citations
from .figures import localize_figures
from .resources import check_resources
from ..assess import blocks as data_blocks
from ..core.diagnostics import Diagnostic
from ..i18n.strings import Strings
from ..core.model import Edition
from ..i18n.typography import localize_quotes, uzbek_letters
from ..core.tree import stringify, walk


# --- pass: numbered, localized captions -------------------------------------

def number_captions(ast: dict, strings: Strings) -> None:
    """Prefix figure and table captions with a localized, numbered label."""
    counters = {"Figure": 0, "Table": 0}
    labels = {"Figure": strings["figure"], "Table": strings["table"]}

    def visit(el):
        if el["t"] not in counters:
            return
        if el["t"] == "Table" and "chart-data" in el["c"][0][1]:
            return  # the data behind a chart (HTML only) is part of its figure
        counters[el["t"]] += 1
        caption_blocks = el["c"][1][1]
        label = [{"t": "Str", "c": labels[el["t"]]}, {"t": "Space"},
                 {"t": "Str", "c": str(counters[el["t"]])}]
        span = {"t": "Span", "c": [["", ["caption-label"], []], label]}
        prefix = [span, {"t": "Str", "c": "."}, {"t": "Space"}]
        if caption_blocks and caption_blocks[0]["t"] in ("Plain", "Para"):
            caption_blocks[0]["c"][:0] = prefix
        else:
            caption_blocks.insert(0, {"t": "Plain", "c": prefix[:2]})

    walk(ast["blocks"], visit)


# --- pass: table of contents --------------------------------------------------

@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


def headings(ast: dict, max_level: int = 3) -> list[Heading]:
    """The headings of the contents, in order: those of the body and of its divs (a
    section written inside `::: {.key-facts}` or a raw-HTML block is a section too)."""
    found: list[Heading] = []

    def visit(blocks):
        for block in blocks:
            if block["t"] == "Div":
                visit(block["c"][1])
            elif block["t"] == "Header" and block["c"][0] <= max_level:
                level, attr, inlines = block["c"]
                if "unnumbered" in attr[1] and "unlisted" in attr[1]:
                    continue
                found.append(Heading(level, attr[0], stringify(inlines)))

    visit(ast["blocks"])
    return found



# --- the pipeline --------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """An edition after transform: the AST every renderer consumes."""

    edition: Edition
    ast: dict
    toc: tuple[Heading, ...]
    stale: tuple[str, ...] = ()  # ids of source sections changed since this translation

    def ast_copy(self) -> dict:
        # a pickle round trip: the AST is plain data, and this is 4x faster than deepcopy
        return pickle.loads(pickle.dumps(self.ast, pickle.HIGHEST_PROTOCOL))


def parse(edition: Edition) -> dict:
    return reader.parse(edition.body)


def prepare(edition: Edition, strings: Strings) -> tuple[Prepared, list[Diagnostic]]:
    from ..i18n.strings import available_languages

    ast = parse(edition)
    resolve_links(ast, {"figure": strings["figure"], "table": strings["table"]})
    diagnostics = localize_figures(ast, edition, tuple(available_languages()))
    diagnostics += check_resources(ast, edition)
    if edition.case.bibliography:
        citations(ast)
    ast, cited = bibliography.apply(ast, edition, strings)
    diagnostics += cited
    diagnostics += data_blocks.apply(ast, edition)
    number_captions(ast, strings)
    localize_quotes(ast, edition.lang)
    if edition.lang.split("-")[0] == "uz":
        uzbek_letters(ast)
    return Prepared(edition, ast, tuple(headings(ast))), diagnostics


def raw_html_as_blocks(ast: dict) -> None:
    """Raw HTML blocks read by pandoc's HTML reader, for formats that cannot show HTML
    (DOCX): their text, tables and headings stay. One pandoc run for all of them; raw
    HTML was checked (scripts, frames, resources) before, when the edition was prepared."""
    import json

    found: list[dict] = []

    def visit(el):
        if el["t"] == "RawBlock" and el["c"][0] == "html" and re.search(r"\w", re.sub(
                r"<[^>]*>", "", el["c"][1])):
            found.append(el)

    walk(ast["blocks"], visit)
    if not found:
        return
    marker = "\ue000raw-block-{}\ue000"
    html = "".join(f"<p>{marker.format(i)}</p>\n{el['c'][1]}\n" for i, el in enumerate(found))
    try:
        parsed = json.loads(pandoc.run(["-f", "html-native_divs-native_spans", "-t", "json"],
                                       html.encode("utf-8")))
    except (pandoc.PandocError, ValueError):
        return
    by_index: dict[int, list] = {}
    current = None
    for block in parsed["blocks"]:
        text = stringify(block) if block.get("t") == "Para" else ""
        if text.startswith("\ue000raw-block-"):
            current = by_index.setdefault(int(text.strip("\ue000").split("-")[-1]), [])
        elif current is not None:
            current.append(block)
    for i, el in enumerate(found):
        if i in by_index:
            el["t"], el["c"] = "Div", [["", ["raw-html"], []], by_index[i]]


def replace_characters(ast: dict, stand_ins: dict[str, str]) -> None:
    """Replace each character of `stand_ins` in the text and the code of the AST with
    what it maps to (`fonts.stand_in`)."""
    from ..i18n.fonts import replace_characters as replaced

    def visit(el):
        t = el["t"]
        if t == "Str":
            el["c"] = replaced(el["c"], stand_ins)
        elif t in ("Code", "CodeBlock"):
            el["c"][1] = replaced(el["c"][1], stand_ins)

    walk(ast["blocks"], visit)
