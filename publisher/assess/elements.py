"""pandoc AST elements the data blocks are made of: words, cells, tables, notes, captions."""

from __future__ import annotations


def inlines(text: str) -> list:
    out: list = []
    for i, word in enumerate(text.split(" ")):
        if i:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def plain(text: str) -> dict:
    return {"t": "Plain", "c": inlines(text)}


def cell(text: str, align: str = "AlignDefault") -> list:
    return [["", [], []], {"t": align}, 1, 1, [plain(text)] if text else []]


def table_block(header, rows, numeric, caption: list | None, classes=()) -> dict:
    aligns = ["AlignRight" if n else "AlignLeft" for n in numeric]
    head = [[["", [], []], [cell(h, a) for h, a in zip(header, aligns)]]]
    body = [[["", [], []], [cell(v, a) for v, a in zip(row, aligns)]] for row in rows]
    return {"t": "Table", "c": [
        ["", list(classes), []],
        [None, [{"t": "Plain", "c": caption}] if caption else []],
        [[{"t": a}, {"t": "ColWidthDefault"}] for a in aligns],
        [["", [], []], head],
        [[["", [], []], 0, [], body]],
        [["", [], []], []],
    ]}


def note(lines: list[str]) -> dict:
    return {"t": "Div", "c": [["", ["chart-note"], []],
                              [{"t": "Para", "c": inlines(" ".join(x for x in lines if x))}]]}


def caption(div_blocks: list, fallback: str) -> list:
    for block in div_blocks:
        if block["t"] in ("Para", "Plain") and block["c"]:
            return block["c"]
    return inlines(fallback)
