"""What the site tells a reader about an edition, seen in headless Chromium."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from publisher.i18n.strings import strings
from sitekit import cli_run, serve

pytestmark = pytest.mark.browser

NINE = REPO / "tests" / "projects" / "nine-languages"
SLUG = "shared-services"


@pytest.fixture(scope="module")
def stale_site(tmp_path_factory):
    """The nine-language project after an edit of its English source: every translation of
    the edited section is outdated."""
    root = tmp_path_factory.mktemp("notices") / "nine"
    shutil.copytree(NINE, root)
    shutil.copytree(REPO / "styles", root / "styles")
    source = root / "cases" / SLUG / "en.md"
    source.write_text(source.read_text("utf-8").replace("Third, digital", "Third: digital"),
                      "utf-8")
    result = cli_run("build", "--project", str(root), "--to", "html,site", "--lang", "en,ka,ru")
    assert result.exit_code == 0, result.output
    yield from serve(root / "build" / "site")


def notice(page) -> tuple[str, bool] | None:
    element = page.query_selector(".outdated-notice")
    if element is None:
        return None
    return element.inner_text().strip(), element.is_visible()


@pytest.mark.parametrize("lang", ["ka", "ru"])
def test_an_outdated_translation_says_so_on_its_site_page(browser, stale_site, lang):
    page = browser.new_page()
    page.goto(stale_site + f"{lang}/{SLUG}/index.html")
    assert notice(page) == (strings(lang)["outdated_translation"].strip(), True)
    # it comes before the text, inside the edition's header
    assert page.eval_on_selector(".outdated-notice", "e => e.closest('header') !== null")
    assert page.get_attribute(".outdated-notice", "role") == "note"
    page.close()


def test_the_source_edition_has_no_notice(browser, stale_site):
    page = browser.new_page()
    page.goto(stale_site + f"en/{SLUG}/index.html")
    assert page.inner_text("h1.title")
    assert notice(page) is None
    page.close()
