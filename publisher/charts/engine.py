"""Drawing a spec with vl-convert: SVG with real text, PNG for Word, both kept in the store.

vl-convert runs Vega-Lite and Vega in an embedded JavaScript engine, with no
browser and no network (`allowed_base_urls=[]`: a spec can load no data). The
SVG it writes names the chart font (see `font`); the copy we keep names the
brand's faces instead, which have the same widths. The PNG is drawn by
vl-convert's resvg from the SVG that names the chart font, so it never depends
on the fonts of the machine. Both are a pure function of the spec, the font's
hash and vl-convert's version, which make their key in the build store.
"""

from __future__ import annotations

import functools
import json

from ..core import cache
from .font import ChartFont, register


@functools.cache
def engine_version() -> str:
    from importlib.metadata import version

    return version("vl-convert-python")


def spec_json(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _internal_svg(spec: dict, font: ChartFont) -> str:
    name = cache.key("chart-svg", engine_version(), font.digest, spec_json(spec))
    stored = cache.get(name)
    if stored is not None:
        return stored.decode("utf-8")
    import vl_convert

    register(font)
    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    cache.put(name, svg.encode("utf-8"))
    return svg


def svg(spec: dict, font: ChartFont) -> bytes:
    """The chart as SVG, its text in the brand's faces."""
    drawn = _internal_svg(spec, font)
    if font.folder is not None:
        drawn = drawn.replace(f'font-family="{font.family}"',
                              f'font-family="{font.stack}"')
    return drawn.encode("utf-8")


def png(spec: dict, font: ChartFont, scale: float = 2.0) -> bytes:
    """The chart as PNG at `scale` × 72 ppi (2: 144 ppi, sharp in print at its size)."""
    internal = _internal_svg(spec, font)
    name = cache.key("chart-png", engine_version(), font.digest, repr(scale), internal)
    stored = cache.get(name)
    if stored is not None:
        return stored
    import vl_convert

    register(font)
    data = vl_convert.svg_to_png(internal, scale=scale)
    cache.put(name, data)
    return data
