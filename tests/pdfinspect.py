"""Reading a PDF the way a checker does: text per page, text per font, glyphs, tags, links.

Built on pikepdf (structure, content streams), fontTools (the embedded font
programs) and poppler's pdftotext (text per page).
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont


def pages_text(path: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with a form feed)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _hex_to_text(value: str) -> str:
    raw = bytes.fromhex(value)
    return raw.decode("utf-16-be", "replace")


def to_unicode_map(font) -> dict[int, str]:
    """CID -> text, from a Type0 font's ToUnicode CMap (bfchar and bfrange entries)."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(src, 16)] = _hex_to_text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>",
                                      block):
            start = int(dst, 16)
            for i, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[cid] = chr(start + i)
    return mapping


@dataclass
class FontInfo:
    base: str
    to_unicode: dict[int, str]
    glyph_count: int
    cid_to_gid: dict[int, int] | None  # None: Identity
    code_bytes: int = 2  # 1 for a simple (TrueType, Type1) font, as LibreOffice writes


def font_info(font) -> FontInfo:
    base = str(font.BaseFont).lstrip("/")
    if font.get("/Subtype") != "/Type0":  # a simple font: one byte a character, no glyph check
        return FontInfo(base, to_unicode_map(font), 0, None, 1)
    descendant = font.DescendantFonts[0]
    program = descendant.FontDescriptor.get("/FontFile2")
    glyph_count = 0
    if program is not None:
        glyph_count = TTFont(io.BytesIO(program.read_bytes()), lazy=True)["maxp"].numGlyphs
    mapping = None
    if "/CIDToGIDMap" in descendant and isinstance(descendant.CIDToGIDMap, pikepdf.Stream):
        data = descendant.CIDToGIDMap.read_bytes()
        mapping = {i // 2: int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)}
    return FontInfo(base, to_unicode_map(font), glyph_count, mapping)


@dataclass
class Run:
    page: int  # 1-based
    font: str  # base font name without the subset prefix, e.g. "Noto-Serif-Armenian"
    text: str
    cids: list[int]
    missing: list[int]  # CIDs that draw .notdef


def _strings(operands):
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            yield bytes(operand)
        elif isinstance(operand, pikepdf.Array):
            yield from _strings(list(operand))


def text_runs(path: Path) -> list[Run]:
    """The text of every text object (BT ... ET) of every page, decoded, with the font that
    draws it; a font change inside a text object starts a new run. Soft hyphens (U+00AD),
    which are break opportunities and not drawn, are left out of the text."""
    runs: list[Run] = []
    with pikepdf.open(path) as pdf:
        cache: dict = {}
        for number, page in enumerate(pdf.pages, start=1):
            fonts = page.Resources.get("/Font", {})
            current = None
            pending: Run | None = None

            def flush():
                nonlocal pending
                if pending is not None and pending.cids:
                    pending.text = pending.text.replace("\u00ad", "")
                    runs.append(pending)
                pending = None

            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BT", "ET"):
                    flush()
                elif op == "Tf":
                    key = str(operands[0])
                    font = fonts[key]
                    objgen = font.objgen
                    if objgen not in cache:
                        cache[objgen] = font_info(font)
                    if current is not cache[objgen]:
                        flush()
                    current = cache[objgen]
                elif op in ("Tj", "TJ", "'", '"') and current is not None:
                    size = current.code_bytes
                    cids = [int.from_bytes(s[i:i + size], "big") for s in _strings(operands)
                            for i in range(0, len(s) - size + 1, size)]
                    missing = []
                    for cid in (cids if size == 2 else []):
                        gid = cid if current.cid_to_gid is None else current.cid_to_gid.get(cid, 0)
                        if gid == 0 or gid >= current.glyph_count:
                            missing.append(cid)
                    text = "".join(current.to_unicode.get(c, "\ufffd") for c in cids)
                    if pending is None:
                        pending = Run(number, current.base.split("+", 1)[-1], "", [], [])
                    pending.text += text
                    pending.cids += cids
                    pending.missing += missing
            flush()
    return runs


def text_by_font(path: Path) -> dict[str, str]:
    joined: dict[str, list[str]] = {}
    for run in text_runs(path):
        joined.setdefault(run.font, []).append(run.text)
    return {font: " ".join(parts) for font, parts in joined.items()}


def structure(path: Path, alt_of: str = "/Figure") -> tuple[list[str], list[str]]:
    """The structure types in the tag tree (depth first) and the Alt texts of the elements
    of type `alt_of` (figures, or /Formula for equations)."""
    types: list[str] = []
    alts: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return types, alts
        stack = [root.K] if not isinstance(root.K, pikepdf.Array) else list(root.K)
        seen = set()
        while stack:
            node = stack.pop()
            if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
                continue
            seen.add(node.objgen)
            if "/S" in node:
                types.append(str(node.S).lstrip("/"))
                if node.S == alt_of:
                    alts.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(reversed(list(kids)))
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    return types, alts


def marked_languages(path: Path) -> set[str]:
    """Every /Lang of the marked content of the pages (the language of a span of text)."""
    found: set[str] = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    if "/Lang" in operands[1]:
                        found.add(str(operands[1].Lang))
    return found


def named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Name -> 1-based page number of every named destination."""
    pages = {page.objgen: i for i, page in enumerate(pdf.pages, start=1)}
    found: dict[str, int] = {}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return found

    def visit(node):
        if "/Names" in node:
            items = list(node.Names)
            for name, dest in zip(items[::2], items[1::2], strict=False):
                target = dest[0] if isinstance(dest, pikepdf.Array) else dest.D[0]
                found[str(name)] = pages.get(target.objgen, 0)
        for kid in node.get("/Kids", []):
            visit(kid)

    visit(names.Dests)
    return found


def link_targets(pdf: pikepdf.Pdf, page_number: int) -> list[str]:
    """The destinations (names) and URIs of the link annotations of one page."""
    targets = []
    for annot in pdf.pages[page_number - 1].get("/Annots", []):
        if annot.get("/Subtype") != "/Link":
            continue
        if "/Dest" in annot:
            targets.append(str(annot.Dest))
        elif "/A" in annot and "/URI" in annot.A:
            targets.append(str(annot.A.URI))
        elif "/A" in annot and "/D" in annot.A:
            targets.append(str(annot.A.D))
    return targets


def link_pages(pdf: pikepdf.Pdf, page_number: int) -> list[int]:
    """The 1-based page each internal link of one page leads to (named or explicit)."""
    pages = {page.objgen: i for i, page in enumerate(pdf.pages, start=1)}
    named = named_destinations(pdf)
    found = []
    for annot in pdf.pages[page_number - 1].get("/Annots", []):
        if annot.get("/Subtype") != "/Link":
            continue
        dest = annot.get("/Dest")
        if dest is None and "/A" in annot and "/D" in annot.A:
            dest = annot.A.D
        if isinstance(dest, pikepdf.Array):
            found.append(pages.get(dest[0].objgen, 0))
        elif dest is not None:
            found.append(named.get(str(dest), 0))
    return found


def outline_titles(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, in order."""
    found: list[tuple[int, str]] = []
    with pdf.open_outline() as outline:
        def visit(items, depth):
            for item in items:
                found.append((depth, item.title))
                visit(item.children, depth + 1)
        visit(outline.root, 1)
    return found
