"""The alliance on the site: calendars read back by the icalendar library, JSON-LD, feeds,
catalog.json, the links between events and publications, and a failed build that keeps
the last good site."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import jsonschema
import pytest

from sitekit import Elements, cli_run
from test_records import records_project

UTC = dt.UTC
ATOM = "{http://www.w3.org/2005/Atom}"


def build(root: Path, *extra: str):
    return cli_run("build", "--project", str(root), "--to", "html,site", "--jobs", "1", *extra)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = records_project(tmp_path_factory.mktemp("records") / "project")
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8") + "site_url: https://hub.example.org/pubs/\n",
                      "utf-8")
    result = build(root)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "build" / "site"


def calendar(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def events_of(cal) -> dict[str, icalendar.Event]:
    return {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def json_ld(path: Path) -> dict:
    page = Elements(path.read_text("utf-8"))
    [text] = [body for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
    return json.loads(text)


# -- iCalendar ---------------------------------------------------------------------------------

def test_calendar_feed_has_local_times_in_each_zone(site):
    cal = calendar(site / "events.en.ics")
    events = events_of(cal)
    assert sorted(events) == ["founding", "tallinn-online", "tashkent"]
    tashkent = events["tashkent"]
    start, end = tashkent.decoded("dtstart"), tashkent.decoded("dtend")
    # 09:30 in Tashkent (UTC+5, no daylight saving) is 04:30 UTC
    assert start.astimezone(ZoneInfo("Asia/Tashkent")).replace(tzinfo=None) == dt.datetime(
        2019, 5, 30, 9, 30)
    assert start.astimezone(UTC) == dt.datetime(2019, 5, 30, 4, 30, tzinfo=UTC)
    assert end.astimezone(UTC) == dt.datetime(2019, 5, 31, 12, 0, tzinfo=UTC)
    assert tashkent["dtstart"].params["TZID"] == "Asia/Tashkent"
    # 10:00 in Tallinn on 2 April 2030 is summer time (UTC+3): 07:00 UTC
    tallinn = events["tallinn-online"]
    assert tallinn.decoded("dtstart").astimezone(UTC) == dt.datetime(2030, 4, 2, 7, 0,
                                                                     tzinfo=UTC)
    assert tallinn["dtstart"].params["TZID"] == "Europe/Tallinn"
    # an all-day event: a date, ending the next day (RFC 5545's exclusive end)
    founding = events["founding"]
    assert founding.decoded("dtstart") == dt.date(2018, 6, 9)
    assert founding.decoded("dtend") == dt.date(2018, 6, 10)
    assert str(tashkent["summary"]) == "Seminar in Tashkent"
    assert str(tashkent["location"]) == "The Academy, Tashkent, Uzbekistan"
    assert str(tashkent["url"]) == "https://hub.example.org/pubs/en/alliance/events/tashkent/"


def test_calendar_carries_the_time_zones_it_uses(site):
    cal = calendar(site / "events.ru.ics")
    zones = {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")}
    assert zones == {"Asia/Tashkent", "Europe/Tallinn"}
    tallinn = next(tz for tz in cal.walk("VTIMEZONE") if str(tz["tzid"]) == "Europe/Tallinn")
    offsets = {(c.name, c["tzoffsetto"].td) for c in tallinn.subcomponents}
    assert ("DAYLIGHT", dt.timedelta(hours=3)) in offsets
    assert ("STANDARD", dt.timedelta(hours=2)) in offsets
    # the library resolves the zone from the VTIMEZONE it reads back
    assert events_of(cal)["tashkent"].decoded("dtstart").utcoffset() == dt.timedelta(hours=5)
    assert str(events_of(cal)["tashkent"]["summary"]) == "Семинар в Ташкенте"


def test_one_calendar_file_per_event(site):
    cal = calendar(site / "ru" / "alliance" / "events" / "tashkent" / "tashkent.ics")
    assert list(events_of(cal)) == ["tashkent"]
    assert str(cal["version"]) == "2.0"
    assert "PRODID" in cal


# -- JSON-LD -----------------------------------------------------------------------------------

def test_event_json_ld(site):
    data = json_ld(site / "en" / "alliance" / "events" / "tashkent" / "index.html")
    assert data["@type"] == "Event"
    assert data["name"] == "Seminar in Tashkent"
    assert dt.datetime.fromisoformat(data["startDate"]) == dt.datetime(
        2019, 5, 30, 9, 30, tzinfo=ZoneInfo("Asia/Tashkent"))
    assert data["startDate"] == "2019-05-30T09:30:00+05:00"
    assert data["endDate"] == "2019-05-31T17:00:00+05:00"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"] == {"@type": "PostalAddress",
                                           "addressLocality": "Tashkent",
                                           "addressCountry": "UZ"}
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["workFeatured"][0]["url"] == "https://hub.example.org/pubs/en/demo/"
    online = json_ld(site / "ru" / "alliance" / "events" / "tallinn-online" / "index.html")
    assert online["location"]["@type"] == "VirtualLocation"
    assert online["startDate"] == "2030-04-02T10:00:00+03:00"
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    founding = json_ld(site / "en" / "alliance" / "events" / "founding" / "index.html")
    assert (founding["startDate"], founding["endDate"]) == ("2018-06-09", "2018-06-09")


def test_organization_json_ld(site):
    data = json_ld(site / "ru" / "alliance" / "index.html")
    assert data["@type"] == "Organization"
    assert data["name"] == "Тестовый альянс"
    assert data["foundingDate"] == "2018-06-09"
    assert data["foundingLocation"]["address"]["addressCountry"] == "KZ"
    assert [(m["@type"], m["address"]["addressCountry"]) for m in data["member"]] == [
        ("EducationalOrganization", "UZ"), ("GovernmentOrganization", "KG"),
        ("EducationalOrganization", "EE")]


# -- pages, feeds, catalog ---------------------------------------------------------------------

def test_alliance_page_publishes_only_public_focal_points(site):
    html = (site / "en" / "alliance" / "index.html").read_text("utf-8")
    assert "Public Person" in html and "Coordinator" in html
    assert "Hidden Person" not in html


def test_plan_page_shows_stages_statuses_and_indicators(site):
    page = (site / "en" / "alliance" / "plan" / "index.html").read_text("utf-8")
    tags = Elements(page)
    assert [a["id"] for a in tags.find("tr") if a.get("id", "").startswith("activity-")] == [
        "activity-founding", "activity-seminars", "activity-expert-meetings",
        "activity-assessment"]
    assert tags.find("svg", role="img", **{"aria_labelledby": "plan-timeline-title"})
    assert len(tags.find("rect", **{"class": "actual"})) == 2  # the two done activities
    row = page.split('id="indicator-seminars-held"', 1)[1].split("</tr>", 1)[0]
    assert ">1</span>" in row and "computed from the records" in row and "50%" in row
    row = page.split('id="indicator-participants"', 1)[1].split("</tr>", 1)[0]
    assert ">13</span>" in row and "illustrative" in row
    assert 'class="overdue"' in page.split('id="activity-assessment"', 1)[1].split("</tr>")[0]
    # what motivated an activity, as written while the project has no such survey
    assert "Motivated by: needs-2018 · q_topics — data exchange" in page


def test_event_and_publication_link_both_ways(site):
    event = Elements((site / "en" / "alliance" / "events" / "tashkent" /
                      "index.html").read_text("utf-8"))
    assert "../../../../en/demo/index.html" in [a["href"] for a in event.find("a")]
    edition = Elements((site / "en" / "demo" / "index.html").read_text("utf-8"))
    hrefs = [a["href"] for a in edition.find("a")]
    assert "../../en/alliance/events/tashkent/index.html" in hrefs
    assert "../../en/alliance/plan/index.html#activity-seminars" in hrefs


def test_events_in_the_atom_feed_and_the_catalog(site):
    feed = ET.parse(site / "ru" / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert "Семинар в Ташкенте" in titles and "Кейс по итогам семинара" in titles
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    jsonschema.validate(catalog, json.loads((site / "catalog.schema.json").read_text("utf-8")))
    events = {e["slug"]: e for e in catalog["events"]}
    assert events["tashkent"]["start"] == "2019-05-30T09:30:00+05:00"
    assert events["tashkent"]["publications"] == ["demo"]
    assert events["tashkent"]["participants_illustrative"] is True
    assert (site / events["tashkent"]["calendar"].replace("alliance/", "en/alliance/", 1)
            ).is_file()


def test_publisher_check_finds_no_broken_link_in_the_alliance_pages(project):
    result = cli_run("check", "--project", str(project))
    mine = [line for line in result.output.splitlines() if "/alliance/" in line
            or ".ics" in line]
    assert mine == []


# -- incremental and never destructive ---------------------------------------------------------

@pytest.mark.slow
def test_records_change_rebuilds_the_site_and_bad_records_keep_the_old_one(tmp_path):
    root = records_project(tmp_path / "p")
    assert build(root).exit_code == 0
    page = root / "build" / "site" / "en" / "alliance" / "events" / "tashkent" / "index.html"
    assert "Seminar in Tashkent" in page.read_text("utf-8")
    manifest = json.loads(build(root, "--json").stdout)
    assert [o["status"] for o in manifest["outputs"] if o["format"] == "site"] == ["skipped"]
    text = root / "events" / "tashkent" / "en.md"
    text.write_text(text.read_text("utf-8").replace("Seminar in Tashkent", "Tashkent seminar"),
                    "utf-8")
    assert build(root).exit_code == 0
    assert "Tashkent seminar" in page.read_text("utf-8")
    event = root / "events" / "tashkent" / "event.yaml"
    event.write_text(event.read_text("utf-8").replace("Asia/Tashkent", "Asia/Tashkend"), "utf-8")
    text.write_text(text.read_text("utf-8").replace("Tashkent seminar", "Broken"), "utf-8")
    result = build(root)
    assert result.exit_code == 1
    assert "events/tashkent/event.yaml:4:11: error PUB907" in result.output
    assert "Tashkent seminar" in page.read_text("utf-8")  # the last good site is still there
    assert not (root / "build" / ".site.part").exists()


def test_sitemap_lists_the_alliance_pages_with_their_languages(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    url = "https://hub.example.org/pubs/ru/alliance/events/tashkent/"
    assert url in entries
    links = {a.get("hreflang"): a.get("href") for a in entries[url].findall("x:link", ns)}
    assert links == {"en": "https://hub.example.org/pubs/en/alliance/events/tashkent/",
                     "ru": url}
    assert entries[url].findtext("s:lastmod", namespaces=ns) == "2019-05-31"
    assert "https://hub.example.org/pubs/en/alliance/plan/" in entries


def test_sha256sums_list_every_calendar_and_event_material(site):
    import hashlib

    sums = dict(reversed(line.split("  ", 1)) for line in
                (site / "SHA256SUMS").read_text("utf-8").splitlines())
    calendars = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.ics"))
    assert "events.ru.ics" in calendars and "ru/alliance/events/tashkent/tashkent.ics" in calendars
    for path in calendars:
        assert sums.get(path) == hashlib.sha256((site / path).read_bytes()).hexdigest(), path
    materials = [p.relative_to(site).as_posix() for p in (site / "en" / "alliance" / "events")
                 .rglob("*") if p.is_file() and p.suffix not in (".html", ".ics")]
    assert materials, "the sample events have materials"
    assert set(materials) <= set(sums)
