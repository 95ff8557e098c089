"""Charts from aggregates: Vega-Lite specs drawn by vl-convert, in the edition's language.

    chart = charts.draw(aggregate, "ru", brand)
    chart.svg()    # for HTML and PDF: real text, the brand's faces
    chart.png()    # for DOCX
    chart.alt      # alternative text written from the data
    chart.table    # the data behind the chart, formatted

The input is an `Aggregate` (see `data`): the charts never see a response.
Labels, numbers, percentages and dates are formatted by `numbers` (Babel's
CLDR data); colours come from the brand; the font is made from the brand's
sans faces (`font`). The same aggregate gives the same bytes, kept in the
build store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import cache
from . import engine
from .data import KINDS, Aggregate, Series
from .describe import Table, alt_text, data_table
from .font import ChartFont, chart_font
from .spec import AXIS_FONT_SIZE, AXIS_LABEL_LIMIT, axis_labels, build
from .font import labels_fit

__all__ = ["KINDS", "Aggregate", "Chart", "Series", "Table", "chart_font_of", "draw", "font_for"]

DEFAULT_SANS = ("Noto Sans", "Noto Sans Armenian", "Noto Sans Georgian")
DEFAULT_COLORS = {"primary": "#0b4f6c", "accent": "#e0a100", "text": "#1d2329",
                  "muted": "#55626b", "light": "#e8f0f3"}


@dataclass(frozen=True)
class Chart:
    aggregate: Aggregate
    lang: str
    spec: dict | None  # None: nothing to draw (free text, or no answers)
    alt: str
    table: Table
    font: ChartFont

    def svg(self) -> bytes:
        if self.spec is None:
            raise ValueError("this aggregate is not drawn")
        return engine.svg(self.spec, self.font)

    def png(self, scale: float = 2.0) -> bytes:
        if self.spec is None:
            raise ValueError("this aggregate is not drawn")
        return engine.png(self.spec, self.font, scale)


def font_for(brand=None) -> ChartFont:
    """The chart font of a brand (its `sans` stack), kept beside the build store."""
    return chart_font_of(tuple(brand.fonts.get("sans", ())) if brand is not None else ())


def chart_font_of(families: tuple[str, ...]) -> ChartFont:
    folder = cache.current().folder
    home = Path(folder).parent / "chart-fonts" if folder is not None else None
    return chart_font(families or DEFAULT_SANS, home)


def draw(aggregate: Aggregate, lang: str, brand=None) -> Chart:
    colors = dict(DEFAULT_COLORS, **(brand.colors if brand is not None else {}))
    font = font_for(brand)
    alt = alt_text(aggregate, lang)
    drawable = aggregate.kind != "text" and any(s.n for s in aggregate.series)
    spec = build(aggregate, lang, font.family, colors, alt) if drawable else None
    if spec is not None and labels_fit(font, axis_labels(spec), AXIS_FONT_SIZE, AXIS_LABEL_LIMIT):
        # no axis label can reach the limit, so Vega would never shorten one: without the
        # limit it measures each label once instead of three times (the same SVG)
        spec["config"]["axis"]["labelLimit"] = 0
    return Chart(aggregate, lang, spec, alt, data_table(aggregate, lang), font)
