"""The action plan's indicators, assessed: level, stage, actual value, status.

Each indicator of `action-plan.yaml` names what it measures (`level`: a level of
Kirkpatrick's model, reaction, learning, behaviour or results, or `outputs` for
things counted) and the stage of the method it belongs to. Its actual value is
computed from the data:

- from the records (`publisher.records.measures`): events of a type in a period,
  participants (of one member), publications (of a type, with an edition in a
  language), activities done;
- from a survey's responses (here): `mean` of a question (a scale's points 1…N, or
  a number), `top-two-box` (the share, in %, of answers in the scale's two highest
  points), each for one `wave`, and `change` between a `baseline_wave` and a
  follow-up `wave` of the same `statistic`. A wave with fewer respondents than the
  minimum gives no value (small cells are never published).

The status compares the actual value with the baseline and the target, and with the
time elapsed between their dates:

- no data: no actual value;
- on track: the target is reached, or the share of the way from baseline to target
  is at least the share of the time elapsed;
- at risk: behind that, by at most a quarter of it;
- off track: further behind, or the target's date has passed and it is not reached.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from ..core.diagnostics import Diagnostic, error, warning
from .aggregate import DEFAULT_MINIMUM, GROUPING_COLUMNS, question_of

STATUSES = ("on-track", "at-risk", "off-track", "no-data")
SURVEY_MEASURES = ("mean", "top-two-box", "change")
AT_RISK_SLACK = 0.25


@dataclass(frozen=True)
class Assessed:
    """One indicator with its computed value and status."""

    result: object  # publisher.records.model.Result
    indicator: object  # publisher.records.model.Indicator
    actual: float | None
    date: dt.date | None
    source: str
    status: str
    illustrative: bool = False
    percent: bool = False  # values are shares in % (top-two-box)
    trend: tuple[tuple[str, float], ...] = field(default=())  # survey measures: value by wave

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def level(self) -> str:
        return self.indicator.level

    @property
    def stage(self) -> int | None:
        return self.indicator.stage

    @property
    def baseline(self) -> float | None:
        return self.indicator.baseline.value if self.indicator.baseline else None

    @property
    def target(self) -> float | None:
        return self.indicator.target.value if self.indicator.target else None

    def to_json(self, lang: str = "en") -> dict:
        ind = self.indicator
        return {
            "id": ind.id, "result": self.result.id, "title": ind.title.get(lang),
            "unit": ind.unit.get(lang), "level": ind.level or None, "stage": ind.stage,
            "baseline": self.baseline,
            "baseline_date": ind.baseline.date.isoformat() if ind.baseline else None,
            "target": self.target,
            "target_date": ind.target.date.isoformat() if ind.target else None,
            "actual": self.actual, "actual_date": self.date.isoformat() if self.date else None,
            "source": self.source, "status": self.status, "illustrative": self.illustrative,
            "trend": [{"wave": w, "value": v} for w, v in self.trend],
        }


def status(indicator, value: float | None, as_of: dt.date) -> str:
    if value is None:
        return "no-data"
    if indicator.target is None:
        return "no-data"
    base = indicator.baseline.value if indicator.baseline else 0.0
    span = indicator.target.value - base
    progress = 1.0 if span == 0 else (value - base) / span
    if progress >= 1:
        return "on-track"
    start = indicator.baseline.date if indicator.baseline else None
    end = indicator.target.date
    if as_of >= end:
        return "off-track"
    elapsed = 1.0 if start is None or end <= start else \
        min(1.0, max(0.0, (as_of - start).days / (end - start).days))
    if progress >= elapsed:
        return "on-track"
    if progress >= elapsed * (1 - AT_RISK_SLACK):
        return "at-risk"
    return "off-track"


# --- survey measures ---------------------------------------------------------------

def wave_column(rows: list[dict], *values: str) -> str:
    """The column the waves are told by: `wave`, else `event` when the measure names
    events (a follow-up seminar against the first), else the form version."""
    if rows and "wave" in rows[0]:
        return "wave"
    for value in values:
        if value and any(r.get("event") == value for r in rows):
            return "event"
    return GROUPING_COLUMNS["wave"]


def _scores(question, rows: list[dict]) -> list[float]:
    names = [name for name, _ in question.choices]
    out = []
    for r in rows:
        value = (r.get(question.name) or "").strip()
        if not value:
            continue
        if question.kind in ("likert", "single"):
            if value in names:
                out.append(float(names.index(value) + 1))
        else:
            try:
                out.append(float(value))
            except ValueError:
                continue
    return out


def statistic(question, rows: list[dict], which: str, minimum: int) -> float | None:
    scores = _scores(question, rows)
    if len(scores) < minimum:
        return None
    if which == "top-two-box":
        top = len(question.choices)
        counted = sum(1 for s in scores if s >= top - 1)
        if 0 < counted < minimum:  # the share would give away a count below the minimum
            return None
        return 100.0 * counted / len(scores)
    return statistics.fmean(scores)


def survey_value(measure, data, minimum: int | None = None,
                 ) -> tuple[float | None, str, bool, tuple]:
    """(value, source, illustrative, trend by wave) of a survey measure."""
    if minimum is None:
        minimum = data.minimum() if data is not None else DEFAULT_MINIMUM
    survey = data.survey(measure.survey) if data is not None else None
    if survey is None:
        return None, f"unknown survey {measure.survey}", False, ()
    question = question_of(survey.form, measure.question)
    if question is None:
        return None, f"unknown question {measure.question}", False, ()
    column = wave_column(survey.rows, measure.wave, measure.baseline_wave)
    which = measure.statistic or ("mean" if measure.count == "change" else measure.count)
    waves = sorted({r.get(column, "") for r in survey.rows} - {""})
    trend = []
    for w in waves:
        value = statistic(question, [r for r in survey.rows if r.get(column, "") == w], which,
                          minimum)
        if value is not None:
            trend.append((w, round(value, 4)))

    def of(wave: str) -> float | None:
        rows = [r for r in survey.rows if not wave or r.get(column, "") == wave]
        return statistic(question, rows, which, minimum)

    source = f"{measure.survey}/{measure.question} {which}"
    if measure.count == "change":
        before, after = of(measure.baseline_wave), of(measure.wave)
        value = None if before is None or after is None else after - before
        source += f", wave {measure.wave} against {measure.baseline_wave}"
    else:
        value = of(measure.wave)
        if measure.wave:
            source += f", wave {measure.wave}"
    if value is None:
        source += f" (fewer than {minimum} respondents)"
    return value, source, survey.illustrative, tuple(trend)


# --- the plan ----------------------------------------------------------------------

def find_plan(records, name: str):
    plan = records.plan if records is not None else None
    if plan is None:
        return None
    if name in ("", plan.id, plan.path.stem):
        return plan
    return None


def assess(records, data, as_of: dt.date | None = None) -> list[Assessed]:
    """Every indicator of the plan, with its actual value and status on `as_of`."""
    from ..records.measures import actual

    as_of = as_of or dt.date.today()
    out: list[Assessed] = []
    plan = records.plan if records is not None else None
    for result in (plan.results if plan else ()):
        for ind in result.indicators:
            m = ind.measure
            percent = bool(m and (m.count == "top-two-box" or m.statistic == "top-two-box"))
            if m is not None and m.count in SURVEY_MEASURES:
                value, source, illustrative, trend = survey_value(m, data)
                date = min(m.end, as_of) if m.end else as_of
                out.append(Assessed(result, ind, value, date if value is not None else None,
                                    source, status(ind, value, as_of), illustrative, percent,
                                    trend))
                continue
            got = actual(ind, records, as_of)
            value = got.value if got else None
            out.append(Assessed(result, ind, value, got.date if got else None,
                                got.source if got else "", status(ind, value, as_of),
                                bool(got and got.illustrative), percent))
    return out


def check(loaded, data) -> list[Diagnostic]:
    """What the records' own checks cannot know: survey measures that name no survey or
    question, and indicators that do not say what they measure."""
    from ..records.check import NODE, at_start, at_value

    plan = loaded.plan
    if plan is None:
        return []
    located, path = plan.located, plan.located.path
    found: list[Diagnostic] = []
    for r in plan.values.get("results", []):
        for i in r.get("indicators", []):
            if not i.get("level"):
                found.append(warning(
                    "PUB991", f"indicator `{i.get('id')}` does not say what it measures",
                    path, *at_start(located, i),
                    "add `level:` reaction, learning, behaviour or results (Kirkpatrick), "
                    "or outputs"))
            m = i.get("measure") or {}
            if m.get("count") not in SURVEY_MEASURES:
                continue
            needed = ["survey", "question"] + (["wave", "baseline_wave"]
                                               if m.get("count") == "change" else [])
            missing = [k for k in needed if not m.get(k)]
            if missing:
                found.append(error(
                    "PUB992", f"the `{m.get('count')}` measure of `{i.get('id')}` needs "
                    + ", ".join(f"`{k}`" for k in missing), path,
                    *(at_value(located, m, "count") if m.get(NODE) is not None
                      else at_start(located, i))))
                continue
            survey = data.survey(m["survey"]) if data is not None else None
            if survey is None:
                found.append(error("PUB990", f"indicator `{i.get('id')}` names survey "
                                   f"`{m['survey']}`, which does not exist", path,
                                   *at_value(located, m, "survey")))
            elif question_of(survey.form, m["question"]) is None:
                found.append(error("PUB990", f"indicator `{i.get('id')}` names question "
                                   f"`{m['question']}`, which survey `{m['survey']}` does not "
                                   "ask (or cannot be measured)", path,
                                   *at_value(located, m, "question")))
    return found


# --- the `.indicators` block ---------------------------------------------------------

def format_value(value: float | None, assessed: Assessed, lang: str, signed=False) -> str:
    from ..charts.numbers import numbers

    n = numbers(lang)
    if value is None:
        return "—"
    if assessed.percent:
        if signed:
            return n.signed_points(value, 0)
        return n.percent(value / 100)
    digits = 0 if float(value).is_integer() else 1
    return n.signed_points(value, digits) if signed else n.decimal(value, digits)


def rows(assessed: list[Assessed], lang: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    from ..charts.text import text

    t = text(lang)
    header = (t["indicator"], t["level"], t["stage"], t["baseline"], t["target"], t["actual"],
              t["status"])
    out = []
    for a in assessed:
        ind = a.indicator
        unit = ind.unit.get(lang)
        title = ind.title.get(lang) + (f" ({unit})" if unit and not a.percent else "")
        change = a.indicator.measure is not None and a.indicator.measure.count == "change"
        out.append((title, t[f"level_{a.level}"] if a.level else "—",
                    str(a.stage) if a.stage else "—",
                    format_value(a.baseline, a, lang, change),
                    format_value(a.target, a, lang, change),
                    format_value(a.actual, a, lang, change),
                    t["status_" + a.status.replace("-", "_")]))
    return header, out


def indicator_blocks(attrs, block, edition, data, places) -> tuple[list, list[Diagnostic]]:
    from .elements import caption as _caption
    from .elements import note as _note
    from .elements import table_block

    name = attrs.get("plan", "")
    if not name:
        return [], [places.error("PUB983", "`.indicators` needs a `plan=` attribute", None,
                                 "e.g. ::: {.indicators plan=alliance-ii}")]
    records = data.records() if data is not None else None
    plan = find_plan(records, name)
    if plan is None:
        known = [p for p in ((records.plan.id or records.plan.path.stem),) if p] \
            if records is not None and records.plan else []
        hint = ("known: " + ", ".join(f"`{k}`" for k in known)) if known else \
            "the project has no action-plan.yaml"
        return [], [places.error("PUB984", f"unknown plan `{name}`", "plan", hint)]
    assessed = assess(records, data, _as_of(edition))
    result = attrs.get("result", "")
    if result:
        if not any(a.result.id == result for a in assessed):
            return [], [places.error("PUB984", f"the plan has no result `{result}`", "result",
                                     ", ".join(sorted({a.result.id for a in assessed})))]
        assessed = [a for a in assessed if a.result.id == result]
    header, body = rows(assessed, edition.lang)
    caption = _caption(block["c"][1], plan.title.get(edition.lang))
    table = table_block(header, body, (False, False, True, True, True, True, False), caption)
    table["c"][0] = [block["c"][0][0] or f"indicators-{name}", ["indicators"], []]
    made = [table]
    if any(a.illustrative for a in assessed):
        from ..charts.text import text

        made.append(_note([text(edition.lang)["illustrative"]]))
    return made, []


def _as_of(edition) -> dt.date:
    """Indicators in a document are judged on its date, so a rebuild does not change it."""
    return edition.case.date
