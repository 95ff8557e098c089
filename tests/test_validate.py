"""Validation reports bad input as FILE:LINE:COLUMN with a code and a hint, never a traceback."""

from __future__ import annotations

import json
import re

import pytest

from conftest import CASE_YAML, make_project, run, write

GOOD = "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHello.\n"


def _validate(tmp_path, editions=None, case_yaml=CASE_YAML):
    root = make_project(tmp_path, editions or {"en": GOOD}, case_yaml)
    return run("validate", cwd=root)


def test_clean_project_prints_only_a_summary(tmp_path):
    result = _validate(tmp_path)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "1 edition checked: 0 errors, 0 warnings"


# (editions, case.yaml, expected "path:line:column: severity CODE")
CASES = {
    "missing title": (
        {"en": "---\nsubtitle: No title here\n---\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:2:1: error PUB101"),
    "yaml syntax": (
        {"en": "---\ntitle: Demo\nkeywords: [a, b\n---\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:4:1: error PUB001"),
    "unclosed front matter": (
        {"en": "---\ntitle: Demo\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:1:1: error PUB003"),
    "misspelled field": (
        {"en": "---\ntitle: Demo\nsubtitel: Oops\n---\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:3:1: warning PUB104"),
    "bad date": (
        {"en": GOOD}, CASE_YAML.replace("date: 2024-03-15", "date: 2024-13-45"),
        "cases/demo/case.yaml:6:7: error PUB105"),
    "unknown type": (
        {"en": GOOD}, CASE_YAML.replace("type: case-study", "type: case-studdy"),
        "cases/demo/case.yaml:1:7: error PUB103"),
    "boolean for text": (
        {"en": "---\ntitle: true\n---\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:2:8: error PUB102"),
    "missing source edition": (
        {"en": GOOD, "ru": "---\ntitle: Демо\ntranslated_from: hy\n---\n\nТекст\n"}, CASE_YAML,
        "cases/demo/ru.md:3:18: error PUB107"),
    "language not in project": (
        {"en": GOOD, "fr": "---\ntitle: Démo\n---\n\nTexte\n"}, CASE_YAML,
        "cases/demo/fr.md:1:1: error PUB106"),
    "no source edition": (
        {"ru": "---\ntitle: Демо\n---\n\nТекст\n"}, CASE_YAML,
        "cases/demo/case.yaml:9:18: error PUB108"),
    "missing image": (
        {"en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\n![Chart](media/none.svg)\n"},
        CASE_YAML, "cases/demo/en.md:7:10: error PUB201"),
    "remote image": (
        {"en": "---\ntitle: Demo\n---\n\nText\n\n![Chart](https://example.org/c.png)\n"},
        CASE_YAML, "cases/demo/en.md:7:10: error PUB202"),
    "case.yaml duplicate key": (
        {"en": GOOD}, CASE_YAML + "country: KZ\n", "cases/demo/case.yaml:10:1: error PUB001"),
    "not utf-8": (None, CASE_YAML, "cases/demo/en.md:5:4: error PUB002"),
    "NUL byte": (None, CASE_YAML, "cases/demo/en.md:5:4: error PUB008"),
    "tab indentation": (
        {"en": GOOD}, CASE_YAML.replace("  - name: Test Author", "\t- name: Test Author"),
        "cases/demo/case.yaml:5:1: error PUB005"),
    "no space after colon": (
        {"en": "---\ntitle:Demo\n---\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:2:7: error PUB006"),
    "yes for a boolean": (
        {"en": "---\ntitle: Demo\ndraft: yes\n---\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:3:8: error PUB102"),
    "shared field in an edition": (
        {"en": "---\ntitle: Demo\ncountry: KZ\n---\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:3:1: error PUB109"),
    "unknown country": (
        {"en": GOOD}, CASE_YAML.replace("country: AZ", "country: XQ"),
        "cases/demo/case.yaml:2:10: error PUB110"),
    "lowercase country": (
        {"en": GOOD}, CASE_YAML.replace("country: AZ", "country: az"),
        "cases/demo/case.yaml:2:10: error PUB110"),
    "unknown licence": (
        {"en": GOOD}, CASE_YAML.replace("license: CC-BY-4.0", "license: CC-BY-5.0"),
        "cases/demo/case.yaml:8:10: error PUB111"),
    "licence spelling": (
        {"en": GOOD}, CASE_YAML.replace("license: CC-BY-4.0", "license: cc-by-4.0"),
        "cases/demo/case.yaml:8:10: warning PUB111"),
    "ISBN check digit": (
        {"en": GOOD}, CASE_YAML + "isbn: 978-3-16-148410-1\n",
        "cases/demo/case.yaml:10:7: error PUB112"),
    "DOI with a URL": (
        {"en": GOOD}, CASE_YAML + "doi: https://doi.org/10.1787/x\n",
        "cases/demo/case.yaml:10:6: error PUB113"),
    "case-study without agency": (
        {"en": GOOD}, CASE_YAML.replace("agency: Test agency\n", ""),
        "cases/demo/case.yaml:1:1: error PUB101"),
    "heading level skipped": (
        {"en": "---\ntitle: Demo\n---\n\n## A {#a}\n\nText\n\n#### B {#b}\n\nText\n"},
        CASE_YAML, "cases/demo/en.md:9:1: error PUB211"),
    "level-1 heading": (
        {"en": "---\ntitle: Demo\n---\n\n# Demo\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:5:1: warning PUB212"),
    "duplicate id": (
        {"en": "---\ntitle: Demo\n---\n\n## A {#a}\n\nText\n\n## B {#a}\n\nText\n"},
        CASE_YAML, "cases/demo/en.md:9:7: error PUB213"),
    "duplicate of a heading's own id": (
        {"en": "---\ntitle: Demo\n---\n\n## Context\n\nText\n\n## More {.x #context}\n\n"
               "Text\n"}, CASE_YAML, "cases/demo/en.md:9:13: error PUB213"),
    "section without id in a translated case": (
        {"en": "---\ntitle: Demo\n---\n\n## Context\n\nText\n",
         "ru": "---\ntitle: Демо\ntranslated_from: en\n---\n\n## Контекст {#context}\n\nТекст\n"},
        CASE_YAML, "cases/demo/en.md:5:1: warning PUB214"),
    "broken internal link": (
        {"en": "---\ntitle: Demo\n---\n\n## A {#a}\n\nSee [below](#nowhere).\n"},
        CASE_YAML, "cases/demo/en.md:7:12: error PUB215"),
    "undefined footnote": (
        {"en": "---\ntitle: Demo\n---\n\nText.[^1]\n"}, CASE_YAML,
        "cases/demo/en.md:5:6: error PUB216"),
    "unused footnote": (
        {"en": "---\ntitle: Demo\n---\n\nText.\n\n[^n]: A note.\n"}, CASE_YAML,
        "cases/demo/en.md:7:1: warning PUB217"),
    "empty section": (
        {"en": "---\ntitle: Demo\n---\n\n## A {#a}\n\n## B {#b}\n\nText\n"}, CASE_YAML,
        "cases/demo/en.md:5:1: warning PUB219"),
    "script": (
        {"en": "---\ntitle: Demo\n---\n\nText\n\n<script>alert(1)</script>\n"}, CASE_YAML,
        "cases/demo/en.md:7:1: error PUB220"),
    "iframe": (
        {"en": "---\ntitle: Demo\n---\n\n<iframe src=\"media/x.html\"></iframe>\n"},
        CASE_YAML, "cases/demo/en.md:5:1: error PUB220"),
    "event handler": (
        {"en": "---\ntitle: Demo\n---\n\nA <span onclick=\"go()\">button</span>.\n"},
        CASE_YAML, "cases/demo/en.md:5:9: error PUB220"),
    "javascript link": (
        {"en": "---\ntitle: Demo\n---\n\n[Click](javascript:alert(1))\n"}, CASE_YAML,
        "cases/demo/en.md:5:9: error PUB220"),
}

SETUP = {
    "NUL byte": lambda root: (root / "cases" / "demo" / "en.md").write_bytes(
        b"---\ntitle: Demo\n---\n\nCaf\x00e\n"),
    "not utf-8": lambda root: (root / "cases" / "demo" / "en.md").write_bytes(
        b"---\ntitle: Demo\n---\n\nCaf\xe9\n"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_at_its_position(tmp_path, name):
    editions, case_yaml, expected = CASES[name]
    root = make_project(tmp_path, editions or {"en": GOOD}, case_yaml)
    if name in SETUP:
        SETUP[name](root)
    result = run("validate", cwd=root)
    assert expected in result.stderr, result.stderr
    if " error " in expected:
        assert result.exit_code == 1
    assert "Traceback" not in result.output
    # the source line is shown with a caret under the column
    if ":" in expected.split(": ")[0][len("cases/demo/en.md:"):]:
        assert "^" in result.stderr


def test_catalogue_is_large():
    assert len(CASES) >= 30
    codes = {expected.split()[-1] for _, _, expected in CASES.values() if " PUB" in expected}
    assert len(codes) >= 25


def test_required_section_of_the_document_type(tmp_path):
    root = make_project(tmp_path, {"en": GOOD})
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "case-study: {sections: []}", "case-study: {sections: [summary, lessons]}"), "utf-8")
    result = run("validate", cwd=root)
    assert "cases/demo/en.md:4:1: error PUB218: required section `summary` is missing" \
        in result.stderr
    assert "`lessons`" in result.stderr


def test_image_without_alt_text(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\nSee ![](media/a.svg) here.\n"})
    write(root / "cases" / "demo" / "media" / "a.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    result = run("validate", cwd=root)
    assert "cases/demo/en.md:5:5: warning PUB203" in result.stderr
    assert result.exit_code == 0
    assert run("validate", "--strict", cwd=root).exit_code == 1


def test_duplicate_slugs_and_bad_slug(tmp_path):
    root = make_project(tmp_path, slug="Demo_Case")
    result = run("validate", cwd=root)
    assert "cases/Demo_Case/case.yaml:1:1: error PUB114" in result.stderr


def test_ignored_codes_are_silenced(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Demo\nsubtitel: x\n---\n\nText\n"})
    assert "PUB104" in run("validate", cwd=root).stderr
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8") + "ignore: [PUB104]\n", "utf-8")
    result = run("validate", cwd=root)
    assert "PUB104" not in result.stderr and result.exit_code == 0


def test_github_annotations(tmp_path):
    root = make_project(tmp_path, {"en": "---\nsubtitle: x\n---\n\nText\n"})
    result = run("validate", "--format", "github", cwd=root)
    assert result.exit_code == 1
    assert ("::error file=cases/demo/en.md,line=2,col=1,title=PUB101::missing required field "
            "`title` in front matter") in result.stdout
def test_hints_explain_the_fix(tmp_path):
    result = _validate(tmp_path, {"en": "---\ntitle: Demo\nsubtitel: Oops\n---\n\nText\n"})
    assert "hint: did you mean `subtitle`?" in result.stderr
    result = _validate(tmp_path / "b", {"en": "---\ntitle: false\n---\n\nText\n"})
    assert "put the value in quotes" in result.stderr


def test_json_format(tmp_path):
    import json

    root = make_project(tmp_path, {"en": "---\nsubtitle: x\n---\n\nText\n"})
    result = run("validate", "--format", "json", cwd=root)
    data = json.loads(result.stdout)
    assert data["errors"] == 1
    (d,) = data["diagnostics"]
    assert (d["code"], d["line"], d["column"], d["path"]) == ("PUB101", 2, 1, "cases/demo/en.md")


def test_project_config_errors_abort_cleanly(tmp_path):
    write(tmp_path / "publisher.yaml", "name: X\nlanguages: en\nformats: [pdf, epub]\n")
    result = run("validate", cwd=tmp_path)
    assert result.exit_code == 1
    assert "publisher.yaml:3:" in result.stderr and "unknown format `epub`" in result.stderr
    assert "Traceback" not in result.output


def test_a_document_type_added_in_publisher_yaml_is_accepted(tmp_path):
    root = make_project(tmp_path, {"en": GOOD}, CASE_YAML.replace("type: case-study",
                                                                  "type: policy-brief"))
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "  report: {}\n", "  report: {}\n  policy-brief: {sections: [intro]}\n"), "utf-8")
    result = run("validate", cwd=root)
    assert result.exit_code == 0, result.output
    assert "PUB103" not in result.output
    # its declared sections are required, as for the built-in types
    (root / "cases" / "demo" / "en.md").write_text(GOOD.replace("{#intro}", "{#other}"), "utf-8")
    result = run("validate", cwd=root)
    assert result.exit_code == 1 and "PUB218" in result.output and "`intro`" in result.output
    # a type the project does not declare is still refused, at its position
    case = root / "cases" / "demo" / "case.yaml"
    case.write_text(case.read_text("utf-8").replace("policy-brief", "memo"), "utf-8")
    result = run("validate", cwd=root)
    assert "cases/demo/case.yaml:1:7: error PUB103" in result.output, result.output
    assert "policy-brief" in result.output  # the hint lists the project's types


def test_build_refuses_what_validate_refuses(tmp_path):
    """The build runs the case checks of `validate`: a missing partner logo stops the case's
    editions in every format, with the same diagnostic, and writes nothing."""
    root = make_project(tmp_path, {"en": GOOD}, CASE_YAML + "partners:\n  - media/nope.svg\n")
    checked = run("validate", cwd=root)
    assert checked.exit_code == 1
    expected = [line for line in checked.output.splitlines() if " error PUB" in line]
    assert expected == ["cases/demo/case.yaml:11:5: error PUB401: partner logo "
                        "`media/nope.svg` does not exist"], checked.output
    built = run("build", "--to", "html", "--json", cwd=root)
    assert built.exit_code == 1
    manifest = json.loads(built.stdout)
    assert [(d["path"], d["line"], d["column"], d["code"], d["message"])
            for d in manifest["diagnostics"] if d["severity"] == "error"] == [
        ("cases/demo/case.yaml", 11, 5, "PUB401", "partner logo `media/nope.svg` does not exist")]
    outputs = manifest["outputs"]
    assert [(o["format"], o["status"]) for o in outputs] == [("html", "failed")]
    assert [d["code"] for d in outputs[0]["diagnostics"]] == ["PUB401"]
    assert not (root / "build" / "demo" / "demo.en.html").exists()


# --- one pass: errors of one kind never hide those of another ------------------------------

ROUNDS_EN = ("---\ntitle: Demo\nsubtitel: typo\n---\n\n## Intro {#intro}\n\n"
             "See [below](#nowhere).\n\n#### Deep {#deep}\n\nText.[^1]\n")
ROUNDS_RU = ("---\ntitle: Демо\ntranslated_from: en\n---\n\n## Введение {#intro}\n\n"
             "Привет.\n")


def test_case_yaml_errors_do_not_hide_the_errors_of_the_body(tmp_path):
    case_yaml = (CASE_YAML.replace("date: 2024-03-15", "date: 2024-13-45")
                 .replace("country: AZ", "country: XQ"))
    root = make_project(tmp_path, {"en": GOOD, "ru": ROUNDS_RU})
    assert run("translations", "sync", "--project", str(root), "demo", "ru").exit_code == 0
    # then the source changes (the translation is stale) and case.yaml gets two errors
    write(root / "cases" / "demo" / "en.md", ROUNDS_EN)
    write(root / "cases" / "demo" / "case.yaml", case_yaml)
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    for expected in ("cases/demo/case.yaml:6:7: error PUB105",  # the impossible date
                     "cases/demo/case.yaml:2:10: error PUB110",
                     "cases/demo/en.md:3:1: warning PUB104",  # the front matter's typo
                     "cases/demo/en.md:8:12: error PUB215",  # and the body behind them
                     "cases/demo/en.md:10:1: error PUB211",
                     "cases/demo/en.md:12:6: error PUB216",
                     # the translation's status, whatever is wrong with its case
                     "warning PUB606: the en source has changed since this translation"):
        assert expected in result.stderr, (expected, result.stderr)
    # nothing of a case with errors is built
    built = run("build", "--to", "html", cwd=root)
    assert built.exit_code == 1 and not (root / "build" / "demo" / "demo.en.html").exists()


def test_errors_of_the_body_do_not_hide_the_translation_status(tmp_path):
    ru = ROUNDS_RU.replace("Привет.", "См. [ниже](#nowhere).")
    root = make_project(tmp_path, {"en": GOOD, "ru": ru})
    result = run("validate", cwd=root)
    assert "cases/demo/ru.md:8:11: error PUB215" in result.stderr, result.stderr
    assert "cases/demo/ru.md:2:1: warning PUB606" in result.stderr, result.stderr
    assert "2 editions checked" in result.stderr


# --- links: caught at the Markdown position, with the address probably meant ------------

LINKS = {
    "scheme without colon": ("See [eGov](htps//egov.kz) now.", "7:5: error PUB141",
                             "did you mean `https://egov.kz`?"),
    "unknown scheme": ("See [eGov](htps://egov.kz).", "7:5: error PUB140",
                       "did you mean `https://egov.kz`?"),
    "one slash": ("Read [the *portal* [new]](https:/egov.kz/services).", "7:6: error PUB141",
                  "did you mean `https://egov.kz/services`?"),
    "no host": ("An [empty](https://) link.", "7:4: error PUB141", "write the address"),
    "empty label": ("A [typo](https://egov..kz).", "7:3: error PUB141", "egov..kz"),
    "no https": ("Visit [the portal](www.egov.kz).", "7:7: error PUB142",
                 "did you mean `https://www.egov.kz`?"),
    "autolink": ("Visit <htp://egov.kz> today.", "7:7: error PUB140",
                 "did you mean `http://egov.kz`?"),
    "reference definition": ("Visit [the portal][p].\n\n[p]: hhtps://egov.kz", "9:1: error PUB140",
                             "did you mean `https://egov.kz`?"),
    "e-mail": ("Write [to us](mailto:info-egov.kz).", "7:7: error PUB141",
               "mailto:name@example.org"),
    "doi": ("See [the paper](doi:10.1787/abc).", "7:5: error PUB140",
            "did you mean `https://doi.org/10.1787/abc`?"),
}


@pytest.mark.parametrize("name", list(LINKS))
def test_a_malformed_link_is_reported_at_its_markdown_position(tmp_path, name):
    text, expected, hint = LINKS[name]
    body = f"---\ntitle: Demo\n---\n\n## Intro {{#intro}}\n\n{text}\n"
    result = _validate(tmp_path, {"en": body})
    assert result.exit_code == 1
    assert f"cases/demo/en.md:{expected}" in result.stderr, result.stderr
    assert hint in result.stderr, result.stderr


def test_each_occurrence_of_a_bad_link_is_reported_once_at_its_place(tmp_path):
    body = ("---\ntitle: Demo\n---\n\n## Intro {#intro}\n\n[eGov](htps//egov.kz) and "
            "[again](htps//egov.kz).\n\nGood: [eGov](https://egov.kz), [mail](mailto:a@egov.kz),"
            " [phone](tel:+77172000000), [file](media/report.pdf), [here](#intro).\n")
    result = _validate(tmp_path, {"en": body})
    reported = re.findall(r"en\.md:(\d+):(\d+): error (PUB14\d)", result.stderr)
    assert reported == [("7", "1", "PUB141"), ("7", "27", "PUB141")], result.stderr


def test_a_bad_link_renders_as_written_in_a_foreign_file(tmp_path):
    page = tmp_path / "notes.md"
    page.write_text("# Notes\n\nSee [eGov](htps//egov.kz).\n", "utf-8")
    result = run("render", str(page), "--to", "html")
    assert result.exit_code == 0, result.output
    assert "warning PUB141" in result.stderr and "rendered as written" in result.stderr


def test_a_case_yaml_that_cannot_be_parsed_does_not_hide_the_body(tmp_path):
    case_yaml = CASE_YAML.replace("topics: [testing]", "topics: [testing")
    root = make_project(tmp_path, {"en": ROUNDS_EN}, case_yaml)
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "cases/demo/case.yaml:" in result.stderr and "error PUB001" in result.stderr
    for expected in ("cases/demo/en.md:8:12: error PUB215", "cases/demo/en.md:10:1: error PUB211",
                     "cases/demo/en.md:3:1: warning PUB104"):
        assert expected in result.stderr, (expected, result.stderr)
    assert "1 edition checked" in result.stderr
