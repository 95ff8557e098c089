"""Word drafts in: section ids for headings in any script, and nothing lost without a note
(comments, tracked changes, SmartArt, tables with several paragraphs per cell, equations)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

from conftest import make_project, run
from wordkit import Draft

HY_SECTIONS = ["Ամփոփում", "Համատեքստ", "Ինչ արեցինք", "Արդյունքներ", "Դասեր", "Աղբյուրներ"]


def cli(*args, cwd=None):
    from click.testing import CliRunner

    from publisher.cli.main import cli as command

    extra = ["--project", str(cwd)] if cwd else []
    return CliRunner().invoke(command, [args[0], *extra, *args[1:]], catch_exceptions=False)


def _require(root: Path, doc_type: str, sections: list[str]) -> None:
    config = root / "publisher.yaml"
    text = config.read_text("utf-8")
    old = {"case-study": "case-study: {sections: []}", "guide": "guide: {}"}[doc_type]
    config.write_text(text.replace(old, f"{doc_type}: {{sections: [{', '.join(sections)}]}}"),
                      "utf-8")


def _headings(text: str) -> list[str]:
    return re.findall(r"^(#+ .*)$", text, re.M)


def _validate(root: Path, slug: str) -> list[dict]:
    result = run("validate", slug, "--format", "json", cwd=root)
    return json.loads(result.stdout)["diagnostics"]


def _import(root: Path, draft: Path, *options: str, slug: str = "losses", lang: str = "en"):
    return cli("import", str(draft), "--case", slug, "--lang", lang, *options, cwd=root)


def _imported(root: Path, draft: Path, *options: str, slug: str = "losses",
              lang: str = "en"):
    """Import a draft that must go in: the command's result and the edition it wrote."""
    result = _import(root, draft, *options, slug=slug, lang=lang)
    assert result.exit_code == 0, result.output
    return result, (root / "cases" / slug / f"{lang}.md").read_text("utf-8")


# --- item 11: section ids and levels -------------------------------------------------------

def test_armenian_headings_get_the_case_studys_section_ids(tmp_path):
    root = make_project(tmp_path / "p")
    _require(root, "case-study", ["summary", "context", "results", "lessons"])
    draft = Draft("Թվային ծառայություններ")
    for heading in HY_SECTIONS:
        draft.heading(heading)
        draft.para(f"Տեքստ՝ {heading}։")
    draft.heading("Մանրամասներ", 2)
    draft.para("Ավելին։")
    draft.save(tmp_path / "hy.docx")
    result, text = _imported(root, tmp_path / "hy.docx", slug="services", lang="hy")
    assert 'title: "Թվային ծառայություններ"' in text
    # Word's Heading 1 is our level 2 (the title is apart); ids by the scaffold's names, and
    # the one heading whose name is not a section's by its position between them
    assert _headings(text) == [
        "## Ամփոփում {#summary}", "## Համատեքստ {#context}", "## Ինչ արեցինք {#reform}",
        "## Արդյունքներ {#results}", "## Դասեր {#lessons}", "## Աղբյուրներ {#references}",
        "### Մանրամասներ {#references-1}"]
    assert "section-" not in text
    # the guess by position and the made-up id are notes at the heading's paragraph
    assert "hy.docx:6: warning PUB150: the heading “Ինչ արեցինք” (paragraph 6) was given " \
           "the section id `reform` by its position" in result.stderr
    assert "hy.docx:14: warning PUB151: the heading “Մանրամասներ” (paragraph 14)" \
           in result.stderr
    assert "2 conversion notes, 0 errors" in result.stderr
    # the required sections are found: nothing but the case.yaml placeholders remain
    found = _validate(root, "services")
    assert {d["code"] for d in found} == {"PUB120"}
    assert all(d["path"].endswith("case.yaml") for d in found)


def test_a_translated_draft_takes_the_source_editions_ids_by_position(tmp_path):
    root = make_project(tmp_path / "p", {
        "en": "---\ntitle: Demo\n---\n\n## Why we started {#origins}\n\nText.\n\n"
              "### The first office {#first-office}\n\nText.\n\n"
              "## What changed {#changes}\n\nText.\n\n## Summary {#summary}\n\nText.\n"})
    draft = Draft("Демо")
    for heading, level in (("Почему мы начали", 1), ("Первый офис", 2),
                           ("Что изменилось", 1), ("Резюме", 1)):
        draft.heading(heading, level)
        draft.para("Текст.")
    draft.save(tmp_path / "ru.docx")
    _, text = _imported(root, tmp_path / "ru.docx", slug="demo", lang="ru")
    assert "translated_from: \"en\"" in text
    assert _headings(text) == ["## Почему мы начали {#origins}",
                               "### Первый офис {#first-office}",
                               "## Что изменилось {#changes}", "## Резюме {#summary}"]
    # the sections line up with the source's: no missing or extra section
    codes = {d["code"] for d in _validate(root, "demo")}
    assert not codes & {"PUB603", "PUB604", "PUB214"}, codes


def test_type_guide_names_the_steps_and_is_written_to_case_yaml(tmp_path):
    root = make_project(tmp_path / "p")
    _require(root, "guide", ["summary", "steps"])
    draft = Draft("Ուղեցույց")
    for heading in ("Ամփոփում", "Քայլ առ քայլ", "Աղբյուրներ"):
        draft.heading(heading)
        draft.para("Տեքստ։")
    draft.save(tmp_path / "guide.docx")
    _, text = _imported(root, tmp_path / "guide.docx", "--type", "guide", slug="how-to",
                        lang="hy")
    assert _headings(text) == ["## Ամփոփում {#summary}", "## Քայլ առ քայլ {#steps}",
                               "## Աղբյուրներ {#references}"]
    case_yaml = (root / "cases" / "how-to" / "case.yaml").read_text("utf-8")
    assert "type: guide" in case_yaml and "agency:" not in case_yaml
    assert {d["code"] for d in _validate(root, "how-to")} == {"PUB120"}


def test_a_draft_without_a_separate_title(tmp_path):
    """The one Heading 1 that opens the document is its title; the rest keep their levels."""
    root = make_project(tmp_path / "p")
    draft = Draft()
    draft.heading("Digital services in the regions", 1)
    draft.heading("Context", 2)
    draft.para("Text.")
    draft.heading("Local offices", 3)
    draft.para("Text.")
    draft.save(tmp_path / "draft.docx")
    _, text = _imported(root, tmp_path / "draft.docx", slug="regions")
    assert 'title: "Digital services in the regions"' in text
    assert _headings(text) == ["## Context {#context}", "### Local offices {#local-offices}"]


def test_the_front_matter_and_case_yaml_load_back_to_the_drafts_values(tmp_path):
    """A colon, quotes, a leading dash, Armenian and Georgian, several lines: what YAML reads
    otherwise when written as it stands loads back from the files the import writes."""
    from publisher.core.yamlio import parse_yaml, plain, split_front_matter

    title = '- Թվային ծառայություններ: "ციფრული" სერვისები # 2019'
    summary = "First line: with a colon\n- then a dash\n\n«Ռեգիոններ» 'and' \"quotes\""
    root = make_project(tmp_path / "p")
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.comments = summary
    document.core_properties.keywords = "ա: բ; - გ"
    document.core_properties.author = 'Nino "N." Beridze; - Გიორგი: Ბ'
    document.add_paragraph(title, style="Title")
    document.add_heading("Context", level=1)
    document.add_paragraph("Text.")
    document.save(str(tmp_path / "draft.docx"))
    result = cli("import", str(tmp_path / "draft.docx"), "--case", "tricky", "--lang", "hy",
                 cwd=root)
    assert result.exit_code == 0, result.output
    folder = root / "cases" / "tricky"
    edition = folder / "hy.md"
    document_, found = split_front_matter(edition.read_text("utf-8"), edition)
    assert found == [] and document_ is not None
    assert plain(document_.meta.data) == {"title": title, "summary": summary,
                                          "keywords": ["ա: բ", "- გ"]}
    case_yaml = folder / "case.yaml"
    located, found = parse_yaml(case_yaml.read_text("utf-8"), case_yaml)
    assert found == [] and located is not None
    values = plain(located.data)
    assert values["authors"] == [{"name": 'Nino "N." Beridze'}, {"name": "- Გიორგი: Ბ"}]
    assert (values["type"], values["source_language"], values["topics"]) == (
        "case-study", "hy", ["TODO"])


@pytest.mark.parametrize("args,code", [
    (("--type", "leaflet"), "PUB801"),
    (("--type", "guide"), "PUB152"),  # the case exists and is a case study
])
def test_import_refuses_a_wrong_type(tmp_path, args, code):
    root = make_project(tmp_path / "p")
    draft = Draft("Demo")
    draft.heading("Context")
    draft.save(tmp_path / "draft.docx")
    result = _import(root, tmp_path / "draft.docx", *args, slug="demo", lang="ru")
    assert result.exit_code == 1 and code in result.stderr
    assert "Traceback" not in result.output
    assert not (root / "cases" / "demo" / "ru.md").exists()


# --- item 10: nothing lost without a note ----------------------------------------------------

def _losses(path: Path) -> Path:
    """A draft with what pandoc's reader loses or changes silently; paragraph numbers:
    1 title, 2 Context, 3 comment, 4 tracked changes, 5 equation, 6 SmartArt, 7 Results,
    8-10 the table's cells (the first cell has two paragraphs), 12 after the table."""
    from wordkit import deleted, inserted, run as text_run, superscript

    draft = Draft("Digital services")
    draft.heading("Context")
    draft.comment("Offices opened in ", "2015", ".", "Was it 2014?")
    draft.raw(text_run("The hub ") + inserted("now ") + text_run("serves ") +
              deleted("four ") + text_run("regions."))
    draft.raw(text_run("Growth is ") + superscript("x", "2") + text_run(" per year."))
    draft.smartart([("Apply online", [("Upload documents", [])]),
                    ("Receive the decision", [])])
    draft.heading("Results")
    table = draft.document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Region", "Offices"
    cell = table.rows[1].cells[0]
    cell.text = "North"
    cell.add_paragraph("Opened the second office in 2019")
    table.rows[1].cells[1].text = "4"
    draft.para("After the table.")
    return draft.save(path)


def test_every_loss_is_a_note_at_its_place_and_the_content_is_kept(tmp_path):
    root = make_project(tmp_path / "p")
    result, text = _imported(root, _losses(tmp_path / "draft.docx"))
    # the comment and the changes are notes in the Markdown, shown in no edition
    assert "<!-- Comment (Davit Grigoryan, 2026-03-02) on “2015”: Was it 2014? -->" in text
    assert "The hub now serves regions.\n" in text
    assert ("<!-- Tracked changes, accepted: inserted “now” (Ana Petrosyan, 2026-03-02); "
            "deleted “four” (Ana Petrosyan, 2026-03-02) -->") in text
    # the equation is our math, the SmartArt a list of its words where it stood
    assert "Growth is $x^{2}$ per year.\n\n- Apply online\n  - Upload documents\n" \
           "- Receive the decision\n" in text
    # the table with two paragraphs in a cell is a list table, not raw HTML
    assert "<table" not in text
    assert re.search(r"::: \{\.list-table header-rows=\"1\"\}\n- - Region\n  - Offices\n+"
                     r"- - North\n+    Opened the second office in 2019\n+  - 4\n:::", text)
    where = "draft.docx:{}: warning {}: "
    for paragraph, code, message in (
            (3, "PUB155", "a comment by Davit Grigoryan (paragraph 3, under “Context”) was "
                          "kept as a note in the Markdown: “Was it 2014?”"),
            (4, "PUB156", "a tracked insertion by Ana Petrosyan (paragraph 4, under "
                          "“Context”) was accepted and noted in the Markdown: “now”"),
            (4, "PUB156", "a tracked deletion by Ana Petrosyan (paragraph 4, under "
                          "“Context”) was accepted and noted in the Markdown: “four”"),
            (6, "PUB157", "a SmartArt graphic (paragraph 6, under “Context”) became a list of "
                          "its words: “Apply online / Upload documents / Receive the "
                          "decision”"),
            (8, "PUB158", "a table (paragraph 8, under “Results”) has cells with several "
                          "paragraphs")):
        assert where.format(paragraph, code) + message in result.stderr, message
    assert "5 conversion notes, 0 errors" in result.stderr
    assert "PUB804" not in result.stderr  # the equation converted as it is
    # the imported case validates: only the placeholders of the new case.yaml are left
    found = _validate(root, "losses")
    assert {d["code"] for d in found} == {"PUB120"}
    assert all(d["path"].endswith("case.yaml") for d in found)


def test_comments_dropped_and_changes_rejected_on_request(tmp_path):
    root = make_project(tmp_path / "p")
    result, text = _imported(root, _losses(tmp_path / "draft.docx"), "--comments", "drop",
                             "--changes", "reject")
    assert "<!--" not in text and "Was it 2014?" not in text
    assert "The hub serves four regions.\n" in text
    assert "(paragraph 3, under “Context”) was left out: “Was it 2014?”" in result.stderr
    assert "a tracked insertion by Ana Petrosyan (paragraph 4, under “Context”) was " \
           "rejected: “now”" in result.stderr


def test_changes_in_a_footnote_are_noted_at_the_footnote(tmp_path):
    from wordkit import inserted, run as text_run

    root = make_project(tmp_path / "p")
    draft = Draft("Notes")
    draft.heading("Context")
    draft.footnote("Offices opened in 2015.",
                   text_run("Source: the ") + inserted("2016 ", author="Nino Beridze")
                   + text_run("annual report."))
    draft.save(tmp_path / "notes.docx")
    result, text = _imported(root, tmp_path / "notes.docx", slug="notes")
    assert re.search(r"^\[\^1\]: Source: the 2016 annual report\.$", text, re.M)
    assert "inserted “2016” (Nino Beridze, 2026-03-02)" in text
    assert "notes.docx:3: warning PUB156: a tracked insertion by Nino Beridze (footnote 1 of " \
           "paragraph 3, under “Context”) was accepted" in result.stderr


@pytest.mark.parametrize("option,code,count", [
    (("--comments", "refuse"), "PUB155", 1),
    (("--changes", "refuse"), "PUB156", 2),
])
def test_a_draft_with_comments_or_changes_can_be_refused(tmp_path, option, code, count):
    root = make_project(tmp_path / "p")
    result = _import(root, _losses(tmp_path / "draft.docx"), *option)
    assert result.exit_code == 1
    errors = re.findall(rf"draft\.docx:(\d+): error {code}: ", result.stderr)
    assert len(errors) == count and set(errors) == ({"3"} if count == 1 else {"4"})
    assert "Traceback" not in result.output
    assert not (root / "cases" / "losses").exists()  # nothing written


def test_merged_cells_are_split_and_an_empty_smartart_is_noted(tmp_path):
    root = make_project(tmp_path / "p")
    draft = Draft("Offices")
    draft.heading("Results")
    table = draft.document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Both columns"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "Both rows"
    draft.smartart([])
    draft.save(tmp_path / "merged.docx")
    result, text = _imported(root, tmp_path / "merged.docx", slug="merged")
    block = text.split("::: {.list-table", 1)[1].split(":::", 1)[0]
    rows = [re.findall(r"^[ -]*- ?(.*)$", row, re.M) for row in
            re.split(r"\n(?=- )", block.split("\n", 1)[1].strip())]
    assert rows == [["Both columns", "", "r0c2"], ["r1c0", "r1c1", "Both rows"],
                    ["r2c0", "r2c1", ""]]
    assert "and merged cells, which were split" in result.stderr
    assert "merged.docx:11: warning PUB157: a SmartArt graphic (paragraph 11, under " \
           "“Results”) has no words and was left out" in result.stderr


def test_an_equation_typst_cannot_write_is_noted():
    from publisher.authoring import word, wordblocks

    ok = {"t": "Math", "c": [{"t": "InlineMath"}, "x^{2}"]}
    bad = {"t": "Math", "c": [{"t": "InlineMath"}, "\\begin{foo} x"]}
    found = word.Scan(findings=[word.Finding("equation", word.Place(5, "Context")),
                                word.Finding("equation", word.Place(9, "Results"))])
    notes = wordblocks.equations([{"t": "Para", "c": [ok]}, {"t": "Para", "c": [bad]}], found,
                           Path("draft.docx"))
    assert [(d.code, d.line) for d in notes] == [("PUB159", 9)]
    assert "(paragraph 9, under “Results”)" in notes[0].message


LIST_TABLE = """---
title: Demo
---

## Results {#results}

::: {.list-table header-rows="1"}
- - Region
  - Offices
- - North

    Opened the second office in 2019

    - a bullet in a cell
  - 4
:::

Table: Offices by region
"""


@pytest.mark.slow
def test_a_list_table_is_a_table_in_every_format(tmp_path):
    import docx

    from conftest import pdf_text

    root = make_project(tmp_path / "p", {"en": LIST_TABLE})
    assert {d["code"] for d in _validate(root, "demo")} == set()
    assert run("build", "--to", "html,docx,pdf", cwd=root).exit_code == 0
    out = root / "build" / "demo"
    html = (out / "demo.en.html").read_text("utf-8")
    cell = re.search(r"<td[^>]*>(.*?)</td>", html, re.S).group(1)
    assert "<p>North</p>" in cell and "<p>Opened the second office in 2019</p>" in cell
    assert "<li>a bullet in a cell</li>" in cell and "Offices by region" in html
    table = docx.Document(str(out / "demo.en.docx")).tables[0]
    assert table.rows[1].cells[0].text.split("\n")[:2] == ["North",
                                                           "Opened the second office in 2019"]
    assert table.rows[0].cells[1].text == "Offices"
    text = pdf_text(out / "demo.en.pdf")
    assert "Opened the second office in 2019" in text and "a bullet in a cell" in text


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_imported_table_reaches_the_docx_edition(tmp_path):
    from conftest import norm, pdf_text
    from test_docx import libreoffice_pdf

    root = make_project(tmp_path / "p")
    assert _import(root, _losses(tmp_path / "draft.docx")).exit_code == 0
    assert run("build", "losses", "--to", "docx", cwd=root).exit_code == 0
    pdf, stdout, stderr = libreoffice_pdf(root / "build" / "losses" / "losses.en.docx",
                                          tmp_path)
    assert [line for line in stderr.splitlines() if "javaldx" not in line and line.strip()] \
        == [], stderr
    text = norm(pdf_text(pdf))
    for needle in ("Region", "North", "Opened the second office in 2019", "Receive the decision",
                   "The hub now serves regions."):
        assert needle in text, needle
    assert "Was it 2014?" not in text  # a note for the author, not for readers
