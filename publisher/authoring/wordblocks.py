"""SmartArt graphics, tables and equations of a Word draft made into what an edition can
hold (a list of the graphic's words, a list table, a note on TeX that Typst cannot write)."""

from __future__ import annotations

from pathlib import Path

from .word import MARKER_RE, Place, Scan, aside, quote


def _words(text: str) -> list:
    out: list = []
    for i, word in enumerate(text.split()):
        if i:
            out.append({"t": "Space"})
        out.append({"t": "Str", "c": word})
    return out


def _tree_list(tree: list) -> dict:
    items = []
    for text, children in tree:
        item: list = [{"t": "Plain", "c": _words(text)}]
        if children:
            item.append(_tree_list(children))
        items.append(item)
    return {"t": "BulletList", "c": items}


def smartart(blocks: list, diagrams: list[list]) -> None:
    """Each SmartArt marker becomes a bullet list of the graphic's words, where it stood."""

    def visit(blocks: list) -> None:
        index = 0
        while index < len(blocks):
            block = blocks[index]
            t = block.get("t")
            if t in ("Para", "Plain") and any(
                    i.get("t") == "Str" and MARKER_RE.search(i["c"]) for i in block["c"]):
                new, segment = [], []
                for inline in block["c"]:
                    found = MARKER_RE.search(inline["c"]) if inline.get("t") == "Str" else None
                    if not found:
                        segment.append(inline)
                        continue
                    before, after = inline["c"][:found.start()], inline["c"][found.end():]
                    if before:
                        segment.append({"t": "Str", "c": before})
                    if any(i.get("t") not in ("Space", "SoftBreak", "LineBreak")
                           for i in segment):
                        new.append({"t": t, "c": segment})
                    segment = [{"t": "Str", "c": after}] if after else []
                    n = int(found.group(1))
                    if 0 < n <= len(diagrams) and diagrams[n - 1]:
                        new.append(_tree_list(diagrams[n - 1]))
                if any(i.get("t") not in ("Space", "SoftBreak", "LineBreak") for i in segment):
                    new.append({"t": t, "c": segment})
                blocks[index:index + 1] = new
                index += len(new)
                continue
            for inner in _inner(block, cells=True):
                visit(inner)
            index += 1

    visit(blocks)


def smartart_notes(found: Scan, source: Path) -> list:
    from ..core.diagnostics import warning

    out = []
    for f, tree in zip(found.of("smartart"), found.diagrams):
        if tree:
            out.append(warning("PUB157", f"a SmartArt graphic{aside(f.place)} became a list "
                               f"of its words: {quote(f.text)}", source, f.place.paragraph,
                               hint="draw it as a figure (an SVG in media/) if its shape "
                               "carries meaning"))
        else:
            out.append(warning("PUB157", f"a SmartArt graphic{aside(f.place)} has no words "
                               "and was left out", source, f.place.paragraph,
                               hint="export it from Word as a picture and add it as a figure"))
    return out


def _table_rows(table: dict) -> list:
    head, bodies, foot = table["c"][3], table["c"][4], table["c"][5]
    return head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]


def _inner(block: dict, cells: bool = False) -> list[list]:
    """The lists of blocks right inside a block: a div's, a quotation's, each list item's,
    and with `cells` each table cell's."""
    t = block.get("t")
    if t == "Div":
        return [block["c"][1]]
    if t == "BlockQuote":
        return [block["c"]]
    if t == "BulletList":
        return list(block["c"])
    if t == "OrderedList":
        return list(block["c"][1])
    if t == "Table" and cells:
        return [cell[4] for row in _table_rows(block) for cell in row[1]]
    return []


def _simple(table: dict) -> bool:
    """Whether a pipe table holds the table: one header row at most, no merged cells, each
    cell one paragraph without a line break."""
    from ..core.tree import walk

    head, bodies, foot = table["c"][3], table["c"][4], table["c"][5]
    if len(head[1]) > 1 or foot[1] or any(body[2] for body in bodies):
        return False
    breaks = []
    for row in _table_rows(table):
        for _, _, rowspan, colspan, blocks in row[1]:
            if rowspan != 1 or colspan != 1 or len(blocks) > 1:
                return False
            if blocks and blocks[0].get("t") not in ("Plain", "Para"):
                return False
            walk(blocks, lambda el: breaks.append(el) if el["t"] == "LineBreak" else None)
    return not breaks


def _as_list_table(table: dict) -> list:
    """The table as a `::: {.list-table}` div (merged cells split), its caption after it."""
    from ..transform.dialects.tables import LIST_TABLE

    rows, pending = [], {}  # column -> rows a cell above still spans
    head_rows = len(table["c"][3][1])
    def spanned(cells: list, column: int) -> int:
        while pending.get(column):
            pending[column] -= 1
            cells.append([])
            column += 1
        return column

    for row in _table_rows(table):
        cells: list = []
        column = 0
        for _, _, rowspan, colspan, blocks in row[1]:
            column = spanned(cells, column)
            cells.append(blocks)
            for extra in range(colspan):
                if rowspan > 1:
                    pending[column + extra] = rowspan - 1
                if extra:
                    cells.append([])
            column += colspan
        spanned(cells, column)
        rows.append([{"t": "BulletList", "c": [cell or [{"t": "Plain", "c": []}]
                                               for cell in cells]}])
    out = [{"t": "Div", "c": [[table["c"][0][0], [LIST_TABLE],
                               [["header-rows", str(head_rows)]]],
                              [{"t": "BulletList", "c": rows}]]}]
    caption = [i for b in table["c"][1][1] if b.get("t") in ("Plain", "Para") for i in b["c"]]
    if caption:
        out.append({"t": "Para", "c": [{"t": "Str", "c": "Table:"}, {"t": "Space"}, *caption]})
    return out


def complex_tables(blocks: list, found: Scan, source: Path) -> list:
    """Tables a pipe table cannot hold become list tables; a note for each."""
    from ..core.diagnostics import warning

    notes = []
    ordinal = 0

    def visit(blocks: list) -> None:
        nonlocal ordinal
        index = 0
        while index < len(blocks):
            block = blocks[index]
            t = block.get("t")
            if t == "Table":
                place, merged = (found.tables[ordinal] if ordinal < len(found.tables)
                                 else (Place(), False))
                ordinal += 1
                if not _simple(block):
                    spans = any(c[2] != 1 or c[3] != 1 for r in _table_rows(block)
                                for c in r[1])
                    new = _as_list_table(block)
                    blocks[index:index + 1] = new
                    index += len(new)
                    notes.append(warning(
                        "PUB158", f"a table{aside(place)} has cells with several paragraphs, "
                        "lists or line breaks" + (", and merged cells, which were split" if
                                                  spans or merged else "")
                        + "; it became a list table (`::: {.list-table}`)", source,
                        place.paragraph, hint="each row is an item, each cell an item of it; "
                        "check the cells in the Markdown"))
                    continue
            else:
                for inner in _inner(block):
                    visit(inner)
            index += 1

    visit(blocks)
    return notes


_SEPARATOR = "PUBEQUATIONSEPARATOR"


def equations(blocks: list, found: Scan, source: Path) -> list:
    """A note for each equation that pandoc cannot write as Typst math (the PDF would show
    its TeX); the others are our `$…$` math, typeset in every edition."""
    from ..core import pandoc
    from ..core.diagnostics import warning
    from ..core.tree import walk

    maths: list = []
    walk(blocks, lambda el: maths.append(el) if el["t"] == "Math" else None)
    if not maths:
        return []
    doc: list = []
    for el in maths:
        doc += [{"t": "Para", "c": [el]}, {"t": "Para", "c": [{"t": "Str", "c": _SEPARATOR}]}]
    try:
        typst = pandoc.convert_ast({"pandoc-api-version": [1, 23, 1, 1], "meta": {},
                                    "blocks": doc}, "typst").decode("utf-8")
    except pandoc.PandocError:
        return []
    places = found.of("equation")
    notes = []
    for n, (el, written) in enumerate(zip(maths, typst.split(_SEPARATOR))):
        if written.strip().startswith("\\$"):
            place = places[n].place if n < len(places) else Place()
            notes.append(warning("PUB159", f"an equation{aside(place)} cannot be written as "
                                 f"Typst math: {quote(el['c'][1])}", source, place.paragraph,
                                 hint="rewrite its TeX in the Markdown; the PDF shows it as "
                                 "written"))
    return notes
