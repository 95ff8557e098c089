"""What a Word draft holds beyond what pandoc's reader reports: where each paragraph is, and
the comments, tracked changes, SmartArt, equations and tables that do not convert as they are.

The package is read with lxml (no entities, no network). Each finding carries its place: the
paragraph's number in the document (every `w:p` of the body, tables included, counted from 1)
and the heading it stands under, so an author finds it in Word. SmartArt graphics, which
pandoc's reader drops without a trace, are replaced in a copy of the package by a marker
paragraph text (`PUB-SMARTART-n`) that the importer turns into a list of the graphic's words
(`wordblocks`); `review` makes the comments and tracked changes into notes.
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


def aside(place: Place) -> str:
    """" (paragraph 12, under “Results”)" for a note's text ("" when the place is unknown)."""
    where = place.describe()
    return f" ({where})" if where else ""


def quote(text: str, limit: int = 80) -> str:
    """The words of a finding in quotes, cut at `limit` characters."""
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[:limit - 1] + "…") + "”"
