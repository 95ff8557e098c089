"""The state of the action plan: activities by status, overdue ones, upcoming events."""

from __future__ import annotations

import datetime as dt

from ..core.clock import source_epoch
from .fields import STATUSES
from .measures import Actual, actual
from .model import Records


def today() -> dt.date:
    """The day the plan is judged on: SOURCE_DATE_EPOCH's when set (a reproducible build),
    else today."""
    moment, _ = source_epoch()  # a bad value is reported by the outputs that carry a date
    return moment.date() if moment is not None else dt.date.today()


def survey_measured(project, records: Records, today: dt.date) -> dict[str, Actual]:
    """The actual values of the indicators the assessment measures from survey responses."""
    from ..assess.indicators import SURVEY_MEASURES, assess
    from ..assess.sources import Data

    if not any(ind.measure and ind.measure.count in SURVEY_MEASURES
               for result in records.plan.results for ind in result.indicators):
        return {}
    return {a.indicator.id: Actual(a.actual, a.date, a.source, True, a.illustrative)
            for a in assess(records, Data(project.root, project), today)
            if a.actual is not None and a.indicator.measure
            and a.indicator.measure.count in SURVEY_MEASURES}


def plan_status(records: Records, today: dt.date, lang: str = "en",
                measured: dict | None = None) -> dict:
    """A JSON-ready summary (what `publisher alliance --json` prints); `measured` holds the
    actual values computed elsewhere (the assessment's, from survey responses) by indicator."""
    plan = records.plan
    activities = list(plan.activities) if plan else []
    by_status = {status: [a.id for a in activities if a.status == status] for status in STATUSES}
    overdue = [{"id": a.id, "title": a.title.get(lang), "status": a.status,
                "planned_end": a.planned.end.isoformat(), "days_late": (today - a.planned.end).days,
                "illustrative": a.illustrative}
               for a in activities if a.overdue(today)]
    upcoming = [{"slug": e.slug, "title": (e.text(lang).title if e.text(lang) else e.slug),
                 "type": e.type, "start": e.local("start").isoformat(),
                 "timezone": e.timezone}
                for e in records.events if e.first_day >= today]
    past = [e for e in records.events if e.first_day < today]
    indicators = []
    for result in (plan.results if plan else ()):
        for ind in result.indicators:
            value = (measured or {}).get(ind.id) or actual(ind, records, today)
            indicators.append({
                "id": ind.id, "result": result.id, "title": ind.title.get(lang),
                "unit": ind.unit.get(lang),
                "baseline": ind.baseline.value if ind.baseline else None,
                "target": ind.target.value if ind.target else None,
                "target_date": ind.target.date.isoformat() if ind.target else None,
                "actual": value.value if value else None,
                "actual_date": value.date.isoformat() if value else None,
                "computed": value.computed if value else None,
                "illustrative": value.illustrative if value else None,
            })
    alliance = records.alliance
    return {
        "today": today.isoformat(),
        "alliance": alliance.name.get(lang) if alliance else None,
        "members": [m.id for m in alliance.members] if alliance else [],
        "plan": plan.title.get(lang) if plan else None,
        "period": {"start": plan.period.start.isoformat() if plan and plan.period.start else None,
                   "end": plan.period.end.isoformat() if plan and plan.period.end else None},
        "activities": {status: ids for status, ids in by_status.items()},
        "overdue": overdue,
        "events": {"past": len(past), "upcoming": upcoming},
        "indicators": indicators,
    }
