"""What the alliance's pages share: their addresses, dates and numbers in the reader's
language, and `RecordsPages`, the values and names every one of them shows."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..i18n.strings import Strings, _babel_locale, strings
from ..records.model import Event, Records
from .common import Said, fallbacks, say
from .common import common as _common

ROOT = "alliance"


def pages(lang: str) -> dict[str, str]:
    return {"alliance": f"{lang}/{ROOT}/index.html", "events": f"{lang}/{ROOT}/events/index.html",
            "plan": f"{lang}/{ROOT}/plan/index.html"}


def event_page(lang: str, slug: str) -> str:
    return f"{lang}/{ROOT}/events/{slug}/index.html"


def calendar_name(lang: str) -> str:
    return f"events.{lang}.ics"


# -- dates -------------------------------------------------------------------------------------

def date_range(t: Strings, first: dt.date, last: dt.date) -> str:
    from babel.dates import format_interval

    if first == last:
        return t.date(first)
    return t._normalize(format_interval(first, last, "yMMMd", locale=_babel_locale(t.lang)))


def when(t: Strings, event: Event) -> str:
    """The dates, and for a timed event the local times and the zone."""
    from babel.dates import format_time

    text = date_range(t, event.first_day, event.last_day)
    if event.all_day:
        return text
    locale = _babel_locale(t.lang)
    start, end = event.local("start"), event.local("end")
    offset = start.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset[3:] != "00" else f"UTC{offset[:3]}"
    times = (t._normalize(format_time(start, "short", locale=locale)) + "–"
             + t._normalize(format_time(end, "short", locale=locale)))
    return f"{text}, {times} ({event.timezone}, {zone})"


def iso(value) -> str:
    return value.isoformat()


def number(t: Strings, value: float) -> str:
    from babel.numbers import format_decimal

    return t._normalize(format_decimal(value, locale=_babel_locale(t.lang)))


def percent(t: Strings, share: float) -> str:
    from babel.numbers import format_percent

    return t._normalize(format_percent(share, locale=_babel_locale(t.lang)))


class RecordsPages:
    """The alliance's pages of one site build: what each kind of page (`EventPages`,
    `PlanPage`, `AlliancePages`) takes from the records and the site."""

    def __init__(self, site, records: Records):
        self.site = site
        self.records = records
        self.on_site = {item.slug: item for item in site.items}

    # -- shared values ---------------------------------------------------------------------

    def common(self, lang: str, depth: int, page: str) -> dict:

        values = _common(self.site, lang, depth)
        alternates = [(code, self.site.href(page.replace(f"{lang}/", f"{code}/", 1), depth))
                      for code in self.site.languages]
        values.update(
            say=lambda text: say(text, lang), nav=self.nav(lang, depth, page),
            switcher=[(code, strings(code).autonym(), "../" * depth
                       + page.replace(f"{lang}/", f"{code}/", 1), code == lang)
                      for code in self.site.languages],
            alternates=alternates, canonical=self.site.url(page), has_url=bool(self.site.base),
            alliance_css=f"{'../' * depth}assets/alliance.css", illustrative=Markup(
                f'<span class="illustrative">{strings(lang)["illustrative"]}</span>'))
        return values

    def nav(self, lang: str, depth: int, current: str = "") -> list[tuple[str, str, bool]]:
        t = strings(lang)
        links = [(t["publications"], f"{lang}/index.html")]
        targets = pages(lang)
        if self.records.alliance:
            links.append((t["alliance"], targets["alliance"]))
        if self.records.events:
            links.append((t["events"], targets["events"]))
        if self.records.plan:
            links.append((t["action_plan"], targets["plan"]))
            if any(r.indicators for r in self.records.plan.results):
                from ..charts.text import text as chart_text
                from .results import page as results_page

                links.append((chart_text(lang)["results_title"], results_page(lang)))
        return [(label, "../" * depth + href, href == current) for label, href in links]

    def member_name(self, member_id: str, lang: str) -> Said:
        alliance = self.records.alliance
        member = alliance.member(member_id) if alliance else None
        if member is None:
            return Said(member_id)
        return say(member.short_name or member.name, lang)

    def publication_link(self, slug: str, lang: str, depth: int) -> dict | None:
        """A publication on the site, in the page's language or its original."""
        if slug not in self.site.by_case:
            return None
        item = self.site.shown(slug, lang)
        return {"title": item.edition.title, "href": "../" * depth + item.page,
                "lang": item.lang if item.lang != lang else ""}

    def event_title(self, event: Event, lang: str) -> Said:
        text = event.text(lang, fallbacks(lang))
        if text is None:
            return Said(event.slug)
        return Said(text.title, text.lang if text.lang != lang else "")

    def activity_title(self, activity_id: str, lang: str) -> Said:
        activity = self.records.plan.activity(activity_id) if self.records.plan else None
        return say(activity.title, lang) if activity else Said(activity_id)

    def motive(self, motive, lang: str) -> dict:
        """A needs-survey answer in words: the survey's title, the question, the answer."""
        from ..surveys import load_survey, surveys_dir

        folder = surveys_dir(self.site.project.root) / motive.survey
        form = load_survey(folder)[0] if folder.is_dir() else None
        question = form.question(motive.question) if form is not None else None
        text = {"survey": self.survey_title(motive.survey, lang).text,
                "question": motive.question, "answer": motive.answer}
        if question is not None:
            text["question"] = question.label(lang, "en") or motive.question
            kind = question.type.split()
            if len(kind) > 1:
                for choice in form.choices.get(kind[1], []):
                    if choice.name == motive.answer:
                        text["answer"] = choice.label(lang, "en") or motive.answer
        return text

    def survey_title(self, slug: str, lang: str) -> Said:
        """The title of a survey's form in `lang` (its slug when it has no readable form)."""
        from ..surveys import load_survey, surveys_dir

        folder = surveys_dir(self.site.project.root) / slug
        form = load_survey(folder)[0] if folder.is_dir() else None
        title = form.title_in(lang) if form is not None else ""
        return Said(title or slug)

    def place(self, event: Event, lang: str) -> str:
        t = strings(lang)
        if event.online:
            return t["event_online"]
        parts = [say(event.venue, lang).text, say(event.city, lang).text, t.country(event.country)]
        return ", ".join(p for p in parts if p)
