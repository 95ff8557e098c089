"""`publisher serve`: a live preview of the editions on 127.0.0.1.

Pages are rendered on request from the files on disk; a watcher bumps a version
number when anything in the project changes, and a small script in each page
reloads it when the version changes. Problems are shown in the page itself.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..core.diagnostics import Diagnostic, has_errors
from ..core.model import Project
from ..cli.report import count

RELOAD_JS = """(function () {
  var seen = null;
  function poll() {
    fetch("/__version", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (v) {
        if (seen !== null && v !== seen) { location.reload(); }
        seen = v;
      }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""

PANEL_CSS = """.publisher-problems { font: 14px/1.4 sans-serif; background: #fff4e5;
  border-bottom: 3px solid #c8553d; padding: .75rem 1.25rem; margin: 0; }
.publisher-problems li { margin: .25rem 0; white-space: pre-wrap; }
.publisher-problems .error { color: #8a1c0c; } .publisher-problems .warning { color: #6b4a00; }
.publisher-problems a { color: inherit; text-decoration: none; }
.publisher-problems a:hover { text-decoration: underline; }
.publisher-mark { font: 14px/1.4 sans-serif; margin: .5rem 0; padding: .4rem .75rem;
  border-left: 4px solid #c8553d; background: #fff4e5; color: #8a1c0c; }
.publisher-mark.warning { border-left-color: #b7791f; color: #6b4a00; }
.publisher-mark p { margin: .15rem 0; } .publisher-mark .hint { color: #444; }"""

#: the marks put into the Markdown before the preview renders it, replaced by the problems
_MARK = re.compile(r'<div id="publisher-mark-(\d+)" class="publisher-mark">\s*</div>')
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")

_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*')
#: the hosts a browser may name to reach the preview; any other name is a DNS rebinding
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def _digest(script: str) -> str:
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def policy(own_files: bool = False) -> str:
    """The editions' own Content Security Policy, plus the reload script and its polling.

    `own_files`: the alliance's pages take their stylesheets and images (the logo, the
    charts) from the preview itself, as the site's pages take them from the site."""
    from ..render import SWITCHER_HASH

    own = " 'self'" if own_files else ""
    return (f"default-src 'none'; script-src '{_digest(RELOAD_JS)}' '{SWITCHER_HASH}'; "
            f"style-src 'unsafe-inline'{own}; img-src data:{own}; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


#: what the preview serves of the site's alliance part: its pages and calendars under
#: /<lang>/alliance/, the calendar of every event, and the stylesheets and logo they use
ALLIANCE_PATH = re.compile(r"/(?:[a-z]{2,3}/alliance(?:/[A-Za-z0-9._-]+)*/?|events\.[a-z]{2,3}"
                           r"\.ics|assets/(?:site\.css|alliance\.css|logo\.svg))")
#: the site's addresses of the catalog's pages, which the preview shows as its own
SITE_INDEX = re.compile(r"/([a-z]{2,3})/(?:index\.html)?")
SITE_EDITION = re.compile(r"/([a-z]{2,3})/([a-z0-9-]+)/(?:index\.html)?")
KINDS = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".svg": "image/svg+xml", ".ics": "text/calendar; charset=utf-8",
         ".pdf": "application/pdf", ".json": "application/json", ".csv": "text/csv"}


def local_host(header: str | None, port: int) -> bool:
    """Whether a request's Host header names this machine's preview (and nothing else)."""
    if not header:
        return False
    host, _, given = header.strip().lower().rpartition(":")
    if not host or not given.isdigit():
        host, given = header.strip().lower(), ""
    return host in LOCAL_HOSTS and given in ("", str(port))


def unshowable(diagnostic: Diagnostic) -> bool:
    """An error of the boundary of what an edition may read or run: an edition with one is
    not shown at all. (A missing or remote image is shown as its alternative text.)"""
    from ..core.access import UNIGNORABLE

    if not diagnostic.is_error:
        return False
    image = diagnostic.message.startswith("image ") or " of <img> " in diagnostic.message
    if diagnostic.code in ("PUB201", "PUB202") and image:
        return False
    return diagnostic.code in UNIGNORABLE or diagnostic.code == "PUB220"


def mark_places(body: str, lines: list[int]) -> dict[int, int]:
    """For each body line index in `lines`, the index of the line its block starts on (a
    mark goes there, on a line of its own): the line after the last blank line above it,
    outside fenced code (a line inside a fence belongs to the block of its opening fence)."""
    text = body.split("\n")
    opened: list[int | None] = []
    fence = None
    start = None
    for index, line in enumerate(text):
        m = _FENCE.match(line)
        if fence is None and m:
            fence, start = m.group(1), index
            opened.append(index)
            continue
        opened.append(start if fence is not None else None)
        if fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(
                fence) and not line.strip()[len(m.group(1)):].strip():
            fence = None
    places = {}
    for wanted in lines:
        index = min(max(wanted, 0), max(len(text) - 1, 0))
        if index < len(opened) and opened[index] is not None:
            index = opened[index]
        while index > 0 and text[index - 1].strip() and opened[index - 1] is None:
            index -= 1
        places[wanted] = index
    return places


def _indent_for(text: list[str], index: int) -> str:
    """The indentation that keeps a mark inside the list item its block belongs to."""
    if index >= len(text):
        return ""
    line = text[index]
    indent = line[:len(line) - len(line.lstrip(" "))]
    if len(indent) <= 3:
        return indent
    for above in reversed(text[:index]):
        if above.strip() and len(above) - len(above.lstrip(" ")) < len(indent):
            return indent if _LIST_ITEM.match(above) else ""
    return ""


class Preview:
    """Renders pages for the preview server; safe to call from several threads."""

    def __init__(self, project: Project):
        self.project = project
        self.version = 0
        self._lock = threading.Lock()
        self._scratch = tempfile.TemporaryDirectory(prefix="publisher-preview-")
        #: the index of the last version checked, and that version
        self._index: tuple[int, bytes | None] = (-1, None)
        self._alliance: tuple[int, Path | None, list[Diagnostic]] | None = None

    def bump(self) -> None:
        with self._lock:
            self.version += 1

    def _edition(self, slug: str, lang: str):
        from ..load.project import load_case, load_edition

        folder = self.project.cases_dir / slug
        if not (folder / f"{lang}.md").is_file():
            return None, []
        case, found = load_case(self.project, folder)
        if case is None:
            return None, found
        path = folder / f"{lang}.md"
        if not path.is_file():
            return None, found
        edition, more = load_edition(self.project, case, path)
        return edition, found + more

    def page(self, slug: str, lang: str) -> bytes | None:
        """The HTML edition with its problems listed at the top and marked where they are.

        The problems are those `validate` finds; an edition is refused only when it cannot
        be rendered at all (unreadable, or past the boundary of what it may read or run)."""
        from ..core.diagnostics import PublisherError, error
        from ..validate.edition import Checked, validate

        folder = self.project.cases_dir / slug
        path = folder / f"{lang}.md"
        if not re.fullmatch(r"[a-z0-9-]+", slug) or not path.is_file():
            return None
        try:
            checked = validate(self.project, (slug,), (lang,))
        except PublisherError as exc:
            checked = Checked(diagnostics=list(exc.diagnostics))
        # in the order of the text, so that the list reads like the page
        diagnostics = sorted(checked.diagnostics, key=lambda d: (
            str(d.path or ""), d.line or 0, d.column or 0))
        prepared = checked.parsed.get(path)
        body = None
        if prepared is not None and not any(unshowable(d) for d in diagnostics):
            try:
                body = self._marked(prepared, diagnostics)
            except PublisherError as exc:
                diagnostics += exc.diagnostics
            except Exception as exc:  # noqa: BLE001 - the preview answers, whatever breaks
                diagnostics.append(error("PUB302", f"the preview cannot render the edition: "
                                         f"{type(exc).__name__}: {exc}", path))
        if body is None:
            why = ("It names something an edition may not read or run."
                   if any(unshowable(d) for d in diagnostics) else "It cannot be read.")
            body = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
                    f"{html.escape(slug)} ({html.escape(lang)})"
                    "</title></head><body><main><h1>The edition cannot be shown</h1>"
                    f"<p>{why} Fix the problems above; the page reloads when you save.</p>"
                    "</main></body></html>")
            return self._decorate(body, diagnostics).encode("utf-8")
        return self._decorate(body, diagnostics, marked=True).encode("utf-8")

    def _markable(self, edition, diagnostics: list[Diagnostic]) -> dict[int, int]:
        """Number of each diagnostic of the edition's body -> the body line of its block."""
        body_lines = {n: d.line - edition.body_line for n, d in enumerate(diagnostics)
                      if d.path == edition.path and d.line and d.line >= edition.body_line}
        places = mark_places(edition.body, sorted(set(body_lines.values())))
        return {n: places[line] for n, line in body_lines.items()}

    def _marked(self, prepared, diagnostics: list[Diagnostic]) -> str:
        """The HTML page of a prepared edition, rendered from its text with a mark in front
        of each block that has a problem; each mark is then replaced by its problems."""
        import dataclasses

        from ..load.brand import load_brand
        from ..render import Context
        from ..render import html as html_renderer
        from ..validate.edition import check_edition

        edition = prepared.edition
        numbers = self._markable(edition, diagnostics)
        at: dict[int, list[int]] = {}
        for n, place in numbers.items():
            at.setdefault(place, []).append(n)
        text = edition.body.split("\n")
        marks = {}
        for place in sorted(at, reverse=True):
            indent = _indent_for(text, place)
            mark = len(marks)
            marks[mark] = at[place]
            text[place:place] = [f"{indent}::: {{#publisher-mark-{mark} .publisher-mark}}",
                                 f"{indent}:::", ""]
        brand = load_brand(self.project.brand_path)
        shown = prepared
        if marks:
            with_marks, _ = check_edition(self.project, dataclasses.replace(
                edition, body="\n".join(text)), brand)
            shown = with_marks or prepared
        target = Path(self._scratch.name) / f"{edition.slug}.{edition.lang}.html"
        with self._lock:
            ctx = Context(self.project, brand, Path(self._scratch.name) / ".cache")
            problems = html_renderer.render(shown, ctx, target)
            page = target.read_text("utf-8")
        diagnostics += problems

        def problem(m) -> str:
            items = "".join(
                f'<p><a href="#publisher-problem-{n}"><strong>{diagnostics[n].severity} '
                f"{diagnostics[n].code}</strong></a> (line {diagnostics[n].line}): "
                f"{html.escape(diagnostics[n].message)}"
                + (f' <span class="hint">({html.escape(diagnostics[n].hint)})</span>'
                   if diagnostics[n].hint else "") + "</p>"
                for n in marks.get(int(m.group(1)), ()))
            worst = ("error" if any(diagnostics[n].is_error for n in marks.get(
                int(m.group(1)), ())) else "warning")
            ids = " ".join(str(n) for n in marks.get(int(m.group(1)), ()))
            first = marks.get(int(m.group(1)), [0])[0]
            return (f'<div class="publisher-mark {worst}" id="publisher-at-{first}" '
                    f'role="note" data-problems="{ids}">{items}</div>')

        return _MARK.sub(problem, page)

    def _decorate(self, page: str, diagnostics: list[Diagnostic], marked: bool = False,
                  summary: str = "") -> str:
        page = _CSP.sub("", page, count=1)
        panel = ""
        if diagnostics:
            # each problem marked in the text links to its mark
            places = {int(one): first for first, ids in re.findall(
                r'<div class="publisher-mark [a-z]+" id="publisher-at-(\d+)" role="note" '
                r'data-problems="([0-9 ]*)"', page) for one in ids.split()} if marked else {}
            items = "".join(
                f'<li class="{d.severity}" id="publisher-problem-{n}">'
                + (f'<a href="#publisher-at-{places[n]}">' if n in places else "")
                + html.escape(d.format(self.project.root))
                + ("</a>" if n in places else "") + "</li>"
                for n, d in enumerate(diagnostics))
            errors = sum(d.is_error for d in diagnostics)
            head = summary or (f"{count(errors, 'error')}, "
                               f"{count(len(diagnostics) - errors, 'warning')}")
            panel = (f'<aside class="publisher-problems" id="publisher-problems" role="alert">'
                     f"<strong>{html.escape(head)}</strong><ul>{items}</ul></aside>")
        extra = f"<style>{PANEL_CSS}</style><script>{RELOAD_JS}</script>"
        page = page.replace("</head>", extra + "</head>", 1)
        return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + panel, page, count=1)

    def index(self) -> bytes:
        """The editions, each with the number of its problems, under the problems of the
        whole project: what `publisher validate` reports, counted the same way."""
        from ..core.diagnostics import PublisherError
        from ..validate.edition import Checked, validate

        with self._lock:
            version, cached = self._index
        if cached is not None and version == self.version:
            return cached
        version = self.version
        try:
            checked = validate(self.project)
        except PublisherError as exc:
            checked = Checked(diagnostics=list(exc.diagnostics))
        editions = sorted([p.edition for p in checked.prepared] + checked.failed,
                          key=lambda e: (e.slug, e.lang))

        def address(e, suffix: str) -> str:
            return html.escape(f"/{quote(e.slug)}/{quote(e.lang)}.{suffix}", quote=True)

        def problems(e) -> str:
            mine = [d for d in checked.diagnostics
                    if d.path in (e.path, e.case.path / "case.yaml", e.case.path)]
            if not mine:
                return ""
            errors = sum(d.is_error for d in mine)
            worst = "error" if errors else "warning"
            return (f' · <span class="{worst}">{count(errors, "error")}, '
                    f'{count(len(mine) - errors, "warning")}</span>')

        rows = "".join(
            f'<li><a href="{address(e, "html")}">{html.escape(e.title)}</a> '
            f"<small>{html.escape(e.slug)} · {html.escape(e.lang)} · "
            f'<a href="{address(e, "pdf")}">PDF</a>{problems(e)}</small></li>'
            for e in editions)
        errors = sum(d.is_error for d in checked.diagnostics)
        summary = (f"{count(len(editions), 'edition')} checked: {count(errors, 'error')}, "
                   f"{count(len(checked.diagnostics) - errors, 'warning')}")
        page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Preview</title></head>"
                f"<body><main><h1>Editions</h1><ul>{rows}</ul>"
                f"{self.alliance_links()}</main></body></html>")
        answer = self._decorate(page, checked.diagnostics, summary=summary).encode("utf-8")
        with self._lock:
            self._index = (version, answer)
        return answer

    def pdf(self, slug: str, lang: str) -> tuple[bytes | None, list[Diagnostic]]:
        from ..load.brand import load_brand
        from ..render import Context
        from ..render import pdf as pdf_renderer
        from ..validate.edition import check_edition

        edition, diagnostics = self._edition(slug, lang)
        if edition is None or has_errors(diagnostics):
            return None, diagnostics
        brand = load_brand(self.project.brand_path)
        prepared, found = check_edition(self.project, edition, brand)
        if prepared is None or has_errors(found):
            return None, diagnostics + found
        target = Path(self._scratch.name) / f"{slug}.{lang}.pdf"
        with self._lock:
            ctx = Context(self.project, brand, Path(self._scratch.name) / ".cache")
            problems = pdf_renderer.render(prepared, ctx, target)
        if has_errors(problems):
            return None, diagnostics + found + problems
        return target.read_bytes(), []

    # -- the alliance's pages ---------------------------------------------------------------

    def _alliance_site(self) -> tuple[Path | None, list[Diagnostic]]:
        """The alliance's part of the site, written as `publisher build` writes it (the same
        code) into a folder of the preview, again after every change in the project."""
        from ..load.brand import load_brand
        from ..core.diagnostics import PublisherError
        from ..load.project import load_editions
        from ..records import record_files
        from ..site.alliance import write_alliance
        from ..site.build import Item, Site, _write_assets
        from ..transform.passes import Prepared

        with self._lock:
            version = self.version
            if self._alliance is not None and self._alliance[0] == version:
                return self._alliance[1], self._alliance[2]
            if self._alliance is not None and self._alliance[1] is not None:
                shutil.rmtree(self._alliance[1], ignore_errors=True)
            if not record_files(self.project.root):
                self._alliance = (version, None, [])
                return None, []
            folder = Path(self._scratch.name) / f"alliance-{version}"
            try:
                brand = load_brand(self.project.brand_path)
                editions, _ = load_editions(self.project)
                # the publications are linked by title and address: their text is not needed
                items = [Item(Prepared(e, {"blocks": []}, ())) for e in editions]
                site = Site(self.project, brand, items, folder)
                _write_assets(site)
                found = write_alliance(site)
            except PublisherError as exc:
                found = exc.diagnostics
            if has_errors(found):
                shutil.rmtree(folder, ignore_errors=True)
                self._alliance = (version, None, found)
            else:
                self._alliance = (version, folder, found)
            return self._alliance[1], self._alliance[2]

    def alliance(self, path: str) -> tuple[bytes, str] | None:
        """A file of the alliance's part of the site (`path` as the site names it), with the
        problems panel and the reload script in its pages; None when there is no such file."""
        from ..records import record_files

        if not record_files(self.project.root):
            return None
        folder, diagnostics = self._alliance_site()
        if folder is None:
            if not path.endswith((".html", "/")) and "." in path.rsplit("/", 1)[-1]:
                return None
            page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Alliance</title>"
                    "</head><body><main><h1>The alliance's pages cannot be shown</h1><p>Fix "
                    "the problems above; the page reloads when you save.</p></main></body>"
                    "</html>")
            return self._decorate(page, diagnostics).encode("utf-8"), KINDS[".html"]
        name = path.lstrip("/")
        if name.endswith("/") or not name.rsplit("/", 1)[-1].count("."):
            name = name.rstrip("/") + "/index.html"
        target = (folder / name).resolve()
        if not target.is_relative_to(folder.resolve()) or not target.is_file():
            return None
        kind = KINDS.get(target.suffix, "application/octet-stream")
        if target.suffix != ".html":
            return target.read_bytes(), kind
        page = target.read_text("utf-8")
        return self._decorate(page, diagnostics).encode("utf-8"), kind

    def alliance_links(self) -> str:
        """The preview index's links to the alliance's pages, per language of the project."""
        from ..records import record_files
        from ..site.alliance import pages

        if not record_files(self.project.root):
            return ""
        rows = "".join(
            f"<li>{html.escape(lang)}: " + " · ".join(
                f'<a href="/{html.escape(pages(lang)[name].removesuffix("index.html"))}">'
                f"{label}</a>" for name, label in
                (("alliance", "members"), ("events", "events"), ("plan", "action plan")))
            + "</li>" for lang in self.project.languages)
        return f"<h2>Alliance</h2><ul>{rows}</ul>"

    def site_address(self, path: str) -> str | None:
        """Where the preview shows a catalog page the alliance's pages link to."""
        m = SITE_EDITION.fullmatch(path)
        if m and (self.project.cases_dir / m.group(2) / f"{m.group(1)}.md").is_file():
            return f"/{quote(m.group(2))}/{quote(m.group(1))}.html"
        if SITE_INDEX.fullmatch(path):
            return "/"
        return None

    def close(self) -> None:
        self._scratch.cleanup()


def _handler(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: the terminal shows problems, not requests
            pass

        def _send(self, status: int, body: bytes, kind: str, own_files: bool = False,
                  location: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if location:
                self.send_header("Location", location)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", policy(own_files))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if not local_host(self.headers.get("Host"), self.server.server_address[1]):
                return self._send(421, b"the preview answers only 127.0.0.1 and localhost",
                                  "text/plain; charset=utf-8")
            path = unquote(urlsplit(self.path).path)
            if path == "/__version":
                return self._send(200, str(preview.version).encode(), "text/plain")
            if path in ("/", "/index.html"):
                return self._send(200, preview.index(), "text/html; charset=utf-8")
            m = re.fullmatch(r"/([a-z0-9-]+)/([a-z]{2,3}(?:-[A-Za-z0-9]+)*)\.(html|pdf)", path)
            if m and m.group(3) == "html":
                body = preview.page(m.group(1), m.group(2))
                if body is not None:
                    return self._send(200, body, "text/html; charset=utf-8")
            elif m:
                data, problems = preview.pdf(m.group(1), m.group(2))
                if data is not None:
                    return self._send(200, data, "application/pdf")
                text = "\n".join(d.format(preview.project.root) for d in problems)
                return self._send(422, text.encode("utf-8"), "text/plain; charset=utf-8")
            elif ALLIANCE_PATH.fullmatch(path):
                if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
                    # a folder: its pages' relative links need the slash
                    return self._send(301, b"", "text/plain", location=quote(path) + "/")
                found = preview.alliance(path)
                if found is not None:
                    return self._send(200, *found, own_files=True)
            elif (address := preview.site_address(path)) is not None:
                return self._send(302, b"", "text/plain", location=address)
            self._send(404, b"not found", "text/plain")

    return Handler


class Server:
    """The preview server and its file watcher; `start()` runs both in threads."""

    def __init__(self, project: Project, host: str = "127.0.0.1", port: int = 8000):
        self.project = project
        self.preview = Preview(project)
        self.httpd = ThreadingHTTPServer((host, port), _handler(self.preview))
        self.httpd.daemon_threads = True
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def _watch(self) -> None:
        from watchfiles import watch

        root = self.project.root
        roots = [p for p in (self.project.cases_dir, root / "templates", root / "styles",
                             root / "publisher.yaml", root / "alliance.yaml",
                             root / "action-plan.yaml", root / "events", root / "surveys")
                 if p.exists()]
        for _ in watch(*roots, stop_event=self._stop, debounce=200, step=50,
                       rust_timeout=500, yield_on_timeout=False):
            self.preview.bump()

    def start(self) -> Server:
        for target in (self.httpd.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self.preview.close()
