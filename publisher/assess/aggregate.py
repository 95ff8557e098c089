"""From a survey's responses to a chart's `Aggregate`: counting, grouping, suppressing.

The response tables (`surveys/<slug>/responses/*.csv`, read by
`publisher.surveys.responses.load_responses`) have a column per question, named by the
question. A grouping (`by=member|event|wave`) is a column of the same name: a question
of the form (a select_one whose choices are the members' ids or the events' slugs), or,
for `wave`, the form version each response was collected with.

Choice questions are counted by the surveys' own `aggregate.tally`, which suppresses
small cells (fewer than `surveys.min_cell_size` respondents, default 5, and the next
smallest count of a single choice when one alone would be given away by the total); a
series (all respondents, or one member, event or wave) answered by fewer respondents
shows nothing. Numbers and free text follow the same rule here.
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
    from ..surveys.privacy import is_personal

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
    return Question(q.name, kind, labels, choices, is_personal(q))


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


def aggregate(question: Question, rows: list[dict], lang: str, *, form=None, by: str = "",
              groups: dict | None = None, minimum: int = DEFAULT_MINIMUM,
              fallback_lang: str = "en", survey: str = "", survey_title: str = "",
              illustrative: bool = False, quotes: bool = False,
              limit: int = 6) -> Aggregate:
    """One question's aggregate in `lang`. `groups` maps a grouping value to its label
    (member names, event titles), in the order the chart shows them; `form` is the
    survey's form (choice questions are counted by `surveys.aggregate.tally`)."""
    from ..surveys.aggregate import tally

    t = text(lang)
    column = question.name
    answered = [r for r in rows if (r.get(column) or "").strip()]
    if by:
        key = group_column(rows, by)
        values = groups or {}
        order = list(values) + sorted({r.get(key, "") for r in answered} - set(values) - {""})
        parts = [(g, values.get(g, g), [r for r in answered if r.get(key, "") == g])
                 for g in order]
        parts = [p for p in parts if p[2]]
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
            counted = tally(form, part, question.name, lang, minimum)
            n = len(part)
            shown = {c.name: c.n for c in counted.counts}
            scores = [names.index(r[column].strip()) + 1 for r in part
                      if question.kind == "likert" and r[column].strip() in shown]
            mean = statistics.fmean(scores) if scores and n >= minimum else None
            series.append(Series(key, label, n, tuple(shown.get(c) for c in names),
                                 counted.respondents is None, mean))
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
    keys = tuple(name for name, _ in question.choices) if question.kind in (
        "likert", "single", "multiple") else categories
    return Aggregate(question.kind, question.name, title, categories, tuple(series), minimum,
                     by, t[by] if by in GROUPINGS else "", quoted, illustrative, survey,
                     survey_title, notes, keys)


def group_column(rows: list[dict], by: str) -> str:
    """The column that holds a grouping: its own, else (for waves) the form version."""
    if any(by in r for r in rows[:1]):
        return by
    return GROUPING_COLUMNS.get(by, by)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
