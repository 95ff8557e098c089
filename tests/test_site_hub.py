"""The catalog site as a reader meets it, in headless Chromium: the landing page, topic
labels in the reader's language, filters folded away on a phone, search excerpts, the
licence's name."""

from __future__ import annotations

import pytest

from test_site_browser import browser, page, server, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, name", [
    ("en", "Creative Commons Attribution 4.0 International"),
    ("ru", "Creative Commons Атрибуция 4.0 Международная"),
    ("ka", "Creative Commons ავტორის მითითება 4.0 საერთაშორისო"),
])
def test_licence_is_named_and_linked(page, server, lang, name):
    slug = "georgia-gateway" if lang == "ka" else "azerbaijan-smart-government"
    page.goto(server + f"{lang}/{slug}/index.html")
    link = page.locator(".title-block dd.licence a[rel=license]")
    assert link.inner_text() == name
    assert link.get_attribute("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert page.inner_text(".title-block dd.licence .licence-id") == "(CC BY 4.0)"
    footer = page.locator(".colophon a[rel=license]")
    assert footer.inner_text() == name
    assert "CC-BY-4.0" not in page.inner_text("body")
    page.watch.check()


@pytest.mark.parametrize("lang, word, expected, glued", [
    ("en", "licence", "Licence: Creative Commons Attribution 4.0 International", "Licence" "Creative"),
    ("ru", "опубликовано", "Опубликовано: ", "Опубликовано" "15"),
])
def test_search_excerpts_keep_labels_apart(page, server, lang, word, expected, glued):
    page.goto(server + f"{lang}/index.html")
    page.fill("[data-search-input]", word)
    page.press("[data-search-input]", "Enter")
    page.locator("[data-search-results] li p").first.wait_for(timeout=15000)
    excerpts = page.eval_on_selector_all("[data-search-results] li p",
                                         "els => els.map(e => e.textContent)")
    assert any(expected in e for e in excerpts), excerpts
    assert not any(glued in e for e in excerpts)
    assert not any("TeamLicence" in e or "teamЛицензия" in e for e in excerpts)
    page.watch.check()
