"""`publisher check`: what was built is sound — links resolve, PDFs are tagged with
embedded fonts, DOCX files open."""

from __future__ import annotations

import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core import limits
from ..core.diagnostics import Diagnostic, error, warning


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        line, column = self.getpos()
        for key in ("href", "src"):
            value = attrs.get(key)
            if value and not (tag == "link" and attrs.get("rel") in ("alternate", "canonical")):
                self.links.append((value, line, column + 1))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8", errors="replace"))
    return page


def check_html(root: Path, files: list[Path]) -> list[Diagnostic]:
    """Every local link and anchor of the HTML files resolves."""
    pages: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in pages:
            pages[path] = _parse(path)
        return pages[path]

    found = []
    for path in files:
        for link, line, column in page(path).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # remote, data:, mailto:
            target = path
            if parts.path.startswith("/"):  # from the root the site is served from (404.html)
                site = root / "site"
                served = site if path.resolve().is_relative_to(site.resolve()) else root
                target = (served / unquote(parts.path).lstrip("/")).resolve()
            elif parts.path:
                target = (path.parent / unquote(parts.path)).resolve()
            if parts.path:
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    found.append(error("PUB811", f"link to `{link}`, which does not exist", path,
                                       line, column, "rebuild, or fix the link in the source"))
                    continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in page(target).ids:
                    found.append(error("PUB812", f"link to `{link}`: no element has the id "
                                       f"`{parts.fragment}`", path, line, column,
                                       "fix the anchor or give the target that id"))
    return found


def check_pdf(path: Path) -> list[Diagnostic]:
    found = []
    seconds = limits.current().tool_seconds
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              timeout=seconds)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               timeout=seconds).stdout
    except subprocess.TimeoutExpired:
        return [error("PUB011", f"poppler ran longer than {seconds} s on the PDF", path)]
    if info.returncode != 0:
        return [error("PUB813", "the PDF cannot be opened", path,
                      hint=info.stderr.strip().splitlines()[0] if info.stderr.strip() else "")]
    if not re.search(r"^Tagged:\s+yes", info.stdout, re.M):
        found.append(error("PUB814", "the PDF is not tagged (no structure for screen readers)",
                           path, hint="rebuild it with publisher; tagged PDF is on by default"))
    for row in fonts.splitlines()[2:]:
        cols = row.split()
        if len(cols) >= 5 and cols[-5] != "yes":
            found.append(error("PUB815", f"font `{cols[0]}` is not embedded", path,
                               hint="readers without that font will see another one"))
    return found


def check_docx(path: Path) -> list[Diagnostic]:
    try:
        with zipfile.ZipFile(path) as package:
            if package.testzip() is not None:
                raise zipfile.BadZipFile("a damaged entry")
        import docx

        docx.Document(str(path))
    except Exception as exc:  # any failure to open is the finding
        return [error("PUB816", f"the DOCX cannot be opened: {exc}", path,
                      hint="rebuild it; if it persists, report the edition")]
    return []


def check_outputs(folder: Path) -> tuple[list[Diagnostic], dict[str, int]]:
    """Check every HTML, PDF and DOCX file under `folder` (normally build/)."""
    if not folder.is_dir():
        return [error("PUB810", "nothing to check: the output folder does not exist", folder,
                      hint="run `publisher build` first")], {}
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    html = [p for p in files if p.suffix == ".html" and "pagefind" not in p.parts]
    pdfs = [p for p in files if p.suffix == ".pdf"]
    docxs = [p for p in files if p.suffix == ".docx"]
    found = check_html(folder, html)
    for path in pdfs:
        found += check_pdf(path)
    for path in docxs:
        found += check_docx(path)
    counts = {"html": len(html), "pdf": len(pdfs), "docx": len(docxs)}
    if not any(counts.values()):
        found.append(warning("PUB810", "no HTML, PDF or DOCX file to check", folder))
    return found, counts
