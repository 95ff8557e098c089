"""Published counts never rest on fewer than the minimum of respondents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from publisher.surveys import check_all, load_survey
from publisher.surveys.aggregate import min_cell_size, suppress, tally

FIXTURES = Path(__file__).parent / "fixtures" / "surveys"


@pytest.fixture()
def form(tmp_path):
    folder = tmp_path / "surveys" / "feedback"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "form.md", folder / "form.md")
    return load_survey(folder)[0]


def rows(**answers):
    """Rows with `relevance` answered: rows(r4=7, r5=2) is seven 4s and two 5s."""
    out = []
    for key, n in answers.items():
        out += [{"relevance": key[1:], "formats": "seminar online" if key == "r4" else "online"}
                for _ in range(n)]
    return out


def test_counts_at_or_above_the_minimum_are_published(form):
    result = tally(form, rows(r4=7, r5=6), "relevance", "ru")
    assert [(c.name, c.label, c.n) for c in result.counts] == [
        ("1", "Совершенно не согласен", 0), ("2", "Не согласен", 0), ("3", "Ни да, ни нет", 0),
        ("4", "Согласен", 7), ("5", "Полностью согласен", 6)]
    assert result.respondents == 13 and not result.suppressed and result.note == ""


def test_a_small_count_and_the_one_that_would_reveal_it_are_suppressed(form):
    result = tally(form, rows(r3=2, r4=9, r5=6), "relevance")
    assert [c.n for c in result.counts] == [0, 0, None, 9, None]
    assert result.respondents == 17
    assert "below 5 are not shown" in result.note


def test_a_question_with_too_few_respondents_is_not_counted(form):
    result = tally(form, rows(r4=3, r5=1), "relevance")
    assert result.respondents is None
    assert all(c.n is None for c in result.counts)
    assert "Fewer than 5 respondents" in result.note


def test_select_multiple_suppresses_only_the_small_counts(form):
    result = tally(form, rows(r4=3, r5=4), "formats", min_cell_size=3)
    assert {c.name: c.n for c in result.counts} == {
        "seminar": 3, "study_visit": 0, "online": 7, "case_study": 0}


def test_the_minimum_is_configurable(form):
    assert [c.n for c in tally(form, rows(r3=2, r4=9), "relevance", min_cell_size=2).counts
            ] == [0, 0, 2, 9, 0]
    assert suppress({"a": 1, "b": 10, "c": 12}, 5, True) == {"a": None, "b": None, "c": 12}


def test_min_cell_size_is_read_from_publisher_yaml(tmp_path):
    text = (REPO / "publisher.yaml").read_text("utf-8")
    (tmp_path / "publisher.yaml").write_text(text + "surveys:\n  min_cell_size: 3\n", "utf-8")
    assert min_cell_size(tmp_path) == (3, [])
    (tmp_path / "publisher.yaml").write_text(text + "surveys:\n  min_cell_size: two\n",
                                             "utf-8")
    size, found = min_cell_size(tmp_path)
    assert size == 5
    assert [(d.code, d.line) for d in found] == [("PUB947", len(text.splitlines()) + 2)]
    (tmp_path / "surveys" / "x").mkdir(parents=True)
    assert "PUB947" in [d.code for d in check_all(tmp_path)]


def test_illustrative_rows_say_so(form):
    marked = [dict(r, _illustrative="yes") for r in rows(r4=6)]
    assert "Illustrative data" in tally(form, marked, "relevance").note
