"""Build the catalog site into <output>/site.

Gather first (editions, their files and metadata), then write everything into a fresh
folder, index it for search, and only then swap it into place: a failed site build
leaves the last good site untouched.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from ..core import cache
from ..build.outputs import Output
from ..core.diagnostics import Diagnostic, PublisherError, error, has_errors, warning
from ..core.model import Project
from ..load.brand import Brand, load_brand
from .alliance import write_alliance
from .bundles import write_bundles, write_checksums
from .catalog import catalog_data, write_feeds, write_sitemap
from .contrast import check_contrast
from .files import copy_downloads, copy_media, write_assets
from .gather import gather, save_last_good
from .model import ASSETS, SITE_FOLDER, Item, Site
from .pages import edition_page, index_page, not_found_page, root_page
from .search import index_search


def write_site(project: Project, brand: Brand, items: list[Item], folder: Path) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    site = Site(project, brand, items, folder)
    write_assets(site)
    for item in items:
        if item.kept:  # its page, media and charts as the last good site had them
            shutil.copytree(project.output / SITE_FOLDER / item.folder, folder / item.folder,
                            dirs_exist_ok=True)
        copy_downloads(site, item)  # the last good files, which build/ keeps
        if not item.kept:
            copy_media(site, item)
    bundles = write_bundles(site)
    diagnostics += write_alliance(site)  # before the pages that link to it
    for lang in site.languages:
        site.write(f"{lang}/index.html", index_page(site, lang, bundles.get(lang)))
    for item in items:
        if item.kept:
            continue
        page, found = edition_page(site, item)
        diagnostics += found
        site.write(item.page, page)
    site.write("index.html", root_page(site))
    site.write("404.html", not_found_page(site))
    write_feeds(site)
    if site.base:
        write_sitemap(site)
    schema = ASSETS / "catalog.schema.json"
    shutil.copyfile(schema, folder / "catalog.schema.json")
    site.write("catalog.json", json.dumps(catalog_data(site, bundles), ensure_ascii=False,
                                          indent=2) + "\n")
    write_checksums(site, bundles)
    diagnostics += index_search(folder)
    return diagnostics


def _remove(path: Path, quiet: bool = False) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    except OSError:
        if not quiet:
            raise


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def make_site(project: Project, drafts: bool = False, held: list | None = None,
              kept: list | None = None) -> tuple[Path, list[Diagnostic]]:
    """Build the whole site from every valid edition; returns its folder and the diagnostics.

    Drafts and editions with placeholders are left out unless `drafts` is true; they are
    appended to `held` when it is given. Editions that fail now but were on the last good
    site stay on it as they were; they are appended to `kept`."""
    target = project.output / SITE_FOLDER
    brand = load_brand(project.brand_path)
    cache.use_for(project)  # the editions' parsed Markdown and HTML bodies, from their build
    diagnostics = check_contrast(brand)
    if not project.site_url:
        diagnostics.append(warning(
            "PUB704", "`site_url` is not set in publisher.yaml: the site has no sitemap.xml, "
            "and its feeds and citation tags use relative addresses",
            project.root / "publisher.yaml", hint="add e.g. `site_url: "
            "https://publications.example.org/` with the address the site is served from"))
    items, kept_back, carried = gather(project, drafts)
    if held is not None:
        held += kept_back
    if kept is not None:
        kept += carried
    scratch = project.output / f".{SITE_FOLDER}.part"
    try:
        _remove(scratch)
        scratch.mkdir(parents=True)
        found = write_site(project, brand, items, scratch)
    except OSError as exc:
        _remove(scratch, quiet=True)
        return target, diagnostics + [error("PUB705", f"the site cannot be written: {exc}",
                                            target, hint="check that the output folder is "
                                            "a writable folder")]
    diagnostics += found
    if has_errors(found):
        _remove(scratch, quiet=True)
        return target, diagnostics
    try:
        _swap(scratch, target)
    except OSError as exc:
        return target, diagnostics + [error("PUB705", f"the site cannot be put in place: {exc}",
                                            target)]
    save_last_good(project, items)
    return target, diagnostics


def build_site(project: Project, result=None, progress=None, drafts: bool = False):
    """Build the site after the editions; record it as one output of `result`."""

    started = time.perf_counter()
    held: list = []
    kept: list = []
    try:
        target, diagnostics = make_site(project, drafts, held, kept)
    except PublisherError as exc:
        target, diagnostics = project.output / SITE_FOLDER, exc.diagnostics or [
            error("PUB705", f"the site cannot be built: {exc}")]
    status = "failed" if has_errors(diagnostics) else "built"
    out = Output("", "", "site", target, status, time.perf_counter() - started, diagnostics)
    out.held = held
    out.kept = kept
    if result is not None:
        result.outputs.append(out)
        result.diagnostics += diagnostics
    if progress:
        progress(out)
    return out
