"""The results page of the site, one per language: every indicator of the action plan with its
status and trend, and the charts of the survey questions behind them.

`<lang>/alliance/results/index.html`; each chart is an SVG file beside it (the site's policy
allows images from the site only), drawn from the same aggregates as a report's charts.
"""

from __future__ import annotations

import hashlib

from ..assess import indicators as assess_indicators
from ..assess.aggregate import aggregate, question_of
from ..assess.sources import data_for
from ..charts.text import text as chart_text
from .common import say

PAGE = "{lang}/alliance/results/index.html"


def page(lang: str) -> str:
    return PAGE.format(lang=lang)


def write_results(site, pages, records, today) -> None:
    """Write the results page of every language (`pages` is the alliance's AlliancePages)."""
    if not records.plan or not any(r.indicators for r in records.plan.results):
        return
    data = data_for(site.project)
    assessed = assess_indicators.assess(records, data, today)
    for lang in site.languages:
        site.write(page(lang), _page(site, pages, data, assessed, lang))


def _trend(a, data, lang: str) -> str:
    if not a.trend:
        return ""
    m = a.indicator.measure
    survey = data.survey(m.survey)
    labels = {}
    if survey is not None:
        q = survey.form.question("event")
        for c in (survey.form.options(q) if q is not None else []):
            labels[c.name] = c.label(lang, survey.form.default_language)
    return " → ".join(f"{labels.get(w, w)}: {assess_indicators.format_value(v, a, lang)}"
                      for w, v in a.trend)


def _charts(site, data, assessed, lang: str) -> list[dict]:
    from .. import charts
    from ..assess.blocks import _groups
    from ..load.brand import load_brand

    brand = load_brand(site.project.brand_path)
    made, seen = [], set()
    for a in assessed:
        m = a.indicator.measure
        if m is None or m.count not in assess_indicators.SURVEY_MEASURES:
            continue
        if (m.survey, m.question) in seen:
            continue
        seen.add((m.survey, m.question))
        survey = data.survey(m.survey)
        question = question_of(survey.form, m.question) if survey is not None else None
        if question is None:
            continue
        by = "event" if survey.rows and "event" in survey.rows[0] else ""
        agg = aggregate(question, survey.rows, lang, form=survey.form, by=by,
                        groups=_groups(survey, by, lang, data) if by else None,
                        minimum=data.minimum(), fallback_lang=survey.form.default_language,
                        survey=m.survey, survey_title=survey.form.title_in(lang),
                        illustrative=survey.illustrative)
        chart = charts.draw(agg, lang, brand)
        if chart.spec is None:
            continue
        svg = chart.svg()
        name = f"charts/{hashlib.sha256(svg).hexdigest()[:16]}.svg"
        site.write(page(lang).rsplit("/", 1)[0] + "/" + name, svg)
        made.append({"id": f"{m.survey}-{m.question}", "src": name, "alt": chart.alt,
                     "caption": agg.title})
    return made


def _page(site, pages, data, assessed, lang: str) -> str:

    a = chart_text(lang)
    rows = []
    for item in assessed:
        ind = item.indicator
        change = ind.measure is not None and ind.measure.count == "change"
        rows.append({
            "id": ind.id, "title": say(ind.title, lang),
            "level": a[f"level_{item.level}"] if item.level else "—",
            "stage": item.stage or "—",
            "baseline": assess_indicators.format_value(item.baseline, item, lang, change),
            "target": assess_indicators.format_value(item.target, item, lang, change),
            "actual": assess_indicators.format_value(item.actual, item, lang, change),
            "status": item.status, "status_label": a["status_" + item.status.replace("-", "_")],
            "illustrative": item.illustrative, "trend": _trend(item, data, lang)})
    return site.env.get_template("site/results.html.j2").render(
        **pages.common(lang, 3, page(lang)), a=a, rows=rows,
        charts=_charts(site, data, assessed, lang))
