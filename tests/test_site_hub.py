"""The catalog site as a reader meets it, in headless Chromium: the landing page, topic
labels in the reader's language, filters folded away on a phone, search excerpts, the
licence's name."""

from __future__ import annotations

import pytest

from test_site_browser import server, site, visible_publications  # noqa: F401  (fixtures)

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


def _topic_labels(page) -> list[str]:
    return page.eval_on_selector_all(
        "input[name=topic]:not([value='']) + label", "els => els.map(e => e.textContent)")


def test_topics_are_labelled_in_the_readers_language(page, server):
    page.goto(server + "ru/index.html")
    labels = _topic_labels(page)
    assert "Цифровое государство" in labels and "Принцип «одного окна»" in labels
    assert not [label for label in labels if label.isascii()]  # no English tag left
    page.get_by_label("Взаимное обучение").check()
    assert visible_publications(page) == ["alliance-of-practitioners"]
    assert page.url.endswith("?topic=peer-learning")  # the address keeps the id
    page.goto(server + "en/index.html")
    labels = _topic_labels(page)
    assert "One-stop shop" in labels  # the label as written: its hyphen kept
    assert "Digital government" in labels
    page.goto(server + "ka/index.html")
    assert "ციფრული მმართველობა" in _topic_labels(page)
    page.watch.check()


def test_filters_fold_away_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(server + "ru/index.html")
    assert page.is_hidden("input[name=topic]")  # folded
    summary = page.locator(".filters-panel summary")
    assert summary.inner_text() == "Фильтр"
    first = page.locator(".pub h2").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 667, "the first publication is below the first screen"
    assert page.inner_text(".filter-status") == "Показано 4 из 4"
    summary.click()
    page.get_by_label("Грузия").check()
    assert visible_publications(page) == ["georgia-gateway"]
    # a shared address with a filter opens the filters, so the choice is seen
    page.goto(server + "ru/index.html?country=GE")
    assert page.is_visible("input[name=country][value=GE]")
    context.close()


def test_filters_are_open_beside_the_list_on_a_wide_screen(page, server):
    page.goto(server + "en/index.html")
    assert page.is_visible("input[name=topic][value=digital-government]")
    filters = page.locator(".filters-panel").bounding_box()
    listing = page.locator(".publications").bounding_box()
    assert filters["x"] + filters["width"] <= listing["x"]  # side by side
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
