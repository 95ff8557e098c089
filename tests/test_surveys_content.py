"""The alliance's two instruments, and the illustrative responses of the 2019 seminars."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from conftest import REPO
from publisher.surveys import (
    check_survey, load_survey, question_choices, question_exists, survey_exists,
)
from publisher.surveys.aggregate import tally
from publisher.surveys.illustrative import illustrate
from publisher.surveys.tables import load_responses

LANGS = {"en", "ru", "kk", "az", "hy", "ka", "ky", "uz", "et"}


@pytest.mark.parametrize("slug", ["needs-survey", "seminar-feedback"])
def test_each_instrument_converts_cleanly_in_nine_languages(slug):
    form, xform, found = check_survey(REPO / "surveys" / slug)
    assert found == []
    assert set(form.languages) == LANGS
    for lang in LANGS:
        assert f'<translation lang="{form.languages[lang]}"' in xform
    assert form.title_in("ka") != form.title_in("en")


def test_the_instruments_ask_what_the_method_needs():
    needs = load_survey(REPO / "surveys" / "needs-survey")[0]
    topics = [c.name for c in needs.options(needs.question("topics"))]
    assert {"integrated_services", "open_data", "e_participation", "digital_skills"} <= set(topics)
    formats = [c.name for c in needs.options(needs.question("formats"))]
    assert formats == ["seminar", "study_visit", "online_meeting", "case_study"]
    assert needs.question("share_what").get("relevant") == "${can_share} = 'yes'"
    feedback = load_survey(REPO / "surveys" / "seminar-feedback")[0]
    # Kirkpatrick's levels 1 (reaction) and 2 (learning), and what to improve
    assert [q.name for q in feedback.answered] == [
        "event", "member", "relevance", "usefulness", "format_suited", "learned",
        "learned_what", "intend_apply", "apply_what", "improve"]
    assert {q.scale for q in feedback.answered if q.list_name == "agree5"} == {"agreement"}
    assert [c.name for c in feedback.options(feedback.question("event"))] == [
        "seminar-tashkent-2019", "seminar-bishkek-2019"]


def test_other_stages_can_check_their_references_against_the_surveys():
    assert survey_exists(REPO, "seminar-feedback") and survey_exists(REPO, "needs-survey")
    assert question_exists(REPO, "needs-survey", "topics")
    assert question_exists(REPO, "needs-survey", "sharing/share_what")
    assert not question_exists(REPO, "needs-survey", "budget")
    assert question_choices(REPO, "needs-survey", "formats") == [
        "seminar", "study_visit", "online_meeting", "case_study"]
    assert question_choices(REPO, "needs-survey", "proposals") == []
    assert question_choices(REPO, "needs-survey", "budget") is None


def test_the_illustrative_responses_are_seeded_and_labelled(tmp_path):
    for name in ("surveys", "events"):
        shutil.copytree(REPO / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("responses", "personal"))
    folder = tmp_path / "surveys" / "seminar-feedback"
    form = load_survey(folder)[0]
    first = illustrate(form, tmp_path)
    assert [r.table.name for r in first] == ["illustrative-seminar-tashkent-2019.csv",
                                             "illustrative-seminar-bishkek-2019.csv"]
    for result in first:
        schema = json.loads(result.schema.read_text("utf-8"))
        assert schema["x-publisher"]["illustrative"] is True
        assert "ILLUSTRATIVE" in schema["description"]
        with result.table.open(encoding="utf-8") as handle:
            assert {r["_status"] for r in csv.DictReader(handle)} == {"illustrative"}
    # the committed tables are what the generator makes with the default seed
    for result in first:
        committed = REPO / "surveys" / "seminar-feedback" / "responses" / result.table.name
        assert committed.read_text("utf-8") == result.table.read_text("utf-8")
    again = illustrate(form, tmp_path)
    assert [r.added for r in again] == [0, 0]
    rows = load_responses(folder)
    tashkent = [r for r in rows if r["event"] == "seminar-tashkent-2019"]
    assert 0 < len(tashkent) <= 22  # the participants the Tashkent event records
    result = tally(form, tashkent, "relevance", "ru")
    assert "Illustrative data" in result.note
    assert result.respondents == len(tashkent)
