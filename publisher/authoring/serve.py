"""`publisher serve`: a live preview of the editions on 127.0.0.1.

Pages are rendered on request from the files on disk (`preview`); a watcher bumps a version
number when anything in the project changes, and a small script in each page
reloads it when the version changes (`reload`). Problems are shown in the page itself
(`problems`). This module is the HTTP side: who may ask, and what each answer may do.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit

from ..core.model import Project
from .preview import Preview
from .reload import RELOAD_JS, watch

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


def local_host(header: str | None, port: int) -> bool:
    """Whether a request's Host header names this machine's preview (and nothing else)."""
    if not header:
        return False
    host, _, given = header.strip().lower().rpartition(":")
    if not host or not given.isdigit():
        host, given = header.strip().lower(), ""
    return host in LOCAL_HOSTS and given in ("", str(port))


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
        watch(self.project, self._stop, self.preview.bump)

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
