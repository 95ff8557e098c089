"""Word drafts in: section ids for headings in any script, and nothing lost without a note
(comments, tracked changes, SmartArt, tables with several paragraphs per cell, equations)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import make_project, run
from wordkit import Draft

HY_SECTIONS = ["Ամփոփում", "Համատեքստ", "Ինչ արեցինք", "Արդյունքներ", "Դասեր", "Աղբյուրներ"]


def cli(*args, cwd=None):
    from click.testing import CliRunner

    from publisher.cli import cli as command

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
    result = cli("import", str(tmp_path / "hy.docx"), "--case", "services", "--lang", "hy",
                 cwd=root)
    assert result.exit_code == 0, result.output
    text = (root / "cases" / "services" / "hy.md").read_text("utf-8")
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
    result = cli("import", str(tmp_path / "ru.docx"), "--case", "demo", "--lang", "ru",
                 cwd=root)
    assert result.exit_code == 0, result.output
    text = (root / "cases" / "demo" / "ru.md").read_text("utf-8")
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
    result = cli("import", str(tmp_path / "guide.docx"), "--case", "how-to", "--lang", "hy",
                 "--type", "guide", cwd=root)
    assert result.exit_code == 0, result.output
    text = (root / "cases" / "how-to" / "hy.md").read_text("utf-8")
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
    result = cli("import", str(tmp_path / "draft.docx"), "--case", "regions", "--lang", "en",
                 cwd=root)
    assert result.exit_code == 0, result.output
    text = (root / "cases" / "regions" / "en.md").read_text("utf-8")
    assert 'title: "Digital services in the regions"' in text
    assert _headings(text) == ["## Context {#context}", "### Local offices {#local-offices}"]


@pytest.mark.parametrize("args,code", [
    (("--type", "leaflet"), "PUB801"),
    (("--type", "guide"), "PUB152"),  # the case exists and is a case study
])
def test_import_refuses_a_wrong_type(tmp_path, args, code):
    root = make_project(tmp_path / "p")
    draft = Draft("Demo")
    draft.heading("Context")
    draft.save(tmp_path / "draft.docx")
    result = cli("import", str(tmp_path / "draft.docx"), "--case", "demo", "--lang", "ru",
                 *args, cwd=root)
    assert result.exit_code == 1 and code in result.stderr
    assert "Traceback" not in result.output
    assert not (root / "cases" / "demo" / "ru.md").exists()
