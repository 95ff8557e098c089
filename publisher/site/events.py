"""The alliance's event pages: the list of events, a page per event with its schema.org
JSON-LD, the calendars (iCalendar), and the events' entries for the feeds and catalog.json."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from markupsafe import Markup

from ..core.clock import source_epoch
from ..i18n.strings import strings
from ..records.model import Event
from . import cite
from .common import Said, fallbacks, say
from .records_common import ROOT, RecordsPages, calendar_name, event_page, iso, pages, when
from .sanitize import sanitize


class EventPages(RecordsPages):
    """The events' pages, JSON-LD, calendars and feed and catalog entries."""

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


def stamp(event: Event) -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set, else the day after the event ends (00:00 UTC).

    Never the clock nor a file's time (a fresh clone gives every file a new one): two
    builds of the same records give the same bytes."""
    moment, _ = source_epoch()
    if moment is not None:
        return moment
    after = event.last_day + dt.timedelta(days=1)
    return dt.datetime(after.year, after.month, after.day, tzinfo=dt.UTC)
