"""Helpers shared by the site tests: the site project, built once, a local server for a built
site, and small parsers."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO, write
from publisher.cli.main import cli

GEORGIA = REPO / "tests" / "projects" / "georgia"

RAW_HTML_CASE = {
    "case.yaml": """
        type: guide
        country: EE
        agency: Test agency
        authors:
          - name: Test Author
        date: 2022-02-02
        topics: [information-security]
        source_language: en
    """,
    "en.md": """
        ---
        title: Raw HTML in an edition
        summary: An edition with raw HTML that must not run on the site.
        ---

        ## Intro {#intro}

        Plain text before.

        <script>window.__pwned = true;</script>

        <p onclick="window.__pwned = true" style="color: red">A paragraph with a handler.</p>

        <iframe srcdoc="&lt;script&gt;parent.__pwned = true&lt;/script&gt;"></iframe>

        Plain text after.
    """,
}


SITE_CASES = ("azerbaijan-smart-government", "alliance-of-practitioners")


def cli_run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def site_project(sample: Path, target: Path) -> Path:
    """The built sample project plus a Georgian case and a case with raw HTML, site built."""
    shutil.copytree(sample, target, symlinks=True)
    # the site tests count on a fixed catalogue: the two first sample publications
    for folder in (target / "cases").iterdir():
        if folder.name not in SITE_CASES:
            shutil.rmtree(folder)
            shutil.rmtree(target / "build" / folder.name, ignore_errors=True)
    # and no alliance records (tests/test_records_site.py has its own project for them)
    for name in ("alliance.yaml", "action-plan.yaml"):
        (target / name).unlink(missing_ok=True)
    shutil.rmtree(target / "events", ignore_errors=True)
    # let hostile raw HTML past validation, to prove the site's own sanitizer stops it
    config = target / "publisher.yaml"
    config.write_text(config.read_text("utf-8").replace("ignore: []",
                                                        "ignore: [PUB218, PUB220]"), "utf-8")
    shutil.copytree(GEORGIA / "cases" / "georgia-gateway",
                    target / "cases" / "georgia-gateway")
    for name, text in RAW_HTML_CASE.items():
        write(target / "cases" / "raw-html" / name, text)
    result = cli_run("build", "--project", str(target), "--json", "georgia-gateway",
                     "raw-html")
    assert result.exit_code == 0, result.output
    (target / "site-build.json").write_text(result.stdout, "utf-8")
    return target


_BUILT: dict[Path, Path] = {}


def shared_site_project(sample: Path, tmp_path_factory) -> Path:
    """One site project per test session, whichever test module asks first."""
    if sample not in _BUILT:
        _BUILT[sample] = site_project(sample, tmp_path_factory.mktemp("site") / "project")
    return _BUILT[sample]



class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 while a fixture yields from this: yields its address
    (`http://127.0.0.1:PORT/`), and stops the server when the fixture is torn down."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def serve_records_site(tmp_path_factory, name: str):
    """The alliance's records project (tests/test_records.py), its site built and served:
    yields the address, as `serve` does."""
    from test_records import records_project
    from test_records_site import build

    root = records_project(tmp_path_factory.mktemp(name) / "project")
    assert build(root).exit_code == 0
    yield from serve(root / "build" / "site")

class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), and the text of each <script>."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._buffer: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script, self._buffer = attrs, []

    def handle_data(self, data):
        if self._script is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buffer)))
            self._script = None

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def meta(self, name: str) -> list[str]:
        return [a.get("content", "") for t, a in self.tags if t == "meta"
                and (a.get("name") == name or a.get("property") == name)]
