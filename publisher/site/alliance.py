"""The alliance on the catalog site: its own page and JSON-LD, and `write_alliance`, which
writes every page of the records (alliance, events, action plan, results) and the calendars,
and registers their entries for the feeds, the sitemap and catalog.json.

Called by `write_site` before the catalog's own pages: a records problem that is an error
fails the site build, so the last good site stays in place.
"""

from __future__ import annotations

import datetime as dt
import shutil

from ..core.diagnostics import Diagnostic, has_errors
from ..core.paths import RESOURCES
from ..i18n.strings import strings
from ..records import check_records
from . import cite
from .common import Said, say
from .events import EventPages
from .plan import PlanPage
from .records_common import calendar_name, event_page, pages

CSS = RESOURCES / "site" / "alliance.css"
SCHEMA_TYPES = {"national-agency": "GovernmentOrganization", "academy": "EducationalOrganization",
                "international-organisation": "Organization"}


class AlliancePages(EventPages, PlanPage):
    """The alliance's own page, its part of the landing page and of the sitemap, and the
    links from the catalog's pages to where a publication came from."""

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
