"""What a chart says in words: its alternative text and its data table.

Both are written from the aggregate, in the edition's language, with the same
CLDR formatting as the chart's labels. The HTML edition shows the table beside
the chart; the alt text goes with the image in every format.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import Aggregate, Series
from .numbers import numbers
from .text import text

DASH = "—"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned numbers


def _label(series: Series, lang: str) -> str:
    return series.label or text(lang)["all_respondents"]


def _cell(series: Series, index: int, lang: str) -> str:
    n = numbers(lang)
    share = series.share(index)
    if share is None:
        return DASH
    return f"{n.percent(share)} ({n.integer(series.counts[index])})"


def alt_text(agg: Aggregate, lang: str) -> str:
    t, n = text(lang), numbers(lang)
    parts: list[str] = []
    fewer = t.get("fewer_than", minimum=n.integer(agg.minimum))
    count = t.get("n", n=n.integer(agg.respondents))
    if agg.kind == "likert" or (agg.kind == "single" and agg.by):
        half = len(agg.categories) // 2
        odd = len(agg.categories) % 2
        for s in agg.series:
            label = f"{_label(s, lang)} ({t.get('n', n=n.integer(s.n))})"
            if s.suppressed or not s.n:
                parts.append(f"{_label(s, lang)}: {fewer}")
            elif agg.kind == "likert":
                negative = sum(s.share(i) or 0 for i in range(half))
                positive = sum(s.share(i) or 0 for i in range(half + odd, len(agg.categories)))
                parts.append(t.get("alt_likert_row", label=label, positive=n.percent(positive),
                                   negative=n.percent(negative)))
            else:
                best = max(range(len(agg.categories)), key=lambda i: s.share(i) or 0)
                parts.append(label + ", " + t.get("alt_share", label=agg.categories[best],
                                                  share=n.percent(s.share(best) or 0)))
        key = "alt_likert" if agg.kind == "likert" else "alt_bars"
    elif agg.kind in ("single", "multiple") and not agg.by:
        s = agg.series[0] if agg.series else Series("", "", 0)
        ranked = sorted(range(len(agg.categories)), key=lambda i: (-(s.share(i) or 0), i))
        for i in ranked:
            share = s.share(i)
            parts.append(t.get("alt_share", label=agg.categories[i],
                               share=DASH if share is None else n.percent(share)))
        parts.append(count)
        key = "alt_bars"
    elif agg.kind == "multiple":
        for s in agg.series:
            if s.suppressed or not s.n:
                parts.append(f"{_label(s, lang)}: {fewer}")
                continue
            best = max(range(len(agg.categories)), key=lambda i: s.share(i) or 0)
            parts.append(f"{_label(s, lang)} ({t.get('n', n=n.integer(s.n))}), " + t.get(
                "alt_share", label=agg.categories[best], share=n.percent(s.share(best) or 0)))
        key = "alt_bars"
    elif agg.kind == "number" and agg.by:
        for s in agg.series:
            parts.append(f"{_label(s, lang)}: " + (fewer if s.suppressed or s.mean is None else
                                                   t.get("alt_mean", mean=n.decimal(s.mean))))
        key = "alt_means"
    else:
        s = agg.series[0] if agg.series else Series("", "", 0)
        if s.mean is not None and not s.suppressed:
            parts.append(t.get("alt_mean", mean=n.decimal(s.mean)))
        for i, cat in enumerate(agg.categories):
            c = s.counts[i] if i < len(s.counts) else None
            parts.append(f"{cat}: {DASH if c is None else n.integer(c)}")
        parts.append(count)
        key = "alt_histogram"
    summary = "; ".join(parts)
    if agg.any_suppressed:
        summary += ". " + t.get("suppressed_note", minimum=n.integer(agg.minimum))
    if agg.illustrative:
        summary += " " + t["illustrative"]
    return t.get(key, title=agg.title, summary=summary)


def data_table(agg: Aggregate, lang: str) -> Table:
    t, n = text(lang), numbers(lang)
    by = agg.by_label or t["answer"]
    if agg.kind == "text":
        return Table((t["answer"],), tuple((q,) for q in agg.quotes), (False,))
    if agg.kind == "number" and agg.by:
        rows = tuple((_label(s, lang), DASH if s.suppressed else n.integer(s.n),
                      DASH if s.suppressed or s.mean is None else n.decimal(s.mean))
                     for s in agg.series)
        return Table((by, "n", t["mean"]), rows, (False, True, True))
    if agg.by:  # a row per series, a column per category
        rows = []
        for s in agg.series:
            if s.suppressed:
                rows.append((_label(s, lang), DASH) + (DASH,) * len(agg.categories))
            else:
                rows.append((_label(s, lang), n.integer(s.n))
                            + tuple(_cell(s, i, lang) for i in range(len(agg.categories))))
        return Table((by, "n") + tuple(agg.categories), tuple(rows),
                     (False, True) + (True,) * len(agg.categories))
    s = agg.series[0] if agg.series else Series("", "", 0)
    rows = []
    for i, cat in enumerate(agg.categories):
        c = s.counts[i] if i < len(s.counts) else None
        share = s.share(i)
        rows.append((cat, DASH if c is None or s.suppressed else n.integer(c),
                     DASH if share is None else n.percent(share)))
    rows.append((t["total"], n.integer(s.n), ""))
    return Table((t["answer"], t["count"], t["share"]), tuple(rows), (False, True, True))
