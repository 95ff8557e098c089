"""The fonts Typst is given: the brand's faces only, the merged face for the text of SVG
figures, and the characters of an edition that none of them can draw."""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.diagnostics import Diagnostic, warning
from ..core.tree import find_in_lines
from ..i18n.fonts import TRAILING, stand_in
from ..transform.passes import Prepared

#: the face equations are set in when the brand names none (it has an OpenType MATH table)
MATH_FONT = "Noto Sans Math"


def _families(brand) -> list[str]:
    names: list[str] = []
    for key in ("serif", "sans", "mono", "math"):
        for name in brand.fonts.get(key, [MATH_FONT] if key == "math" else []):
            if name not in names:
                names.append(name)
    return names


@functools.cache
def _installed() -> dict[str, tuple[Path, ...]]:
    """Family name (lower case) -> the files of its faces, from one fontconfig listing."""
    if not shutil.which("fc-list"):
        return {}
    out = subprocess.run(["fc-list", "--format", "%{family}|%{file}\n"], capture_output=True,
                         text=True)
    found: dict[str, set[Path]] = {}
    for row in out.stdout.splitlines():
        names, _, file = row.rpartition("|")
        path = Path(file)
        if path.suffix.lower() not in (".ttf", ".otf"):
            continue
        for name in names.split(","):
            found.setdefault(name.strip().lower(), set()).add(path)
    return {name: tuple(sorted(files)) for name, files in found.items()}


def _family_files(family: str) -> tuple[Path, ...]:
    """Every face (regular, bold, italic ...) fontconfig has of exactly `family`."""
    return _installed().get(family.strip().lower(), ())


def font_files(brand) -> tuple[Path, ...]:
    return tuple(f for family in _families(brand) for f in _family_files(family))


def font_folder(brand, scratch: Path) -> Path:
    """A folder of links to the brand's font files: the only fonts Typst is given."""
    files = font_files(brand)
    digest = hashlib.sha256("\n".join(map(str, files)).encode()).hexdigest()[:16]
    folder = scratch / f"fonts-{digest}"
    if folder.is_dir():
        return folder
    scratch.mkdir(parents=True, exist_ok=True)
    part = Path(tempfile.mkdtemp(prefix=".fonts-", dir=scratch))
    for file in files:
        (part / file.name).symlink_to(file)
    try:
        part.rename(folder)
    except OSError:  # made meanwhile by another worker
        shutil.rmtree(part, ignore_errors=True)
    return folder


def _draws(family: str, raw: bytes) -> bool:
    """True when `family`'s regular face has every character of the SVG `raw`."""
    from ..i18n.fonts import _cmap, _invisible, font_file

    path = font_file(family)
    if path is None:
        return False
    points = _cmap(path)
    return all(ord(ch) in points or _invisible(ch) for ch in set(raw.decode("utf-8", "replace")))


_FONT_FAMILY = re.compile(rb"""font-family\s*[=:]\s*(["']?)([^"';>]+)\1""")


def svg_fonts(files: dict[str, Path], data: dict[str, bytes], brand) -> tuple[Path, ...]:
    """Typst draws an SVG's text with the first family of its font list only (no fallback per
    glyph, and PDF/UA refuses a glyph it cannot draw): an SVG figure or chart whose text is
    set in the brand's sans stack is given the font merged from those faces (which has every
    script) instead, and its folder is returned for Typst's fonts. Rewritten SVGs move from
    `files` to `data`."""
    svgs = [n for n in (*files, *data) if n.lower().endswith(".svg")]
    if not svgs:
        return ()
    sans = {f.lower() for f in brand.fonts.get("sans", [])}
    font = None
    for name in svgs:
        raw = data[name] if name in data else files[name].read_bytes()

        def first_is_sans(m, raw=raw) -> bool:
            first = m.group(2).decode("utf-8", "replace").split(",")[0].strip(" '\"").lower()
            return first in sans and not _draws(first, raw)

        if not any(first_is_sans(m) for m in _FONT_FAMILY.finditer(raw)):
            continue
        if font is None:
            from ..charts import font_for

            font = font_for(brand)
            if font.folder is None:
                return ()
        family = font.family.encode("utf-8")

        def merged(m, family=family) -> bytes:
            if not first_is_sans(m):
                return m.group(0)
            quote = m.group(1)
            return m.group(0).replace(quote + m.group(2) + quote, quote + family + quote)

        data[name] = _FONT_FAMILY.sub(merged, raw)
        files.pop(name, None)
    return (font.folder,) if font is not None else ()


def _drawable(brand) -> frozenset[int]:
    """Every code point the regular face of some family given to Typst has (Typst falls
    back from face to face among them, in text, code and mathematics alike)."""
    return _drawable_by(tuple(_families(brand)))


@functools.cache
def _drawable_by(families: tuple[str, ...]) -> frozenset[int]:
    from ..i18n.fonts import _cmap, font_file

    points: set[int] = set()
    for family in families:
        path = font_file(family)
        if path is None:
            continue
        try:
            points |= _cmap(path)
        except Exception:  # noqa: BLE001 - a damaged font draws nothing
            continue
    return frozenset(points)


def font_problems(prepared: Prepared, brand) -> tuple[list[Diagnostic], dict[str, str]]:
    """Characters of the edition's text that no face given to Typst can draw: a warning at
    the first use of each (PUB410), and what the PDF shows instead of each."""
    from ..i18n.fonts import _invisible
    from ..transform.passes import walk

    drawable = _drawable(brand)
    if not drawable:
        return [], {}
    edition = prepared.edition
    parts = [edition.title, edition.subtitle, edition.summary]

    def visit(el):
        if el["t"] == "Str":
            parts.append(el["c"])
        elif el["t"] in ("Code", "CodeBlock") or (el["t"] == "RawBlock"
                                                   and el["c"][0] == "html"):
            parts.append(el["c"][1])  # raw HTML blocks are read as text for the PDF

    walk(prepared.ast["blocks"], visit)
    text = "\n".join(parts)
    missing = sorted({ch for ch in set(text) if not _invisible(ch) and ch not in TRAILING
                      and ord(ch) not in drawable})
    if not missing:
        return [], {}
    try:
        source = edition.path.read_text("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        source = ""
    problems = []
    for ch in missing:
        line, column = find_in_lines(source, ch, 1) if ch in source else (edition.body_line, 1)
        shown = stand_in(ch)
        problems.append(warning(
            "PUB410", f"no font of the brand can draw `{ch}` (U+{ord(ch):04X}); the PDF "
            f"shows `{shown}` instead", edition.path, line, column,
            "replace the character, or add a font that has it to the brand's font stacks"))
    problems.sort(key=lambda d: (d.line or 0, d.column or 0))
    return problems, {ch: stand_in(ch) for ch in missing}
