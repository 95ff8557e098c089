"""`publisher survey import`: the exports of four tools into one normalized table."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from conftest import REPO
from publisher.cli.main import cli
from publisher.surveys import load_survey
from publisher.surveys.responses import import_export
from publisher.surveys.tables import load_responses

FIXTURES = Path(__file__).parent / "fixtures" / "surveys"
EXPORTS = FIXTURES / "exports"
NAMES = ("Respondent", "Респондент", "example.org", "Bishkek tablet", "collect:")


@pytest.fixture()
def form(tmp_path):
    folder = tmp_path / "surveys" / "feedback"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "form.md", folder / "form.md")
    return load_survey(folder)[0]


def table(result) -> list[dict[str, str]]:
    with result.table.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def answers(rows, *names):
    return [tuple(r[n] for n in names) for r in rows]


def no_personal_data(folder: Path) -> None:
    for path in (folder / "responses").rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            for name in NAMES:
                assert name not in text, (path, name)


def test_kobo_csv_with_xml_names_and_semicolons(form):
    result = import_export(form, EXPORTS / "kobo-xml-values.csv")
    assert result.source == "kobo"
    rows = table(result)
    assert answers(rows, "_id", "relevance", "usefulness", "formats", "years") == [
        ("6f1c2b9e-0d1a-4c1e-9a53-1b2f0a7e9c01", "4", "5", "seminar online", "12"),
        ("0b7d4e21-5c3a-4f7e-8d2b-9e6a1c4f3b02", "5", "4", "study_visit", "7"),
        ("c2e8f0a4-7b19-4d6e-a3c5-2f8b7d1e6a03", "", "3", "seminar case_study", "3")]
    assert rows[0]["_submitted"] == "2019-05-23T05:20:14"
    assert rows[0]["_status"] == "validation_status_approved"
    assert rows[0]["_form_version"] == "vGk2qX8YbZ4fJc7mT5wQpL"
    assert "participant_name" not in rows[0]
    # the choice `6` was removed from the form: placed at row 4, column 4 of the export
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("PUB942", 4, 4)]
    no_personal_data(form.path.parent)


def test_kobo_csv_with_labels_of_the_second_language(form):
    result = import_export(form, EXPORTS / "kobo-labels-ru.csv")
    assert result.diagnostics == []
    assert result.language == "ru"
    rows = table(result)
    assert answers(rows, "relevance", "usefulness", "formats", "years", "improve") == [
        ("4", "5", "study_visit case_study", "15", "Больше практических примеров"),
        ("3", "4", "seminar online", "4", "")]
    assert {r["_language"] for r in rows} == {"ru"}
    no_personal_data(form.path.parent)


def test_kobo_select_multiple_as_0_1_columns_only(form, tmp_path):
    # multiple_select='details': no summary column, one 0/1 column per choice
    with (EXPORTS / "kobo-xml-values.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    drop = records[0].index("seminar/formats")
    details = tmp_path / "details.csv"
    with details.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL).writerows(
            [r[:drop] + r[drop + 1:] for r in records])
    rows = table(import_export(form, details))
    assert [r["formats"] for r in rows] == ["seminar online", "study_visit",
                                            "seminar case_study"]


def test_kobo_xlsx_places_problems_by_sheet_and_cell(form, tmp_path):
    with (EXPORTS / "kobo-xml-values.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    wb = Workbook()
    wb.active.title = "Seminar feedback (test form)"
    for record in records:
        wb.active.append(record)
    wb.save(tmp_path / "kobo.xlsx")
    result = import_export(form, tmp_path / "kobo.xlsx")
    assert result.source == "kobo"
    assert [r["formats"] for r in table(result)] == ["seminar online", "study_visit",
                                                     "seminar case_study"]
    (bad,) = result.diagnostics
    assert bad.code == "PUB942" and (bad.line, bad.column) == (4, 4)
    assert bad.message.startswith("sheet 'Seminar feedback (test form)', cell D4: `6`")


def test_odk_central_csv_with_a_repeat_file(form):
    result = import_export(form, EXPORTS / "odk-central.csv",
                           extra=(EXPORTS / "odk-central-session.csv",))
    assert result.source == "odk"
    rows = table(result)
    assert answers(rows, "_id", "_form_version", "_status", "relevance", "formats",
                   "improve") == [
        ("uuid:5e2d8a1c-3f4b-4c7e-9a12-7b6d3e8f1a21", "2019-05", "approved", "4",
         "seminar study_visit", "Shorter sessions"),
        ("uuid:8c1f4e7a-2b9d-4a3c-b5e8-1d7f6a2c9e22", "2019-04", "", "3", "online",
         "Send the materials before, not after")]
    assert rows[0]["_submitted"] == "2019-08-15T04:12:44.523000+00:00"
    with (result.table.parent / "session" / result.table.name).open(encoding="utf-8") as f:
        sessions = list(csv.DictReader(f))
    assert answers(sessions, "_parent", "session_name", "session_rating") == [
        ("uuid:5e2d8a1c-3f4b-4c7e-9a12-7b6d3e8f1a21", "Open data portals", "5"),
        ("uuid:5e2d8a1c-3f4b-4c7e-9a12-7b6d3e8f1a21", "Integrated services", "4"),
        ("uuid:8c1f4e7a-2b9d-4a3c-b5e8-1d7f6a2c9e22", "E-participation", "3")]
    found = {(d.code, d.path.name, d.line, d.column) for d in result.diagnostics}
    assert found == {("PUB943", "odk-central.csv", 3, 20),
                     ("PUB946", "odk-central-session.csv", 5, 3)}
    no_personal_data(form.path.parent)


def test_limesurvey_codes_with_a_byte_order_mark(form):
    result = import_export(form, EXPORTS / "limesurvey-codes.csv")
    assert result.source == "limesurvey"
    assert result.diagnostics == []  # timings are known columns, not unknown ones
    rows = table(result)
    assert answers(rows, "_id", "_language", "relevance", "formats", "years") == [
        ("1", "en", "5", "seminar online", "18"),
        ("2", "ru", "4", "study_visit", "6")]
    no_personal_data(form.path.parent)


def test_limesurvey_full_headings_and_answers_in_russian(form):
    result = import_export(form, EXPORTS / "limesurvey-full-ru.csv", source="limesurvey")
    assert result.diagnostics == []
    assert answers(table(result), "_id", "_language", "relevance", "usefulness", "formats",
                   "years") == [("3", "ru", "5", "4", "seminar case_study", "11")]


def test_google_forms_with_checkbox_answers_joined(form):
    result = import_export(form, EXPORTS / "google-forms.csv")
    assert result.source == "google"
    rows = table(result)
    assert answers(rows, "_submitted", "relevance", "usefulness", "formats", "years") == [
        ("2019-05-23T10:15:32+05:00", "4", "5", "seminar study_visit", "14"),
        ("2019-05-23T10:21:07+05:00", "5", "4", "online", "")]
    assert all(re.fullmatch(r"g-[0-9a-f]{16}", r["_id"]) for r in rows)
    found = [(d.code, d.line, d.column) for d in result.diagnostics]
    assert found == [("PUB941", 1, 9), ("PUB945", 3, 7)]
    assert "`Anything else?`" in result.diagnostics[0].message
    no_personal_data(form.path.parent)


def test_importing_the_same_export_twice_adds_nothing(form):
    first = import_export(form, EXPORTS / "google-forms.csv")
    files = sorted(p.name for p in (form.path.parent / "responses").iterdir())
    second = import_export(form, EXPORTS / "google-forms.csv")
    assert (first.added, second.added, second.skipped) == (2, 0, 2)
    assert second.table is None
    assert sorted(p.name for p in (form.path.parent / "responses").iterdir()) == files
    assert len(load_responses(form.path.parent)) == 2


def test_personal_answers_are_kept_only_when_asked_and_git_ignored(form):
    result = import_export(form, EXPORTS / "google-forms.csv", keep_personal=True)
    kept = result.personal.read_text("utf-8")
    assert "Respondent Nine" in kept and "respondent.nine@example.org" in kept
    assert (result.personal.parent / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    no_personal_data(form.path.parent)
    assert "personal" not in json.loads(result.schema.read_text("utf-8"))["fields"]


def test_the_schema_comes_from_the_form(form):
    result = import_export(form, EXPORTS / "kobo-xml-values.csv")
    schema = json.loads(result.schema.read_text("utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["relevance"]["constraints"]["enum"] == ["1", "2", "3", "4", "5"]
    assert fields["relevance"]["title"] == "The seminar was relevant to my work"
    assert fields["years"]["type"] == "integer"
    assert schema["primaryKey"] == ["_id"]
    pattern = fields["formats"]["constraints"]["pattern"]
    for row in table(result):
        assert re.fullmatch(pattern, row["formats"])
    assert not re.fullmatch(pattern, "seminar webinar")
    assert [f["name"] for f in schema["fields"]] == list(table(result)[0])


def test_an_export_of_no_known_tool_is_a_diagnostic(form, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", "utf-8")
    result = import_export(form, other)
    assert [(d.code, d.line) for d in result.diagnostics] == [("PUB940", 1)]
    assert result.table is None


def test_cli_import(tmp_path):
    shutil.copy(REPO / "publisher.yaml", tmp_path / "publisher.yaml")
    folder = tmp_path / "surveys" / "feedback"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "form.md", folder / "form.md")
    runner = CliRunner()
    args = ["survey", "import", "--project", str(tmp_path), "feedback",
            str(EXPORTS / "kobo-labels-ru.csv")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "2 submissions added, 0 already imported (kobo, labels in ru)" in result.output
    again = runner.invoke(cli, args)
    assert "0 submissions added, 2 already imported" in again.output
    rows = load_responses(folder)
    assert [r["relevance"] for r in rows] == ["4", "3"]


def test_an_export_that_is_not_utf8_is_a_diagnostic(form, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes('"Timestamp","Your name"\n"2019/05/23 10:15:32 AM GMT+5","Ren\u00e9"\n'
                      .encode("latin-1"))
    result = import_export(form, latin)
    assert [(d.code, d.line) for d in result.diagnostics] == [("PUB940", 2)]
    assert result.table is None


def test_kobo_xlsx_with_a_repeat_sheet(form, tmp_path):
    # formpack's XLSX export: the repeat on a sheet of its own, joined by _submission__uuid
    with (EXPORTS / "kobo-xml-values.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    wb = Workbook()
    wb.active.title = "Seminar feedback (test form)"
    for record in records:
        wb.active.append(record)
    repeat = wb.create_sheet("session")
    repeat.append(["session/session_name", "session/session_rating", "_index",
                   "_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid"])
    repeat.append(["Open data portals", "5", "1", "Seminar feedback (test form)", "1", "101",
                   "6f1c2b9e-0d1a-4c1e-9a53-1b2f0a7e9c01"])
    wb.save(tmp_path / "kobo.xlsx")
    result = import_export(form, tmp_path / "kobo.xlsx")
    with (result.table.parent / "session" / result.table.name).open(encoding="utf-8") as f:
        sessions = list(csv.DictReader(f))
    assert answers(sessions, "_parent", "session_name", "session_rating") == [
        ("6f1c2b9e-0d1a-4c1e-9a53-1b2f0a7e9c01", "Open data portals", "5")]


def test_a_column_of_unknown_values_is_reported_ten_times_not_ten_thousand(form, tmp_path):
    lines = (EXPORTS / "google-forms.csv").read_text("utf-8").splitlines()
    row = lines[1].replace('"Agree"', '"Maybe"')
    export = tmp_path / "many.csv"
    export.write_text("\n".join([lines[0]] + [row.replace("10:15:32", f"10:{i // 60:02}:{i % 60:02}")
                                             for i in range(300)]) + "\n", "utf-8")
    result = import_export(form, export)
    unknown = [d for d in result.diagnostics if d.code == "PUB942"]
    assert len(unknown) == 10 and result.added == 300
    assert [d.line for d in unknown] == list(range(2, 12))
    assert "every further one in this column" in unknown[-1].message
