"""The files of the site that are copied or made beside its pages: each edition's downloads,
citation files and media, and the site's own assets (its stylesheet, script and logo)."""

from __future__ import annotations

import re
import shutil

from . import cite
from .model import ASSETS, DOWNLOADS, FACETS, MEDIA_TYPES, Item, Site, series_of, sha256
from ..render import css_string
from ..transform.resources import media_files


def file_entry(site: Site, path: str, fmt: str, label: str) -> dict:
    target = site.root / path
    return {"format": fmt, "label": label, "path": path, "url": site.url(path),
            "media_type": MEDIA_TYPES[fmt], "size": target.stat().st_size,
            "sha256": sha256(target)}


def _relinked(site: Site, item: Item, html: bytes) -> bytes:
    """A standalone HTML edition as the site keeps it: its links to the other languages'
    editions (`slug.ru.html`, next to it in the build) point where the site keeps those,
    in the other language's folder."""
    others = {i.lang for i in site.items if i.slug == item.slug and i.lang != item.lang}
    sibling = re.compile(rb'(href=")' + re.escape(item.slug.encode()) + rb"\.([a-z]{2,3})\.html")

    def relink(match: re.Match) -> bytes:
        lang = match.group(2).decode()
        if lang not in others:
            return match.group(0)
        return match.group(1) + f"../../{lang}/{item.slug}/{item.slug}.{lang}.html".encode()

    return sibling.sub(relink, html)


def copy_downloads(site: Site, item: Item) -> None:
    labels = {"pdf": "PDF", "docx": "Word (DOCX)", "html": "HTML"}
    source_dir = site.project.output / item.slug
    for fmt in DOWNLOADS:
        source = source_dir / item.edition.output_name(fmt)
        if not source.is_file():
            continue
        path = f"{item.folder}/{item.edition.output_name(fmt)}"
        (site.root / path).parent.mkdir(parents=True, exist_ok=True)
        if fmt == "html":
            (site.root / path).write_bytes(_relinked(site, item, source.read_bytes()))
        else:
            shutil.copyfile(source, site.root / path)
        item.files.append(file_entry(site, path, fmt, labels[fmt]))
    from ..assess.publish import published
    from ..charts.text import text as chart_text

    for source in published(site.project.output, item.slug):  # aggregates, never responses
        fmt = "csv" if source.suffix == ".csv" else "schema.json"
        path = f"{item.folder}/{source.name}"
        shutil.copyfile(source, site.root / path)
        label = (chart_text(item.lang)["data_table"] + (" (CSV)" if fmt == "csv"
                                                         else " (Table Schema)"))
        item.files.append(file_entry(site, path, fmt, label))
    publisher = site.brand.name(item.lang)
    page_url = site.url(item.page)
    series = series_of(site, item)
    for fmt, text in (("bib", cite.bibtex(item.edition, publisher, page_url, series)),
                      ("csl.json", cite.csl_json(item.edition, publisher, page_url, series))):
        path = f"{item.folder}/{item.slug}.{item.lang}.{fmt}"
        site.write(path, text)
        label = "BibTeX" if fmt == "bib" else "CSL JSON"
        item.files.append(file_entry(site, path, fmt, label))


def copy_media(site: Site, item: Item) -> None:
    folder = item.edition.case.path.resolve()
    for path in media_files(item.prepared.ast, item.edition):
        target = site.root / item.folder / path.relative_to(folder).as_posix()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def _filter_rules(site: Site) -> str:
    values: dict[str, set[str]] = {name: set() for name in FACETS}
    for item in site.items:
        case = item.edition.case
        values["type"].add(case.type)
        if case.country:
            values["country"].add(case.country)
        values["topic"].update(case.topics)
        values["year"].add(str(case.date.year))
    rules = ["/* Filters without JavaScript: a checked value hides the entries without it. */"]
    for name in FACETS:
        for value in sorted(values[name]):
            v = css_string(value)
            rules.append(f".catalog:has(input[name=\"{name}\"][value={v}]:checked) "
                         f".pub:not([data-{name}~={v}]) {{ display: none; }}")
    return "\n".join(rules) + "\n"


def write_assets(site: Site) -> None:
    css = "\n".join((site.brand.css_variables(), (ASSETS / "site.css").read_text("utf-8"),
                     _filter_rules(site)))
    site.write("assets/site.css", css)
    shutil.copyfile(ASSETS / "site.js", site.root / "assets" / "site.js")
    logo = site.brand.logo_inverse or site.brand.logo
    shutil.copyfile(logo, site.root / "assets" / "logo.svg")
