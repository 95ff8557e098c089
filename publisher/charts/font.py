"""The font charts are measured and drawn with: the brand's sans faces, merged into one.

vl-convert lays a chart out by measuring every label with the fonts it knows.
Left to itself it would use whatever the machine has installed, and for a
character its first font lacks (Armenian, Georgian) it takes the first font of
the system that has it: two machines would lay out the same chart differently.
So charts name one family that we make: the regular and bold faces of the
brand's `sans` stack (Noto Sans, Noto Sans Armenian, Noto Sans Georgian),
reduced to the scripts of the project's languages and merged with fontTools
into one font per weight. It never needs a fallback, and its widths are the
brand faces' own, so the SVG can name the brand's stack for the browser and the
PDF engine, which then draw exactly the glyphs the chart was measured with.

The merged faces are written once per set of source files (named by a hash of
their bytes) into the build folder, and registered with vl-convert once per
process. Their hash is part of every chart's key in the build store.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: code points the chart font keeps: Latin (with Azerbaijani ə, Uzbek ʻ), Cyrillic
#: (Kazakh, Kyrgyz), Armenian, Georgian (with Mtavruli), punctuation, currency, №, −
RANGES = ((0x20, 0x24F), (0x250, 0x2AF), (0x2B0, 0x36F), (0x400, 0x52F), (0x530, 0x58F),
          (0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x1E00, 0x1EFF), (0x2000, 0x206F),
          (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x2193), (0x2212, 0x2212),
          (0x25A0, 0x25CF))
#: bumped when the way the font is made changes
RECIPE = "chart-font-2"
WEIGHTS = {"Regular": 400, "Bold": 700}


@dataclass(frozen=True)
class ChartFont:
    family: str  # the merged font's family name, used inside the chart specs
    stack: str  # the brand's faces, named in the SVGs for browsers and PDF engines
    folder: Path | None  # where the merged faces are; None when no brand face is installed
    digest: str  # a hash of the source faces and the recipe


def face_file(family: str, style: str) -> Path | None:
    """The file of `family` in `style` (Regular, Bold) as fontconfig finds it, or None."""
    if not shutil.which("fc-match"):
        return None
    out = subprocess.run(["fc-match", "-f", "%{family}|%{style}|%{file}",
                          f"{family}:style={style}"], capture_output=True, text=True, timeout=30)
    parts = out.stdout.rsplit("|", 2)
    if out.returncode != 0 or len(parts) != 3:
        return None
    names = {name.strip().lower() for name in parts[0].split(",")}
    if family.strip().lower() not in names:
        return None  # fontconfig substituted another family
    path = Path(parts[2].strip())
    return path if path.is_file() else None


def _sources(families: tuple[str, ...]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for style in WEIGHTS:
        files = []
        for family in families:
            path = face_file(family, style) or (face_file(family, "Regular")
                                                if style != "Regular" else None)
            if path is not None and path not in files:
                files.append(path)
        found[style] = files
    return found


def _merge(files: list[Path], family: str, style: str, target: Path) -> None:
    from fontTools import subset
    from fontTools.merge import Merger, Options
    from fontTools.ttLib import TTFont

    unicodes = [c for first, last in RANGES for c in range(first, last + 1)]
    with tempfile.TemporaryDirectory() as scratch:
        parts = []
        for number, path in enumerate(files):
            font = TTFont(str(path), fontNumber=0)
            options = subset.Options()
            options.layout_features = ["kern", "mark", "mkmk", "ccmp", "locl", "liga"]
            options.name_IDs = ["*"]
            options.hinting = False
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=unicodes)
            subsetter.subset(font)
            part = Path(scratch) / f"{number}.ttf"
            font.save(str(part))
            parts.append(part)
        try:
            merged = Merger(Options(drop_tables=["vhea", "vmtx"])).merge([str(p) for p in parts])
        except Exception:  # faces that fontTools cannot merge: the first face alone
            merged = TTFont(str(parts[0]))
        for record in merged["name"].names:
            if record.nameID in (1, 16):
                record.string = family
            elif record.nameID in (2, 17):
                record.string = style
            elif record.nameID == 4:
                record.string = f"{family} {style}"
            elif record.nameID == 6:
                record.string = f"{family.replace(' ', '')}-{style}"
        merged["OS/2"].usWeightClass = WEIGHTS[style]
        # the same bytes every time: fontTools would stamp `modified` with the clock on save
        merged["head"].created = merged["head"].modified = 0
        merged.recalcTimestamp = False
        _put(target, lambda partial: merged.save(str(partial)))


def _put(target: Path, write) -> None:
    """Let `write` fill a file of this process's own beside `target`, then rename it into place:
    builds that make the same face at once each rename a whole file (the bytes are the same)."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


_MADE: dict[tuple, ChartFont] = {}
_FOLDERS: dict[str, Path] = {}  # digest -> a folder where this process made those faces
_REGISTERED: set[Path] = set()


def chart_font(families: tuple[str, ...], home: Path | None) -> ChartFont:
    """The chart font made from `families` (the brand's sans stack), kept under `home`."""
    key = (families, home)
    if key in _MADE:
        return _MADE[key]
    stack = ", ".join(families) + ", sans-serif"
    sources = _sources(families)
    if not sources["Regular"]:
        made = ChartFont("sans-serif", stack, None, hashlib.sha256(b"none").hexdigest())
        _MADE[key] = made
        return made
    digest = hashlib.sha256(RECIPE.encode())
    for style, files in sources.items():
        for path in files:
            digest.update(style.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    hexdigest = digest.hexdigest()
    family = f"Publisher Chart H{hexdigest[:8]}"  # a CSS name: no token may start with a digit
    folder = (home or Path(tempfile.gettempdir()) / "publisher-chart-fonts") / hexdigest[:16]
    folder.mkdir(parents=True, exist_ok=True)
    for style, files in sources.items():
        target = folder / f"chart-{style.lower()}.ttf"
        if target.is_file() or not files:
            continue
        made_before = _FOLDERS.get(hexdigest)
        if made_before is not None and (made_before / target.name).is_file():
            _put(target, lambda partial, source=made_before / target.name:  # made here before
                 shutil.copyfile(source, partial))
        else:
            _merge(files, family, style, target)
    _FOLDERS[hexdigest] = folder
    made = ChartFont(family, stack, folder, hexdigest)
    _MADE[key] = made
    return made


def register(font: ChartFont) -> None:
    """Tell vl-convert about the font's folder (once per process)."""
    if font.folder is None or font.folder in _REGISTERED:
        return
    import vl_convert

    vl_convert.register_font_directory(str(font.folder))
    _REGISTERED.add(font.folder)


_ADVANCES: dict[Path, tuple[dict[int, int], int]] = {}


def labels_fit(font: ChartFont, labels: list[str], size: float, limit: float) -> bool:
    """True when every label, set at `size` in the chart font, is clearly narrower than
    `limit` px: the sum of its characters' advance widths (kerning and marks only narrow
    a label) is below 85 % of it. False when it cannot be told (no merged font, a
    character the font lacks)."""
    if font.folder is None:
        return False
    path = font.folder / "chart-bold.ttf"  # the wider weight: it bounds both
    if not path.is_file():
        path = font.folder / "chart-regular.ttf"
    if path not in _ADVANCES:
        from fontTools.ttLib import TTFont

        try:
            with TTFont(str(path), lazy=True) as face:
                cmap = face.getBestCmap() or {}
                metrics = face["hmtx"].metrics
                # unitsPerEm from the raw table: decoding `head` warns of its zero dates
                em = int.from_bytes(face.reader["head"][18:20], "big")
                _ADVANCES[path] = ({c: metrics[g][0] for c, g in cmap.items() if g in metrics},
                                   em or 1000)
        except Exception:  # an unreadable face: let Vega measure
            return False
    advances, em = _ADVANCES[path]
    room = 0.85 * limit * em / size
    for label in labels:
        width = 0
        for char in label:
            advance = advances.get(ord(char))
            if advance is None:
                return False
            width += advance
        if width > room:
            return False
    return True
