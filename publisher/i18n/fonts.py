"""Font coverage preflight: every character of an edition must be drawable by the brand.

The brand names font stacks (``serif`` for the body, ``sans`` for headings,
cover and captions). fontconfig finds each face's file, fontTools reads its
character map, and a character that no face of a stack can draw is reported
with its position before anything is rendered, instead of turning into an
empty box or a glyph from some other font in the PDF.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..load.brand import Brand
from ..core.diagnostics import Diagnostic, error, warning

#: the stacks that draw text; code falls back to them too
TEXT_STACKS = ("serif", "sans")

#: characters that are never drawn: controls, soft hyphens, joiners, BOM, line separators
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def _invisible(char: str) -> bool:
    return (char in " \u00a0\u202f" or unicodedata.category(char) in _INVISIBLE_CATEGORIES
            or "\ufe00" <= char <= "\ufe0f")


def _match_command(family: str) -> list[str]:
    return ["fc-match", "-f", "%{family}|%{file}", f"{family}:style=Regular"]


def find_font_files(families) -> None:
    """Ask fontconfig for the faces of `families` at once (one fc-match each, side by side)
    for `font_file`, which otherwise asks one after the other."""
    wanted = [f for f in dict.fromkeys(families) if f.strip().lower() not in _FOUND]
    if len(wanted) < 2 or not shutil.which("fc-match"):
        return
    running = []
    for family in wanted:
        try:
            running.append((family, subprocess.Popen(
                _match_command(family), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True)))
        except OSError:
            break
    for family, proc in running:
        try:
            out, _ = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            continue
        _FOUND[family.strip().lower()] = _face_of(family, proc.returncode, out)


#: the faces fontconfig gave, by family in lower case (fontconfig ignores the case)
_FOUND: dict[str, Path | None] = {}


@functools.cache
def font_file(family: str) -> Path | None:
    """The regular face of `family`, or None when fontconfig has no such family."""
    key = family.strip().lower()
    if key in _FOUND:
        return _FOUND[key]
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(_match_command(family), capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None
    _FOUND[key] = _face_of(family, out.returncode, out.stdout)
    return _FOUND[key]


def _face_of(family: str, returncode: int, stdout: str) -> Path | None:
    if returncode != 0 or "|" not in stdout:
        return None
    families, file = stdout.rsplit("|", 1)
    names = {name.strip().lower() for name in families.split(",")}
    if family.strip().lower() not in names:
        return None  # fontconfig substituted another family
    path = Path(file.strip())
    return path if path.is_file() else None


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    """The code points of a face, kept in the build store by the file's path, size and
    modification time (reading a character map costs more than the rest of a no-op build)."""
    from array import array

    from ..core import cache

    stat = path.stat()
    name = cache.key("cmap", str(path), str(stat.st_size), str(stat.st_mtime_ns))
    stored = cache.get(name)
    if stored is not None and len(stored) % 4 == 0:
        return frozenset(array("I", stored))
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        points = frozenset(font.getBestCmap() or {})
    cache.put(name, array("I", sorted(points)).tobytes())
    return points


@dataclass(frozen=True)
class Coverage:
    """The code points each stack of a brand can draw, and the families that are missing."""

    stacks: dict[str, frozenset[int]]
    families: dict[str, tuple[str, ...]]
    missing_families: tuple[str, ...]

    def missing_from(self, char: str) -> list[str]:
        """The stacks that cannot draw `char` (a stack with no installed face is not judged)."""
        return [name for name, points in self.stacks.items() if points and ord(char) not in points]


_COVERAGE: dict[tuple, Coverage] = {}


def coverage(brand: Brand) -> Coverage:
    key = tuple((name, tuple(brand.fonts.get(name, []))) for name in TEXT_STACKS)
    if key not in _COVERAGE:
        find_font_files([family for _, names in key for family in names])
        stacks, families, missing = {}, {}, []
        for name, names in key:
            points: set[int] = set()
            for family in names:
                path = font_file(family)
                if path is None:
                    if family not in missing:
                        missing.append(family)
                    continue
                points |= _cmap(path)
            stacks[name] = frozenset(points)
            families[name] = names
        _COVERAGE[key] = Coverage(stacks, families, tuple(missing))
    return _COVERAGE[key]


def missing_family_diagnostics(brand: Brand) -> list[Diagnostic]:
    return [warning("PUB602", f"font family `{family}` of the brand is not installed",
                    brand.path, hint="install it (fonts-noto-core provides the Noto faces) or "
                    "remove it from the brand's font stacks")
            for family in coverage(brand).missing_families]


def check_text(text: str, path: Path, cover: Coverage, first_line: int = 1) -> list[Diagnostic]:
    """One diagnostic per character that some text stack cannot draw (at its first use)."""
    first: dict[str, tuple[int, int]] = {}
    counts: dict[str, int] = {}
    drawable: set[str] = set()
    for offset, line in enumerate(text.split("\n")):
        for column, char in enumerate(line, start=1):
            if char in drawable:
                continue
            if char in counts:
                counts[char] += 1
            elif _invisible(char) or not cover.missing_from(char):
                drawable.add(char)
            else:
                first[char] = (first_line + offset, column)
                counts[char] = 1
    diagnostics = []
    for char, (line, column) in first.items():
        stacks = cover.missing_from(char)
        name = unicodedata.name(char, "unnamed character")
        times = f" ({counts[char]} times)" if counts[char] > 1 else ""
        faces = "; ".join(f"{s}: {', '.join(cover.families[s]) or 'none'}" for s in stacks)
        diagnostics.append(error(
            "PUB601", f"character `{char}` (U+{ord(char):04X} {name}){times} cannot be drawn "
            f"by the brand's fonts ({faces})", path, line, column,
            "replace it, or add a font that has it to the brand's font stacks"))
    return diagnostics


def check_file(path: Path, brand: Brand) -> list[Diagnostic]:
    """Check every character of an edition file (front matter and body)."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # reported by load
    return check_text(text.replace("\r\n", "\n"), path, coverage(brand))


def installed_anywhere(char: str) -> bool:
    """Whether some installed font (any family) can draw `char`."""
    import bisect

    starts, ends = _installed_ranges()
    at = bisect.bisect_right(starts, ord(char)) - 1
    return at >= 0 and ord(char) <= ends[at]


@functools.cache
def _installed_ranges() -> tuple[list[int], list[int]]:
    """The code points of every installed font, as sorted, merged ranges: one fontconfig
    call for all characters asked about, instead of one per character."""
    if not shutil.which("fc-list"):
        return [], []
    out = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True,
                         text=True, timeout=30)
    ranges = []
    for word in out.stdout.split() if out.returncode == 0 else ():
        low, _, high = word.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    starts: list[int] = []
    ends: list[int] = []
    for low, high in sorted(ranges):
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    return starts, ends


# --- what shows instead of a character no font has ------------------------------------

def stand_in(char: str) -> str:
    """What shows for a character no font has: a look-alike made of ASCII for arrows and
    box drawing, else its code point in brackets (`[U+1F389]`)."""
    if "\u2500" <= char <= "\u257f":  # box drawing
        name = unicodedata.name(char, "")
        if "VERTICAL" in name and "HORIZONTAL" not in name and not any(
                w in name for w in ("RIGHT", "LEFT", "UP AND", "DOWN AND")):
            return "|"
        if "HORIZONTAL" in name and "VERTICAL" not in name and not any(
                w in name for w in ("UP", "DOWN")):
            return "-"
        return "+"
    return _STAND_INS.get(char) or f"[U+{ord(char):04X}]"


_STAND_INS = {"\u2192": "->", "\u2190": "<-", "\u2194": "<->", "\u21d2": "=>",
              "\u21d0": "<=", "\u21d4": "<=>", "\u2191": "^", "\u2193": "v"}
#: what goes with an emoji without showing of its own: variation selectors, the joiner of
#: sequences, the keycap mark
TRAILING = "\ufe0e\ufe0f\u200d\u20e3"


def replace_characters(text: str, stand_ins: dict[str, str]) -> str:
    """`text` with each character of `stand_ins` replaced (and the invisible selectors and
    joiners that went with it dropped)."""
    if not stand_ins or not any(ch in text for ch in stand_ins):
        return text
    pattern = _stand_in_pattern(tuple(sorted(stand_ins)))
    return pattern.sub(lambda m: stand_ins[m.group(1)], text)


@functools.cache
def _stand_in_pattern(chars: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(ch) for ch in chars)
    trailing = re.escape(TRAILING)
    return re.compile(f"({alternatives})[{trailing}]*")
