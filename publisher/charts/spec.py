"""Vega-Lite specs from aggregates: one function per kind of chart.

Everything the chart shows is decided here, as data: the positions of the
segments (so no Vega transform computes shares), and every label as text
formatted by `numbers` in the edition's language. Vega draws; it never formats.
A spec is a plain dict, so the same aggregate always gives the same spec, and
the spec's JSON is the chart's key in the build store.
"""

from __future__ import annotations

import json
import math

from .data import Aggregate, Series
from .numbers import numbers
from .text import text

WIDTH = 440  # px at 72 ppi: about the text width of an A4 page
ROW = 26  # height of one bar row
MIN_LABEL_SHARE = 0.08  # segments narrower than this get no label inside
AXIS_FONT_SIZE = 11
AXIS_LABEL_LIMIT = 180  # px: a longer axis label is shortened with an ellipsis


def mix(color: str, other: str, t: float) -> str:
    """`color` moved towards `other` by t (0: color, 1: other), as #rrggbb."""
    a = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))


def luminance(color: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(color[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink(fill: str, colors: dict) -> str:
    """Text colour readable on `fill`."""
    return "#ffffff" if luminance(fill) < 0.3 else colors.get("text", "#1d2329")


def diverging(count: int, colors: dict) -> list[str]:
    """Scale colours: the accent for the negative side, the primary for the positive."""
    primary, accent = colors.get("primary", "#0b4f6c"), colors.get("accent", "#e0a100")
    side = count // 2
    steps = [0.0] if side == 1 else [0.6 * i / (side - 1) for i in range(side)]
    negative = [mix(accent, "#ffffff", t) for t in steps]
    positive = [mix(primary, "#ffffff", t) for t in reversed(steps)]
    neutral = [mix(colors.get("muted", "#55626b"), "#ffffff", 0.75)] if count % 2 else []
    return negative + neutral + positive


def categorical(count: int, colors: dict) -> list[str]:
    """Distinct colours for unordered categories, from the brand's."""
    base = [colors.get("primary", "#0b4f6c"), colors.get("accent", "#e0a100"),
            colors.get("muted", "#55626b")]
    out = []
    for i in range(count):
        out.append(mix(base[i % 3], "#ffffff", 0.45 * (i // 3) / max(1, (count - 1) // 3)))
    return out


def _config(font: str, colors: dict) -> dict:
    textcolor = colors.get("text", "#1d2329")
    muted = colors.get("muted", "#55626b")
    return {
        "font": font,
        "background": "#ffffff",
        "view": {"stroke": None},
        "axis": {"labelFontSize": AXIS_FONT_SIZE, "labelColor": textcolor,
                 "domainColor": muted, "tickColor": muted, "grid": False, "title": None,
                 "labelLimit": AXIS_LABEL_LIMIT},
        "legend": {"labelFontSize": 11, "labelColor": textcolor, "symbolType": "square",
                   "orient": "bottom", "direction": "horizontal", "title": None,
                   "labelLimit": 0},
        "text": {"fontSize": 10, "font": font},
    }


def _row_label(series: Series, agg: Aggregate, lang: str) -> str:
    label = series.label or text(lang)["all_respondents"]
    if series.suppressed:  # its exact count would be a number below the minimum
        return label
    return f"{label} ({text(lang).get('n', n=numbers(lang).integer(series.n))})"


def _axis_labels(values: list[float], labels: list[str]) -> str:
    """A Vega expression that maps tick values to our own formatted labels."""
    table = {json.dumps(v) if not float(v).is_integer() else str(int(v)): s
             for v, s in zip(values, labels)}
    return json.dumps(table, ensure_ascii=False) + "[datum.value]"


def _legend_columns(labels) -> int:
    return len(labels) if sum(len(x) + 4 for x in labels) <= 64 else min(len(labels), 2)


def _base(agg: Aggregate, rows: int, font: str, colors: dict, alt: str) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": alt,
        "width": WIDTH,
        "height": max(1, rows) * ROW,
        "padding": 4,
        "autosize": {"type": "pad"},
        "config": _config(font, colors),
    }


def _suppressed_layer(rows: list[dict], x: float, order: list[str]) -> dict:
    return {"data": {"values": rows},
            "mark": {"type": "text", "align": "left", "fontStyle": "italic", "dx": 4},
            "encoding": {"y": {"field": "row", "type": "nominal", "sort": order},
                         "x": {"datum": x}, "text": {"field": "note"},
                         "color": {"value": "#55626b"}}}


def stacked(agg: Aggregate, lang: str, font: str, colors: dict, alt: str) -> dict:
    """Horizontal 100 % bars, one per series; diverging around 0 for a Likert scale."""
    n = numbers(lang)
    likert = agg.kind == "likert"
    cats = list(agg.categories)
    palette = diverging(len(cats), colors) if likert else categorical(len(cats), colors)
    order = [_row_label(s, agg, lang) for s in agg.series]
    segments, notes = [], []
    for series, row in zip(agg.series, order):
        if series.suppressed or not series.n:
            notes.append({"row": row, "note": text(lang).get("fewer_than",
                                                            minimum=n.integer(agg.minimum))})
            continue
        shares = [series.share(i) or 0.0 for i in range(len(cats))]
        if likert:
            half = len(cats) // 2
            start = -(sum(shares[:half]) + (shares[half] / 2 if len(cats) % 2 else 0.0))
        else:
            start = 0.0
        for i, share in enumerate(shares):
            if series.counts[i] is None or share <= 0:
                start += share
                continue
            segments.append({
                "row": row, "cat": cats[i], "x0": round(start * 100, 4),
                "x1": round((start + share) * 100, 4),
                "mid": round((start + share / 2) * 100, 4),
                "label": n.percent(share) if share >= MIN_LABEL_SHARE else "",
                "ink": ink(palette[i], colors)})
            start += share
    if likert:
        ticks = [-100, -50, 0, 50, 100]
        domain = [-100, 100]
    else:
        ticks = [0, 25, 50, 75, 100]
        domain = [0, 100]
    tick_labels = [n.percent(abs(t) / 100) for t in ticks]
    spec = _base(agg, len(order), font, colors, alt)
    y = {"field": "row", "type": "nominal", "sort": order, "title": None,
         "scale": {"domain": order}}  # every row, even one whose numbers are all suppressed
    layers = [
        {"data": {"values": segments},
         "mark": {"type": "bar", "height": {"band": 0.72}},
         "encoding": {
             "y": y,
             "x": {"field": "x0", "type": "quantitative", "scale": {"domain": domain},
                   "title": None,
                   "axis": {"values": ticks, "labelExpr": _axis_labels(ticks, tick_labels)}},
             "x2": {"field": "x1"},
             "color": {"field": "cat", "type": "nominal",
                       "scale": {"domain": cats, "range": palette},
                       "legend": {"columns": _legend_columns(cats)}}}},
        {"data": {"values": [s for s in segments if s["label"]]},
         "mark": {"type": "text"},
         "encoding": {"y": {"field": "row", "type": "nominal", "sort": order},
                      "x": {"field": "mid", "type": "quantitative"},
                      "text": {"field": "label"},
                      "color": {"field": "ink", "type": "nominal", "scale": None}}},
    ]
    if likert:
        layers.append({"mark": {"type": "rule", "color": colors.get("muted", "#55626b")},
                       "encoding": {"x": {"datum": 0}}})
    if notes:
        layers.append(_suppressed_layer(notes, domain[0], order))
    spec["layer"] = layers
    return spec


def bars(agg: Aggregate, lang: str, font: str, colors: dict, alt: str) -> dict:
    """One bar per category (single or multiple choice, all respondents)."""
    n = numbers(lang)
    series = agg.series[0] if agg.series else Series("", "", 0)
    cats = list(agg.categories)
    rows = []
    for i, cat in enumerate(cats):
        share = series.share(i)
        count = series.counts[i] if i < len(series.counts) else None
        rows.append({"cat": cat, "share": round((share or 0.0) * 100, 4),
                     "label": "—" if share is None else
                     f"{n.percent(share)} ({n.integer(count)})"})
    top = max([r["share"] for r in rows] + [1.0])
    spec = _base(agg, len(cats), font, colors, alt)
    y = {"field": "cat", "type": "nominal", "sort": cats, "title": None}
    spec["data"] = {"values": rows}
    spec["layer"] = [
        {"mark": {"type": "bar", "height": {"band": 0.72},
                  "color": colors.get("primary", "#0b4f6c")},
         "encoding": {"y": y, "x": {"field": "share", "type": "quantitative", "axis": None,
                                    "scale": {"domain": [0, top * 1.3]}}}},
        {"mark": {"type": "text", "align": "left", "dx": 4},
         "encoding": {"y": {"field": "cat", "type": "nominal", "sort": cats},
                      "x": {"field": "share", "type": "quantitative"},
                      "text": {"field": "label"},
                      "color": {"value": colors.get("text", "#1d2329")}}},
    ]
    return spec


def grouped(agg: Aggregate, lang: str, font: str, colors: dict, alt: str) -> dict:
    """Multiple choice split by a grouping: per category, one bar per series."""
    n = numbers(lang)
    cats = list(agg.categories)
    shown = [s for s in agg.series if not s.suppressed and s.n]
    order = [_row_label(s, agg, lang) for s in shown]
    palette = categorical(len(order), colors)
    rows = []
    for s, label in zip(shown, order):
        for i, cat in enumerate(cats):
            share = s.share(i)
            rows.append({"cat": cat, "series": label, "share": round((share or 0) * 100, 4),
                         "label": "—" if share is None else n.percent(share)})
    spec = _base(agg, len(cats) * max(1, len(order)) * 0.55, font, colors, alt)
    spec["data"] = {"values": rows}
    spec["layer"] = [
        {"mark": {"type": "bar"},
         "encoding": {"y": {"field": "cat", "type": "nominal", "sort": cats, "title": None},
                      "yOffset": {"field": "series", "sort": order},
                      "x": {"field": "share", "type": "quantitative", "axis": None,
                            "scale": {"domain": [0, 130]}},
                      "color": {"field": "series", "type": "nominal",
                                "scale": {"domain": order, "range": palette},
                                "legend": {"columns": _legend_columns(order)}}}},
        {"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 9},
         "encoding": {"y": {"field": "cat", "type": "nominal", "sort": cats},
                      "yOffset": {"field": "series", "sort": order},
                      "x": {"field": "share", "type": "quantitative"},
                      "text": {"field": "label"},
                      "color": {"value": colors.get("text", "#1d2329")}}},
    ]
    return spec


def histogram(agg: Aggregate, lang: str, font: str, colors: dict, alt: str) -> dict:
    """The distribution of a number: one column per bin."""
    n = numbers(lang)
    series = agg.series[0] if agg.series else Series("", "", 0)
    cats = list(agg.categories)
    rows = [{"bin": cat, "count": (series.counts[i] or 0) if i < len(series.counts) else 0,
             "label": "—" if i >= len(series.counts) or series.counts[i] is None
             else n.integer(series.counts[i])} for i, cat in enumerate(cats)]
    top = max([r["count"] for r in rows] + [1])
    spec = _base(agg, 7, font, colors, alt)
    x = {"field": "bin", "type": "ordinal", "sort": cats, "title": None,
         "axis": {"labelAngle": 0}}
    spec["data"] = {"values": rows}
    spec["layer"] = [
        {"mark": {"type": "bar", "color": colors.get("primary", "#0b4f6c"), "width": {"band": 0.8}},
         "encoding": {"x": x, "y": {"field": "count", "type": "quantitative", "axis": None,
                                    "scale": {"domain": [0, math.ceil(top * 1.2)]}}}},
        {"mark": {"type": "text", "baseline": "bottom", "dy": -3},
         "encoding": {"x": {"field": "bin", "type": "ordinal", "sort": cats},
                      "y": {"field": "count", "type": "quantitative"},
                      "text": {"field": "label"},
                      "color": {"value": colors.get("text", "#1d2329")}}},
    ]
    return spec


def means(agg: Aggregate, lang: str, font: str, colors: dict, alt: str) -> dict:
    """A number (or a scale's mean) split by a grouping: one bar per series."""
    n = numbers(lang)
    order = [_row_label(s, agg, lang) for s in agg.series]
    rows, notes = [], []
    for s, label in zip(agg.series, order):
        if s.suppressed or s.mean is None:
            notes.append({"row": label, "note": text(lang).get(
                "fewer_than", minimum=n.integer(agg.minimum))})
            continue
        rows.append({"row": label, "mean": s.mean, "label": n.decimal(s.mean, 1)})
    top = max([r["mean"] for r in rows] + [1.0])
    spec = _base(agg, len(order), font, colors, alt)
    y = {"field": "row", "type": "nominal", "sort": order, "title": None,
         "scale": {"domain": order}}
    layers = [
        {"data": {"values": rows},
         "mark": {"type": "bar", "height": {"band": 0.72},
                  "color": colors.get("primary", "#0b4f6c")},
         "encoding": {"y": y, "x": {"field": "mean", "type": "quantitative", "axis": None,
                                    "scale": {"domain": [0, top * 1.25]}}}},
        {"data": {"values": rows},
         "mark": {"type": "text", "align": "left", "dx": 4},
         "encoding": {"y": {"field": "row", "type": "nominal", "sort": order},
                      "x": {"field": "mean", "type": "quantitative"},
                      "text": {"field": "label"},
                      "color": {"value": colors.get("text", "#1d2329")}}},
    ]
    if notes:
        layers.append(_suppressed_layer(notes, 0, order))
    spec["layer"] = layers
    return spec


def axis_labels(spec: dict) -> list[str]:
    """Every text an axis of `spec` can show: the categories of its positional fields (the
    `sort` orders and domains of x and y) and the tick labels of its label expressions."""
    found: list[str] = []

    def visit(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("x", "y") and isinstance(value, dict):
                    for part in (value.get("sort"), (value.get("scale") or {}).get("domain")):
                        if isinstance(part, list):
                            found.extend(v for v in part if isinstance(v, str))
                    axis = value.get("axis")
                    if isinstance(axis, dict) and isinstance(axis.get("labelExpr"), str):
                        table = axis["labelExpr"].rsplit("[", 1)[0]
                        found.extend(str(v) for v in json.loads(table).values())
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(spec)
    return found


def build(agg: Aggregate, lang: str, font: str, colors: dict, alt: str) -> dict | None:
    """The spec for `agg`, or None for a kind that is not drawn (free text)."""
    if agg.kind == "likert":
        return stacked(agg, lang, font, colors, alt)
    if agg.kind in ("single", "multiple"):
        if not agg.by:
            return bars(agg, lang, font, colors, alt)
        return grouped(agg, lang, font, colors, alt) if agg.kind == "multiple" else \
            stacked(agg, lang, font, colors, alt)
    if agg.kind == "number":
        return means(agg, lang, font, colors, alt) if agg.by else \
            histogram(agg, lang, font, colors, alt)
    return None
