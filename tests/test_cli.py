"""The command line: commands, selection of work, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from click.testing import CliRunner

from conftest import make_project, run
from publisher.cli.main import cli

RU = "---\ntitle: Демо\ntranslated_from: en\n---\n\n## Введение {#intro}\n\nПривет.\n"
EN = "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHello.\n"


def test_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "render", "validate"):
        assert command in result.output


def test_build_selects_formats_languages_and_cases(tmp_path):
    root = make_project(tmp_path, {"en": EN, "ru": RU})
    result = run("build", "--json", "--to", "html,docx", "--lang", "ru", "demo", cwd=root)
    assert result.exit_code == 0, result.output
    outputs = json.loads(result.stdout)["outputs"]
    assert sorted((o["format"], o["lang"], o["status"]) for o in outputs) == [
        ("docx", "ru", "built"), ("html", "ru", "built")]
    assert outputs[0]["path"].startswith("build/demo/demo.ru.")
    assert not (root / "build" / "demo" / "demo.en.html").exists()


def test_build_unknown_case_is_an_error(tmp_path):
    root = make_project(tmp_path)
    result = run("build", "--to", "html", "nonexistent", cwd=root)
    assert result.exit_code == 1
    assert "no case named `nonexistent`" in result.stderr


def test_build_unknown_format_is_a_usage_error(tmp_path):
    root = make_project(tmp_path)
    result = run("build", "--to", "epub", cwd=root)
    assert result.exit_code == 2


def test_outside_a_project_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert "no publisher.yaml" in result.output


@pytest.mark.slow
def test_failed_edition_does_not_stop_the_others(tmp_path):
    bad = "---\ntitle: Bad\ntranslated_from: en\n---\n\n![x](../../../etc/hosts)\n"
    root = make_project(tmp_path, {"en": EN, "ru": bad})
    result = run("build", "--json", "--to", "html", cwd=root)
    assert result.exit_code == 1
    status = {o["lang"]: o["status"] for o in json.loads(result.stdout)["outputs"]}
    assert status == {"en": "built", "ru": "failed"}
    assert "PUB202" in {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert "PUB202" in result.stderr


def test_a_site_folder_left_by_a_killed_site_build_is_cleaned_up(tmp_path):
    root = make_project(tmp_path, {"en": EN})
    stale = root / "build" / ".site.part"
    (stale / "en").mkdir(parents=True)
    (stale / "en" / "index.html").write_text("half a site", "utf-8")
    (root / "build" / "demo").mkdir()
    (root / "build" / "demo" / ".demo.en.html.x1.part").write_text("half a page", "utf-8")
    result = run("build", "--to", "html", "--json", cwd=root)
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert not list((root / "build").rglob("*.part"))
    assert "Hello." in (root / "build" / "demo" / "demo.en.html").read_text("utf-8")


def test_publisher_site_takes_the_build_lock(tmp_path):
    from publisher.load.project import load_project
    from publisher.build.planner import BuildLock

    root = make_project(tmp_path, {"en": EN})
    assert run("build", "--to", "html", cwd=root).exit_code == 0
    with BuildLock(load_project(root).output):
        proc = subprocess.Popen([sys.executable, "-m", "publisher", "site", "--project",
                                 str(root)], stderr=subprocess.PIPE, text=True)
        watchdog = threading.Timer(180, proc.kill)
        watchdog.start()
        first = proc.stderr.readline()  # it says it waits, however long it takes to start
        watchdog.cancel()
        assert "another build of this project is running" in first, first
        assert proc.poll() is None and not (root / "build" / "site").exists()
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    assert "Hello." in (root / "build" / "site" / "en" / "demo" / "index.html").read_text("utf-8")


def test_check_passes_on_the_site_copies_of_the_html_editions(tmp_path):
    """The site's copy of a standalone HTML edition links to its translations where the site
    keeps them, in the other language's folder, so `publisher check` finds no broken link."""
    root = make_project(tmp_path, {"en": EN, "ru": RU})
    assert run("build", "--to", "html,site", cwd=root).exit_code == 0
    copy = (root / "build" / "site" / "en" / "demo" / "demo.en.html").read_text("utf-8")
    assert 'href="../../ru/demo/demo.ru.html"' in copy
    standalone = (root / "build" / "demo" / "demo.en.html").read_text("utf-8")
    assert 'href="demo.ru.html"' in standalone  # the build's own file links to its sibling
    checked = CliRunner().invoke(cli, ["check", "--project", str(root)])
    assert checked.exit_code == 0, checked.output
    assert "PUB811" not in checked.output


def test_two_builds_of_the_site_give_the_same_bytes(tmp_path):
    editions = {"en": EN, "ru": RU, "hy": RU.replace("Демо", "Դեմո"),
                "ka": RU.replace("Демо", "დემო")}
    sites = []
    for name in ("a", "b"):
        root = make_project(tmp_path / name, editions)
        assert run("build", "--to", "html,site", cwd=root).exit_code == 0
        site = root / "build" / "site"
        sites.append({p.relative_to(site).as_posix(): p.read_bytes()
                      for p in sorted(site.rglob("*")) if p.is_file()})
    assert "pagefind/pagefind-entry.json" in sites[0]
    assert sites[0].keys() == sites[1].keys()
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []


def test_an_unwritable_output_folder_is_a_diagnostic(tmp_path):
    root = make_project(tmp_path, {"en": EN})
    (root / "build").write_text("a file where the output folder should be", "utf-8")
    result = run("build", "--to", "html", cwd=root)
    assert result.exit_code == 1
    assert "build: error PUB303: the output folder cannot be written" in result.output
    assert "Traceback" not in result.output
