"""List tables (`::: {.list-table}`) and `Table: ...` captions."""

from __future__ import annotations

LIST_TABLE = "list-table"
_NO_ATTR: list = ["", [], []]


def _list_table(div: dict) -> dict | None:
    """The table a `::: {.list-table}` div stands for: a bullet list of rows, each a bullet
    list of cells, whose cells hold any blocks (several paragraphs, lists). None when the div
    is not of that shape (it then stays a div, its lists shown as lists)."""
    (ident, classes, attrs), content = div["c"]
    blocks = [b for b in content if b.get("t") != "Null"]
    if len(blocks) != 1 or blocks[0].get("t") != "BulletList":
        return None
    rows = []
    for item in blocks[0]["c"]:
        if len(item) != 1 or item[0].get("t") != "BulletList":
            return None
        rows.append(item[0]["c"])
    width = max((len(r) for r in rows), default=0)
    if not width:
        return None
    values = dict(attrs)
    heads = values.get("header-rows", "0")
    heads = min(int(heads), len(rows)) if heads.isdigit() else 0

    def row(cells):
        cells = list(cells) + [[]] * (width - len(cells))
        return [_NO_ATTR, [[_NO_ATTR, {"t": "AlignDefault"}, 1, 1, blocks] for blocks in cells]]

    rest = [kv for kv in attrs if kv[0] != "header-rows"]
    return {"t": "Table", "c": [
        [ident, [c for c in classes if c != LIST_TABLE], rest], [None, []],
        [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(width)],
        [_NO_ATTR, [row(r) for r in rows[:heads]]],
        [[_NO_ATTR, 0, [], [row(r) for r in rows[heads:]]]],
        [_NO_ATTR, []]]}


def list_tables(ast: dict) -> None:
    """`::: {.list-table header-rows=1}` around a list of lists becomes a table, for cells
    that a pipe table cannot hold (several paragraphs, a list); its caption is the
    `Table: ...` paragraph that follows, as for any table."""

    def visit(blocks: list) -> None:
        for index, block in enumerate(blocks):
            t = block.get("t")
            if t == "Div":
                if LIST_TABLE in block["c"][0][1]:
                    table = _list_table(block)
                    if table is not None:
                        for row in _rows(table):
                            for cell in row[1]:
                                visit(cell[4])
                        blocks[index] = table
                        continue
                visit(block["c"][1])
            elif t == "BlockQuote":
                visit(block["c"])

    visit(ast["blocks"])


def _rows(table: dict) -> list:
    head, bodies, foot = table["c"][3], table["c"][4], table["c"][5]
    return head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]


def table_captions(ast: dict) -> None:
    """A paragraph `Table: caption` (or `: caption`) next to a table becomes its caption;
    a trailing `{#tbl-id}` becomes the table's id."""

    def caption_of(block) -> list | None:
        if block.get("t") != "Para" or not block["c"]:
            return None
        first = block["c"][0]
        if first.get("t") != "Str" or first["c"] not in ("Table:", ":"):
            return None
        rest = block["c"][1:]
        while rest and rest[0].get("t") in ("Space", "SoftBreak"):
            rest = rest[1:]
        return rest

    def visit(blocks: list) -> None:
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if block.get("t") in ("Div", "BlockQuote"):
                visit(block["c"][1] if block["t"] == "Div" else block["c"])
            if block.get("t") == "Table" and not block["c"][1][1]:
                for j in (i + 1, i - 1):
                    if 0 <= j < len(blocks):
                        inlines = caption_of(blocks[j])
                        if inlines is not None:
                            _set_caption(block, inlines)
                            del blocks[j]
                            if j < i:
                                i -= 1
                            break
            i += 1

    visit(ast["blocks"])


def _set_caption(table: dict, inlines: list) -> None:
    inlines = list(inlines)
    last = inlines[-1] if inlines else None
    if last and last.get("t") == "Span" and ["wrapper", "1"] in [list(kv) for kv in
                                                                  last["c"][0][2]]:
        ident, classes = last["c"][0][0], last["c"][0][1]
        inlines.pop()
        if ident:
            table["c"][0][0] = ident
        table["c"][0][1].extend(c for c in classes if c not in table["c"][0][1])
    while inlines and inlines[-1].get("t") in ("Space", "SoftBreak"):
        inlines.pop()
    table["c"][1] = [None, [{"t": "Plain", "c": inlines}]]
