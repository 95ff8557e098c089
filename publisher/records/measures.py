"""Indicators' actual values: computed from the records, or entered by hand.

Each measure is a function of the records and the indicator's measure declaration;
`MEASURES` maps the names allowed in `measure.count` to them. The assessment adds
its own (from survey data) with `register`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Callable

from .model import Indicator, Measure, Records


@dataclass(frozen=True)
class Actual:
    """An indicator's actual value as of a date, and where it comes from."""

    value: float
    date: dt.date
    source: str
    computed: bool
    illustrative: bool = False


def _in_period(day: dt.date, measure: Measure, as_of: dt.date) -> bool:
    return ((measure.start is None or day >= measure.start)
            and (measure.end is None or day <= measure.end) and day <= as_of)


def _events(records: Records, measure: Measure, as_of: dt.date):
    served = set(records.plan.activity(measure.activity).events) if (
        measure.activity and records.plan and records.plan.activity(measure.activity)) else set()
    return [e for e in records.events
            if (not measure.type or e.type == measure.type)
            and (not measure.activity or e.activity == measure.activity or e.slug in served)
            and _in_period(e.last_day, measure, as_of)]


def count_events(records: Records, measure: Measure, as_of: dt.date) -> tuple[float, str, bool]:
    events = _events(records, measure, as_of)
    return len(events), "events: " + ", ".join(e.slug for e in events), False


def count_participants(records: Records, measure: Measure, as_of: dt.date,
                       ) -> tuple[float, str, bool]:
    events = [e for e in _events(records, measure, as_of) if e.participants.count is not None]
    illustrative = any(e.participants.illustrative for e in events)
    if measure.member:  # one member's participants (from the counts by member)
        return (sum(n for e in events for m, n in e.participants.by_member
                    if m == measure.member),
                f"participants of {measure.member} at: " + ", ".join(e.slug for e in events),
                illustrative)
    return (sum(e.participants.count for e in events),
            "participants of: " + ", ".join(e.slug for e in events), illustrative)


def count_publications(records: Records, measure: Measure, as_of: dt.date,
                       ) -> tuple[float, str, bool]:
    outputs = set()
    if measure.activity and records.plan and records.plan.activity(measure.activity):
        outputs = set(records.plan.activity(measure.activity).publications)
    pubs = [p for p in records.publications
            if (not measure.type or p.type == measure.type)
            and (not measure.activity or p.activity == measure.activity or p.slug in outputs)
            and (not measure.language or measure.language in p.languages)
            and _in_period(p.date, measure, as_of)]
    return len(pubs), "publications: " + ", ".join(p.slug for p in pubs), False


def count_activities(records: Records, measure: Measure, as_of: dt.date,
                     ) -> tuple[float, str, bool]:
    done = [a for a in (records.plan.activities if records.plan else ())
            if a.status == "done" and (not measure.type or a.type == measure.type)
            and (a.actual.end or a.actual.start) is not None
            and _in_period(a.actual.end or a.actual.start, measure, as_of)]
    return (len(done), "activities done: " + ", ".join(a.id for a in done),
            any(a.illustrative for a in done))


Compute = Callable[[Records, Measure, dt.date], tuple[float, str, bool]]

MEASURES: dict[str, Compute] = {
    "events": count_events,
    "participants": count_participants,
    "publications": count_publications,
    "activities": count_activities,
}


def register(name: str, compute: Compute) -> None:
    """Add a measure (e.g. from survey responses); `measure.count: name` then uses it."""
    MEASURES[name] = compute


def actual(indicator: Indicator, records: Records, as_of: dt.date | None = None,
           ) -> Actual | None:
    """The latest actual value: computed when the indicator has a measure, else the latest
    value entered (on or before `as_of`)."""
    as_of = as_of or dt.date.today()
    if indicator.measure and indicator.measure.count in MEASURES:
        value, source, illustrative = MEASURES[indicator.measure.count](
            records, indicator.measure, as_of)
        end = indicator.measure.end
        return Actual(value, min(end, as_of) if end else as_of, source, True, illustrative)
    entered = [v for v in indicator.actual if v.date <= as_of]
    if not entered:
        return None
    latest = max(entered, key=lambda v: v.date)
    return Actual(latest.value, latest.date, latest.source, False, latest.illustrative)


def progress(indicator: Indicator, value: Actual | None) -> float | None:
    """Share of the way from baseline to target (0 to 1, may exceed 1)."""
    if value is None or indicator.target is None:
        return None
    base = indicator.baseline.value if indicator.baseline else 0
    span = indicator.target.value - base
    return None if span == 0 else (value.value - base) / span
