"""Bounded work on any input: each hostile text ends in a positioned diagnostic, quickly,
and one bad edition never stops the others (docs/limits.md)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CASE_YAML, REPO, make_project, pdf_text, run, write
from publisher.core import limits

GOOD = "---\ntitle: Good\n---\n\n## Intro {#intro}\n\nHello.\n"

#: (body of the edition, code, line, column): the body starts on line 5 of the file
HOSTILE = {
    "nested-list-items": ("- " * 10_000 + "item", "PUB009", 5, 67),
    "indented-list-items": ("\n".join("  " * i + "- item" for i in range(1_000)),
                            "PUB009", 69, 131),
    "link-brackets": ("[" * 5_000 + "x" + "](u)" * 5_000, "PUB009", 5, 7),
    "block-quotes": ("> " * 10_000 + "deep", "PUB009", 5, 67),
    "fenced-divs": ("::: {.d}\n" * 20_000 + "text\n" + ":::\n" * 20_000, "PUB009", 37, 1),
    "html-divs": ("<div>\n" * 20_000 + "text\n" + "</div>\n" * 20_000, "PUB009", 37, 1),
}


def _hostile_project(root, names=tuple(HOSTILE)):
    make_project(root, {"en": GOOD})
    for name in names:
        write(root / "cases" / name / "case.yaml", CASE_YAML)
        (root / "cases" / name / "en.md").write_text(
            f"---\ntitle: {name}\n---\n\n{HOSTILE[name][0]}\n", "utf-8")
    return root


def _publisher(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """In a process of its own, so that a hang fails the test instead of stopping the suite."""
    return subprocess.run([sys.executable, "-m", "publisher", *args], capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_deep_markdown_is_a_positioned_diagnostic(tmp_path, name):
    root = _hostile_project(tmp_path, (name,))
    done = _publisher("validate", "--project", str(root), "--format", "json", name)
    assert done.returncode == 1, done.stderr
    _, code, line, column = HOSTILE[name]
    found = [(d["code"], d["path"], d["line"], d["column"])
             for d in json.loads(done.stdout)["diagnostics"]]
    assert found == [(code, f"cases/{name}/en.md", line, column)]


def test_deep_yaml_front_matter_is_a_positioned_diagnostic(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Y\nkeywords: " + "[" * 10_000
                                   + "]" * 10_000 + "\n---\n\nText.\n"})
    done = _publisher("validate", "--project", str(root), "--format", "json")
    assert done.returncode == 1, done.stderr
    (d,) = json.loads(done.stdout)["diagnostics"]
    assert (d["code"], d["line"], d["column"]) == ("PUB010", 3, 43)
    assert "max_depth" in d["hint"]


def test_a_file_past_the_size_limit_is_not_read(tmp_path):
    root = make_project(tmp_path, {"en": GOOD})
    big = root / "cases" / "demo" / "ru.md"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("---\ntitle: Big\ntranslated_from: en\n---\n\n")
        handle.write("A line of an enormous edition.\n" * 1_700_000)  # about 50 MB
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "cases/demo/ru.md:1:1: error PUB007: the file is 51464 KiB, larger than the " \
           "limit of 5120 KiB" in result.output
    assert "max_file_kb" in result.output


def test_one_bad_edition_never_stops_the_others_and_the_manifest_is_printed(tmp_path):
    root = _hostile_project(tmp_path)
    write(root / "cases" / "yaml" / "case.yaml", CASE_YAML)
    (root / "cases" / "yaml" / "en.md").write_text(
        "---\ntitle: Y\nkeywords: " + "[" * 10_000 + "]" * 10_000 + "\n---\n\nText.\n", "utf-8")
    done = _publisher("build", "--project", str(root), "--to", "html", "--json", timeout=300)
    assert done.returncode == 1, done.stderr
    manifest = json.loads(done.stdout)
    status = {o["case"]: (o["status"], [d["code"] for d in o["diagnostics"]])
              for o in manifest["outputs"]}
    assert status.pop("demo") == ("built", [])
    assert status.pop("yaml") == ("failed", ["PUB010"])
    assert status == {name: ("failed", [code]) for name, (_, code, _, _) in HOSTILE.items()}
    assert "Hello." in (root / "build" / "demo" / "demo.en.html").read_text("utf-8")


def test_the_limits_are_set_in_publisher_yaml(tmp_path):
    body = "::: {.d}\n" * 40 + "text\n" + ":::\n" * 40
    root = make_project(tmp_path, {"en": f"---\ntitle: Divs\n---\n\n{body}"})
    assert "PUB009" in run("validate", cwd=root).output
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8") + "limits:\n  max_depth: 50\n", "utf-8")
    result = run("validate", cwd=root)
    assert result.exit_code == 0, result.output
    config.write_text(config.read_text("utf-8").replace("max_depth: 50",
                                                        "max_depth: -1\n  max_dept: 3"))
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "publisher.yaml:9:14: error PUB102: limit `max_depth` must be a whole number" \
        in result.output, result.output
    assert "publisher.yaml:10:13: error PUB104: unknown limit `max_dept`" in result.output


def test_pandoc_runs_with_a_time_limit(tmp_path):
    # about 3.4 MB of ordinary paragraphs, within the size limit: pandoc reads them for many
    # seconds, far longer than the one second this project allows
    paragraph = " ".join(f"word{i} *em* [link](u) `code`" for i in range(20))
    body = "\n\n".join([paragraph] * 6000)
    root = make_project(tmp_path, {"en": f"---\ntitle: Slow\n---\n\n{body}\n"})
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8") + "limits: {tool_seconds: 1}\n", "utf-8")
    done = _publisher("validate", "--project", str(root), "--format", "json")
    assert done.returncode == 1, done.stderr
    (d,) = json.loads(done.stdout)["diagnostics"]
    assert (d["code"], d["line"]) == ("PUB011", 4)  # where the body begins
    assert "pandoc ran longer than 1 s" in d["message"]


def test_no_sample_edition_is_near_a_limit():
    """The bounds refuse hostile texts, not the project's own editions."""
    for path in sorted((REPO / "cases").glob("*/*.md")):
        text = path.read_text("utf-8")
        assert limits.markdown_excess(text, limits.Limits(max_depth=8, max_brackets=3)) is None
        assert limits.yaml_excess(text.split("---")[1], limits.Limits(max_depth=4)) is None


def test_pdf_layout_past_the_time_limit_is_stopped_at_a_position(tmp_path):
    """Typst runs in a process of its own, stopped past `tool_seconds`: a PUB011 at the start
    of the text, the earlier PDF kept, and the next edition laid out by a new process."""
    from publisher.load.brand import load_brand
    from publisher.i18n.strings import strings
    from publisher.load.project import load_editions, load_project
    from publisher.render import Context
    from publisher.render import pdf as pdf_renderer
    from publisher.transform.passes import prepare

    def made(folder: Path, body: str):
        root = make_project(folder, {"en": f"---\ntitle: Demo\n---\n\n## One\n\n{body}\n"})
        # a figure of a few bytes that is nothing for pandoc and seconds of work for Typst,
        # which draws its filter as an image
        write(root / "cases" / "demo" / "media" / "noise.svg",
              '<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="4000">'
              '<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="8"/>'
              '<feGaussianBlur stdDeviation="40"/></filter>'
              '<rect width="4000" height="4000" filter="url(#f)"/></svg>')
        project = load_project(root)
        (edition,), _ = load_editions(project)
        prepared, _ = prepare(edition, strings("en"))
        ctx = Context(project, load_brand(project.brand_path), root / "scratch")
        return prepared, ctx, pdf_renderer.make_page(prepared, ctx)

    prepared, ctx, page = made(tmp_path / "slow", "![Noise](media/noise.svg)")
    target = tmp_path / "demo.pdf"
    target.write_bytes(b"the earlier PDF")
    before = limits.current()
    limits.use(limits.Limits(tool_seconds=1))
    try:
        started = time.monotonic()
        problems = pdf_renderer.render(prepared, ctx, target, made=page)
        took = time.monotonic() - started
    finally:
        limits.use(before)
    (d,) = [p for p in problems if p.is_error]
    assert (d.code, d.line, d.column) == ("PUB011", 4, 1), d
    assert "Typst ran longer than 1 s and was stopped" in d.message
    assert took < 10
    assert target.read_bytes() == b"the earlier PDF"
    prepared, ctx, page = made(tmp_path / "quick", "A short text.")
    assert not [p for p in pdf_renderer.render(prepared, ctx, target, made=page) if p.is_error]
    assert "A short text." in pdf_text(target)
