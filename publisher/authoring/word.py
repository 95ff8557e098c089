"""What a Word draft holds beyond what pandoc's reader reports: where each paragraph is, and
the comments, tracked changes, SmartArt, equations and tables that do not convert as they are.

The package is read with lxml (no entities, no network). Each finding carries its place: the
paragraph's number in the document (every `w:p` of the body, tables included, counted from 1)
and the heading it stands under, so an author finds it in Word. SmartArt graphics, which
pandoc's reader drops without a trace, are replaced in a copy of the package by a marker
paragraph text (`PUB-SMARTART-n`) that the importer turns into a list of the graphic's words.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MARKER = "PUB-SMARTART-{}"
MARKER_RE = re.compile(r"PUB-SMARTART-(\d+)")
#: bound on what is read of one part, so that a hostile package cannot exhaust memory
MAX_PART = 64 * 1024 * 1024


@dataclass(frozen=True)
class Place:
    paragraph: int = 0
    heading: str = ""
    note: str = ""  # "footnote 2" for a place inside a footnote or endnote

    def describe(self, of_heading: bool = False) -> str:
        """"paragraph 12, under “Results”" ("" when the place is unknown)."""
        if not self.paragraph:
            return self.note
        where = f"paragraph {self.paragraph}"
        if self.note:
            where = f"{self.note} of {where}"
        if of_heading:
            return where
        return where + (f", under “{self.heading}”" if self.heading else ", before the "
                        "first heading")


@dataclass(frozen=True)
class Finding:
    kind: str  # comment, insertion, deletion, move, formatting, smartart, equation
    place: Place
    author: str = ""
    date: str = ""
    text: str = ""


@dataclass
class Heading:
    text: str
    level: int
    place: Place


@dataclass
class Scan:
    findings: list[Finding] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    #: per SmartArt graphic, in document order: its nodes as (text, children) trees
    diagrams: list[list] = field(default_factory=list)
    #: the package with each SmartArt graphic replaced by its marker (None: unchanged)
    prepared: bytes | None = None
    title_paragraph: bool = False
    #: every table not inside another, in document order: its place, whether cells merge
    tables: list[tuple[Place, bool]] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Finding]:
        return [f for f in self.findings if f.kind in kinds]


def _parse(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _read(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        return None
    return package.read(info)


def _text(element) -> str:
    parts = []
    for node in element.iter(W + "t", W + "delText", A + "t", M + "t", W + "tab"):
        parts.append("\t" if node.tag == W + "tab" else (node.text or ""))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _styles(package: zipfile.ZipFile) -> dict[str, tuple[str, int | None]]:
    """Per style id: its name (lower case) and outline level, following `w:basedOn`."""
    data = _read(package, "word/styles.xml")
    if data is None:
        return {}
    root = _parse(data)
    raw = {}
    for style in root.iter(W + "style"):
        ident = style.get(W + "styleId") or ""
        name_el = style.find(W + "name")
        name = (name_el.get(W + "val") if name_el is not None else ident).lower()
        level_el = style.find(f"{W}pPr/{W}outlineLvl")
        level = int(level_el.get(W + "val")) if level_el is not None and (
            level_el.get(W + "val") or "").isdigit() else None
        based = style.find(W + "basedOn")
        raw[ident] = (name, level, based.get(W + "val") if based is not None else None)
    out = {}
    for ident, (name, level, based) in raw.items():
        seen = {ident}
        while level is None and based and based in raw and based not in seen:
            seen.add(based)
            level, based = raw[based][1], raw[based][2]
        out[ident] = (name, level)
    return out


def _heading_level(paragraph, styles) -> int | str | None:
    """1-9 for a heading, "title" for the document's title, None otherwise."""
    style_el = paragraph.find(f"{W}pPr/{W}pStyle")
    name, level = styles.get(style_el.get(W + "val") if style_el is not None else "",
                             ("", None))
    if name == "title":
        return "title"
    found = re.fullmatch(r"heading (\d)", name)
    if found:
        return int(found.group(1))
    own = paragraph.find(f"{W}pPr/{W}outlineLvl")
    if own is not None and (own.get(W + "val") or "").isdigit():
        level = int(own.get(W + "val"))
    return level + 1 if level is not None and level < 9 else None


def _comments(package: zipfile.ZipFile) -> dict[str, tuple[str, str, str]]:
    data = _read(package, "word/comments.xml")
    if data is None:
        return {}
    return {c.get(W + "id"): (c.get(W + "author") or "", (c.get(W + "date") or "")[:10],
                              _text(c))
            for c in _parse(data).iter(W + "comment")}


def _relationships(package: zipfile.ZipFile) -> dict[str, str]:
    data = _read(package, "word/_rels/document.xml.rels")
    if data is None:
        return {}
    return {rel.get("Id"): rel.get("Target") or "" for rel in _parse(data).iter(
        PKG_REL + "Relationship")}


def _diagram_tree(package: zipfile.ZipFile, target: str) -> list:
    """The nodes of a SmartArt data part as (text, children) trees, in their order."""
    name = target.lstrip("/") if target.startswith("/") else "word/" + target
    data = _read(package, re.sub(r"[^/]+/\.\./", "", name))
    if data is None:
        return []
    root = _parse(data)
    texts, kinds = {}, {}
    for point in root.iter(DGM + "pt"):
        ident = point.get("modelId")
        kinds[ident] = point.get("type") or "node"
        body = point.find(DGM + "t")
        texts[ident] = _text(body) if body is not None else ""
    children: dict[str, list[tuple[int, str]]] = {}
    for link in root.iter(DGM + "cxn"):
        if (link.get("type") or "parOf") != "parOf":
            continue
        order = int(link.get("srcOrd") or 0) if (link.get("srcOrd") or "0").isdigit() else 0
        children.setdefault(link.get("srcId"), []).append((order, link.get("destId")))

    def tree(ident, seen):
        out = []
        for _, child in sorted(children.get(ident, [])):
            if child in seen or kinds.get(child) not in ("node", "asst"):
                continue
            sub = tree(child, seen | {child})
            if texts.get(child) or sub:
                out.append((texts.get(child, ""), sub))
        return out

    roots = [i for i, k in kinds.items() if k == "doc"]
    return tree(roots[0], set(roots)) if roots else []


def scan(source: Path) -> Scan:
    """Read the draft's body once; never raises on a damaged package (the caller's pandoc run
    reports it)."""
    result = Scan()
    try:
        package = zipfile.ZipFile(source)
        body_data = _read(package, "word/document.xml")
        if body_data is None:
            return result
        document = _parse(body_data)
        styles = _styles(package)
        comments = _comments(package)
        rels = _relationships(package)
    except Exception:
        return result
    number, heading = 0, ""
    where: dict = {}  # paragraph element -> place (the dict keeps lxml's proxies alive)
    for paragraph in document.iter(W + "p"):
        if any(a.tag == MC + "Fallback" for a in paragraph.iterancestors()):
            continue  # the copy of a drawing's text for older readers: Word shows it once
        number += 1
        level = _heading_level(paragraph, styles)
        text = _text(paragraph)
        if level == "title":
            result.title_paragraph = True
        elif level is not None and text:
            heading = text
            result.headings.append(Heading(text, int(level), Place(number, heading)))
        where[paragraph] = Place(number, heading)

    def place_of(element) -> Place:
        node = element
        while node is not None and node.tag != W + "p":
            node = node.getparent()
        return where.get(node, Place()) if node is not None else Place()

    # comment and change elements, in document order, then those of the notes
    result.findings += _marks(document, place_of, comments)
    for part, kind in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
        try:
            data = _read(package, part)
            notes = _parse(data) if data is not None else None
        except Exception:
            notes = None
        if notes is None:
            continue
        references = {ref.get(W + "id"): place_of(ref)
                      for ref in document.iter(W + f"{kind}Reference")}
        number = 0
        for note in notes.iter(W + kind):
            if note.get(W + "type") not in (None, "normal"):
                continue  # the separators
            number += 1
            at = references.get(note.get(W + "id"), Place())
            place = Place(at.paragraph, at.heading, f"{kind} {number}")
            result.findings += _marks(note, lambda _element, place=place: place, comments)
    # every outermost table, with its place and whether it merges cells
    for table in document.iter(W + "tbl"):
        if any(True for _ in table.iterancestors(W + "tbl")):
            continue
        first = table.find(f".//{W}p")
        merged = any(c.find(f"{W}tcPr/{W}gridSpan") is not None or
                     c.find(f"{W}tcPr/{W}vMerge") is not None for c in table.iter(W + "tc"))
        result.tables.append((place_of(first) if first is not None else Place(), merged))
    # SmartArt: a marker in place of each graphic, its words kept aside
    changed = False
    for drawing in list(document.iter(W + "drawing")):
        ids = drawing.find(f".//{DGM}relIds")
        if ids is None:
            continue
        tree = _diagram_tree(package, rels.get(ids.get(R + "dm") or "", ""))
        result.diagrams.append(tree)
        result.findings.append(Finding("smartart", place_of(drawing),
                                       text=" / ".join(_flat(tree))))
        run = drawing.getparent()
        marker = run.makeelement(W + "t", {})
        marker.text = MARKER.format(len(result.diagrams))
        run.replace(drawing, marker)
        changed = True
    if changed:
        from lxml import etree

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in package.infolist():
                data = (etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
                        if info.filename == "word/document.xml" else package.read(info))
                copy.writestr(info.filename, data)
        result.prepared = out.getvalue()
    return result


def _marks(root, place_of, comments: dict) -> list[Finding]:
    """The comments, tracked changes and equations under `root`, in document order."""
    kinds = {W + "commentReference": "comment", W + "ins": "insertion", W + "del": "deletion",
             W + "moveFrom": "move", W + "rPrChange": "formatting",
             W + "pPrChange": "formatting", M + "oMath": "equation"}
    out = []
    for element in root.iter(*kinds):
        kind = kinds[element.tag]
        if kind == "comment":
            author, date, text = comments.get(element.get(W + "id"), ("", "", ""))
            out.append(Finding(kind, place_of(element), author, date, text))
            continue
        if kind in ("insertion", "deletion") and element.getparent() is not None and \
                element.getparent().tag == W + "rPr":
            continue  # a paragraph mark inserted or deleted: no words of its own
        out.append(Finding(kind, place_of(element), element.get(W + "author") or "",
                           (element.get(W + "date") or "")[:10], _text(element)))
    return out


def _flat(tree: list) -> list[str]:
    out = []
    for text, children in tree:
        out.append(text)
        out += _flat(children)
    return [t for t in out if t]


# --- what the importer makes of them in pandoc's AST ----------------------------------------

COMMENT_MODES = ("keep", "drop", "refuse")
CHANGE_MODES = ("keep", "accept", "reject", "refuse")
_CHANGE_WORDS = {"insertion": "insertion", "deletion": "deletion", "move": "move",
                 "formatting": "formatting change"}


def _where(place: Place) -> str:
    where = place.describe()
    return f" ({where})" if where else ""


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[:limit - 1] + "…") + "”"


def revision_notes(found: Scan, source: Path, comments: str, changes: str) -> list:
    """A note per comment and tracked change, an error each when the option refuses them."""
    from ..core.diagnostics import error, warning

    out = []
    for f in found.of("comment"):
        who = f" by {f.author}" if f.author else ""
        text = f"a comment{who}{_where(f.place)}"
        if comments == "refuse":
            out.append(error("PUB155", f"{text}: {_quote(f.text)}", source, f.place.paragraph,
                             hint="resolve the comments in Word, or pass --comments keep "
                             "(as notes in the Markdown) or --comments drop"))
        elif comments == "keep":
            out.append(warning("PUB155", f"{text} was kept as a note in the Markdown: "
                               f"{_quote(f.text)}", source, f.place.paragraph,
                               hint="resolve it, then delete the <!-- Comment … --> note"))
        else:
            out.append(warning("PUB155", f"{text} was left out: {_quote(f.text)}", source,
                               f.place.paragraph,
                               hint="pass --comments keep to keep comments as notes"))
    for f in found.of("insertion", "deletion", "move", "formatting"):
        who = f" by {f.author}" if f.author else ""
        text = f"a tracked {_CHANGE_WORDS[f.kind]}{who}{_where(f.place)}"
        words = f": {_quote(f.text)}" if f.text else ""
        if changes == "refuse":
            out.append(error("PUB156", text + words, source, f.place.paragraph,
                             hint="accept or reject the changes in Word, or pass --changes "
                             "keep, accept or reject"))
            continue
        if f.kind == "formatting":
            done = "is imported as the text now looks"
        elif changes == "reject":
            done = "was rejected"
        else:
            done = "was accepted" + (" and noted in the Markdown" if changes == "keep" else "")
        out.append(warning("PUB156", f"{text} {done}{words}", source, f.place.paragraph,
                           hint="check the passage" + (
                               "; delete the <!-- Tracked changes … --> note when done"
                               if changes == "keep" and f.kind != "formatting" else "")))
    return out


def _words(text: str) -> list:
    out: list = []
    for i, word in enumerate(text.split()):
        if i:
            out.append({"t": "Space"})
        out.append({"t": "Str", "c": word})
    return out


def _comment_text(text: str) -> str:
    """Text that an HTML comment can hold."""
    text = " ".join(text.split())
    while "--" in text:
        text = text.replace("--", "- -")
    return text.rstrip("-")


def revisions(blocks: list, comments: str, changes: str) -> None:
    """Apply the tracked changes that pandoc's reader marks (`--track-changes=all`) and take
    out the comments; with `keep`, each block is followed by an HTML comment (shown in no
    edition) that records its comments and changes."""
    from ..core.tree import stringify

    def by(attrs) -> str:
        values = dict(attrs)
        parts = [p for p in (values.get("author", ""), values.get("date", "")[:10]) if p]
        return f" ({', '.join(parts)})" if parts else ""

    def rewrite(node, notes: list):
        if isinstance(node, dict):
            if isinstance(node.get("c"), list):
                node["c"] = rewrite(node["c"], notes)
            return node
        if not isinstance(node, list):
            return node
        out = []
        items = list(node)
        for index, item in enumerate(items):
            if not (isinstance(item, dict) and item.get("t") == "Span"):
                out.append(rewrite(item, notes))
                continue
            (_, classes, attrs), content = item["c"]
            if "insertion" in classes or "deletion" in classes:
                inserted = "insertion" in classes
                shown = inserted != (changes == "reject")
                if changes == "keep":
                    verb = "inserted" if inserted else "deleted"
                    notes.append(f"{verb} “{stringify(content)}”{by(attrs)}")
                if shown:
                    out.extend(rewrite(content, notes))
            elif "comment-start" in classes:
                ident = dict(attrs).get("id")
                anchored = []
                for later in items[index + 1:]:
                    if isinstance(later, dict) and later.get("t") == "Span" and \
                            "comment-end" in later["c"][0][1] and \
                            dict(later["c"][0][2]).get("id") == ident:
                        break
                    anchored.append(later)
                if comments == "keep":
                    on = stringify(anchored).strip()
                    notes.append(f"Comment{by(attrs)}" + (f" on “{on}”" if on else "")
                                 + f": {stringify(content)}")
            elif any(c in classes for c in ("comment-end", "paragraph-insertion",
                                            "paragraph-deletion")):
                continue
            else:
                out.append(rewrite(item, notes))
        return out

    result = []
    for block in blocks:
        notes: list[str] = []
        result.append(rewrite(block, notes))
        comment_notes = [n for n in notes if n.startswith("Comment")]
        change_notes = [n for n in notes if not n.startswith("Comment")]
        lines = [_comment_text(n) for n in comment_notes]
        if change_notes:
            lines.append(_comment_text("Tracked changes, accepted: " + "; ".join(change_notes)))
        if lines:
            result.append({"t": "RawBlock", "c": ["html", "<!-- " + "\n".join(lines) + " -->"]})
    blocks[:] = result


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
            if t in ("Div",):
                visit(block["c"][1])
            elif t == "BlockQuote":
                visit(block["c"])
            elif t in ("BulletList", "OrderedList"):
                for item in (block["c"] if t == "BulletList" else block["c"][1]):
                    visit(item)
            elif t == "Table":
                for row in _table_rows(block):
                    for cell in row[1]:
                        visit(cell[4])
            index += 1

    visit(blocks)


def smartart_notes(found: Scan, source: Path) -> list:
    from ..core.diagnostics import warning

    out = []
    for f, tree in zip(found.of("smartart"), found.diagrams):
        if tree:
            out.append(warning("PUB157", f"a SmartArt graphic{_where(f.place)} became a list "
                               f"of its words: {_quote(f.text)}", source, f.place.paragraph,
                               hint="draw it as a figure (an SVG in media/) if its shape "
                               "carries meaning"))
        else:
            out.append(warning("PUB157", f"a SmartArt graphic{_where(f.place)} has no words "
                               "and was left out", source, f.place.paragraph,
                               hint="export it from Word as a picture and add it as a figure"))
    return out


def _table_rows(table: dict) -> list:
    head, bodies, foot = table["c"][3], table["c"][4], table["c"][5]
    return head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]


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
    from ..transform.dialects import LIST_TABLE

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
                        "PUB158", f"a table{_where(place)} has cells with several paragraphs, "
                        "lists or line breaks" + (", and merged cells, which were split" if
                                                  spans or merged else "")
                        + "; it became a list table (`::: {.list-table}`)", source,
                        place.paragraph, hint="each row is an item, each cell an item of it; "
                        "check the cells in the Markdown"))
                    continue
            elif t == "Div":
                visit(block["c"][1])
            elif t == "BlockQuote":
                visit(block["c"])
            elif t in ("BulletList", "OrderedList"):
                for item in (block["c"] if t == "BulletList" else block["c"][1]):
                    visit(item)
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
            notes.append(warning("PUB159", f"an equation{_where(place)} cannot be written as "
                                 f"Typst math: {_quote(el['c'][1])}", source, place.paragraph,
                                 hint="rewrite its TeX in the Markdown; the PDF shows it as "
                                 "written"))
    return notes
