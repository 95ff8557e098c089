"""From a survey's responses to a chart's `Aggregate`: counting, grouping, suppressing.

The response tables (`surveys/<slug>/responses/*.csv`, read by
`publisher.surveys.tables.load_responses`) have a column per question, named by the
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
    out = []
    while start <= high:
        end = start + width
        out.append((start, end, _bin_label(start, end, lang)))
        start = end
    return out


def _bin_label(start: float, end: float, lang: str) -> str:
    n = numbers(lang)
    return n.integer(start) if end - start == 1 else f"{n.integer(start)}–{n.integer(end - 1)}"


@dataclass(frozen=True)
class Counted:
    """What `count` finds, in no language: per part (all respondents, or one group) its key,
    respondents, counts (by choice name, or per bin) and mean; the bins of a number."""

    parts: tuple[tuple[str, int, tuple, bool, float | None], ...]
    bins: tuple[tuple[float, float], ...] = ()
    quotes: tuple[str, ...] = ()


def count(question: Question, rows: list[dict], *, form=None, by: str = "",
          groups=(), minimum: int = DEFAULT_MINIMUM, quotes: bool = False,
          limit: int = 6) -> Counted:
    """The counting of `aggregate`, which no language changes (so every edition of a report
    shares it): `groups` are the grouping's values in the order the chart shows them."""
    from ..surveys.aggregate import tally

    column = question.name
    answered = [r for r in rows if (r.get(column) or "").strip()]
    if by:
        key = group_column(rows, by)
        known = list(groups)
        split: dict[str, list[dict]] = {}
        for r in answered:
            split.setdefault(r.get(key, ""), []).append(r)
        order = known + sorted(set(split) - set(known) - {""})
        parts = [(g, split[g]) for g in order if split.get(g)]
    else:
        parts = [("", answered)]
    out = []
    bins: tuple[tuple[float, float], ...] = ()
    quoted: tuple[str, ...] = ()
    if question.kind in ("likert", "single", "multiple"):
        names = [name for name, _ in question.choices]
        index = {name: i + 1 for i, name in enumerate(names)}
        for g, part in parts:
            counted = tally(form, part, question.name, "", minimum)
            n = len(part)
            shown = {c.name: c.n for c in counted.counts}
            scores = [index[v] for v in (r[column].strip() for r in part) if v in shown] \
                if question.kind == "likert" else []
            mean = statistics.fmean(scores) if scores and n >= minimum else None
            out.append((g, n, tuple(shown.get(c) for c in names),
                        counted.respondents is None, mean))
    elif question.kind == "number":
        every = [float(r[column]) for r in answered if _is_number(r[column])]
        bins = tuple((lo, hi) for lo, hi, _ in _bins(every, "en")) if every else ()
        for g, part in parts:
            values = [float(r[column]) for r in part if _is_number(r[column])]
            counts = [sum(1 for v in values if lo <= v < hi) for lo, hi in bins]
            n = len(values)
            mean = statistics.fmean(values) if values and n >= minimum else None
            out.append((g, n, tuple(_cell(c, minimum) for c in counts), n < minimum, mean))
    else:  # free text: quoted only when asked for, never a personal field
        n = len(answered)
        out.append(("", n, (), n < minimum, None))
        if quotes and not question.personal and n >= minimum:
            quoted = tuple(sorted({" ".join(r[column].split()) for r in answered},
                                  key=lambda s: (len(s), s))[:limit])
    return Counted(tuple(out), bins, quoted)


def aggregate(question: Question, rows: list[dict], lang: str, *, form=None, by: str = "",
              groups: dict | None = None, minimum: int = DEFAULT_MINIMUM,
              fallback_lang: str = "en", survey: str = "", survey_title: str = "",
              illustrative: bool = False, quotes: bool = False,
              limit: int = 6, counted: Counted | None = None) -> Aggregate:
    """One question's aggregate in `lang`. `groups` maps a grouping value to its label
    (member names, event titles), in the order the chart shows them; `form` is the
    survey's form (choice questions are counted by `surveys.aggregate.tally`); `counted`,
    when given, is `count` of the same question, rows and options (from the store)."""
    if counted is None:
        counted = count(question, rows, form=form, by=by, groups=tuple(groups or ()),
                        minimum=minimum, quotes=quotes, limit=limit)
    t = text(lang)
    labels = groups or {}
    title = _pick(question.labels, lang, fallback_lang)
    categories: tuple[str, ...] = ()
    if question.kind in ("likert", "single", "multiple"):
        categories = tuple(_pick(names, lang, fallback_lang) for _, names in question.choices)
    elif question.kind == "number":
        categories = tuple(_bin_label(lo, hi, lang) for lo, hi in counted.bins)
    series = tuple(Series(g, labels.get(g, g) if by else "", n, counts, suppressed, mean)
                   for g, n, counts, suppressed, mean in counted.parts)
    notes = (t.get("multiple_note", hundred=numbers(lang).percent(1)),) \
        if question.kind == "multiple" else ()
    keys = tuple(name for name, _ in question.choices) if question.kind in (
        "likert", "single", "multiple") else categories
    return Aggregate(question.kind, question.name, title, categories, series, minimum,
                     by, t[by] if by in GROUPINGS else "", counted.quotes, illustrative, survey,
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
