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

