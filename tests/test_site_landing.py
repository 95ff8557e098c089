"""The site's root as the hub's landing page, in headless Chromium: the latest publications,
the alliance, events to come and past, and every language's catalog."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from test_records import records_project
from test_records_site import build
from test_site_browser import AXE, Watch, _Quiet, browser, unavailable  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = records_project(tmp_path_factory.mktemp("landing") / "project")
    assert build(root).exit_code == 0
    handler = functools.partial(_Quiet, directory=str(root / "build" / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture
def page(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.watch = Watch(page, server)
    yield page
    context.close()


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
    if not AXE.is_file():
        unavailable("axe-core (.cache/npm)")
    page.goto(server)
    page.evaluate(AXE.read_text("utf-8"))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    page.watch.check()


def test_landing_page_on_a_phone_offers_every_language_first(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    page = context.new_page()
    page.goto(server)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing wider than the phone
    box = page.locator(".language-choice a").last.bounding_box()
    assert box["y"] + box["height"] <= 667
    context.close()
