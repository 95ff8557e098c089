"""Two builds of the same sources give the same bytes: editions, questionnaires, calendars,
charts, the site, its zips and SHA256SUMS. Nothing may come from the clock, a file's time,
the build's folder or the order a tool happens to list things in."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest

from conftest import REPO, copy_project


def tree(folder: Path) -> dict[str, str]:
    """Every output under build/ with its digest; the store and state of the build (absolute
    paths, times of use) and its lock are not outputs."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.parts[0] in (".cache", ".lock") or not path.is_file():
            continue
        out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_the_chart_font_is_the_same_bytes_at_another_time(tmp_path):
    from publisher.charts.font import _merge, _sources

    files = _sources(("Noto Sans", "Noto Sans Armenian"))["Regular"]
    assert files, "the brand's sans faces (Debian's fonts-noto packages) are not installed"
    _merge(files, "Publisher Chart Test", "Regular", tmp_path / "a.ttf")
    time.sleep(1.1)  # fontTools stamps `head.modified` with the clock, in seconds
    _merge(files, "Publisher Chart Test", "Regular", tmp_path / "b.ttf")
    assert (tmp_path / "a.ttf").read_bytes() == (tmp_path / "b.ttf").read_bytes()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_a_questionnaire_is_the_same_bytes_at_another_time(tmp_path, fmt):
    from publisher.surveys import load_survey
    from publisher.surveys.output import render

    form, found = load_survey(REPO / "surveys" / "needs-survey")
    assert form is not None, found
    assert render(form, fmt, "en", tmp_path / f"a.{fmt}") == []
    time.sleep(1.1)
    assert render(form, fmt, "en", tmp_path / f"b.{fmt}") == []
    assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()


def test_the_questionnaire_is_dated_from_the_form_version(tmp_path, monkeypatch):
    import zipfile

    from publisher.surveys import load_survey
    from publisher.surveys.output import render

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    form, _ = load_survey(REPO / "surveys" / "needs-survey")  # version 2018-09
    render(form, "xlsx", "", tmp_path / "f.xlsx")
    core = zipfile.ZipFile(tmp_path / "f.xlsx").read("docProps/core.xml").decode()
    assert ">2018-09-01T00:00:00Z</dcterms:created>" in core
    assert ">2018-09-01T00:00:00Z</dcterms:modified>" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    render(form, "xlsx", "", tmp_path / "g.xlsx")
    core = zipfile.ZipFile(tmp_path / "g.xlsx").read("docProps/core.xml").decode()
    assert ">2023-11-14T22:13:20Z</dcterms:modified>" in core


def test_calendar_stamps_do_not_come_from_file_times(tmp_path, monkeypatch):
    """A fresh clone gives every file a new time: DTSTAMP must not follow it."""
    from publisher.load.project import load_project
    from publisher.records import check_records
    from publisher.site.events import stamp

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = copy_project(tmp_path)
    event_yaml = root / "events" / "seminar-tashkent-2019" / "event.yaml"
    loaded, _ = check_records(load_project(root))
    [event] = [e for e in loaded.records.events if e.slug == "seminar-tashkent-2019"]
    before = stamp(event)
    os.utime(event_yaml, (time.time() + 86400 * 30,) * 2)
    assert stamp(event) == before == dt.datetime(2019, 6, 1, tzinfo=dt.UTC)
    cal = icalendar.Event()
    cal.add("dtstamp", before)
    assert b"DTSTAMP:20190601T000000Z" in cal.to_ical()


@pytest.mark.slow
def test_two_builds_of_the_shipped_project_give_the_same_bytes(tmp_path):
    """The shipped project (editions, surveys, the alliance's records and the assessment with
    its charts), built in two folders whose files have different times, as two fresh clones
    would: every file under build/, the site included, is the same."""
    trees = []
    for number, name in enumerate(("one", "two")):
        (tmp_path / name).mkdir()
        root = copy_project(tmp_path / name)
        if number:
            later = time.time() + 7 * 86400
            for path in root.rglob("*"):
                os.utime(path, (later, later))
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("SOURCE_DATE_EPOCH", None)
        done = subprocess.run([sys.executable, "-m", "publisher", "build", "--project",
                               str(root), "--jobs", "2"], capture_output=True, text=True,
                              env=env, timeout=1200)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        trees.append(tree(root / "build"))
    one, two = trees
    assert set(one) == set(two)
    assert any(p.endswith(".ics") for p in one) and "site/SHA256SUMS" in one
    assert any(p.startswith("site/downloads/") and p.endswith(".zip") for p in one)
    assert any(p.startswith("surveys/") and p.endswith(".xlsx") for p in one)
    assert any(p.startswith("site/") and p.endswith(".svg") and "chart" in p for p in one)
    differ = sorted(p for p in one if one[p] != two[p])
    assert differ == []
