"""The topic vocabulary (topics.yaml): one label per language, unknown topics caught in
case.yaml at their place with a did-you-mean."""

from __future__ import annotations

import json

from conftest import REPO, make_project, run, write
from publisher.load.project import load_project
from publisher.load.topics import load

TOPICS = """
    digital-government:
      en: Digital government
      ru: Цифровое государство
      hy: Թվային կառավարություն
      ka: ციფრული მმართველობა
    e-government-infrastructure:
      en: E-government infrastructure
      ru: Инфраструктура электронного правительства
      hy: Էլեկտրոնային կառավարության ենթակառուցվածք
      ka: ელექტრონული მმართველობის ინფრასტრუქტურა
"""

CASE = """
    type: case-study
    country: AZ
    agency: Test agency
    authors:
      - name: Test Author
    date: 2024-03-15
    topics: [digital-government, e-goverment-infrastructure, blockchain]
    license: CC-BY-4.0
    source_language: en
"""


def _validate(root):
    result = run("validate", "--format", "json", cwd=root)
    return result, json.loads(result.stdout)


def test_unknown_topics_are_positioned_with_a_suggestion(tmp_path):
    root = make_project(tmp_path, case_yaml=CASE)
    write(root / "topics.yaml", TOPICS)
    result, report = _validate(root)
    assert result.exit_code == 1
    found = [d for d in report["diagnostics"] if d["code"] == "PUB720"]
    assert [(d["line"], d["column"]) for d in found] == [(7, 30), (7, 58)]
    assert found[0]["message"] == "topic `e-goverment-infrastructure` is not in topics.yaml"
    assert found[0]["hint"].startswith("did you mean `e-government-infrastructure`?")
    assert "did you mean" not in found[1]["hint"]  # nothing close to `blockchain`
    assert "digital-government" in found[1]["hint"]


def test_without_a_vocabulary_topics_are_free(tmp_path):
    root = make_project(tmp_path, case_yaml=CASE)
    _, report = _validate(root)
    assert not [d for d in report["diagnostics"] if d["code"].startswith("PUB72")]


def test_the_vocabulary_reports_every_gap_in_one_pass(tmp_path):
    root = make_project(tmp_path)
    write(root / "topics.yaml", """
        digital-government:
          en: Digital government
          ru: Цифровое государство
          kz: Цифрлық үкімет
        Open Data:
          en: Open data
        training: Training
        assessment:
          en: Assessment
          ru: ""
          hy: Գնահատում
          ka: შეფასება
    """)
    vocabulary, found = load(root, load_project(root).languages)
    got = sorted((d.code, d.line, d.column, d.message) for d in found)
    assert got == [
        ("PUB721", 5, 1, "topic id `Open Data` is not a slug"),
        ("PUB721", 7, 1, "topic `training` needs a label per language"),
        ("PUB721", 10, 7, "the `ru` label of topic `assessment` must be text"),
        ("PUB722", 1, 1, "topic `digital-government` has no label in `hy`, `ka`"),
        ("PUB722", 8, 1, "topic `assessment` has no label in `ru`"),
        ("PUB723", 4, 3, "topic `digital-government` has a label in `kz`, which is not one "
                         "of the project's languages"),
    ]
    assert vocabulary.label("digital-government", "ru") == "Цифровое государство"
    assert vocabulary.label("digital-government", "ka") == "Digital government"  # fallback


def test_the_sample_vocabulary_has_every_language_and_every_topic_used():
    project = load_project(REPO)
    vocabulary, found = load(REPO, project.languages)
    assert found == []
    assert len(project.languages) == 9
    used = set()
    for case in (REPO / "cases").glob("*/case.yaml"):
        from ruamel.yaml import YAML

        used |= set(YAML(typ="safe").load(case.read_text("utf-8")).get("topics", []))
    assert used <= set(vocabulary.labels)
    assert vocabulary.label("e-government-infrastructure", "en") == "E-government infrastructure"
    assert vocabulary.label("one-stop-shop", "ru") == "Принцип «одного окна»"
