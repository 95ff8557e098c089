"""WCAG 2 contrast of the brand colors, checked where the site uses them together."""

from __future__ import annotations

import re

from ..load.brand import Brand
from ..core.diagnostics import Diagnostic, warning
from ..core.yamlio import parse_yaml, read_text

WHITE = "#ffffff"

#: (foreground, background, minimum ratio, where the site shows the pair).
#: 4.5:1 is WCAG 2.1 AA for body text; 3:1 for focus rings and other non-text marks.
PAIRS = (
    ("text", WHITE, 4.5, "body text on the page background"),
    ("muted", WHITE, 4.5, "secondary text (dates, facts) on the page background"),
    ("primary", WHITE, 4.5, "links and headings on the page background"),
    (WHITE, "primary", 4.5, "the masthead and table headings (white on primary)"),
    ("text", "light", 4.5, "text on light panels (contents, filters)"),
    ("primary", "light", 4.5, "links on light panels"),
    ("muted", "light", 4.5, "secondary text on light panels"),
)

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse_color(value: str) -> tuple[int, int, int] | None:
    value = value.strip()
    if not _HEX.match(value):
        return None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _positions(brand: Brand) -> dict[str, tuple[int, int]]:
    """Line and column of every color in the brand file."""
    text, _ = read_text(brand.path)
    located, _ = parse_yaml(text or "", brand.path)
    if located is None or "colors" not in located.data:
        return {}
    colors = located.data["colors"]
    return {str(k): located.value_position(k, colors) for k in colors}


def check_contrast(brand: Brand) -> list[Diagnostic]:
    """A PUB701 warning for every color pair below its WCAG AA ratio."""
    found: list[Diagnostic] = []
    positions = None
    for fg_key, bg_key, minimum, where in PAIRS:
        fg_value = fg_key if fg_key.startswith("#") else brand.colors.get(fg_key, "")
        bg_value = bg_key if bg_key.startswith("#") else brand.colors.get(bg_key, "")
        fg, bg = parse_color(fg_value), parse_color(bg_value)
        blame = fg_key if not fg_key.startswith("#") else bg_key
        if positions is None:
            positions = _positions(brand)
        line, column = positions.get(blame, (0, 0))
        if fg is None or bg is None:
            bad = fg_value if fg is None else bg_value
            found.append(warning("PUB701", f"brand color `{bad}` is not a #rrggbb color, so its "
                                 f"contrast cannot be checked ({where})", brand.path, line,
                                 column, "write colors as \"#0b4f6c\""))
            continue
        ratio = contrast(fg, bg)
        if ratio < minimum:
            found.append(warning(
                "PUB701",
                f"brand colors {fg_value} on {bg_value} have a contrast of {ratio:.2f}:1, below "
                f"the {minimum:g}:1 that WCAG AA asks for {where}",
                brand.path, line, column,
                f"change `colors.{blame}` until the pair reaches {minimum:g}:1"))
    seen, unique = set(), []
    for d in found:
        if d.message not in seen:
            seen.add(d.message)
            unique.append(d)
    return unique
