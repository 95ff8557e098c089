"""Shared fixtures: copies of the sample project, tiny projects written on the fly, headless
Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli.main import cli

REPO = Path(__file__).resolve().parent.parent


#: fixtures that build a whole project before their tests run: the sample (every edition in
#: every format), and the module-wide builds named `built`, `scripts` and `stress`
SLOW_FIXTURES = {"sample", "built", "scripts", "stress"}


def pytest_collection_modifyitems(items):
    """A test that uses a slow fixture, directly or through another one, is marked `slow`;
    `make check-fast` leaves it out, `make test` runs it."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def copy_project(target: Path) -> Path:
    """A copy of the repository's project files (config, brand, cases), without build/."""
    for name in ("publisher.yaml", "alliance.yaml", "action-plan.yaml", "topics.yaml"):
        shutil.copy2(REPO / name, target / name)
    for folder in ("styles", "templates", "cases", "events", "surveys"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, target / folder)
    return target


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


CASE_YAML = """
type: case-study
country: AZ
agency: Test agency
authors:
  - name: Test Author
date: 2024-03-15
topics: [testing]
license: CC-BY-4.0
source_language: en
"""


def make_project(root: Path, editions: dict[str, str] | None = None,
                 case_yaml: str = CASE_YAML, slug: str = "demo") -> Path:
    """A tiny project using the repository's brand, with one case and the given editions."""
    write(root / "publisher.yaml", """
        name: Test publications
        languages: [en, ru, hy, ka]
        formats: [pdf, docx, html]
        types:
          case-study: {sections: []}
          guide: {}
          report: {}
    """)
    shutil.copytree(REPO / "styles", root / "styles")
    write(root / "cases" / slug / "case.yaml", case_yaml)
    editions = editions or {"en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHello.\n"}
    for lang, text in editions.items():
        write(root / "cases" / slug / f"{lang}.md", text)
    return root


def run(*args, cwd: Path | None = None):
    """Invoke the CLI in-process; returns click's Result."""
    runner = CliRunner()
    extra = ["--project", str(cwd)] if cwd and args and args[0] in ("validate", "build") else []
    return runner.invoke(cli, [args[0], *extra, *args[1:]], catch_exceptions=False)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                             "\u00ab": '"', "\u00bb": '"', "\u201e": '"', "\u2013": "-",
                             "\u2014": "-", "\u00a0": " ", "\u00ad": ""})


def norm(text: str) -> str:
    """Fold typographic quotes, dashes and spaces, so source and output compare as text."""
    text = text.replace("\u2026", "...").replace("---", "-").replace("--", "-")
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip()


def headings_of(markdown: Path) -> list[str]:
    """The text of every ## and ### heading of an edition, without its {#id}."""
    found = []
    for line in markdown.read_text("utf-8").splitlines():
        m = re.match(r"^#{2,3}\s+(.*?)\s*(\{[^}]*\})?\s*$", line)
        if m:
            found.append(m.group(1))
    return found


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    """The sample project, built once for the whole session (all editions, all formats)."""
    root = copy_project(tmp_path_factory.mktemp("sample"))
    result = run("build", "--json", cwd=root)
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    (root / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return root


@pytest.fixture(scope="session")
def manifest(sample) -> dict:
    return json.loads((sample / "manifest.json").read_text("utf-8"))


def sample_editions() -> list[tuple[str, str]]:
    return sorted((p.parent.name, p.stem) for p in (REPO / "cases").glob("*/*.md"))


# -- headless Chromium (Debian's), driven by Playwright --------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def unavailable(what: str):
    """Skip on a developer's machine without the tool; fail under `make test` (which installs
    every tool, and is what CI runs) and wherever CI is set."""
    message = f"{what} is not installed (run `make test`, which installs it)"
    if os.environ.get("CI") or os.environ.get("PUBLISHER_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    """Chromium, started once per test module."""
    if not CHROMIUM.is_file():
        unavailable("Chromium (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken browser install
        playwright.stop()
        unavailable(f"a working Chromium ({exc})")
    yield chromium
    chromium.close()
    playwright.stop()


class Watch:
    """Console errors, page errors and every request a page makes."""

    def __init__(self, page, base: str):
        self.base = base
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def check(self):
        assert self.errors == []
        foreign = [u for u in self.requests if not u.startswith(self.base)]
        assert foreign == []


@pytest.fixture
def page(browser, server):
    """A fresh tab on the module's `server` (the address of a site it serves), watched."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.watch = Watch(page, server)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is (id, impact, the first three nodes)."""
    if not AXE.is_file():
        unavailable("axe-core (.cache/npm)")
    # evaluated through the DevTools protocol: the page's CSP does not apply to the tester
    page.evaluate(AXE.read_text("utf-8"))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
