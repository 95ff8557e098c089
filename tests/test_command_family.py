"""The commands as one family: the same output formats, names as arguments, counted words."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import make_project, run, write
from sitekit import cli_run

BROKEN_LINK = "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nSee [there](other.html).\n"


def built_html(tmp_path) -> Path:
    """A project whose built HTML links to a file that does not exist."""
    root = make_project(tmp_path)
    assert cli_run("build", "--project", str(root), "--to", "html").exit_code == 0
    page = root / "build" / "demo" / "demo.en.html"
    page.write_text(page.read_text("utf-8").replace("</body>",
                                                   '<a href="missing.pdf">x</a></body>'), "utf-8")
    return root


def test_check_reports_as_json_and_as_github_annotations(tmp_path):
    root = built_html(tmp_path)
    result = cli_run("check", "--project", str(root), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1 and data["checked"] == {"html": 1, "pdf": 0, "docx": 0}
    (problem,) = data["diagnostics"]
    assert problem["code"] == "PUB811" and problem["path"] == "build/demo/demo.en.html"
    result = cli_run("check", "--project", str(root), "--format", "github")
    assert result.stdout.startswith("::error file=build/demo/demo.en.html,")
    assert "title=PUB811::" in result.stdout
    assert result.stderr.strip().endswith("checked 1 HTML, 0 PDF and 0 DOCX file: 1 error")


def test_site_reports_as_json_and_as_github_annotations(tmp_path):
    root = make_project(tmp_path)
    result = cli_run("site", "--project", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "built" and data["path"] == "build/site"
    assert [d["code"] for d in data["diagnostics"]] == ["PUB704"]  # no site_url
    assert data["held_back"] == []
    result = cli_run("site", "--project", str(root), "--format", "github")
    assert result.stdout.startswith("::warning file=publisher.yaml,")
    assert "title=PUB704::" in result.stdout


def test_proof_reports_as_json(tmp_path):
    root = make_project(tmp_path, {"en": BROKEN_LINK.replace("other.html", "#nowhere")})
    result = cli_run("proof", "--project", str(root), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["pictures"] == []
    assert [d["code"] for d in data["diagnostics"] if d["severity"] == "error"] == ["PUB215"]
    result = cli_run("proof", "--project", str(root), "--format", "github")
    assert "::error file=cases/demo/en.md,line=7," in result.stdout


def test_build_json_has_the_validation_warnings_and_null_for_the_sites_case(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\n"
                                         "## Next {#next}\n\nText.\n"})
    result = cli_run("build", "--project", str(root), "--to", "html,site", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    codes = [d["code"] for d in data["diagnostics"]]
    assert "PUB219" in codes  # the empty section: a validation warning
    assert data["warnings"] == len(codes) and data["errors"] == 0
    site = data["outputs"][-1]
    assert site["format"] == "site" and site["case"] is None and site["lang"] is None
    assert "warning PUB219" in result.stderr  # and for people, as before


def test_counted_words_are_singular_for_one(tmp_path):
    from publisher.i18n.strings import count

    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\n"
                                         "## Next {#next}\n\nText.\n"})
    result = run("validate", cwd=root)
    assert result.stderr.splitlines()[-1] == "1 edition checked: 0 errors, 1 warning"
    assert [count(n, "error") for n in (0, 1, 2, 21)] == ["0 errors", "1 error", "2 errors",
                                                          "21 errors"]


@pytest.mark.parametrize("seconds,text", [(7, "0:07"), (65, "1:05"), (3723, "1:02:03")])
def test_clock(seconds, text):
    from publisher.build.progress import clock

    assert clock(seconds) == text


class Out:
    def __init__(self, status):
        self.status, self.path, self.seconds = status, Path("/p/build/x.pdf"), 1.0


def test_the_progress_line_shows_the_total_and_the_time_left():
    from publisher.build.progress import Progress

    now = [0.0]
    stream = io.StringIO()
    progress = Progress(Path("/p"), stream=stream, now=lambda: now[0])
    progress.tty = True
    progress.plan(10)
    progress(Out("skipped"))
    assert progress.counter() == "[ 1/10]" and progress.eta() == ""
    now[0] = 6.0
    progress(Out("built"))
    progress(Out("built"))
    # two rendered in 6 s, seven left: 21 s
    assert progress.line(Out("built")).startswith(
        "[ 3/10] 2 built, 1 up to date, 0 failed, ETA 0:21  build/x.pdf")
    assert "[ 3/10]" in stream.getvalue()
    lines = io.StringIO()
    plain = Progress(Path("/p"), stream=lines)
    plain.plan(2)
    plain(Out("built"))
    assert lines.getvalue() == "  built  [1/2]  build/x.pdf  (1.0 s)\n"


def test_a_build_plans_every_output_and_the_site(tmp_path):
    root = make_project(tmp_path)
    write(root / "cases" / "demo" / "ru.md", "---\ntitle: Демо\ntranslated_from: en\n---\n\n"
          "## Введение {#intro}\n\nПривет.\n")
    from publisher.build.builder import build
    from publisher.load.project import load_project
    from publisher.build.progress import Progress

    progress = Progress(root, stream=io.StringIO())
    build(load_project(root), formats=("html", "site"), progress=progress, jobs=1)
    assert progress.total == 3 and progress.finished == 3
