"""The action plan's page: its activities by stage with their status and outputs, the
results and indicators, and the SVG timeline of planned and actual dates."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..i18n.strings import Strings, strings
from ..records.fields import STATUSES
from ..records.measures import actual, progress
from ..records.model import Activity
from ..records.status import survey_measured
from .common import Said, say
from .records_common import RecordsPages, date_range, number, pages, percent


class PlanPage(RecordsPages):
    """The action plan's page of each language."""

    def plan_page(self, lang: str, today: dt.date) -> str:
        t = strings(lang)
        plan = self.records.plan
        page = pages(lang)["plan"]
        alliance = self.records.alliance
        stage_titles = {s.number: say(s.title, lang) for s in (alliance.stages if alliance
                                                               else ())}

        def period(p):
            if not p:
                return ""
            if p.start and p.end:
                return date_range(t, p.start, p.end)
            return t.date(p.start or p.end)

        def row(a: Activity) -> dict:
            outputs = [(self.event_title(self.records.event(s), lang), "../events/" + s
                        + "/index.html") for s in a.events if self.records.event(s)]
            outputs += [(Said(p["title"], p["lang"]), p["href"]) for p in (
                self.publication_link(s, lang, 3) for s in a.publications) if p]
            return {"activity": a, "title": say(a.title, lang), "status": t[f"status_{a.status}"],
                    "lead": self.member_name(a.lead, lang) if a.lead else "",
                    "planned": period(a.planned), "actual": period(a.actual),
                    "outputs": outputs, "overdue": a.overdue(today),
                    "motives": [self.motive(m, lang) for m in a.motivated_by]}

        stages = []
        for stage in sorted({a.stage for a in plan.activities}):
            stages.append((stage, stage_titles.get(stage), [row(a) for a in plan.activities
                                                            if a.stage == stage]))
        counts = [(t[f"status_{s}"], sum(1 for a in plan.activities if a.status == s), s)
                  for s in STATUSES]
        measured = survey_measured(self.site.project, self.records, today)
        results = []
        for result in plan.results:
            indicators = []
            for ind in result.indicators:
                value = measured.get(ind.id) or actual(ind, self.records, today)
                share = progress(ind, value)

                def shown(v, t=t):
                    return number(t, v.value) if v else "–"

                indicators.append({
                    "indicator": ind, "title": say(ind.title, lang), "unit": say(ind.unit, lang),
                    "baseline": shown(ind.baseline),
                    "baseline_date": t.date(ind.baseline.date) if ind.baseline else "",
                    "target": shown(ind.target),
                    "target_date": t.date(ind.target.date) if ind.target else "",
                    "target_illustrative": bool(ind.target and ind.target.illustrative),
                    "actual": number(t, value.value) if value else "",
                    "actual_date": t.date(value.date) if value else "",
                    "computed": value.computed if value else False,
                    "actual_illustrative": value.illustrative if value else False,
                    "progress": percent(t, share) if share is not None else "",
                })
            results.append((say(result.title, lang), indicators))
        return self.site.env.get_template("site/plan.html.j2").render(
            **self.common(lang, 3, page), plan=plan, title=say(plan.title, lang),
            period=period(plan.period), stages=stages, counts=counts, results=results,
            timeline=Markup(timeline_svg(plan, lang, t, today)), plan_illustrative=plan_flag(plan))

def plan_flag(plan) -> bool:
    values = plan.meta.data if plan.meta is not None else {}
    return bool(values.get("illustrative"))


def timeline_svg(plan, lang: str, t: Strings, today: dt.date) -> str:
    """The activities on a time axis: planned as an outline, actual as a filled bar."""
    from markupsafe import escape as markup_escape

    from ..core.xmltext import xml_text

    def escape(text: str):  # SVG is XML: without the characters XML forbids
        return markup_escape(xml_text(text))

    days = [d for a in plan.activities for d in (a.planned.start, a.planned.end, a.actual.start,
                                                 a.actual.end) if d]
    days += [d for d in (plan.period.start, plan.period.end) if d]
    if not days:
        return ""
    first, last = min(days), max(days)
    first, last = dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)
    label_w, width, row_h, top = 260, 900, 26, 30
    span = (last - first).days or 1

    def x(day: dt.date) -> float:
        return round(label_w + (width - label_w - 10) * (day - first).days / span, 1)

    rows = list(plan.activities)
    height = top + row_h * len(rows) + 10
    title_id = "plan-timeline-title"
    out = [f'<svg class="plan-timeline" role="img" aria-labelledby="{title_id}" '
           f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{title_id}">{escape(t["plan_timeline"])}</title>']
    for year in range(first.year, last.year + 1):
        px = x(dt.date(year, 1, 1))
        out.append(f'<line class="tick" x1="{px}" y1="{top - 8}" x2="{px}" y2="{height - 6}"/>')
        if year < last.year:
            out.append(f'<text class="year" x="{px + 4}" y="{top - 12}">{year}</text>')
    for index, a in enumerate(rows):
        y = top + index * row_h
        title = say(a.title, lang)
        label = title.text if len(title.text) <= 34 else title.text[:33] + "…"
        lang_attr = f' xml:lang="{title.lang}"' if title.lang else ""
        out.append(f'<g class="activity status-{a.status}"><title>{escape(title.text)}: '
                   f'{escape(t["status_" + a.status])}</title>')
        out.append(f'<text class="label" x="4" y="{y + 17}"{lang_attr}>{escape(label)}</text>')
        if a.planned.start or a.planned.end:
            start, end = a.planned.start or a.planned.end, a.planned.end or a.planned.start
            out.append(f'<rect class="planned" x="{x(start)}" y="{y + 4}" '
                       f'width="{max(round(x(end + dt.timedelta(days=1)) - x(start), 1), 3)}" '
                       'height="18"/>')
        if a.actual.start or a.actual.end:
            start, end = a.actual.start or a.actual.end, a.actual.end or a.actual.start
            out.append(f'<rect class="actual" x="{x(start)}" y="{y + 8}" '
                       f'width="{max(round(x(end + dt.timedelta(days=1)) - x(start), 1), 3)}" '
                       'height="10"/>')
        out.append("</g>")
    if first <= today <= last:
        px = x(today)
        out.append(f'<line class="today" x1="{px}" y1="{top - 8}" x2="{px}" y2="{height - 6}"/>')
    out.append("</svg>")
    return "\n".join(out)
