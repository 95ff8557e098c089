"""Validation reports bad input as FILE:LINE:COLUMN with a code and a hint, never a traceback."""

from __future__ import annotations

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
    assert result.stderr.strip() == "1 editions checked: 0 errors, 0 warnings"


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
    "not utf-8": (None, CASE_YAML, "cases/demo/en.md:3:8: error PUB002"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_at_its_position(tmp_path, name):
    editions, case_yaml, expected = CASES[name]
    root = make_project(tmp_path, editions or {"en": GOOD}, case_yaml)
    if editions is None:
        (root / "cases" / "demo" / "en.md").write_bytes(b"---\ntitle: Demo\n---\n\nCaf\xe9\n")
        expected = "cases/demo/en.md:5:4: error PUB002"
    result = run("validate", cwd=root)
    assert expected in result.stderr, result.stderr
    if " error " in expected:
        assert result.exit_code == 1
    assert "Traceback" not in result.output


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
