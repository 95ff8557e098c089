"""The alliance's pages in headless Chromium: links between an event and its publication,
the plan's timeline, and axe-core."""

from __future__ import annotations

import pytest

from conftest import axe_violations
from sitekit import serve_records_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_records_site(tmp_path_factory, "records-browser")


def test_event_links_to_its_publication_and_back(page, server):
    page.goto(server + "en/alliance/events/index.html")
    page.get_by_role("link", name="Seminar in Tashkent").click()
    assert page.url == server + "en/alliance/events/tashkent/index.html"
    assert page.get_by_role("heading", level=1).inner_text() == "Seminar in Tashkent"
    page.get_by_role("link", name="A case from the seminar").click()
    assert page.url == server + "en/demo/index.html"
    page.locator(".came-from").get_by_role("link", name="Seminar in Tashkent").click()
    assert page.url == server + "en/alliance/events/tashkent/index.html"
    page.goto(server + "ru/demo/index.html")
    page.locator(".came-from").get_by_role("link", name="Семинары").click()
    assert page.url == server + "ru/alliance/plan/index.html#activity-seminars"
    assert page.locator("#activity-seminars th").inner_text().splitlines()[0] == "Семинары"
    page.watch.check()


def test_language_switcher_keeps_the_page(page, server):
    page.goto(server + "en/alliance/events/tashkent/index.html")
    page.locator(".language-switcher").get_by_role("link", name="Русский").click()
    assert page.url == server + "ru/alliance/events/tashkent/index.html"
    assert page.get_by_role("heading", level=1).inner_text() == "Семинар в Ташкенте"
    page.watch.check()


def test_plan_timeline_is_drawn(page, server):
    page.goto(server + "en/alliance/plan/index.html")
    box = page.locator("svg.plan-timeline").bounding_box()
    assert box["width"] > 600 and box["height"] > 100
    # the stylesheet reaches the SVG: a done activity's bar is filled with the brand colour
    fill = page.eval_on_selector("svg.plan-timeline rect.actual",
                                 "e => getComputedStyle(e).fill")
    assert fill == "rgb(11, 79, 108)"
    page.watch.check()


@pytest.mark.parametrize("path", ["en/alliance/index.html", "ru/alliance/events/index.html",
                                  "en/alliance/events/tashkent/index.html",
                                  "ru/alliance/events/tallinn-online/index.html",
                                  "en/alliance/plan/index.html", "ru/demo/index.html"])
def test_axe_finds_no_violation(page, server, path):
    page.goto(server + path)
    violations = axe_violations(page)
    assert violations == []
    page.watch.check()
