"""Figures and brand text in the edition's language."""

from __future__ import annotations

import shutil

import pytest
from ruamel.yaml import YAML

from conftest import CASE_YAML, REPO, make_project, pdf_text, run, write
from publisher.load.brand import language_gaps, load_brand
from publisher.i18n.strings import available_languages

FIGURE = """<?xml version="1.0" encoding="UTF-8"?>
<svg xml:lang="{lang}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100" width="400" height="100">
  <rect width="400" height="100" fill="#ffffff"/>
  <text x="20" y="50" font-family="Noto Sans" font-size="18">{words}</text>
</svg>
"""
PLAIN = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>
"""


def edition(title: str, heading: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\n{extra}---\n\n## {heading} {{#intro}}\n\n"
            "![A timeline](media/timeline.svg){#fig-timeline}\n\n"
            "![A dot](media/dot.svg){#fig-dot}\n")


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path, {
        "en": edition("Demo", "Intro"),
        "ru": edition("Демо", "Введение", "translated_from: en\n"),
        "ka": edition("დემო", "შესავალი", "translated_from: en\n"),
    })
    media = root / "cases" / "demo" / "media"
    write(media / "timeline.svg", FIGURE.format(lang="en", words="Milestones of the reform"))
    write(media / "timeline.ru.svg", FIGURE.format(lang="ru", words="Вехи реформы"))
    write(media / "dot.svg", PLAIN)
    return root


@pytest.mark.slow
def test_each_edition_shows_the_figure_in_its_language(project):
    result = run("build", "--to", "pdf", "--lang", "en,ru", cwd=project)
    assert result.exit_code == 0, result.output
    out = project / "build" / "demo"
    ru, en = pdf_text(out / "demo.ru.pdf"), pdf_text(out / "demo.en.pdf")
    assert "Вехи реформы" in ru and "Milestones of the reform" not in ru
    assert "Milestones of the reform" in en and "Вехи реформы" not in en


def test_a_figure_with_words_and_no_variant_is_a_warning_naming_the_language(project):
    result = run("validate", cwd=project)
    assert result.exit_code == 0, result.output
    assert ("cases/demo/ka.md:8:15: warning PUB121: figure `media/timeline.svg` has words in "
            "English and no Georgian variant") in result.output
    assert "translate its text into `media/timeline.ka.svg`" in result.output
    # the Russian edition has its variant; a figure without words needs none
    figures = [line for line in result.output.splitlines() if "PUB121" in line]
    assert len(figures) == 1 and "ka.md" in figures[0]


@pytest.mark.slow
def test_the_variant_goes_to_the_site_with_its_edition(project):
    result = run("build", "--to", "html,site", cwd=project)
    assert result.exit_code == 0, result.output
    site = project / "build" / "site"
    assert "Вехи реформы" in (site / "ru" / "demo" / "media" / "timeline.ru.svg").read_text("utf-8")
    page = (site / "ru" / "demo" / "index.html").read_text("utf-8")
    assert 'src="media/timeline.ru.svg"' in page
    assert 'src="media/timeline.svg"' in (site / "ka" / "demo" / "index.html").read_text("utf-8")


def test_the_words_of_a_figure_without_xml_lang_are_in_the_source_language(tmp_path):
    root = make_project(tmp_path, {
        "en": edition("Demo", "Intro"),
        "ru": edition("Демо", "Введение", "translated_from: en\n")})
    media = root / "cases" / "demo" / "media"
    write(media / "timeline.svg", FIGURE.replace(' xml:lang="{lang}"', "").format(words="Words"))
    write(media / "dot.svg", PLAIN)
    result = run("validate", cwd=root)
    assert "has words in English and no Russian variant" in result.output
    figures = [line for line in result.output.splitlines() if "PUB121" in line]
    assert len(figures) == 1 and "ru.md" in figures[0]


# --- the brand's texts -----------------------------------------------------------------

def test_the_hub_brand_has_every_text_in_every_language():
    brand = load_brand(REPO / "styles" / "brand.yaml")
    assert language_gaps(brand, available_languages(), ("case-study", "guide", "report")) == []
    assert brand.name("hy") == "Քաղաքացիական ծառայության հաբ"
    assert brand.name("ka") == "საჯარო სამსახურის ჰაბი"
    assert brand.series_name("case-study", "et") == "E-riigi juhtumiuuringud"
    # Uzbek oʻ is U+02BB, as the locale strings write it
    assert "\u02bb" in brand.series_name("guide", "uz") and "'" not in brand.series_name("guide", "uz")


def test_a_missing_brand_text_is_a_warning_naming_the_language(tmp_path):
    root = make_project(tmp_path, {"hy": "---\ntitle: Ցուցադրություն\n---\n\n"
                                         "## Ներածություն {#intro}\n\nԲարև։\n"},
                        case_yaml=CASE_YAML.replace("source_language: en", "source_language: hy"))
    path = root / "styles" / "brand.yaml"
    yaml = YAML()
    data = yaml.load(path.read_text("utf-8"))
    del data["name"]["hy"]
    del data["series"]["case-study"]["ka"]
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    result = run("validate", cwd=root)
    assert "styles/brand.yaml:2:1: warning PUB122: the brand has no name in Armenian (hy)" \
        in result.output
    assert "warning PUB122: the brand has no series: case-study in Georgian (ka)" in result.output
    # with the hub's brand, the Armenian site names the hub in Armenian
    shutil.copy2(REPO / "styles" / "brand.yaml", path)
    result = run("build", "--to", "html,site", cwd=root)
    assert "PUB122" not in result.output
    page = (root / "build" / "site" / "hy" / "index.html").read_text("utf-8")
    assert "<p>© Քաղաքացիական ծառայության հաբ</p>" in page and "Civil Service Hub" not in page


def test_an_empty_logo_is_a_missing_required_field(tmp_path):
    from publisher.core.diagnostics import PublisherError

    shutil.copytree(REPO / "styles", tmp_path / "styles")
    path = tmp_path / "styles" / "brand.yaml"
    text = path.read_text("utf-8")
    path.write_text("\n".join("logo: ''" if line.startswith("logo:") else line
                              for line in text.split("\n")), "utf-8")
    with pytest.raises(PublisherError) as raised:
        load_brand(path)
    [problem] = raised.value.diagnostics
    assert (problem.code, problem.message) == ("PUB101", "missing required field `logo` in "
                                                         "the brand file")
    assert problem.line == next(i for i, line in enumerate(text.split("\n"), 1)
                                if line.startswith("logo:"))
