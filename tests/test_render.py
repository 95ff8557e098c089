"""`publisher render` turns any Markdown file into each format, front matter optional."""

from __future__ import annotations

import re

import docx
import pytest
from click.testing import CliRunner

from conftest import pdf_text, write
from publisher.cli.main import cli

PLAIN = """
## Введение {#intro}

Обычный текст без метаданных. Armenian: Հայաստան. Georgian: საქართველო.

| Колонка | Значение |
|---------|----------|
| a       | 1        |

### Details

Closing words.[^1]

[^1]: A note.
"""


@pytest.fixture
def plain_file(tmp_path):
    return write(tmp_path / "field-notes.md", PLAIN)


def _render(path, fmt, *extra):
    return CliRunner().invoke(cli, ["render", str(path), "--to", fmt, *extra],
                              catch_exceptions=False)


def test_render_pdf_without_front_matter(plain_file):
    result = _render(plain_file, "pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(plain_file.with_suffix(".pdf"))
    for needle in ("Field notes", "Введение", "Հայաստան", "საქართველო", "Closing words"):
        assert needle in text


def test_render_docx_without_front_matter(plain_file, tmp_path):
    out = tmp_path / "custom" / "notes.docx"
    result = _render(plain_file, "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Введение") in headings
    assert ("Heading 3", "Details") in headings
    assert document.core_properties.title == "Field notes"
    assert len(document.tables) == 1


def test_render_html_without_front_matter(plain_file):
    result = _render(plain_file, "html")
    assert result.exit_code == 0, result.output
    html = plain_file.with_suffix(".html").read_text("utf-8")
    assert '<html lang="ru">' in html  # the text is Russian (found from its letters)
    assert re.search(r'<section id="intro" class="level2">\s*<h2>Введение</h2>', html)


def test_render_takes_lang_from_front_matter(tmp_path):
    source = write(tmp_path / "ru-note.md",
                   "---\ntitle: Заметка\nlang: ru\n---\n\n## Раздел\n\nТекст.\n")
    assert _render(source, "html").exit_code == 0
    html = source.with_suffix(".html").read_text("utf-8")
    assert '<html lang="ru">' in html and "Содержание" in html


def test_render_reports_bad_front_matter(tmp_path):
    source = write(tmp_path / "broken.md", "---\ntitle: [unclosed\n---\n\nText\n")
    result = _render(source, "html")
    assert result.exit_code == 1
    assert "broken.md:" in result.stderr and "PUB001" in result.stderr
    assert not source.with_suffix(".html").exists()


def test_the_html_edition_names_its_licence_in_its_language(tmp_path):
    """The footer of an HTML edition names the licence as a reader of its language reads
    it, linked to the licence's page, not by its SPDX id."""
    import lxml.html

    from conftest import make_project

    root = make_project(tmp_path, {
        "en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHello.\n",
        "ru": "---\ntitle: Демо\ntranslated_from: en\n---\n\n## Введение {#intro}\n\nПривет.\n"})
    result = CliRunner().invoke(cli, ["build", "-C", str(root), "--to", "html"])
    assert result.exit_code == 0, result.output
    for lang, name in (("en", "Creative Commons Attribution 4.0 International"),
                       ("ru", "Creative Commons Атрибуция 4.0 Международная")):
        page = lxml.html.fromstring((root / "build" / "demo" / f"demo.{lang}.html").read_bytes())
        [link] = page.xpath("//footer//a[@rel='license']")
        assert (link.text, link.get("href")) == (
            name, "https://creativecommons.org/licenses/by/4.0/")
        assert "CC-BY-4.0" not in page.xpath("string(//footer)")
