"""The AST pandoc reads from a Word draft made into an edition's: title-page paragraphs into
metadata, our own cover, contents and caption labels out, Word's styles unwrapped, headings
given section ids, and a note for what did not convert."""

from __future__ import annotations

import re
from pathlib import Path

from . import review, word, wordblocks
from .sectionids import section_ids
from ..core.diagnostics import Diagnostic, warning
from ..core.tree import stringify, walk


def _caption_labels() -> list[str]:
    from ..i18n.strings import LOCALES_DIR, _catalog

    labels = set()
    for path in LOCALES_DIR.glob("*.yaml"):
        catalog = _catalog(path.stem)
        labels.update(v for k, v in catalog.items() if k in ("figure", "table"))
    return sorted(labels, key=len, reverse=True)


def _strip_caption_label(blocks: list) -> None:
    """Remove a "Figure 3. " label our own DOCX editions put before captions."""
    if not blocks or blocks[0]["t"] not in ("Plain", "Para"):
        return
    inlines = blocks[0]["c"]
    text = stringify(inlines[:4])
    for label in _caption_labels():
        if re.match(rf"^{re.escape(label)} \d+\.", text):
            # Str label, Space, Str "N.", Space -> drop the first four inlines
            count = 4 if len(inlines) > 3 and inlines[3]["t"] == "Space" else 3
            del inlines[:count]
            return


#: paragraph styles of our own DOCX editions' cover, inside cover and contents
_FRONT_STYLES = {"Cover Logos", "Cover Series", "Cover Country", "Inside Cover",
                 "Inside Cover Heading", "toc 1", "toc 2", "toc 3", "TOC Heading"}
_META_STYLES = {"Title": "title", "Subtitle": "subtitle", "Author": "author", "Date": "date",
                "Abstract": "abstract"}


def _style(block) -> str | None:
    if block["t"] == "Div":
        return dict(block["c"][0][2]).get("custom-style")
    return None


def _take_front(ast: dict) -> None:
    """Move title-page paragraphs into metadata; drop our own cover and contents."""
    meta = ast.setdefault("meta", {})
    kept = []
    for block in ast["blocks"]:
        style = _style(block)
        if style in _META_STYLES:
            key = _META_STYLES[style]
            inlines = [i for b in block["c"][1] if b["t"] in ("Para", "Plain") for i in b["c"]]
            if key not in meta and inlines:
                meta[key] = {"t": "MetaInlines", "c": inlines}
            continue
        if style in _FRONT_STYLES:
            continue
        if block["t"] == "Header" and "TOC-Heading" in block["c"][1][1]:
            continue
        kept.append(block)
    ast["blocks"] = kept


def clean_imported(ast: dict, lang: str, source: Path, found: word.Scan | None = None,
                   expected: list[str] | None = None,
                   source_sections: list[tuple[int, str]] | None = None,
                   comments: str = "keep", changes: str = "keep"):
    """Give headings section ids, drop our own caption labels, and note what did not
    convert."""
    found = found or word.Scan()
    _take_front(ast)
    ast["blocks"] = _unwrap_styles(ast["blocks"])
    notes: list[Diagnostic] = []
    wordblocks.smartart(ast["blocks"], found.diagrams)
    notes += section_ids(ast, lang, source, found, expected or [], source_sections or [])

    def visit(el):
        t = el["t"]
        if t in ("Figure", "Table"):
            _strip_caption_label(el["c"][1][1])
        elif t == "Image":
            if not stringify(el["c"][1]).strip():
                notes.append(warning("PUB203", "an image has no alternative text", source,
                                     hint="describe it in the Markdown: ![What it shows](...)"))
        elif t in ("RawBlock", "RawInline"):
            notes.append(warning("PUB804", f"content pandoc could not convert "
                                 f"({el['c'][0]}) was kept as raw text", source,
                                 hint="check the imported edition where this appears"))

    walk(ast["blocks"], visit)
    notes += wordblocks.equations(ast["blocks"], found, source)
    notes += wordblocks.complex_tables(ast["blocks"], found, source)
    review.revisions(ast["blocks"], comments, changes)
    return ast, notes


def _unwrap_styles(blocks: list) -> list:
    """Replace divs and spans that only carried a Word style by their content."""
    def fix(node):
        if isinstance(node, list):
            out = []
            for item in node:
                item = fix(item)
                if (isinstance(item, dict) and item.get("t") in ("Div", "Span")
                        and not item["c"][0][0] and not item["c"][0][1]
                        and not item["c"][0][2]):
                    out.extend(item["c"][1])
                else:
                    out.append(item)
            return out
        if isinstance(node, dict):
            if "c" in node:
                node["c"] = fix(node["c"])
            return node
        return node

    def strip_style(el):
        # Word paragraph and character styles survive as custom-style attributes: drop them
        if el["t"] in ("Div", "Span", "Figure", "Table"):
            el["c"][0][2] = [kv for kv in el["c"][0][2] if kv[0] != "custom-style"]

    walk(blocks, strip_style)
    return fix(blocks)
