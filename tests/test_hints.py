"""Hints that lead somewhere: ids that are free, the right level, the impossible part of a
date, did-you-mean for files and countries, a stable order."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import CASE_YAML, make_project, run, write

EN = """---
title: Demo
---

## Context {#context}

Before.

## The reform {#reform}

During.

### Data {#data}

Rows.

## Results {#results}

After.
"""


def validate_json(root) -> list[dict]:
    result = run("validate", "--format", "json", cwd=root)
    return json.loads(result.stdout)["diagnostics"]


def hints(root, code: str) -> list[tuple[str, int, str]]:
    return [(d["path"].split("/")[-1], d["line"], d["hint"]) for d in validate_json(root)
            if d["code"] == code]


def test_pub214_offers_the_source_sections_id_not_one_already_used(tmp_path):
    root = make_project(tmp_path, {"en": EN, "ru": """---
title: Демо
translated_from: en
---

## Контекст {#context}

До.

## Реформа

Во время.

### Данные {#data}

Строки.

## Итоги {#Итоги}

После.
"""})
    found = hints(root, "PUB214")
    assert found == [
        ("ru.md", 10, "write `## Реформа {#reform}` (the id of the source's section at this "
                      "place): letters a-z, digits and hyphens, the same id in every language"),
        ("ru.md", 18, "write `## Итоги {#results}` (the id of the source's section at this "
                      "place): letters a-z, digits and hyphens, the same id in every language")]


def test_pub214_never_offers_an_id_the_edition_has(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\n## Context {#context}\n\n"
                                         "Text.\n\n## Итоги\n\nMore.\n",
                                   "ru": "---\ntitle: Демо\ntranslated_from: en\n---\n\n"
                                         "## Контекст {#context}\n\nТекст.\n"})
    (hint,) = [h for name, _, h in hints(root, "PUB214") if name == "en.md"]
    assert "{#context}" not in hint and hint.startswith("write `## Итоги {#overview}`")


def test_pub603_gives_the_sources_level_a_heading_in_the_translations_language_and_place(
        tmp_path):
    root = make_project(tmp_path, {"en": EN, "ru": """---
title: Демо
translated_from: en
---

## Контекст {#context}

До.

## Реформа {#reform}

Во время.

## Результаты {#results}

После.
"""})
    (found,) = [d for d in validate_json(root) if d["code"] == "PUB603"]
    assert found["message"].startswith("section `data` (Data) of the en source is missing")
    assert found["line"] == 14  # where it belongs: before the results, not at the top
    assert found["hint"] == "translate it before `results`, under `### … {#data}`"
    write(root / "cases" / "demo" / "ru.md",
          (root / "cases" / "demo" / "ru.md").read_text("utf-8").replace(
              "## Реформа {#reform}\n\nВо время.\n\n", ""))
    (found,) = [d for d in validate_json(root) if d["code"] == "PUB603"
                and "`reform`" in d["message"]]
    assert found["hint"] == "translate it before `results`, under `## Реформа {#reform}`"


def test_pub603_for_a_source_heading_without_an_id_asks_for_one_in_the_source(tmp_path):
    case = CASE_YAML.replace("source_language: en", "source_language: ka")
    root = make_project(tmp_path, {
        "ka": "---\ntitle: დემო\n---\n\n## შეჯამება\n\nტექსტი.\n\n"
              "## კონტექსტი {#context}\n\nტექსტი.\n",
        "ru": "---\ntitle: Демо\ntranslated_from: ka\n---\n\n## Контекст {#context}\n\n"
              "Текст.\n"}, case_yaml=case)
    (found,) = [d for d in validate_json(root) if d["code"] == "PUB603"]
    assert "{#შეჯამება}" not in found["hint"]
    assert found["hint"] == ("the Georgian source's heading `შეჯამება` has no language-"
                             "independent id: give it one in ka.md, e.g. `## შეჯამება "
                             "{#context}`, and the same id to its translation here")


def test_an_impossible_date_says_which_part_is_impossible(tmp_path):
    root = make_project(tmp_path, case_yaml=CASE_YAML.replace("2024-03-15", "2026-13-02"))
    (found,) = [d for d in validate_json(root) if d["code"] == "PUB105"]
    assert found["message"] == ("`date` is not a valid date: '2026-13-02' (there is no month 13: "
                                "the month comes second and runs from 01 to 12)")
    assert found["hint"] == "did you mean `2026-02-13`? The month comes before the day"
    root = make_project(tmp_path / "leap", case_yaml=CASE_YAML.replace("2024-03-15",
                                                                       "2026-02-29"))
    (found,) = [d for d in validate_json(root) if d["code"] == "PUB105"]
    assert "(2026 is not a leap year: February 2026 has 28 days)" in found["message"]


def test_did_you_mean_for_a_misspelt_figure_and_an_alpha3_country(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\n"
                                         "![A timeline](media/timline.svg)\n"})
    write(root / "cases" / "demo" / "media" / "timeline.svg",
          '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    found = {d["code"]: d for d in validate_json(root)}
    assert found["PUB201"]["hint"] == "did you mean `media/timeline.svg`?"
    root = make_project(tmp_path / "kaz", case_yaml=CASE_YAML.replace("country: AZ",
                                                                      "country: KAZ"))
    found = {d["code"]: d for d in validate_json(root)}
    assert found["PUB110"]["hint"] == "did you mean `KZ`?"


def test_the_ids_offered_for_a_broken_link_come_in_the_same_order_every_run(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\n"
                                         "## Results of 2019 {#re-2019}\n\nA.\n\n"
                                         "## Results of 2020 {#re-2020}\n\nB.\n\n"
                                         "## Reform {#reform}\n\nC.\n\n"
                                         "## Recommendations {#recommendations}\n\n"
                                         "See [the reform](#rexx).\n"})
    seen = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run([sys.executable, "-m", "publisher", "validate", "--project",
                               str(root), "--format", "json"], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        (found,) = [d for d in json.loads(done.stdout)["diagnostics"] if d["code"] == "PUB215"]
        seen.add(found["hint"])
    assert seen == {"ids that exist: re-2019, re-2020, reform"}
