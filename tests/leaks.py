"""Canary files and a byte-wise search of every output for them.

A canary is a file an edition must never read (`.git/config`, `.env`, a file outside the
project), holding a unique marker. `exposed()` looks for every marker in every byte of a
folder of outputs: plain files, zip members (DOCX parts, the site's bundles) at any depth,
the decompressed streams and embedded files of every PDF and its text, and the payload of
every base64 `data:` URL.
"""

from __future__ import annotations

import base64
import http.server
import io
import re
import subprocess
import threading
import uuid
import zipfile
from pathlib import Path

_DATA_URL = re.compile(rb"base64,([A-Za-z0-9+/=\s]{8,})")


def marker(name: str) -> str:
    return f"CANARY{name.upper()}{uuid.uuid4().hex[:12]}"


def encodings(text: str) -> list[bytes]:
    """The marker as bytes in the forms an output may hold it: UTF-8, UTF-16, and base64
    at each of the three alignments (the stable middle of each encoding)."""
    raw = text.encode("utf-8")
    forms = [raw, text.encode("utf-16-be"), text.encode("utf-16-le")]
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        start = 4 * ((shift + 2) // 3)  # skip the groups that hold the padding bytes
        forms.append(encoded[start:start + 4 * (len(raw) // 3 - 1)])
    return forms


def _pdf_parts(data: bytes) -> list[bytes]:
    import pikepdf

    parts = []
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    try:
                        parts.append(obj.read_bytes())
                    except pikepdf.PdfError:
                        parts.append(obj.read_raw_bytes())
            for name, spec in pdf.attachments.items():
                parts.append(name.encode("utf-8"))
                parts.append(spec.get_file().read_bytes())
    except pikepdf.PdfError:
        pass
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data,
                          capture_output=True).stdout
    return parts + [text]


def blobs(name: str, data: bytes, depth: int = 0):
    """`data` and everything inside it, as (where, bytes) pairs."""
    yield name, data
    if depth > 3:
        return
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    yield from blobs(f"{name}!{info.filename}", archive.read(info), depth + 1)
        except zipfile.BadZipFile:
            pass
    if data[:5] == b"%PDF-":
        for index, part in enumerate(_pdf_parts(data)):
            yield from blobs(f"{name}#stream{index}", part, depth + 1)
    for index, m in enumerate(_DATA_URL.finditer(data)):
        try:
            payload = base64.b64decode(re.sub(rb"\s", b"", m.group(1)) + b"==", validate=False)
        except ValueError:
            continue
        yield from blobs(f"{name}#data{index}", payload, depth + 1)


def exposed(outputs: dict[str, bytes], markers: dict[str, str]) -> list[str]:
    """Every (output, canary) pair where a canary's marker appears."""
    forms = {label: encodings(text) for label, text in markers.items()}
    found = []
    for name, data in outputs.items():
        for where, blob in blobs(name, data):
            for label, patterns in forms.items():
                if any(p and p in blob for p in patterns):
                    found.append(f"{label} in {where}")
    return found


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


class Listener:
    """A local HTTP server that records every request it receives (it should get none)."""

    def __init__(self):
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _record(self):
                outer.requests.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_HEAD = do_OPTIONS = _record

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
