"""The alliance's pages in headless Chromium: links between an event and its publication,
the plan's timeline, and axe-core."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from test_records_site import build
from test_records import records_project
from test_site_browser import AXE, Watch, _Quiet, browser, unavailable  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = records_project(tmp_path_factory.mktemp("records-browser") / "project")
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
    if not AXE.is_file():
        unavailable("axe-core (.cache/npm)")
    page.goto(server + path)
    page.evaluate(AXE.read_text("utf-8"))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    assert violations == []
    page.watch.check()
