"""The DOCX package: written reproducibly, and checked the way Word checks it on opening.

A DOCX is a zip of XML parts tied together by relationships. python-docx stamps every zip entry
with the current time; ``reproducible_zip`` rewrites the package with one fixed time and a fixed
entry order, so two builds of the same edition are byte-identical. ``check_package`` looks for
what makes Word offer to "repair" a file: a damaged zip, a part that is not well-formed XML or
has no content type, a relationship to a missing part, a style or footnote that is not defined,
two drawings with the same id.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from xml.etree import ElementTree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

#: the entries Word and other readers expect first
_FIRST = ("[Content_Types].xml", "_rels/.rels")
_EPOCH_1980 = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def zip_time(stamp: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry time (zip cannot store times before 1980)."""
    stamp = max(stamp.astimezone(dt.UTC), _EPOCH_1980)
    return stamp.timetuple()[:6]


def reproducible_zip(data: bytes, stamp: dt.datetime,
                     replace: dict[str, bytes] | None = None) -> bytes:
    """The same package with every entry dated `stamp`, in a fixed order, compressed alike.

    `replace` gives new content for some entries (by name).
    """
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in source.namelist() if not n.endswith("/")]
    order = [n for n in _FIRST if n in names] + sorted(n for n in names if n not in _FIRST)
    when = zip_time(stamp)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the attributes below mean the same everywhere
            info.external_attr = 0o644 << 16
            content = replace[name] if name in replace else source.read(name)
            target.writestr(info, content, compresslevel=9)
    return out.getvalue()


def _parts(package: zipfile.ZipFile) -> dict[str, bytes]:
    return {n: package.read(n) for n in package.namelist() if not n.endswith("/")}


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def check_package(data: bytes) -> list[str]:
    """Problems that would make Word refuse or repair the package; empty when it is sound."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        return [f"not a zip file: {exc}"]
    try:
        damaged = package.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        return [f"a zip entry is damaged: {exc}"]
    if damaged:
        return [f"zip entry `{damaged}` is damaged"]
    parts = _parts(package)
    problems: list[str] = []
    trees = {}
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")):
            try:
                trees[name] = ElementTree.fromstring(content)
            except ElementTree.ParseError as exc:
                problems.append(f"`{name}` is not well-formed XML: {exc}")
    if problems:
        return problems
    types = trees.get("[Content_Types].xml")
    if types is None:
        return ["[Content_Types].xml is missing"]
    defaults = {e.get("Extension", "").lower() for e in types.iter(f"{{{CT}}}Default")}
    overrides = {e.get("PartName", "") for e in types.iter(f"{{{CT}}}Override")}
    for name in parts:
        if name == "[Content_Types].xml":
            continue
        if f"/{name}" not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
            problems.append(f"`{name}` has no content type")
    for name in sorted(n for n in trees if n.endswith(".rels")):
        owner = name.replace("_rels/", "").removesuffix(".rels")
        base = posixpath.dirname(owner)
        for rel in trees[name].iter(f"{{{RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(base, target))
            if path not in parts:
                problems.append(f"`{name}` points at `{target}`, which is missing")
    problems += _check_document(parts, trees)
    return problems


def _rel_ids(trees: dict, part: str) -> set[str]:
    rels = trees.get(_rels_name(part))
    return set() if rels is None else {r.get("Id") for r in rels.iter(f"{{{RELS}}}Relationship")}


def _check_document(parts: dict, trees: dict) -> list[str]:
    problems: list[str] = []
    styles = trees.get("word/styles.xml")
    defined = set() if styles is None else {
        s.get(f"{{{W}}}styleId") for s in styles.iter(f"{{{W}}}style")}
    stories = [n for n in trees if re.fullmatch(
        r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml", n)]
    drawing_ids: dict[str, str] = {}
    for name in sorted(stories):
        tree = trees[name]
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for el in tree.iter(f"{{{W}}}{tag}"):
                if el.get(f"{{{W}}}val") not in defined:
                    problems.append(f"`{name}` uses the undefined style "
                                    f"`{el.get(f'{{{W}}}val')}`")
        ids = _rel_ids(trees, name)
        for el in tree.iter():
            for attr in (f"{{{R}}}id", f"{{{R}}}embed", f"{{{R}}}link"):
                value = el.get(attr)
                if value is not None and value not in ids:
                    problems.append(f"`{name}` refers to the missing relationship `{value}`")
        for el in tree.iter(f"{{{WP}}}docPr"):
            number = el.get("id", "")
            if number in drawing_ids:
                problems.append(f"drawing id {number} is used twice")
            drawing_ids[number] = name
    notes = trees.get("word/footnotes.xml")
    note_ids = set() if notes is None else {
        n.get(f"{{{W}}}id") for n in notes.iter(f"{{{W}}}footnote")}
    document = trees.get("word/document.xml")
    if document is None:
        return problems + ["word/document.xml is missing"]
    for ref in document.iter(f"{{{W}}}footnoteReference"):
        if ref.get(f"{{{W}}}id") not in note_ids:
            problems.append(f"footnote {ref.get(f'{{{W}}}id')} is referenced but not defined")
    return problems
