"""The alliance's records: alliance.yaml, events/ and action-plan.yaml, validated with
positions; indicators computed from the records; `publisher alliance`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run
from publisher.load.project import load_project
from publisher.records import check_records
from publisher.records.measures import actual

FIXTURE = REPO / "tests" / "projects" / "alliance"


def records_project(target: Path) -> Path:
    """A copy of the records fixture (three members, three events, a plan, one case)."""
    shutil.copytree(FIXTURE, target, dirs_exist_ok=True)
    shutil.copytree(REPO / "styles", target / "styles", dirs_exist_ok=True)
    return target


def diagnostics(root: Path):
    _, found = check_records(load_project(root))
    return [(d.code, d.path.relative_to(root).as_posix() if d.path else "", d.line, d.column)
            for d in found], found


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text("utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_fixture_is_clean(tmp_path):
    found, raw = diagnostics(records_project(tmp_path))
    assert found == [], [d.format() for d in raw]


EVENT = "events/tashkent/event.yaml"
PLAN = "action-plan.yaml"
ALLIANCE = "alliance.yaml"

# name: (file, text, replacement, (code, file, line, column), words in the message or hint)
BAD = {
    "unknown host member": (EVENT, "host: uz-apa", "host: uz-apx",
                            ("PUB901", EVENT, 8, 7), "did you mean `uz-apa`?"),
    "unknown partner member": (EVENT, "partners: [kg-sps, ee-ega]", "partners: [kg-sps, ee-eg]",
                               ("PUB901", EVENT, 9, 20), "did you mean `ee-ega`?"),
    "unknown member counted": (EVENT, "by_member: {uz-apa: 10, kg-sps: 3}",
                               "by_member: {uz-apa: 10, kg-spz: 3}",
                               ("PUB901", EVENT, 14, 27), "did you mean `kg-sps`?"),
    "unknown activity of an event": (EVENT, "activity: seminars", "activity: seminar",
                                     ("PUB903", EVENT, 11, 11), "did you mean `seminars`?"),
    "event ends before it starts": (EVENT, "end: 2019-05-31T17:00", "end: 2019-05-29T17:00",
                                    ("PUB906", EVENT, 3, 6), "before it starts"),
    "unknown time zone": (EVENT, "timezone: Asia/Tashkent", "timezone: Asia/Tashkend",
                          ("PUB907", EVENT, 4, 11), "did you mean `Asia/Tashkent`?"),
    "bad start time": (EVENT, "start: 2019-05-30T09:30", "start: 2019-05-30T25:30",
                       ("PUB105", EVENT, 2, 8), "2019-05-30T09:30"),
    "unknown event type": (EVENT, "type: seminar", "type: seminr",
                           ("PUB103", EVENT, 1, 7), "did you mean `seminar`?"),
    "missing material": (EVENT, "files: [programme.txt]", "files: [programme.pdf]",
                         ("PUB912", EVENT, 16, 11), "does not exist"),
    "material outside the folder": (EVENT, "files: [programme.txt]",
                                    "files: [../../alliance.yaml]",
                                    ("PUB912", EVENT, 16, 11), "outside the event folder"),
    "unknown publication of an event": (EVENT, "publications: [demo]", "publications: [dem]",
                                        ("PUB904", EVENT, 17, 18), "did you mean `demo`?"),
    "misspelled event field": (EVENT, "venue:", "venu:", ("PUB104", EVENT, 7, 1),
                               "did you mean `venue`?"),
    "participants not a number": (EVENT, "uz-apa: 10", "uz-apa: ten",
                                  ("PUB102", EVENT, 14, 14), "whole numbers"),
    "unknown lead": (PLAN, "lead: uz-apa", "lead: uzapa", ("PUB901", PLAN, 15, 11),
                     "did you mean `uz-apa`?"),
    "output event missing": (PLAN, "outputs: {events: [tashkent]", "outputs: {events: [tashkend]",
                             ("PUB908", PLAN, 20, 24), "did you mean `tashkent`?"),
    "output publication missing": (PLAN, "publications: [demo]}", "publications: [demos]}",
                                   ("PUB908", PLAN, 20, 50), "did you mean `demo`?"),
    "done without an actual date": (PLAN, "    status: done\n    actual: {start: 2018-06-09, "
                                    "end: 2018-06-09}\n", "    status: done\n",
                                    ("PUB909", PLAN, 8, 13), "actual"),
    "planned period ends before it starts": (PLAN, "planned: {start: 2029-01-01, end: 2030-12-31}",
                                             "planned: {start: 2029-01-01, end: 2028-12-31}",
                                             ("PUB906", PLAN, 29, 39), "before it starts"),
    "duplicate activity id": (PLAN, "  - id: assessment", "  - id: seminars",
                              ("PUB905", PLAN, 30, 9), "duplicate activity id"),
    "stage out of range": (PLAN, "    stage: 4", "    stage: 5", ("PUB103", PLAN, 32, 12),
                           "1 to 4"),
    "unknown status": (PLAN, "status: planned\n    planned: {start: 2020", "status: planed\n"
                       "    planned: {start: 2020", ("PUB103", PLAN, 34, 13),
                       "did you mean `planned`?"),
    "indicator without unit": (PLAN, "        unit: {en: people, ru: человек}\n", "",
                               ("PUB910", PLAN, 46, 9), "has no unit"),
    "measure of an unknown event type": (PLAN, "measure: {count: events, type: seminar}",
                                         "measure: {count: events, type: webinar}",
                                         ("PUB914", PLAN, 45, 40), "not an event type"),
    "unknown measure": (PLAN, "measure: {count: participants}", "measure: {count: people}",
                        ("PUB103", PLAN, 50, 26), "allowed"),
    "duplicate member id": (ALLIANCE, "  - id: kg-sps", "  - id: uz-apa",
                            ("PUB905", ALLIANCE, 13, 9), "first on line 9"),
    "member id not a slug": (ALLIANCE, "  - id: kg-sps", "  - id: KG_SPS",
                             ("PUB916", ALLIANCE, 13, 9), "lowercase"),
    "unknown member kind": (ALLIANCE, "kind: national-agency", "kind: agency",
                            ("PUB103", ALLIANCE, 15, 11), "allowed"),
    "member country not ISO": (ALLIANCE, "country: KG", "country: kg",
                               ("PUB110", ALLIANCE, 14, 14), "did you mean `KG`?"),
    "founding event missing": (ALLIANCE, "event: founding", "event: fonding",
                               ("PUB902", ALLIANCE, 7, 10), "did you mean `founding`?"),
    "text in an undeclared language": (ALLIANCE, "name: {en: Academy, ru: Академия}",
                                       "name: {en: Academy, de: Akademie}",
                                       ("PUB106", ALLIANCE, 12, 25), "languages: en, ru"),
    "missing translation": (ALLIANCE, "name: {en: Academy, ru: Академия}", "name: {en: Academy}",
                            ("PUB911", ALLIANCE, 12, 11), "add `ru: ...`"),
    "members not a list": (ALLIANCE, "members:\n  - id: uz-apa", "members: uz-apa\nxmembers:\n"
                           "  - id: uz-apa", ("PUB102", ALLIANCE, 8, 10), "must be a list"),
    "yaml syntax": (ALLIANCE, "name: {en: Test alliance, ru: Тестовый альянс}",
                    "name: {en: Test alliance, ru: Тестовый альянс",
                    ("PUB001", ALLIANCE, 2, 10), "invalid YAML"),
    "case names an unknown event": ("cases/demo/case.yaml", "event: tashkent", "event: tashkend",
                                    ("PUB902", "cases/demo/case.yaml", 8, 8),
                                    "did you mean `tashkent`?"),
    "case names an unknown activity": ("cases/demo/case.yaml", "activity: seminars",
                                       "activity: seminar",
                                       ("PUB903", "cases/demo/case.yaml", 9, 11),
                                       "did you mean `seminars`?"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_reported_at_its_place(tmp_path, name):
    file, old, new, expected, words = BAD[name]
    root = records_project(tmp_path)
    edit(root, file, old, new)
    found, raw = diagnostics(root)
    assert expected in found, [d.format(root) for d in raw]
    d = raw[found.index(expected)]
    assert words in d.message + " " + d.hint


def test_every_problem_in_one_pass(tmp_path):
    root = records_project(tmp_path)
    edit(root, EVENT, "host: uz-apa", "host: nobody")
    edit(root, EVENT, "timezone: Asia/Tashkent", "timezone: Mars/Olympus")
    edit(root, PLAN, "lead: uz-apa", "lead: nobody")
    codes = sorted(code for code, *_ in diagnostics(root)[0])
    assert codes == ["PUB901", "PUB901", "PUB907"]


def test_surveys_are_checked_once_they_exist(tmp_path):
    root = records_project(tmp_path)
    assert diagnostics(root)[0] == []  # no surveys/ yet: `motivated_by` is taken as written
    (root / "surveys" / "needs-2019").mkdir(parents=True)
    found, raw = diagnostics(root)
    assert found == [("PUB915", PLAN, 22, 18)]
    assert "did you mean `needs-2019`?" in raw[0].hint
    form = REPO / "tests" / "fixtures" / "surveys" / "form.md"
    (root / "surveys" / "needs-2018").mkdir()
    shutil.copy(form, root / "surveys" / "needs-2018" / "form.md")
    found, raw = diagnostics(root)
    assert found == [("PUB915", PLAN, 22, 40)]
    assert "survey `needs-2018` has no question `q_topics`" in raw[0].message
    edit(root, PLAN, "question: q_topics", "question: relevanse")
    found, raw = diagnostics(root)
    assert found == [("PUB915", PLAN, 22, 40)]
    assert raw[0].hint == "did you mean `relevance`?"
    edit(root, PLAN, "question: relevanse", "question: relevance")
    found, raw = diagnostics(root)
    assert found == [("PUB915", PLAN, 22, 59)]  # `data exchange` is no answer of a scale
    assert "is not an answer of question `relevance`" in raw[0].message
    edit(root, PLAN, "answer: data exchange", "answer: '4'")
    assert diagnostics(root)[0] == []


def test_indicators_are_computed_from_the_records(tmp_path):
    project = load_project(records_project(tmp_path))
    loaded, _ = check_records(project)
    plan = loaded.records.plan
    seminars, people, applied = plan.results[0].indicators
    value = actual(seminars, loaded.records, dt.date(2026, 1, 1))
    assert (value.value, value.computed, value.source) == (1, True, "events: tashkent")
    value = actual(people, loaded.records, dt.date(2026, 1, 1))
    assert (value.value, value.illustrative) == (13, True)  # 10 + 3, labelled illustrative
    value = actual(applied, loaded.records, dt.date(2026, 1, 1))
    assert (value.value, value.computed, value.source) == (1, False, "feedback survey")
    assert actual(applied, loaded.records, dt.date(2020, 1, 1)) is None  # before it was entered


def test_publications_link_to_their_event_both_ways(tmp_path):
    loaded, _ = check_records(load_project(records_project(tmp_path)))
    records = loaded.records
    event, activity = records.origin_of("demo")
    assert (event.slug, activity.id) == ("tashkent", "seminars")
    assert records.publications_of_event("tashkent") == ["demo"]


def test_alliance_json_against_the_sample_data():
    result = run("alliance", "--project", str(REPO), "--json", "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    state = json.loads(result.stdout)
    assert state["alliance"] == "Alliance of Practitioners in e-government"
    assert state["members"] == ["az-asan", "am-ekeng", "ge-dea", "kz-zerde", "kg-sps", "uz-apa",
                                "ee-ega", "oecd-gov"]
    assert state["plan"] == "Action Plan of Alliance-II"
    assert {"founding-meeting", "seminar-tashkent", "seminar-bishkek", "country-cases"} <= set(
        state["activities"]["done"])
    # the plan's period is over: every activity is done or postponed, none is overdue
    assert state["overdue"] == []
    assert {"feedback-survey", "assessment", "dissemination"} <= set(state["activities"]["done"])
    assert state["events"] == {"past": 3, "upcoming": []}
    by_id = {i["id"]: i for i in state["indicators"]}
    assert (by_id["seminars-held"]["actual"], by_id["seminars-held"]["computed"]) == (2, True)
    assert by_id["seminar-participants"]["illustrative"] is True
    assert by_id["cases-published"]["actual"] == 7
    # measured by the assessment from the (illustrative) seminar feedback responses
    assert by_id["seminar-useful"]["actual"] is not None
    assert (by_id["seminar-useful"]["computed"], by_id["seminar-useful"]["illustrative"]) == (
        True, True)
    assert state["diagnostics"] == []


def test_the_shipped_project_passes_its_own_alliance_check():
    """CI runs `publisher alliance --check`: the sample plan, whose period has ended, records
    what became of each activity (illustrative where nothing was published)."""
    result = run("alliance", "--project", str(REPO), "--check", "--today", "2026-12-02")
    assert result.exit_code == 0, result.output
    assert "overdue" not in result.stdout
    assert "postponed   2  expert-meetings-online, expert-meetings-face" in result.stdout


def test_alliance_check_fails_on_an_overdue_activity(tmp_path):
    root = records_project(tmp_path)
    result = run("alliance", "--project", str(root), "--check", "--today", "2026-01-01")
    assert result.exit_code == 1
    assert "overdue: assessment (planned, planned end 2020-12-31" in result.stdout
    result = run("alliance", "--project", str(root), "--check", "--today", "2020-06-01")
    assert result.exit_code == 0, result.output
    assert "2030-04-02T10:00:00+03:00 Europe/Tallinn  tallinn-online" in result.stdout


def test_alliance_reports_bad_records_and_exits_1(tmp_path):
    root = records_project(tmp_path)
    edit(root, EVENT, "host: uz-apa", "host: uz-apx")
    result = run("alliance", "--project", str(root))
    assert result.exit_code == 1
    assert "events/tashkent/event.yaml:8:7: error PUB901: unknown member `uz-apx`" in result.stderr


def test_validate_checks_the_records(tmp_path):
    root = records_project(tmp_path)
    edit(root, PLAN, "lead: uz-apa", "lead: uz-apx")
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "action-plan.yaml:15:11: error PUB901" in result.stderr


def test_a_case_naming_an_event_without_records_is_a_warning(tmp_path):
    root = records_project(tmp_path)
    for name in ("alliance.yaml", "action-plan.yaml"):
        (root / name).unlink()
    shutil.rmtree(root / "events")
    found, raw = diagnostics(root)
    assert found == [("PUB900", "cases/demo/case.yaml", 8, 8),
                     ("PUB900", "cases/demo/case.yaml", 9, 11)]
    assert all(str(d.severity) == "warning" for d in raw)


def test_a_case_may_not_take_the_alliance_pages_address(tmp_path):
    root = records_project(tmp_path)
    shutil.copytree(root / "cases" / "demo", root / "cases" / "alliance")
    found, _ = diagnostics(root)
    assert ("PUB913", "cases/alliance/case.yaml", 1, 1) in found


def test_an_entered_value_needs_its_source(tmp_path):
    root = records_project(tmp_path)
    edit(root, PLAN, "{value: 1, date: 2020-06-30, source: feedback survey}",
         "{value: 1, date: 2020-06-30}")
    found, raw = diagnostics(root)
    assert found == [("PUB101", PLAN, 56, 14)]
    assert "`source`" in raw[0].message
