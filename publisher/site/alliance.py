"""The alliance's pages on the catalog site: the alliance, its events, its action plan,
calendars (iCalendar), schema.org JSON-LD, and entries for the feeds and catalog.json.

Called by `write_site` before the catalog's own pages: a records problem that is an error
fails the site build, so the last good site stays in place.
"""

from __future__ import annotations

import datetime as dt
import shutil
from urllib.parse import urlsplit

from markupsafe import Markup

from ..core.paths import RESOURCES
from ..core.clock import source_epoch
from ..core.diagnostics import Diagnostic, has_errors
from ..i18n.strings import Strings, _babel_locale, strings
from ..records import check_records
from ..records.fields import STATUSES
from ..records.measures import actual, progress
from ..records.status import survey_measured
from ..records.model import Activity, Event, Records
from . import cite
from .common import Said, fallbacks, say
from .common import common as _common
from .sanitize import sanitize

ROOT = "alliance"
CSS = RESOURCES / "site" / "alliance.css"
SCHEMA_TYPES = {"national-agency": "GovernmentOrganization", "academy": "EducationalOrganization",
                "international-organisation": "Organization"}


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


# -- the pages ---------------------------------------------------------------------------------

class AlliancePages:
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

    # -- the alliance ----------------------------------------------------------------------

    def organization_ld(self, lang: str) -> dict:
        alliance = self.records.alliance
        data = {
            "@context": "https://schema.org", "@type": "Organization",
            "@id": self.site.url(pages(lang)["alliance"]) + "#organization",
            "name": say(alliance.name, lang).text,
            "alternateName": say(alliance.short_name, lang).text or None,
            "description": say(alliance.description, lang).text or None,
            "url": self.site.url(pages(lang)["alliance"]),
            "foundingDate": alliance.founded_date.isoformat(),
            "foundingLocation": {"@type": "Place", "name": say(alliance.founded_city, lang).text,
                                 "address": {"@type": "PostalAddress",
                                             "addressLocality": say(alliance.founded_city,
                                                                    lang).text,
                                             "addressCountry": alliance.founded_country}}
            if alliance.founded_country else None,
            "member": [{"@type": SCHEMA_TYPES.get(m.kind, "Organization"),
                        "name": say(m.name, lang).text,
                        "alternateName": say(m.short_name, lang).text or None,
                        "address": {"@type": "PostalAddress", "addressCountry": m.country},
                        "url": m.url or None} for m in alliance.members],
            "parentOrganization": {"@type": "Organization", "name": self.site.brand.name(lang)},
            "inLanguage": lang,
            "knowsAbout": say(alliance.method, lang).text or None,
        }
        data["member"] = [{k: v for k, v in m.items() if v is not None} for m in data["member"]]
        return {k: v for k, v in data.items() if v is not None}

    def alliance_page(self, lang: str) -> str:
        alliance = self.records.alliance
        t = strings(lang)
        page = pages(lang)["alliance"]
        founding = self.records.event(alliance.founded_event) if alliance.founded_event else None
        members = [{
            "member": m, "name": say(m.name, lang), "short_name": say(m.short_name, lang),
            "country": t.country(m.country), "kind": t[f"kind_{m.kind}"],
            "joined": t.date(m.joined) if m.joined else "",
            "joined_iso": m.joined.isoformat() if m.joined else "",
            "focal_points": [(p.name, say(p.role, lang)) for p in m.public_focal_points()],
        } for m in alliance.members]
        return self.site.env.get_template("site/alliance.html.j2").render(
            **self.common(lang, 2, page), alliance=alliance,
            founded=t.date(alliance.founded_date), founded_iso=alliance.founded_date.isoformat(),
            founded_city=say(alliance.founded_city, lang),
            founded_country=t.country(alliance.founded_country),
            founding=(self.event_title(founding, lang), "../../" + event_page(lang, founding.slug))
            if founding else None,
            stages=[(s.number, say(s.title, lang), say(s.description, lang))
                    for s in alliance.stages],
            members=members, json_ld=cite.script_json(self.organization_ld(lang)))

    def landing(self, lang: str, today: dt.date, count: int = 3) -> dict:
        """What the site's landing page shows of the alliance (addresses from the root):
        its name, description and members; the events to come and the latest held."""
        t = strings(lang)
        alliance, events = self.records.alliance, self.records.events
        values: dict = {"alliance": None, "events": None, "alliance_css": "assets/alliance.css"}
        if alliance:
            values["alliance"] = {
                "name": say(alliance.name, lang), "description": say(alliance.description, lang),
                "members": [(say(m.short_name, lang) or say(m.name, lang), t.country(m.country))
                            for m in alliance.members],
                "href": pages(lang)["alliance"]}
        if events:
            upcoming = [e for e in events if e.last_day >= today][:count]
            recent = [e for e in reversed(events) if e.last_day < today][:count]
            values["events"] = {
                "upcoming": [self.event_entry(e, lang, 0) for e in upcoming],
                "recent": [self.event_entry(e, lang, 0) for e in recent],
                "href": pages(lang)["events"], "calendar": calendar_name(lang)}
        return values

    # -- events ----------------------------------------------------------------------------

    def event_ld(self, event: Event, lang: str) -> dict:
        text = event.text(lang, fallbacks(lang))
        start, end = event.local("start"), event.local("end")
        if event.online:
            location = {"@type": "VirtualLocation", "url": self.site.url(event_page(lang,
                                                                                      event.slug))}
        else:
            location = {"@type": "Place", "name": self.place(event, lang),
                        "address": {"@type": "PostalAddress",
                                    "addressLocality": say(event.city, lang).text or None,
                                    "addressCountry": event.country or None}}
            location["address"] = {k: v for k, v in location["address"].items() if v}
        mode = "Online" if event.online else "Offline"
        data = {
            "@context": "https://schema.org", "@type": "Event",
            "@id": self.site.url(event_page(lang, event.slug)) + "#event",
            "name": text.title if text else event.slug,
            "description": (text.summary or None) if text else None,
            "startDate": iso(start), "endDate": iso(end),
            "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "location": location,
            "inLanguage": list(event.languages) or None,
            "url": self.site.url(event_page(lang, event.slug)),
            "organizer": {"@type": "Organization",
                          "name": self.member_name(event.host, lang).text} if event.host else None,
            "workFeatured": [{"@type": "CreativeWork", "name": p["title"],
                              "url": self.site.url(p["href"].lstrip("./"))}
                             for p in self.event_publications(event, lang, 0)] or None,
        }
        return {k: v for k, v in data.items() if v is not None}

    def event_publications(self, event: Event, lang: str, depth: int) -> list[dict]:
        found = [self.publication_link(slug, lang, depth)
                 for slug in self.records.publications_of_event(event.slug)]
        return [p for p in found if p]

    def event_entry(self, event: Event, lang: str, depth: int) -> dict:
        t = strings(lang)
        text = event.text(lang, fallbacks(lang))
        return {
            "event": event, "title": self.event_title(event, lang),
            "summary": Said(text.summary, text.lang if text.lang != lang else "") if text
            else Said(""),
            "href": "../" * depth + event_page(lang, event.slug),
            "when": when(t, event), "start_iso": iso(event.local("start")),
            "end_iso": iso(event.local("end")), "type": t[f"event_type_{event.type}"],
            "place": self.place(event, lang), "year": event.first_day.year,
        }

    def events_page(self, lang: str) -> str:
        page = pages(lang)["events"]
        entries = [self.event_entry(e, lang, 3) for e in self.records.events]
        years: dict[int, list] = {}
        for entry in entries:
            years.setdefault(entry["year"], []).append(entry)
        return self.site.env.get_template("site/events.html.j2").render(
            **self.common(lang, 3, page), years=sorted(years.items()),
            calendar="../../../" + calendar_name(lang))

    def event_body(self, event: Event, lang: str) -> tuple[Markup, str]:
        from ..core import pandoc
        from ..render import html_body

        text = event.text(lang, fallbacks(lang))
        if text is None or not text.body.strip():
            return Markup(""), ""
        html, _ = sanitize(str(html_body(pandoc.parse_markdown(text.body))))
        return Markup(html), text.lang if text.lang != lang else ""

    def event_html(self, event: Event, lang: str) -> str:
        t = strings(lang)
        page = event_page(lang, event.slug)
        body, body_lang = self.event_body(event, lang)
        people = event.participants
        by_member = [(self.member_name(m, lang), n) for m, n in people.by_member]
        activity = self.records.plan.activity(event.activity) if (
            self.records.plan and event.activity) else None
        return self.site.env.get_template("site/event.html.j2").render(
            **self.common(lang, 4, page), entry=self.event_entry(event, lang, 4),
            body=body, body_lang=body_lang,
            host=self.member_name(event.host, lang) if event.host else None,
            partners=[self.member_name(m, lang) for m in event.partners],
            languages=[t.language(code) for code in event.languages],
            activity=(say(activity.title, lang), "../../plan/index.html#activity-"
                      + activity.id) if activity else None,
            participants=people.count, by_member=by_member,
            participants_illustrative=people.illustrative,
            files=list(event.files), publications=self.event_publications(event, lang, 4),
            survey=self.survey_title(event.survey, lang) if event.survey else None,
            ics=f"{event.slug}.ics", events_href="../index.html",
            json_ld=cite.script_json(self.event_ld(event, lang)))

    # -- the action plan -------------------------------------------------------------------

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

    # -- links from the catalog's own pages ------------------------------------------------

    def origin_of(self, slug: str, lang: str) -> list[tuple[str, Said, str]]:
        """(label, title, address from the site's root) of where a publication came from."""
        t = strings(lang)
        event, activity = self.records.origin_of(slug)
        links = []
        if event is not None:
            links.append((t["event"], self.event_title(event, lang),
                          event_page(lang, event.slug)))
        if activity is not None:
            links.append((t["activity"], say(activity.title, lang),
                          pages(lang)["plan"] + "#activity-" + activity.id))
        return links

    # -- calendars, feeds, catalog ---------------------------------------------------------

    def calendar(self, lang: str, events: list[Event]) -> bytes:
        import icalendar

        t = strings(lang)
        cal = icalendar.Calendar()
        cal.add("prodid", f"-//{self.site.project.name or 'publisher'}//publisher//"
                f"{lang.upper()}")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        name = (say(self.records.alliance.name, lang).text if self.records.alliance
                else self.site.brand.name(lang))
        cal.add("x-wr-calname", f"{name}: {t['events']}")
        host = urlsplit(self.site.base).hostname if self.site.base else "publisher.invalid"
        for event in events:
            text = event.text(lang, fallbacks(lang))
            item = icalendar.Event()
            item.add("uid", f"{event.slug}@{host}")
            item.add("dtstamp", stamp(event))
            item.add("summary", text.title if text else event.slug)
            if event.all_day:
                item.add("dtstart", event.first_day)
                item.add("dtend", event.last_day + dt.timedelta(days=1))
            else:
                item.add("dtstart", event.local("start"))
                item.add("dtend", event.local("end"))
            place = self.place(event, lang)
            if place:
                item.add("location", place)
            url = self.site.url(event_page(lang, event.slug))
            if url.startswith(("http://", "https://")):
                item.add("url", url)
            item.add("description", "\n\n".join(x for x in (text.summary if text else "", url)
                                                 if x))
            item.add("categories", [t[f"event_type_{event.type}"]])
            item.add("status", "CONFIRMED")
            cal.add_component(item)
        days = [e.first_day for e in events] or [dt.date(2000, 1, 1)]
        cal.add_missing_timezones(first_date=min(days) - dt.timedelta(days=366),
                                  last_date=max(days) + dt.timedelta(days=366))
        return cal.to_ical()

    def feed_items(self, lang: str) -> list[dict]:
        t = strings(lang)
        items = []
        for event in self.records.events:
            text = event.text(lang, fallbacks(lang))
            page = event_page(lang, event.slug)
            items.append({
                "id": self.site.url(page) if self.site.base
                else f"urn:publisher:event:{event.slug}:{lang}",
                "title": text.title if text else event.slug, "lang": lang,
                "date": event.last_day, "authors": [self.site.brand.name(lang)],
                "summary": f"{when(t, event)}. {self.place(event, lang)}. "
                           + (text.summary if text else ""),
                "categories": [(f"event-{event.type}", t[f"event_type_{event.type}"])],
                "license": "", "page": self.site.url(page), "files": [],
                "publisher": self.site.brand.name(lang), "identifier": "", "original": "",
            })
        return items

    def sitemap(self) -> list[tuple[str, list[tuple[str, str]], dt.date | None]]:
        """Every page in every language, each with its language alternates."""
        paths = []
        if self.records.alliance:
            paths.append(("alliance", None))
        if self.records.events:
            paths.append(("events", None))
            paths += [(e.slug, e.last_day) for e in self.records.events]
        if self.records.plan:
            paths.append(("plan", None))
        urls = []
        for name, day in paths:
            def page(code, name=name):
                return pages(code)[name] if name in ("alliance", "events", "plan") else \
                    event_page(code, name)
            alternates = [(code, self.site.url(page(code))) for code in self.site.languages]
            urls += [(self.site.url(page(code)), alternates, day) for code in self.site.languages]
        return urls

    def catalog(self) -> list[dict]:
        out = []
        for event in self.records.events:
            out.append({
                "slug": event.slug, "type": event.type,
                "start": iso(event.local("start")), "end": iso(event.local("end")),
                "timezone": event.timezone, "all_day": event.all_day,
                "online": event.online, "country": event.country or None,
                "host": event.host or None, "partners": list(event.partners),
                "activity": event.activity or None,
                "publications": self.records.publications_of_event(event.slug),
                "participants": event.participants.count,
                "participants_illustrative": event.participants.illustrative,
                "calendar": f"{ROOT}/events/{event.slug}/{event.slug}.ics",
                "texts": [{"lang": text.lang, "title": text.title,
                           "summary": text.summary or None,
                           "page": event_page(text.lang, event.slug)
                           if text.lang in self.site.languages else None}
                          for text in event.texts],
            })
        return out


def plan_flag(plan) -> bool:
    values = plan.meta.data if plan.meta is not None else {}
    return bool(values.get("illustrative"))


def stamp(event: Event) -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set, else the day after the event ends (00:00 UTC).

    Never the clock nor a file's time (a fresh clone gives every file a new one): two
    builds of the same records give the same bytes."""
    moment, _ = source_epoch()
    if moment is not None:
        return moment
    after = event.last_day + dt.timedelta(days=1)
    return dt.datetime(after.year, after.month, after.day, tzinfo=dt.UTC)


# -- the SVG timeline --------------------------------------------------------------------------

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


# -- the hook ----------------------------------------------------------------------------------

def write_alliance(site, today: dt.date | None = None) -> list[Diagnostic]:
    """Write the alliance's pages and calendars into the site; register the links, feed
    entries and catalog entries the catalog's own pages and files take from them."""
    for name in ("origin_of", "site_nav"):  # the environment is kept between builds
        site.env.globals.pop(name, None)
    loaded, found = check_records(site.project)
    if has_errors(found) or not loaded.records:
        return found
    from ..records.status import today as judged_on

    today = today or judged_on()
    records = loaded.records
    alliance = AlliancePages(site, records)
    site.env.globals["origin_of"] = alliance.origin_of
    site.env.globals["site_nav"] = alliance.nav
    site.alliance, site.today = alliance, today  # for the landing page
    (site.root / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CSS, site.root / "assets" / "alliance.css")
    for lang in site.languages:
        targets = pages(lang)
        if records.alliance:
            site.write(targets["alliance"], alliance.alliance_page(lang))
        if records.events:
            site.write(targets["events"], alliance.events_page(lang))
            for event in records.events:
                page = event_page(lang, event.slug)
                site.write(page, alliance.event_html(event, lang))
                ics = page.replace("index.html", f"{event.slug}.ics")
                site.write(ics, alliance.calendar(lang, [event]))
                folder = page.rsplit("/", 1)[0]
                for name in event.files:
                    target = site.root / folder / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(event.folder / name, target)
                    site.extra_files.append(f"{folder}/{name}")
                site.extra_files.append(ics)
            site.write(calendar_name(lang), alliance.calendar(lang, list(records.events)))
            site.extra_files.append(calendar_name(lang))
            site.extra_feed.setdefault(lang, []).extend(alliance.feed_items(lang))
        if records.plan:
            site.write(targets["plan"], alliance.plan_page(lang, today))
    if records.plan:  # the assessment: indicators with status and trend, and their charts
        from .results import write_results

        write_results(site, alliance, records, today)
    if records.events:
        site.extra_catalog["events"] = alliance.catalog()
    site.extra_sitemap += alliance.sitemap()
    return found
