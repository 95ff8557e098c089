"""Rendering never reads a file outside the project, whatever the Markdown says."""

from __future__ import annotations

import os
from pathlib import Path

import pikepdf
import pytest

from conftest import make_project, pdf_text, run, write
from publisher.brand import load_brand
from publisher.load import load_editions, load_project
from publisher.render import Context
from publisher.render import pdf as pdf_renderer
from publisher.transform import Prepared, headings, parse

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
    """Skip validation on purpose, to prove the renderer's own fetcher refuses."""
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


@pytest.mark.parametrize("body", [ATTACHMENT, RAW_IMAGE], ids=["attachment", "raw-file-url"])
def test_pdf_renderer_refuses_and_writes_nothing(tmp_path, body):
    root = make_project(tmp_path, {"en": body})
    prepared, ctx = _prepared_without_checks(root)
    target = tmp_path / "out.pdf"
    problems = pdf_renderer.render(prepared, ctx, target)
    assert [d.code for d in problems] == ["PUB301"]
    assert "/etc/passwd" in problems[0].message
    assert not target.exists()


def test_fetcher_keeps_passwd_out_of_the_pdf(tmp_path):
    """Even when WeasyPrint is driven directly, our fetcher leaves nothing to embed."""
    from weasyprint import HTML

    from publisher.render.fetcher import ProjectFetcher

    fetcher = ProjectFetcher([tmp_path])
    html = ('<p><a rel="attachment" href="file:///etc/passwd">x</a>'
            '<img src="file:///etc/passwd"></p>')
    target = tmp_path / "direct.pdf"
    HTML(string=html, base_url=tmp_path.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        target, uncompressed_pdf=True)
    assert fetcher.refused == ["file:///etc/passwd"]
    assert _embedded_files(target) == []
    assert b"root:" not in target.read_bytes()


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
