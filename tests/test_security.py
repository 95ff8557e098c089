"""Rendering never reads a file outside the project, whatever the Markdown says."""

from __future__ import annotations

import os
from pathlib import Path

import pikepdf
import pytest

from conftest import make_project, pdf_text, run, write
from publisher.load.brand import load_brand
from publisher.load.project import load_editions, load_project
from publisher.render import Context
from publisher.render import pdf as pdf_renderer
from publisher.transform.passes import Prepared, headings, parse

ATTACHMENT = """---
title: Attachment
---

## Intro {#intro}

See [the file](/etc/passwd){rel="attachment"}.
"""

RAW_IMAGE = """---
title: Raw image
---

## Intro {#intro}

<img src="file:///etc/passwd" alt="x">
"""


def _prepared_without_checks(root: Path, lang: str = "en") -> tuple[Prepared, Context]:
    """Skip validation on purpose, to prove the renderer refuses on its own."""
    project = load_project(root)
    editions, _ = load_editions(project, langs=(lang,))
    edition = editions[0]
    ast = parse(edition)
    ctx = Context(project, load_brand(project.brand_path), root / "build" / ".cache")
    return Prepared(edition, ast, tuple(headings(ast))), ctx


def _embedded_files(path: Path) -> list:
    with pikepdf.open(path) as pdf:
        names = pdf.Root.get("/Names")
        if names is None or "/EmbeddedFiles" not in names:
            return []
        return list(names.EmbeddedFiles.get("/Names", []))


@pytest.mark.parametrize("body", [ATTACHMENT, RAW_IMAGE], ids=["attachment", "raw-file-url"])
def test_validation_refuses_outside_resources(tmp_path, body):
    root = make_project(tmp_path, {"en": body})
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "error PUB202" in result.stderr
    assert "cases/demo/en.md:" in result.stderr


def test_pdf_renderer_refuses_and_writes_nothing(tmp_path):
    root = make_project(tmp_path, {"en": ATTACHMENT})
    prepared, ctx = _prepared_without_checks(root)
    target = tmp_path / "out.pdf"
    problems = pdf_renderer.render(prepared, ctx, target)
    assert [d.code for d in problems] == ["PUB301"]
    assert "/etc/passwd" in problems[0].message
    assert not target.exists()


def test_raw_html_never_reaches_the_pdf(tmp_path):
    """Raw HTML is not part of the PDF at all: the file it names is never read."""
    root = make_project(tmp_path, {"en": RAW_IMAGE})
    prepared, ctx = _prepared_without_checks(root)
    target = tmp_path / "out.pdf"
    problems = pdf_renderer.render(prepared, ctx, target)
    assert not [d for d in problems if d.is_error]
    assert _embedded_files(target) == []
    assert b"root:" not in target.read_bytes()


@pytest.mark.parametrize("source", [
    '#image("/etc/passwd")', '#read("../../../../etc/passwd")', '#read("/meta.json/../../x")',
    '#import "@preview/cetz:0.3.0": *',
])
def test_the_engine_reads_nothing_outside_its_staging_folder(tmp_path, source):
    """Typst itself, given a source that asks for an outside file or a package, refuses."""
    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHi.\n"})
    prepared, ctx = _prepared_without_checks(root)
    page, problems = pdf_renderer.make_page(prepared, ctx)
    assert page is not None and not problems
    page["source"] += "\n" + source + "\n"
    fonts = pdf_renderer.font_folder(ctx.brand, ctx.scratch)
    with pytest.raises(pdf_renderer.TypstFailed) as refused:
        pdf_renderer.compile_page(page, fonts, ctx.scratch)
    assert refused.value.message and not isinstance(refused.value, pdf_renderer.TypstTimedOut)


@pytest.mark.parametrize("raw,code,where", [
    ('```{=typst}\n#read("/meta.json")\n```\n', "PUB420", "10:1"),
    ('`#import "@preview/cetz:0.3.0"`{=typst}\n', "PUB421", "9:2"),
    ('```{=Typst}\n#set page(fill: red)\n```\n', "PUB420", "10:1"),
])
def test_raw_typst_is_refused_with_its_position(tmp_path, raw, code, where):
    body = "---\ntitle: Raw\n---\n\n## Intro {#intro}\n\nText.\n\n" + raw
    root = make_project(tmp_path, {"en": body})
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert f"cases/demo/en.md:{where}: error {code}" in result.stderr
    prepared, ctx = _prepared_without_checks(root)
    target = tmp_path / "out.pdf"
    problems = pdf_renderer.render(prepared, ctx, target)
    assert [d.code for d in problems] == [code]
    assert not target.exists()


def test_symlink_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "outside"
    write(outside / "secret.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    root = make_project(tmp_path / "project", {"en": """---
title: Link
---

## Intro {#intro}

![A figure](media/secret.svg)
"""})
    (root / "cases" / "demo" / "media").mkdir()
    os.symlink(outside / "secret.svg", root / "cases" / "demo" / "media" / "secret.svg")
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "PUB202" in result.stderr and "outside the case folder" in result.stderr
    prepared, ctx = _prepared_without_checks(root)
    problems = pdf_renderer.render(prepared, ctx, tmp_path / "x.pdf")
    assert [d.code for d in problems] == ["PUB301"]


def test_failed_edition_keeps_the_previous_pdf(tmp_path):
    root = make_project(tmp_path)
    assert run("build", "--to", "pdf", cwd=root).exit_code == 0
    pdf = root / "build" / "demo" / "demo.en.pdf"
    before = pdf.read_bytes()
    write(root / "cases" / "demo" / "en.md", ATTACHMENT)
    result = run("build", "--to", "pdf", cwd=root)
    assert result.exit_code == 1
    assert pdf.read_bytes() == before
    assert "Attachment" not in pdf_text(pdf)
    assert not list(pdf.parent.glob("*.part"))


def test_the_boundary_cannot_be_ignored(tmp_path):
    """`ignore:` silences style checks, never what an edition may read."""
    root = make_project(tmp_path, {"en": """---
title: Ignored
---

## Intro {#intro}

[x](../../.env){rel="noopener attachment"} and ![y](../../.git/config)
"""})
    write(root / ".env", "TOKEN=secret-token-value\n")
    write(root / ".git" / "config", "[core]\n")
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8") + "ignore: [PUB220, PUB230, PUB202]\n", "utf-8")
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "cases/demo/en.md:7:" in result.stderr and "error PUB230" in result.stderr
    assert "PUB220" not in result.stderr  # a style-level code the project chose to ignore
    assert run("build", "--to", "html", cwd=root).exit_code == 1
    assert not (root / "build" / "demo" / "demo.en.html").exists()
