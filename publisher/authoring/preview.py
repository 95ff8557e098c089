"""The pages of the live preview: each edition with its problems, its PDF, the index of the
editions, and the alliance's part of the site, rendered on request from the files on disk."""

from __future__ import annotations

import html
import re
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

from ..i18n.strings import count
from ..core.diagnostics import Diagnostic, has_errors
from ..core.model import Project
from .problems import decorate, marked_text, show_marks, unshowable

#: the site's addresses of the catalog's pages, which the preview shows as its own
SITE_INDEX = re.compile(r"/([a-z]{2,3})/(?:index\.html)?")
SITE_EDITION = re.compile(r"/([a-z]{2,3})/([a-z0-9-]+)/(?:index\.html)?")
KINDS = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".svg": "image/svg+xml", ".ics": "text/calendar; charset=utf-8",
         ".pdf": "application/pdf", ".json": "application/json", ".csv": "text/csv"}


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
            return decorate(body, diagnostics, self.project.root).encode("utf-8")
        return decorate(body, diagnostics, self.project.root, marked=True).encode("utf-8")

    def _marked(self, prepared, diagnostics: list[Diagnostic]) -> str:
        """The HTML page of a prepared edition, rendered from its text with a mark in front
        of each block that has a problem; each mark is then replaced by its problems."""
        import dataclasses

        from ..load.brand import load_brand
        from ..render import Context
        from ..render import html as html_renderer
        from ..validate.edition import check_edition

        edition = prepared.edition
        text, marks = marked_text(edition, diagnostics)
        brand = load_brand(self.project.brand_path)
        shown = prepared
        if marks:
            with_marks, _ = check_edition(self.project, dataclasses.replace(
                edition, body=text), brand)
            shown = with_marks or prepared
        target = Path(self._scratch.name) / f"{edition.slug}.{edition.lang}.html"
        with self._lock:
            ctx = Context(self.project, brand, Path(self._scratch.name) / ".cache")
            problems = html_renderer.render(shown, ctx, target)
            page = target.read_text("utf-8")
        diagnostics += problems

        return show_marks(page, marks, diagnostics)

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
        answer = decorate(page, checked.diagnostics, self.project.root,
                          summary=summary).encode("utf-8")
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
        from ..site.files import write_assets as _write_assets
        from ..site.model import Item, Site
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
            return (decorate(page, diagnostics, self.project.root).encode("utf-8"),
                    KINDS[".html"])
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
        return decorate(page, diagnostics, self.project.root).encode("utf-8"), kind

    def alliance_links(self) -> str:
        """The preview index's links to the alliance's pages, per language of the project."""
        from ..records import record_files
        from ..site.records_common import pages

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
