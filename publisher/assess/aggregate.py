"""From a survey's responses to a chart's `Aggregate`: counting, grouping, suppressing.

The response tables (`surveys/<slug>/responses/*.csv`) have a column per question,
named by the question, a select_multiple answer as its choice names separated by
spaces. A grouping (`by=member|event|wave`) is a column of the same name: a question
of the form (a select_one whose choices are the members' ids, the events' slugs or
the waves), or, for `wave`, the form version each response was collected with.

Small cells are suppressed here, before anything is drawn or written: a series
(all respondents, or one member, event or wave) with fewer respondents than the
minimum shows nothing; within a series, a count of 1 to minimum − 1 becomes None
and is shown as a dash. Zero is published: it counts nobody.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from ..charts import Aggregate, Series
from ..charts.numbers import numbers
from ..charts.text import text

GROUPINGS = ("member", "event", "wave")
#: the metadata column a grouping falls back to when the form has no such question
GROUPING_COLUMNS = {"wave": "_form_version"}
NUMBER_TYPES = ("integer", "decimal", "range")
TEXT_TYPES = ("text",)
DEFAULT_MINIMUM = 5


@dataclass(frozen=True)
class Question:
    """What the aggregation needs of a form's question."""

    name: str
    kind: str  # likert, single, multiple, number, text
    labels: dict  # lang -> label
    choices: tuple[tuple[str, dict], ...] = ()  # (name, lang -> label), in the form's order
    personal: bool = False


def kind_of(question) -> str | None:
    """The chart kind of a surveys.form.Question, or None when it cannot be charted."""
    base = question.kind
    if base == "select_one":
        return "likert" if question.scale else "single"
    if base == "select_multiple":
        return "multiple"
    if base in NUMBER_TYPES:
        return "number"
    if base in TEXT_TYPES:
        return "text"
    return None


def question_of(form, name: str) -> Question | None:
    q = form.question(name)
    if q is None or not q.answered:
        return None
    kind = kind_of(q)
    if kind is None:
        return None
    languages = list(form.languages) or [form.default_language]
    labels = {lang: q.label(lang, form.default_language) for lang in languages}
    choices = tuple((c.name, {lang: c.label(lang, form.default_language) for lang in languages})
                    for c in form.options(q))
    return Question(q.name, kind, labels, choices, bool(q.personal))


def _pick(labels: dict, lang: str, fallback: str) -> str:
    return labels.get(lang) or labels.get(fallback) or next(iter(labels.values()), "")


def _cell(count: int, minimum: int) -> int | None:
    return None if 0 < count < minimum else count


def _bins(values: list[float], lang: str) -> list[tuple[float, float, str]]:
    """Up to 8 bins of a nice width covering the values, labelled `0–4`, `5–9`, ... ."""
    low, high = math.floor(min(values)), math.ceil(max(values))
    span = max(1, high - low + 1)
    width = next(w for w in (1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000, 10**9)
                 if span / w <= 8)
    start = (low // width) * width
    n = numbers(lang)
    out = []
    while start <= high:
        end = start + width
        label = n.integer(start) if width == 1 else f"{n.integer(start)}–{n.integer(end - 1)}"
        out.append((start, end, label))
        start = end
    return out


def aggregate(question: Question, rows: list[dict], lang: str, *, by: str = "",
              groups: dict | None = None, minimum: int = DEFAULT_MINIMUM,
              fallback_lang: str = "en", survey: str = "", survey_title: str = "",
              illustrative: bool = False, quotes: bool = False,
              limit: int = 6) -> Aggregate:
    """One question's aggregate in `lang`. `groups` maps a grouping value to its label
    (member names, event titles, wave names), in the order the chart shows them."""
    t = text(lang)
    column = question.name
    answered = [r for r in rows if (r.get(column) or "").strip()]
    if by:
        key = by if any(by in r for r in rows) else GROUPING_COLUMNS.get(by, by)
        values = groups or {}
        order = list(values) + sorted({r.get(key, "") for r in answered} - set(values) - {""})
        parts = [(g, values.get(g, g), [r for r in answered if r.get(key, "") == g])
                 for g in order]
        parts = [p for p in parts if p[2] or p[0] in values]
    else:
        parts = [("", "", answered)]
    title = _pick(question.labels, lang, fallback_lang)
    categories: tuple[str, ...] = ()
    series: list[Series] = []
    quoted: tuple[str, ...] = ()
    if question.kind in ("likert", "single", "multiple"):
        names = [name for name, _ in question.choices]
        categories = tuple(_pick(labels, lang, fallback_lang) for _, labels in question.choices)
        for key, label, part in parts:
            counts = dict.fromkeys(names, 0)
            for r in part:
                picked = r[column].split() if question.kind == "multiple" else [r[column].strip()]
                for name in picked:
                    if name in counts:
                        counts[name] += 1
            n = len(part)
            scores = [names.index(r[column].strip()) + 1 for r in part
                      if question.kind == "likert" and r[column].strip() in counts]
            mean = statistics.fmean(scores) if scores and n >= minimum else None
            series.append(Series(key, label, n, tuple(_cell(counts[c], minimum) for c in names),
                                 n < minimum, mean))
    elif question.kind == "number":
        every = [float(r[column]) for r in answered if _is_number(r[column])]
        bins = _bins(every, lang) if every else []
        categories = tuple(label for _, _, label in bins)
        for key, label, part in parts:
            values = [float(r[column]) for r in part if _is_number(r[column])]
            counts = [sum(1 for v in values if lo <= v < hi) for lo, hi, _ in bins]
            n = len(values)
            mean = statistics.fmean(values) if values and n >= minimum else None
            series.append(Series(key, label, n, tuple(_cell(c, minimum) for c in counts),
                                 n < minimum, mean))
    else:  # free text: quoted only when asked for, never a personal field
        n = len(answered)
        series.append(Series("", "", n, (), n < minimum))
        if quotes and not question.personal and n >= minimum:
            quoted = tuple(sorted({" ".join(r[column].split()) for r in answered},
                                  key=lambda s: (len(s), s))[:limit])
    notes = (t.get("multiple_note", hundred=numbers(lang).percent(1)),) \
        if question.kind == "multiple" else ()
    return Aggregate(question.kind, question.name, title, categories, tuple(series), minimum,
                     by, t[by] if by in GROUPINGS else "", quoted, illustrative, survey,
                     survey_title, notes)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
