"""`publisher serve` in headless Chromium: an edition with problems is shown, each problem
marked where it is and listed at the top; only what cannot be rendered is refused."""

from __future__ import annotations

import pytest

from conftest import make_project, run, write
from publisher.load.project import load_project

BROKEN = """---
title: Demo
---

## Intro {#intro}

The portal [eGov](htps//egov.kz) serves citizens in every region.

![Timeline of the reform](media/timline.svg)

#### Results {#results}

Waiting times fell by half.

See [the lessons](#lessons).
"""
HOSTILE = "---\ntitle: Hostile\n---\n\n## A {#a}\n\nText.\n\n<script>window.__pwned = 1</script>\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from publisher.authoring.serve import Server

    root = make_project(tmp_path_factory.mktemp("preview"), {"en": BROKEN})
    write(root / "cases" / "demo" / "media" / "timeline.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n')
    write(root / "cases" / "hostile" / "case.yaml",
          (root / "cases" / "demo" / "case.yaml").read_text("utf-8"))
    write(root / "cases" / "hostile" / "en.md", HOSTILE)
    server = Server(load_project(root), port=0).start()
    yield root, server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.errors = errors
    yield tab
    context.close()


@pytest.mark.browser
def test_an_edition_with_errors_is_shown_with_each_problem_marked(served, page):
    root, server = served
    page.goto(server.url + "demo/en.html", wait_until="load")
    # the edition itself is there, not a page saying it cannot be shown
    text = page.inner_text("main")
    assert "serves citizens in every region" in text and "Waiting times fell by half" in text
    assert "cannot be shown" not in page.content()
    assert page.inner_text("main h1") == "Demo"
    # the missing image stands as its alternative text
    assert "Timeline of the reform" in page.inner_text(".image-not-included")
    # one mark per problem, in front of the block it is in, in document order
    marks = page.eval_on_selector_all(".publisher-mark", """marks => marks.map(m => ({
        text: m.innerText, kind: m.className,
        next: m.nextElementSibling ? m.nextElementSibling.innerText : ""}))""")
    assert [m["text"].split()[1] for m in marks] == ["PUB141", "PUB201", "PUB211", "PUB215"]
    assert all("error" in m["kind"] for m in marks)
    assert "did you mean `https://egov.kz`?" in marks[0]["text"]
    assert marks[0]["next"].startswith("The portal eGov serves")
    assert "did you mean `media/timeline.svg`?" in marks[1]["text"]
    assert marks[1]["next"].startswith("[Timeline of the reform]")
    assert marks[2]["next"].startswith("Results")  # the section of the skipped level
    assert marks[3]["next"].startswith("See the lessons")
    # the list at the top names them all, and each entry leads to its mark
    panel = page.inner_text(".publisher-problems")
    assert panel.startswith("4 errors, 0 warnings")
    assert "cases/demo/en.md:11:1: error PUB211" in panel
    page.click(".publisher-problems li:has-text('PUB211') a")
    target = page.evaluate("location.hash")
    assert page.inner_text(target).startswith("error PUB211")
    assert page.errors == []


@pytest.mark.browser
def test_the_preview_index_counts_what_validate_counts(served, page):
    root, server = served
    page.goto(server.url, wait_until="load")
    summary = run("validate", cwd=root).stderr.strip().splitlines()[-1]
    assert page.inner_text(".publisher-problems strong") == summary
    assert summary.startswith("2 editions checked: 5 errors")
    row = page.inner_text("li:has(a[href='/demo/en.html'])")
    assert "4 errors, 0 warnings" in row


@pytest.mark.browser
def test_what_may_not_run_is_still_refused(served, page):
    root, server = served
    page.goto(server.url + "hostile/en.html", wait_until="load")
    assert page.inner_text("main h1") == "The edition cannot be shown"
    assert "may not read or run" in page.inner_text("main")
    assert "error PUB220" in page.inner_text(".publisher-problems")
    assert not page.evaluate("Boolean(window.__pwned)")
    assert "window.__pwned = 1</script>" not in page.content()
