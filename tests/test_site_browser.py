"""The catalog site in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import axe_violations
from sitekit import serve, shared_site_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(sample, tmp_path_factory) -> Path:
    return shared_site_project(sample, tmp_path_factory) / "build" / "site"


@pytest.fixture(scope="module")
def server(site):
    yield from serve(site)


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
    page.goto(server + path)
    violations = axe_violations(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.watch.check()


def test_downloaded_html_edition_cannot_run_raw_scripts(page, server):
    """The standalone HTML edition is served from the site too: its own CSP forbids scripts."""
    page.goto(server + "en/raw-html/raw-html.en.html")
    assert page.inner_text("h1") == "Raw HTML in an edition"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert any("Content Security Policy" in e for e in page.watch.errors)  # blocked, not run
