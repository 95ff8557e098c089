"""`publisher serve`: a live preview of the editions on 127.0.0.1.

Pages are rendered on request from the files on disk; a watcher bumps a version
number when anything in the project changes, and a small script in each page
reloads it when the version changes. Problems are shown in the page itself.
"""

from __future__ import annotations

import html
import re
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .diagnostics import Diagnostic
from .model import Project
from .report import count

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
.publisher-problems .error { color: #8a1c0c; } .publisher-problems .warning { color: #6b4a00; }"""

_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*')
#: the hosts a browser may name to reach the preview; any other name is a DNS rebinding
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def _digest(script: str) -> str:
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def policy() -> str:
    """The editions' own Content Security Policy, plus the reload script and its polling."""
    from .render import SWITCHER_HASH

    return (f"default-src 'none'; script-src '{_digest(RELOAD_JS)}' '{SWITCHER_HASH}'; "
            "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


def local_host(header: str | None, port: int) -> bool:
    """Whether a request's Host header names this machine's preview (and nothing else)."""
    if not header:
        return False
    host, _, given = header.strip().lower().rpartition(":")
    if not host or not given.isdigit():
        host, given = header.strip().lower(), ""
    return host in LOCAL_HOSTS and given in ("", str(port))


class Preview:
    """Renders pages for the preview server; safe to call from several threads."""

    def __init__(self, project: Project):
        self.project = project
        self.version = 0
        self._lock = threading.Lock()
        self._scratch = tempfile.TemporaryDirectory(prefix="publisher-preview-")

    def bump(self) -> None:
        with self._lock:
            self.version += 1

    def _edition(self, slug: str, lang: str):
        from .load import load_case, load_edition

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
        """The HTML edition with the problems panel and the reload script."""
        from .brand import load_brand
        from .diagnostics import PublisherError
        from .render import Context
        from .render import html as html_renderer
        from .validate import check_edition, filter_ignored

        edition, diagnostics = self._edition(slug, lang)
        if edition is None and not diagnostics:
            return None
        body = None
        if edition is not None and not any(d.is_error for d in diagnostics):
            try:
                brand = load_brand(self.project.brand_path)
                prepared, found = check_edition(self.project, edition, brand)
                diagnostics += found
                if prepared is not None and not any(d.is_error for d in found):
                    target = Path(self._scratch.name) / f"{slug}.{lang}.html"
                    with self._lock:
                        ctx = Context(self.project, brand, Path(self._scratch.name) / ".cache")
                        diagnostics += html_renderer.render(prepared, ctx, target)
                        body = target.read_text("utf-8")
            except PublisherError as exc:
                diagnostics += exc.diagnostics
        diagnostics = filter_ignored(self.project, diagnostics)
        if body is None:
            body = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
                    f"{html.escape(slug)} ({html.escape(lang)})"
                    "</title></head><body><main><h1>The edition cannot be shown</h1>"
                    "<p>Fix the problems above; the page reloads when you save.</p>"
                    "</main></body></html>")
        return self._decorate(body, diagnostics).encode("utf-8")

    def _decorate(self, page: str, diagnostics: list[Diagnostic]) -> str:
        page = _CSP.sub("", page, count=1)
        panel = ""
        if diagnostics:
            items = "".join(
                f'<li class="{d.severity}">{html.escape(d.format(self.project.root))}</li>'
                for d in diagnostics)
            panel = (f'<aside class="publisher-problems" role="alert"><strong>'
                     f"{count(len(diagnostics), 'problem')}</strong><ul>{items}</ul></aside>")
        extra = f"<style>{PANEL_CSS}</style><script>{RELOAD_JS}</script>"
        page = page.replace("</head>", extra + "</head>", 1)
        return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + panel, page, count=1)

    def index(self) -> bytes:
        from .load import load_editions

        editions, diagnostics = load_editions(self.project)
        def address(e, suffix: str) -> str:
            return html.escape(f"/{quote(e.slug)}/{quote(e.lang)}.{suffix}", quote=True)

        rows = "".join(
            f'<li><a href="{address(e, "html")}">{html.escape(e.title)}</a> '
            f"<small>{html.escape(e.slug)} · {html.escape(e.lang)} · "
            f'<a href="{address(e, "pdf")}">PDF</a></small></li>'
            for e in editions)
        page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Preview</title></head>"
                f"<body><main><h1>Editions</h1><ul>{rows}</ul></main></body></html>")
        return self._decorate(page, diagnostics).encode("utf-8")

    def pdf(self, slug: str, lang: str) -> tuple[bytes | None, list[Diagnostic]]:
        from .brand import load_brand
        from .render import Context
        from .render import pdf as pdf_renderer
        from .validate import check_edition

        edition, diagnostics = self._edition(slug, lang)
        if edition is None or any(d.is_error for d in diagnostics):
            return None, diagnostics
        brand = load_brand(self.project.brand_path)
        prepared, found = check_edition(self.project, edition, brand)
        if prepared is None or any(d.is_error for d in found):
            return None, diagnostics + found
        target = Path(self._scratch.name) / f"{slug}.{lang}.pdf"
        with self._lock:
            ctx = Context(self.project, brand, Path(self._scratch.name) / ".cache")
            problems = pdf_renderer.render(prepared, ctx, target)
        if any(d.is_error for d in problems):
            return None, diagnostics + found + problems
        return target.read_bytes(), []

    def close(self) -> None:
        self._scratch.cleanup()


def _handler(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: the terminal shows problems, not requests
            pass

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", policy())
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

        roots = [p for p in (self.project.cases_dir, self.project.root / "templates",
                             self.project.root / "styles", self.project.root / "publisher.yaml")
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
