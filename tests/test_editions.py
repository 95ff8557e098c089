"""End to end: the sample project builds to PDF, DOCX and HTML with the right content."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import docx
import pytest

from conftest import REPO, headings_of, norm, pdf_text, sample_editions
from publisher.load.project import load_project, load_editions

EDITIONS = sample_editions()


def edition_title(slug: str, lang: str) -> str:
    project = load_project(REPO)
    editions, _ = load_editions(project, (slug,), (lang,))
    return editions[0].title


def test_sample_has_enough_editions():
    assert len(EDITIONS) >= 4
    assert {lang for _, lang in EDITIONS} >= {"en", "ru"}


def test_manifest_lists_every_output(manifest, sample):
    cases = {slug for slug, _ in EDITIONS}  # the surveys' questionnaires are outputs too
    outputs = [o for o in manifest["outputs"] if o["format"] != "site" and o["case"] in cases]
    assert manifest["outputs"][-1]["format"] == "site"
    assert manifest["ok"] is True
    assert len(outputs) == 3 * len(EDITIONS) >= 12
    for out in outputs:
        assert set(out) >= {"path", "format", "lang", "case", "status"}
        assert out["status"] == "built"
        assert (sample / out["path"]).is_file()
    assert {o["format"] for o in outputs} == {"pdf", "docx", "html"}


@pytest.mark.parametrize("slug,lang", EDITIONS)
def test_pdf_has_title_and_every_heading(sample, slug, lang):
    flat = norm(pdf_text(sample / "build" / slug / f"{slug}.{lang}.pdf"))
    assert norm(edition_title(slug, lang)) in flat
    for heading in headings_of(REPO / "cases" / slug / f"{lang}.md"):
        assert norm(heading) in flat, f"heading {heading!r} missing from the PDF"


@pytest.mark.parametrize("slug,lang", EDITIONS)
def test_pdf_fonts_are_embedded_noto(sample, slug, lang):
    out = subprocess.run(["pdffonts", str(sample / "build" / slug / f"{slug}.{lang}.pdf")],
                         capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        # a chart's text is drawn with the chart font merged from the brand's Noto Sans faces
        assert "Noto" in row or "PublisherChart" in row, row
        assert "DejaVu" not in row
        cols = row.split()
        assert cols[-5] == "yes", f"font not embedded: {row}"


@pytest.mark.parametrize("slug,lang", EDITIONS)
def test_docx_uses_heading_styles_and_carries_title(sample, slug, lang):
    document = docx.Document(str(sample / "build" / slug / f"{slug}.{lang}.docx"))
    title = edition_title(slug, lang)
    assert document.core_properties.title == title
    assert document.core_properties.language == lang
    styled = {(p.style.name, p.text) for p in document.paragraphs}
    assert ("Title", title) in styled
    expected = headings_of(REPO / "cases" / slug / f"{lang}.md")
    found = [norm(p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in expected:
        assert norm(heading) in found, f"heading {heading!r} is not a Heading-styled paragraph"


@pytest.mark.parametrize("slug,lang", EDITIONS)
def test_html_has_lang_title_and_headings(sample, slug, lang):
    raw = (sample / "build" / slug / f"{slug}.{lang}.html").read_text("utf-8")
    assert re.search(rf'<html lang="{lang}">', raw)
    assert "<h1 class=\"title\">" in raw
    html = norm(unescape(re.sub(r"<[^>]+>", " ", raw)))
    for heading in headings_of(REPO / "cases" / slug / f"{lang}.md"):
        assert norm(heading) in html
    # self-contained: no request leaves the file
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_captions_are_localized(sample):
    ru = next((s, lang) for s, lang in EDITIONS if lang == "ru")
    html = (sample / "build" / ru[0] / f"{ru[0]}.ru.html").read_text("utf-8")
    assert "Рисунок 1" in html
    assert "Figure 1" not in html
    text = pdf_text(sample / "build" / ru[0] / f"{ru[0]}.ru.pdf")
    assert "Рисунок 1" in text


def footnotes_of(markdown: Path) -> list[str]:
    """The first words of every footnote definition of an edition."""
    notes = []
    for line in markdown.read_text("utf-8").splitlines():
        m = re.match(r"^\[\^[^\]]+\]:\s+(.*)$", line)
        if m:
            text = re.sub(r"\]\([^)]*\)", "]", m.group(1))  # drop link targets
            words = re.sub(r"[*_`\[\]]", "", text).split()[:4]
            notes.append(norm(" ".join(words)))
    return notes


@pytest.mark.parametrize("slug,lang", EDITIONS)
def test_pdf_keeps_every_footnote(sample, slug, lang):
    flat = norm(pdf_text(sample / "build" / slug / f"{slug}.{lang}.pdf"))
    notes = footnotes_of(REPO / "cases" / slug / f"{lang}.md")
    assert notes, "the sample editions all have footnotes"
    for note in notes:
        assert note in flat, f"footnote {note!r} missing from the PDF"
