"""The catalog site in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from conftest import REPO
from sitekit import shared_site_project

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def unavailable(what: str):
    """Skip on a developer's machine without the tool; fail in CI, where it must be there."""
    message = f"{what} is not installed (run `make test`, which installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def site(sample, tmp_path_factory) -> Path:
    return shared_site_project(sample, tmp_path_factory) / "build" / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        unavailable("Chromium (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken browser install
        playwright.stop()
        unavailable(f"a working Chromium ({exc})")
    yield chromium
    chromium.close()
    playwright.stop()


class Watch:
    """Console errors, page errors and every request a page makes."""

    def __init__(self, page, base: str):
        self.base = base
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def check(self):
        assert self.errors == []
        foreign = [u for u in self.requests if not u.startswith(self.base)]
        assert foreign == []


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.watch = Watch(page, server)
    yield page
    context.close()


def visible_publications(page) -> list[str]:
    return page.eval_on_selector_all(
        ".pub", "els => els.filter(e => e.offsetParent !== null)"
                ".map(e => e.querySelector('h2').id.slice(4))")


def test_index_lists_every_edition(page, server, site):
    cases = sorted(p.name for p in (site.parent.parent / "cases").iterdir() if p.is_dir())
    editions = sorted(f"{p.stem}/{p.parent.name}" for p in
                      (site.parent.parent / "cases").glob("*/*.md"))
    page.goto(server + "en/index.html")
    assert sorted(visible_publications(page)) == cases
    hrefs = page.eval_on_selector_all(".pub-languages a", "els => els.map(e => e.href)")
    assert sorted(h[len(server):-len("/index.html")] for h in hrefs) == editions
    assert page.inner_text(".filter-status") == f"Showing {len(cases)} of {len(cases)}"
    page.watch.check()


def test_filters_with_javascript(page, server):
    page.goto(server + "ru/index.html")
    page.get_by_label("Грузия").check()
    assert visible_publications(page) == ["georgia-gateway"]
    assert page.url.endswith("ru/index.html?country=GE")
    assert page.inner_text(".filter-status") == "Показано 1 из 4"
    # the filter travels with the language switch, and a shared address restores it
    page.click("a[hreflang=ka][data-keep-query]")
    page.wait_for_url("**/ka/index.html?country=GE")
    assert visible_publications(page) == ["georgia-gateway"]
    assert page.is_checked("input[name=country][value=GE]")
    page.check("input[name=country][value='']")
    assert len(visible_publications(page)) == 4
    assert page.url.endswith("ka/index.html")
    page.watch.check()


def test_filters_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "en/index.html")
    assert page.is_hidden("[data-search]")  # search needs the script: not offered without it
    total = len(visible_publications(page))
    # without the script the filters stay folded (one click away) at any width
    assert page.is_hidden("input[name=country]")
    page.click(".filters-panel summary")
    page.get_by_label("Georgia").check()
    assert visible_publications(page) == ["georgia-gateway"]
    page.check("input[name=country][value='']")
    assert len(visible_publications(page)) == total
    page.check("input[name=type][value=report]")
    assert visible_publications(page) == ["alliance-of-practitioners"]
    page.check("input[name=year][value='2024']")
    assert visible_publications(page) == []
    context.close()


@pytest.mark.parametrize("lang, word, slug", [
    ("ka", "შლუზი", "georgia-gateway"),
    ("ru", "шлюз", "georgia-gateway"),
    ("ru", "волонтёры", "azerbaijan-smart-government"),
])
def test_search_finds_words_in_georgian_and_russian(page, server, lang, word, slug):
    page.goto(server + f"{lang}/index.html")
    page.fill("[data-search-input]", word)
    page.press("[data-search-input]", "Enter")
    first = page.locator("[data-search-results] li a").first
    first.wait_for(timeout=15000)
    hrefs = page.eval_on_selector_all("[data-search-results] li a", "els => els.map(e => e.href)")
    assert server + f"{lang}/{slug}/index.html" in hrefs
    assert all(h.startswith(server + f"{lang}/") for h in hrefs)
    marks = page.eval_on_selector_all("[data-search-results] mark", "els => els.length")
    assert marks >= 1
    page.watch.check()


def test_search_reports_nothing_found(page, server):
    page.goto(server + "en/index.html")
    page.fill("[data-search-input]", "zzqxjv")
    page.press("[data-search-input]", "Enter")
    page.wait_for_function(
        "() => document.querySelector('[data-search-status]').textContent !== ''")
    assert page.inner_text("[data-search-status]") == "Nothing found."
    page.watch.check()


def _in_view(page, selector: str) -> bool:
    top = page.eval_on_selector(selector, "e => e.getBoundingClientRect().top")
    return -5 <= top <= 150


def click_in_place(page, selector: str) -> None:
    """Click where the element is, as a person does (page.click would scroll it first)."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_language_switcher_keeps_the_section(page, server):
    page.goto(server + "en/azerbaijan-smart-government/index.html#context")
    click_in_place(page, "a[hreflang=ru][data-sections]")
    page.wait_for_url("**/ru/azerbaijan-smart-government/index.html#context")
    assert _in_view(page, "#context")
    assert page.inner_text("#context h2") == "Контекст"
    # scrolled (no address fragment) to a later section: the switch follows the reading place
    page.eval_on_selector("#results", "e => e.scrollIntoView()")
    page.wait_for_timeout(100)
    click_in_place(page, "a[hreflang=az][data-sections]")
    page.wait_for_url("**/az/azerbaijan-smart-government/index.html#results")
    assert _in_view(page, "#results")
    page.watch.check()


def test_keyboard_skip_link_and_visible_focus(page, server):
    page.goto(server + "ka/georgia-gateway/index.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
        return {cls: e.className, outline: s.outlineStyle, width: s.outlineWidth, top: r.top};
    }""")
    assert focused["cls"] == "skip-link" and focused["top"] >= 0
    assert focused["outline"] != "none" and focused["width"] != "0px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.watch.check()


def test_raw_html_does_not_run_and_pages_stay_clean(page, server):
    for path in ("index.html", "404.html", "en/raw-html/index.html", "kk/index.html",
                 "kk/alliance-of-practitioners/index.html", "ka/georgia-gateway/index.html",
                 "az/azerbaijan-smart-government/index.html"):
        page.goto(server + path)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    page.watch.check()


@pytest.mark.parametrize("path", ["en/index.html", "ka/index.html",
                                  "ru/azerbaijan-smart-government/index.html",
                                  "ka/georgia-gateway/index.html"])
def test_axe_finds_no_serious_violation(page, server, path):
    if not AXE.is_file():
        unavailable("axe-core (.cache/npm)")
    page.goto(server + path)
    # evaluated through the DevTools protocol: the page's CSP does not apply to the tester
    page.evaluate(AXE.read_text("utf-8"))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.watch.check()


def test_downloaded_html_edition_cannot_run_raw_scripts(page, server):
    """The standalone HTML edition is served from the site too: its own CSP forbids scripts."""
    page.goto(server + "en/raw-html/raw-html.en.html")
    assert page.inner_text("h1") == "Raw HTML in an edition"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert any("Content Security Policy" in e for e in page.watch.errors)  # blocked, not run
