"""`publisher survey check`: the real pyxform's errors and ours, placed on the cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from conftest import REPO, write
from publisher.cli.main import cli
from publisher.surveys import check_survey, question_exists, survey_exists
from publisher.surveys.fingerprints import sync

SURVEY_HEAD = ("| type | name | label::English (en) | label::Русский (ru) | hint::English (en) "
               "| hint::Русский (ru) | relevant | scale |")
CHOICES = """
## choices

| list_name | name | label::English (en) | label::Русский (ru) |
|---|---|---|---|
| yes_no | yes | Yes | Да |
| yes_no | no | No | Нет |
| agree | 1 | Disagree | Не согласен |
| agree | 2 | Agree | Согласен |
| agree_b | 1 | Disagree | Не согласен |
| agree_b | 2 | Fully agree | Полностью согласен |

## settings

| form_id | version | default_language |
|---|---|---|
| demo | 2019-05 | English (en) |
"""
GOOD_ROWS = [
    "| select_one yes_no | attended | Did you attend? | Вы участвовали? | | | | |",
    "| text | why_not | Why not? | Почему нет? | Be brief | Кратко | ${attended} = 'no' | |",
    "| select_one agree | useful | Was it useful? | Было полезно? | | | | agree |",
    "| select_one agree | relevant | Was it relevant? | Было актуально? | | | | agree |",
]


def form_text(rows: list[str], choices: str = CHOICES) -> str:
    return ("# Demo\n\nNotes for editors.\n\n## survey\n\n" + SURVEY_HEAD + "\n"
            + "|---" * 8 + "|\n" + "\n".join(rows) + "\n" + choices)


def make_survey(root: Path, rows: list[str], choices: str = CHOICES, slug="demo") -> Path:
    folder = root / "surveys" / slug
    write(folder / "form.md", form_text(rows, choices))
    return folder


def located(diagnostics, code):
    return [(d.line, d.column) for d in diagnostics if d.code == code]


def cell_position(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_a_valid_form_converts_to_an_xform_in_both_languages(tmp_path):
    folder = make_survey(tmp_path, GOOD_ROWS)
    form = check_survey(folder)[0]
    sync(form, "ru")
    form, xform, found = check_survey(folder)
    assert found == []
    assert '<translation lang="Русский (ru)">' in xform
    assert "<value>Вы участвовали?</value>" in xform
    assert 'relevant=" /data/attended  = \'no\'"' in xform
    assert [q.name for q in form.answered] == ["attended", "why_not", "useful", "relevant"]


def test_a_bad_relevant_reference_is_placed_on_its_cell(tmp_path):
    rows = GOOD_ROWS[:2] + [GOOD_ROWS[2].replace("| | | | agree |",
                                                 "| | | ${atended} = 'yes' | agree |")]
    folder = make_survey(tmp_path, rows)
    found = check_survey(folder)[2]
    errors = [d for d in found if d.code == "PUB932"]
    assert len(errors) == 1
    assert "Could not find the name 'atended'" in errors[0].message
    assert (errors[0].line, errors[0].column) == cell_position(folder / "form.md",
                                                                "${atended}")


def test_an_unknown_choice_list_is_placed_on_the_type_cell(tmp_path):
    rows = GOOD_ROWS + ["| select_one agre | clear | Was it clear? | Было понятно? | | | | |"]
    folder = make_survey(tmp_path, rows)
    errors = [d for d in check_survey(folder)[2] if d.code == "PUB932"]
    assert "List name not in choices sheet: agre" in errors[0].message
    assert located(errors, "PUB932") == [cell_position(folder / "form.md", "select_one agre |")]


def test_every_error_of_a_form_is_reported_in_one_pass(tmp_path):
    rows = [GOOD_ROWS[0],
            GOOD_ROWS[1].replace("${attended} = 'no'", "${atended} = 'no'"),
            GOOD_ROWS[2].replace("| | | | agree |", "| | | . > ${attended | agree |"),
            "| select_one nolist | other | Other? | Другое? | | | | |"]
    folder = make_survey(tmp_path, rows)
    found = check_survey(folder)[2]
    path = folder / "form.md"
    assert located(found, "PUB932") == [cell_position(path, "${atended}"),
                                        cell_position(path, ". > ${attended"),
                                        cell_position(path, "select_one nolist")]


def test_duplicate_choice_names_are_placed_on_each_choices_row(tmp_path):
    choices = CHOICES.replace("| yes_no | no | No | Нет |", "| yes_no | yes | No | Нет |")
    folder = make_survey(tmp_path, GOOD_ROWS, choices)
    found = [d for d in check_survey(folder)[2] if d.code == "PUB932"]
    assert "Choice names must be unique" in found[0].message
    line, _ = cell_position(folder / "form.md", "| yes_no | yes | No |")
    assert found[0].line == line


def test_a_missing_translation_is_placed_on_the_empty_cell(tmp_path):
    rows = [GOOD_ROWS[0], "| text | why_not | Why not? | | Be brief | Кратко | | |"]
    folder = make_survey(tmp_path, rows)
    form = check_survey(folder)[0]
    sync(form, "ru")
    found = check_survey(folder)[2]
    missing = [d for d in found if d.code == "PUB934"]
    assert len(missing) == 1
    assert "label of question `why_not` is empty in Русский (ru)" in missing[0].message
    line, column = cell_position(folder / "form.md", "Why not? |")
    assert (missing[0].line, missing[0].column) == (line, column + len("Why not? |"))


def test_a_missing_language_column_and_choice_label(tmp_path):
    choices = CHOICES.replace("| yes_no | no | No | Нет |", "| yes_no | no | No | |")
    folder = make_survey(tmp_path, GOOD_ROWS, choices)
    found = check_survey(folder)[2]
    messages = [d.message for d in found if d.code == "PUB934"]
    assert messages == ["the label of choice `no` of `yes_no` is empty in Русский (ru)"]


def test_a_stale_translation_is_reported_until_synced(tmp_path):
    folder = make_survey(tmp_path, GOOD_ROWS)
    assert located(check_survey(folder)[2], "PUB936") == [(5, 1)]  # the survey heading
    sync(check_survey(folder)[0], "ru")
    assert check_survey(folder)[2] == []
    path = folder / "form.md"
    path.write_text(path.read_text("utf-8").replace("Was it useful?", "Was the seminar useful?"),
                    "utf-8")
    found = check_survey(folder)[2]
    assert located(found, "PUB935") == [cell_position(path, "Было полезно?")]
    assert "`survey/useful/label` changed" in found[0].message
    # re-wrapping white space is not a change
    path.write_text(path.read_text("utf-8").replace("Was the seminar useful?",
                                                    "Was it   useful?"), "utf-8")
    assert check_survey(folder)[2] == []


def test_questions_on_one_scale_must_offer_the_same_choices(tmp_path):
    rows = GOOD_ROWS[:3] + [GOOD_ROWS[3].replace("select_one agree ", "select_one agree_b ")]
    folder = make_survey(tmp_path, rows)
    sync(check_survey(folder)[0], "ru")
    found = check_survey(folder)[2]
    assert [d.code for d in found] == ["PUB937"]
    assert "`relevant` shares scale `agree` with `useful`" in found[0].message
    assert (found[0].line, found[0].column) == cell_position(folder / "form.md",
                                                              "select_one agree_b")


def test_a_cell_beyond_the_columns_is_an_error(tmp_path):
    folder = make_survey(tmp_path, GOOD_ROWS + ["| note | n1 | Thanks | Спасибо | | | | | extra |"])
    found = check_survey(folder)[2]
    assert located(found, "PUB931") == [cell_position(folder / "form.md", "extra")]


def test_an_xlsx_form_is_placed_by_sheet_and_cell(tmp_path):
    folder = tmp_path / "surveys" / "book"
    folder.mkdir(parents=True)
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "relevant"])
    survey.append(["select_one yes_no", "attended", "Did you attend?", None])
    survey.append(["text", "why_not", "Why not?", "${atended} = 'no'"])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    choices.append(["yes_no", "yes", "Yes"])
    choices.append(["yes_no", "no", "No"])
    settings = wb.create_sheet("settings")
    settings.append(["form_id", "version", "default_language"])
    settings.append(["book", "1", "English (en)"])
    wb.save(folder / "form.xlsx")
    found = check_survey(folder)[2]
    assert len(found) == 1
    assert found[0].message.startswith("sheet 'survey', cell D3: pyxform:")
    assert (found[0].line, found[0].column) == (3, 4)


def test_cli_check_and_validate_report_survey_problems(tmp_path):
    for name in ("publisher.yaml",):
        (tmp_path / name).write_text((REPO / name).read_text("utf-8"), "utf-8")
    import shutil

    shutil.copytree(REPO / "styles", tmp_path / "styles")
    (tmp_path / "cases").mkdir()
    make_survey(tmp_path, GOOD_ROWS[:1] + [GOOD_ROWS[1].replace("${attended}", "${x}")])
    runner = CliRunner()
    result = runner.invoke(cli, ["survey", "check", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert "surveys/demo/form.md:10:" in result.output and "PUB932" in result.output
    result = runner.invoke(cli, ["validate", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert "PUB932" in result.output
    result = runner.invoke(cli, ["survey", "sync", "--project", str(tmp_path), "demo", "ru"])
    assert result.exit_code == 0
    record = (tmp_path / "surveys/demo/translations.yaml").read_text("utf-8")
    assert "ru:\n" in record and "\n  survey/attended/label: " in record


def test_other_stages_can_ask_whether_a_survey_and_question_exist(tmp_path):
    make_survey(tmp_path, GOOD_ROWS)
    assert survey_exists(tmp_path, "demo")
    assert not survey_exists(tmp_path, "nothing")
    assert not survey_exists(tmp_path, "../demo")
    assert question_exists(tmp_path, "demo", "useful")
    assert not question_exists(tmp_path, "demo", "usefull")


@pytest.mark.parametrize("text, code", [
    ("## survey\n\n| type | type |\n|---|---|\n", "PUB931"),
    ("\0", "PUB008"),
])
def test_unreadable_forms_give_diagnostics(tmp_path, text, code):
    folder = tmp_path / "surveys" / "bad"
    folder.mkdir(parents=True)
    (folder / "form.md").write_text(text, "utf-8")
    assert code in [d.code for d in check_survey(folder)[2]]


def test_pyxform_warnings_are_placed_on_their_cells(tmp_path):
    choices = CHOICES.replace("| yes_no | no | No | Нет |", "| yes_no | no | | |")
    folder = make_survey(tmp_path, GOOD_ROWS, choices)
    warned = [d for d in check_survey(folder)[2] if d.code == "PUB933"]
    assert len(warned) == 1
    assert "On the 'choices' sheet, the 'label' value is invalid" in warned[0].message
    assert not warned[0].is_error
    line, column = cell_position(folder / "form.md", "| yes_no | no | |")
    # the label cell of that choices row, named by the message's column
    assert (warned[0].line, warned[0].column) == (line, column + len("| yes_no | no |"))


def test_a_stored_check_is_reused_until_the_form_changes(tmp_path):
    import subprocess
    import sys

    from publisher.surveys import check_all

    rows = GOOD_ROWS[:1] + [GOOD_ROWS[1].replace("${attended}", "${x}")]
    folder = make_survey(tmp_path, rows)
    cache = tmp_path / "cache"
    first = check_all(tmp_path, cache=cache)
    assert [d.code for d in first] == ["PUB932", "PUB936"]
    assert check_all(tmp_path, cache=cache) == first
    probe = ("import sys; from pathlib import Path; from publisher.surveys import check_all; "
             f"found = check_all(Path({str(tmp_path)!r}), cache=Path({str(cache)!r})); "
             "print(len(found), 'pyxform' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout.split()
    assert out == ["2", "False"]  # answered from the store: pyxform was not even loaded
    path = folder / "form.md"
    path.write_text(path.read_text("utf-8").replace("${x}", "${attended}"), "utf-8")
    assert [d.code for d in check_all(tmp_path, cache=cache)] == ["PUB936"]
