"""The site's root as the hub's landing page, in headless Chromium: the latest publications,
the alliance, events to come and past, and every language's catalog."""

from __future__ import annotations

import pytest

from conftest import axe_violations
from sitekit import serve_records_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_records_site(tmp_path_factory, "landing")


def texts(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent.trim())")


def test_landing_page_shows_the_hub(page, server):
    page.goto(server)
    assert page.inner_text("h1") == "Civil Service Hub"
    # every language's catalog, each link in its own language
    choice = page.locator(".language-choice a")
    assert [a.get_attribute("hreflang") for a in choice.all()] == ["en", "ru"]
    assert texts(page, ".language-choice .autonym") == ["English", "Русский"]
    # the latest publications, linked to their pages
    assert page.inner_text("#latest-title") == "Latest publications"
    latest = page.locator(".landing-latest h3 a")
    assert latest.count() >= 1
    first = latest.first.get_attribute("href")
    assert first.endswith("/index.html") and first.startswith(("en/", "ru/"))
    assert page.get_attribute(".landing-latest .more a", "href") == "en/index.html"
    # the alliance, with its members
    assert page.inner_text("#alliance-title") == "Test alliance"
    members = page.inner_text(".landing-members")
    assert members == "Members: Academy (Uzbekistan), Personnel Service (Kyrgyzstan), e-Governance Academy (Estonia)"
    assert page.get_attribute(".landing-alliance .more a", "href") == "en/alliance/index.html"
    # events: the one to come (2030), and the past ones, newest first
    assert texts(page, ".events-upcoming .event-title") == [
        texts(page, ".events-upcoming .event-title")[0]]
    upcoming = page.locator(".events-upcoming time").first.get_attribute("datetime")
    assert upcoming.startswith("2030-04-02")
    recent = [t.get_attribute("datetime")[:10] for t in
              page.locator(".events-recent time").all()]
    assert recent == sorted(recent, reverse=True) and recent[0] == "2019-05-30"
    page.click(".events-upcoming .event-title a")
    page.wait_for_url("**/en/alliance/events/tallinn-online/index.html")
    page.watch.check()


def test_landing_page_is_accessible(page, server):
    page.goto(server)
    violations = axe_violations(page)
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    page.watch.check()


def test_landing_page_on_a_phone_offers_every_language_first(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    page = context.new_page()
    page.goto(server)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing wider than the phone
    box = page.locator(".language-choice a").last.bounding_box()
    assert box["y"] + box["height"] <= 667
    context.close()
