"""Fonts inside the finished DOCX package: list bullets, and the letters of Armenian and Georgian.

pandoc draws bullets with the symbol fonts of old Word (Symbol, Courier New, Wingdings): faces
outside the brand that LibreOffice replaces with its own. ``brand_bullets`` gives every bullet
level a character of the brand's body face instead, the ones the PDF edition uses.

Word picks the face of Armenian and Georgian letters from the ``hAnsi`` slot, LibreOffice from
``ascii`` (the one that also serves ASCII digits and Latin letters, which the Armenian and
Georgian faces lack). ``package_fonts`` puts the letters of these scripts into runs of their
own that name the script's face in every slot, in an edition of that language and in a span of
it inside another edition, so both draw the brand's face and the digits and Latin letters
around them keep the Latin one.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: the bullet of each nesting level (then again from the first), as in the PDF edition
BULLETS = ("\u2022", "\u2023", "\u2013")

#: the letters of the scripts whose faces hold no Latin letters or digits
SCRIPT_LETTERS = {
    "hy": "\u0531-\u058f\ufb13-\ufb17",  # Armenian, Armenian ligatures
    "ka": "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f",  # Georgian, Mtavruli, Nuskhuri
}

_SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
_STORY = re.compile(r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _xml(tree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def brand_bullets(numbering: bytes, face: str) -> bytes:
    """numbering.xml with every bullet level drawn in `face` with the PDF edition's bullets."""
    tree = etree.fromstring(numbering)
    for level in tree.iter(_w("lvl")):
        fmt = level.find(_w("numFmt"))
        if fmt is None or fmt.get(_w("val")) != "bullet":
            continue
        depth = int(level.get(_w("ilvl"), "0"))
        text = level.find(_w("lvlText"))
        if text is None:
            text = etree.SubElement(level, _w("lvlText"))
            fmt.addnext(text)
        if text.get(_w("val"), "").strip():  # a blank bullet (task lists) stays blank
            text.set(_w("val"), BULLETS[depth % len(BULLETS)])
        _name_face(level, face, only=True)
    return _xml(tree)


def _name_face(parent, face: str, only: bool = False) -> None:
    """Make `parent`'s run properties name `face` in every slot, adding the `w:rPr` and
    its `w:rFonts` (first) where missing; `only`: with no other font setting left."""
    rpr = parent.find(_w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(parent, _w("rPr"))
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = etree.Element(_w("rFonts"))
        rpr.insert(0, fonts)
    if only:
        fonts.attrib.clear()
    for slot in _SLOTS:
        fonts.set(_w(slot), face)


class _Styles:
    """The face each style gives the `hAnsi` slot, following `basedOn` to the defaults."""

    def __init__(self, styles: bytes):
        tree = etree.fromstring(styles)
        self.by_id = {s.get(_w("styleId")): s for s in tree.iter(_w("style"))}
        default = tree.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('rFonts')}")
        self.default = "" if default is None else default.get(_w("hAnsi"), "")
        self.default_paragraph = next(
            (i for i, s in self.by_id.items()
             if s.get(_w("type")) == "paragraph" and s.get(_w("default")) in ("1", "true")),
            "Normal")
        self._cache: dict[str, str] = {}

    def face(self, style_id: str) -> str:
        """The style's own face, or '' when neither it nor a style it is based on names one."""
        if style_id in self._cache:
            return self._cache[style_id]
        found, seen, current = "", set(), style_id
        while current and current not in seen and current in self.by_id:
            seen.add(current)
            style = self.by_id[current]
            fonts = style.find(f"{_w('rPr')}/{_w('rFonts')}")
            if fonts is not None and fonts.get(_w("hAnsi")):
                found = fonts.get(_w("hAnsi"))
                break
            based = style.find(_w("basedOn"))
            current = based.get(_w("val")) if based is not None else ""
        self._cache[style_id] = found
        return found


def _val(parent, path: str) -> str:
    found = parent.find(path) if parent is not None else None
    return "" if found is None else found.get(_w("val"), "")


def _run_face(run, paragraph_style: str, styles: _Styles) -> str:
    rpr = run.find(_w("rPr"))
    fonts = rpr.find(_w("rFonts")) if rpr is not None else None
    if fonts is not None and fonts.get(_w("hAnsi")):
        return fonts.get(_w("hAnsi"))
    return (styles.face(_val(rpr, _w("rStyle"))) or styles.face(paragraph_style)
            or styles.default)


def _split(text: str, letters: re.Pattern) -> list[tuple[bool, str]]:
    """`text` in pieces: (True, letters of the script) and (False, anything else)."""
    pieces, last = [], 0
    for match in letters.finditer(text):
        if match.start() > last:
            pieces.append((False, text[last:match.start()]))
        pieces.append((True, match.group()))
        last = match.end()
    if last < len(text):
        pieces.append((False, text[last:]))
    return pieces


def _script_story(tree, letters: re.Pattern, styles: _Styles, face_for) -> bool:
    changed = False
    for paragraph in tree.iter(_w("p")):
        style = _val(paragraph.find(_w("pPr")), _w("pStyle")) or styles.default_paragraph
        for run in paragraph.iter(_w("r")):
            if run.getparent() is None or not any(
                    letters.search(t.text or "") for t in run.findall(_w("t"))):
                continue
            face = face_for(_run_face(run, style, styles))
            if not face:
                continue
            _split_run(run, letters, face)
            changed = True
    return changed


def _split_run(run, letters: re.Pattern, face: str) -> None:
    """Replace `run` by runs of one kind each, those of the script's letters naming `face`."""
    rpr = run.find(_w("rPr"))
    new_runs = []
    for child in run:
        if child is rpr:
            continue
        pieces = _split(child.text or "", letters) if child.tag == _w("t") else [(False, None)]
        for is_script, text in pieces:
            new = etree.Element(_w("r"))
            if rpr is not None:
                new.append(etree.fromstring(etree.tostring(rpr)))
            if is_script:
                _name_face(new, face)
            if text is None:
                new.append(etree.fromstring(etree.tostring(child)))
            else:
                t = etree.SubElement(new, _w("t"))
                t.text = text
                t.set(XML_SPACE, "preserve")
            new_runs.append(new)
    parent = run.getparent()
    index = parent.index(run)
    parent.remove(run)
    for offset, new in enumerate(new_runs):
        parent.insert(index + offset, new)


def package_fonts(data: bytes, bullet_face: str, stacks: list[list[str]]) -> dict[str, bytes]:
    """The parts of a finished package to replace: numbering.xml with the brand's bullets, and
    every story where Armenian or Georgian letters stand (a whole edition, or a span of
    another edition) with those letters in runs of their own, in the script's face of the
    brand stack the run's face belongs to."""
    from ._docx_styles import script_font

    out: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        if "word/numbering.xml" in names:
            out["word/numbering.xml"] = brand_bullets(package.read("word/numbering.xml"),
                                                      bullet_face)
        if "word/styles.xml" not in names:
            return out
        styles = _Styles(package.read("word/styles.xml"))
        stories = {name: package.read(name) for name in names if _STORY.fullmatch(name)}
    trees: dict[str, etree._Element] = {}
    for lang, ranges in SCRIPT_LETTERS.items():
        letters = re.compile(f"[{ranges}]+")

        def face_for(face: str, lang=lang) -> str:
            stack = next((s for s in stacks if face in s), None)
            return script_font(stack, lang) if stack else face

        for name, xml in stories.items():
            if name not in trees and not letters.search(xml.decode("utf-8")):
                continue
            tree = trees.get(name)
            if tree is None:
                tree = etree.fromstring(xml)
            if _script_story(tree, letters, styles, face_for):
                trees[name] = tree
    out.update({name: _xml(tree) for name, tree in trees.items()})
    return out
