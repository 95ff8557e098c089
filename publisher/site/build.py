"""Build the catalog site into <output>/site.

Gather first (editions, their files and metadata), then write everything into a fresh
folder, index it for search, and only then swap it into place: a failed site build
leaves the last good site untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import re
import shutil
import subprocess
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ..assess import blocks as data_blocks
from ..build import cache
from ..core import limits
from ..load.brand import Brand, load_brand
from ..core.diagnostics import Diagnostic, PublisherError, error, warning, has_errors
from ..i18n.strings import Strings, strings
from ..load.imprint import cite_as
from ..core.model import Edition, Project
from ..build.outputs import Output
from ..render import RESOURCES, Context, css_string, html_body
from ..transform.passes import Prepared
from ..transform.resources import media_files
from . import cite, feeds
from .alliance import write_alliance
from .common import Said, common as _common
from .contrast import check_contrast
from ..load.licence import licence
from .sanitize import sanitize

SITE_FOLDER = "site"
ASSETS = RESOURCES / "site"
DOWNLOADS = ("pdf", "docx", "html")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "bib": "application/x-bibtex",
    "csl.json": "application/vnd.citationstyles.csl+json",
    "zip": "application/zip",
    "csv": "text/csv",
    "schema.json": "application/schema+json",
}
FACETS = ("type", "country", "topic", "year")


@dataclass
class Item:
    """One edition on the site: its prepared AST and the files offered for download."""

    prepared: Prepared
    files: list[dict] = field(default_factory=list)
    #: an edition that fails to build now, shown as the last good site showed it
    kept: bool = False

    @property
    def edition(self) -> Edition:
        return self.prepared.edition

    @property
    def lang(self) -> str:
        return self.edition.lang

    @property
    def slug(self) -> str:
        return self.edition.slug

    @property
    def folder(self) -> str:
        return f"{self.lang}/{self.slug}"

    @property
    def page(self) -> str:
        return f"{self.folder}/index.html"

    @property
    def sections(self) -> list[str]:
        return [h.id for h in self.prepared.toc if h.id]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_size(size: int, t: Strings) -> str:
    from babel.units import format_unit

    from ..i18n.strings import _babel_locale

    locale = _babel_locale(t.lang)
    if size >= 1024 * 1024:
        value, unit = round(size / (1024 * 1024), 1), "digital-megabyte"
    else:
        value, unit = max(1, round(size / 1024)), "digital-kilobyte"
    return t._normalize(format_unit(value, unit, length="short", locale=locale))


def humanize(slug: str) -> str:
    text = slug.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class Site:
    """Everything the pages, feeds and catalog are made from."""

    def __init__(self, project: Project, brand: Brand, items: list[Item], root: Path):
        self.project = project
        self.brand = brand
        self.items = items
        self.root = root
        base = project.site_url.strip()
        self.base = base if not base or base.endswith("/") else base + "/"
        self.by_case: dict[str, dict[str, Item]] = {}
        for item in items:
            self.by_case.setdefault(item.slug, {})[item.lang] = item
        present = {item.lang for item in items}
        self.languages = [lang for lang in project.languages if lang in present] or sorted(present)
        from ..load.topics import load as load_topics

        self.topics, _ = load_topics(project.root, project.languages)
        self.env = Context(project, brand, project.output / ".cache").templates()
        self.env.filters.setdefault("css_string", css_string)
        # what other parts of the site (the alliance's records) add to the feeds and catalog
        self.extra_feed: dict[str, list[dict]] = {}
        self.extra_catalog: dict = {}
        self.extra_sitemap: list = []
        #: other files offered for download (calendars, event materials): in SHA256SUMS
        self.extra_files: list[str] = []
        # the alliance's pages (set when the project has records) and the day they judge by
        self.alliance = None
        self.today: dt.date | None = None

    def topic(self, topic: str, lang: str) -> str:
        """A topic's label for readers of `lang`: the vocabulary's, else the id as written."""
        return self.topics.label(topic, lang) if self.topics else topic

    # -- addresses ---------------------------------------------------------------------------

    def url(self, path: str) -> str:
        """The public address of a site file (absolute when `site_url` is set)."""
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        return self.base + quote(path) if self.base else path

    @staticmethod
    def relative(path: str, depth: int) -> str:
        return "../" * depth + path

    def href(self, path: str, depth: int) -> str:
        """An address usable in a page `depth` folders below the root: absolute when known."""
        return self.url(path) if self.base else self.relative(path, depth)

    def write(self, path: str, data: bytes | str) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return target

    # -- content -----------------------------------------------------------------------------

    def shown(self, slug: str, lang: str) -> Item:
        """The edition to show for a case on the index of `lang`: its own, else the original."""
        editions = self.by_case[slug]
        if lang in editions:
            return editions[lang]
        source = next(iter(editions.values())).edition.case.source_language
        return editions.get(source) or next(iter(editions.values()))

    def original(self, item: Item) -> Item | None:
        source = item.edition.translated_from
        return self.by_case[item.slug].get(source) if source else None

    def editions_of(self, slug: str) -> list[Item]:
        order = {lang: i for i, lang in enumerate(self.languages)}
        return sorted(self.by_case[slug].values(), key=lambda i: order.get(i.lang, 99))

    def cases(self) -> list[str]:
        """Case slugs, newest first."""
        return sorted(self.by_case, key=lambda s: (-self.shown(s, "").edition.case.date.toordinal(),
                                                  s))


@dataclass(frozen=True)
class Kept:
    """An edition that fails to build, kept on the site as its last good build showed it."""

    case: str
    lang: str
    path: Path  # its source, which is to be fixed

    def to_json(self, root: Path) -> dict:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return {"case": self.case, "lang": self.lang, "path": str(shown), "reason": "failed"}


#: the last good state of every edition on the site, by `<slug>.<lang>.pickle`
LAST_GOOD = "last-good"
SNAPSHOT_VERSION = 1


def _snapshots(project: Project) -> Path:
    return project.output / ".cache" / LAST_GOOD


def _last_good(project: Project, present: set[tuple[str, str]]) -> list[Item]:
    """The editions on the last good site that fail now: their source is still there, in a
    language of the project, but they did not pass (`present` holds those that did).

    The snapshot of an edition whose source is gone is deleted: a deleted case or language
    leaves the site."""
    folder = _snapshots(project)
    kept = []
    for path in sorted(folder.glob("*.pickle")) if folder.is_dir() else []:
        slug, _, lang = path.name.removesuffix(".pickle").rpartition(".")
        source = project.cases_dir / slug / f"{lang}.md"
        if not slug or lang not in project.languages or not source.is_file():
            path.unlink(missing_ok=True)
            continue
        if (slug, lang) in present:
            continue
        if not (project.output / SITE_FOLDER / lang / slug / "index.html").is_file():
            continue  # its last good page is gone: nothing to keep
        try:
            data = pickle.loads(path.read_bytes())
            prepared = data["prepared"] if data.get("version") == SNAPSHOT_VERSION else None
        except Exception:  # an older engine's snapshot, or a damaged one: nothing to keep
            prepared = None
        if isinstance(prepared, Prepared) and (prepared.edition.slug,
                                               prepared.edition.lang) == (slug, lang):
            kept.append(Item(prepared, kept=True))
    return kept


def _save_last_good(project: Project, items: list[Item]) -> None:
    """Remember each edition the site now shows, for the day it fails to build; and which
    editions the site kept, for a build that finds the site up to date."""
    from ..core.atomic import write_atomically
    from ..validate.edition import held_back

    folder = _snapshots(project)
    try:
        for item in items:
            if not item.kept and not held_back(item.edition):
                write_atomically(folder / f"{item.slug}.{item.lang}.pickle", pickle.dumps(
                    {"version": SNAPSHOT_VERSION, "prepared": item.prepared},
                    pickle.HIGHEST_PROTOCOL))
        kept = [{"case": i.slug, "lang": i.lang} for i in items if i.kept]
        write_atomically(folder / "kept.json", json.dumps(kept).encode("utf-8"))
    except OSError:  # a full disk costs the memory of the last good site, not the build
        pass


def kept_on_site(project: Project) -> list[Kept]:
    """The editions the last site build kept from an earlier one (see `_last_good`)."""
    try:
        data = json.loads((_snapshots(project) / "kept.json").read_text("utf-8"))
        return [Kept(k["case"], k["lang"], project.cases_dir / k["case"] / f"{k['lang']}.md")
                for k in data]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _gather(project: Project, drafts: bool = False) -> tuple[list[Item], list, list[Kept]]:
    """Every edition of the project that passes validation (its problems are the build's to
    report), the drafts held back from the site (all of them are on it when `drafts` is
    true), and the editions that fail now but were on the last good site: they stay on it
    as they were, and are named."""
    from ..validate.edition import holds, validate

    prepared = validate(project).prepared
    held = [] if drafts else holds(p.edition for p in prepared)
    kept = {(h.case, h.lang) for h in held}
    items = [Item(p) for p in prepared if (p.edition.slug, p.edition.lang) not in kept]
    carried = _last_good(project, {(p.edition.slug, p.edition.lang) for p in prepared})
    return items + carried, held, [Kept(i.slug, i.lang, i.edition.path) for i in carried]


# -- files -------------------------------------------------------------------------------------

def _file_entry(site: Site, path: str, fmt: str, label: str) -> dict:
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


def _copy_downloads(site: Site, item: Item) -> None:
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
        item.files.append(_file_entry(site, path, fmt, labels[fmt]))
    from ..assess.publish import published
    from ..charts.text import text as chart_text

    for source in published(site.project.output, item.slug):  # aggregates, never responses
        fmt = "csv" if source.suffix == ".csv" else "schema.json"
        path = f"{item.folder}/{source.name}"
        shutil.copyfile(source, site.root / path)
        label = (chart_text(item.lang)["data_table"] + (" (CSV)" if fmt == "csv"
                                                         else " (Table Schema)"))
        item.files.append(_file_entry(site, path, fmt, label))
    publisher = site.brand.name(item.lang)
    page_url = site.url(item.page)
    series = _series(site, item)
    for fmt, text in (("bib", cite.bibtex(item.edition, publisher, page_url, series)),
                      ("csl.json", cite.csl_json(item.edition, publisher, page_url, series))):
        path = f"{item.folder}/{item.slug}.{item.lang}.{fmt}"
        site.write(path, text)
        label = "BibTeX" if fmt == "bib" else "CSL JSON"
        item.files.append(_file_entry(site, path, fmt, label))


def _copy_media(site: Site, item: Item) -> None:
    folder = item.edition.case.path.resolve()
    for path in media_files(item.prepared.ast, item.edition):
        target = site.root / item.folder / path.relative_to(folder).as_posix()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def _raw_html_warnings(item: Item, removed: list[str]) -> list[Diagnostic]:
    found = []
    lines = item.edition.body.split("\n")
    for what in removed:
        needle = what.rstrip("=>").lstrip("<").split('"')[0]
        line, column = item.edition.body_line, 1
        for offset, text in enumerate(lines):
            at = text.lower().find(needle.lower())
            if at >= 0:
                line, column = item.edition.body_line + offset, at + 1
                break
        found.append(warning("PUB702", f"raw HTML `{what}` removed from the site page",
                             item.edition.path, line, column,
                             "the site runs no script and no inline style from an edition; "
                             "use Markdown, or a class styled by the brand's CSS"))
    return found


# -- pages -------------------------------------------------------------------------------------

def _facets(site: Site, item: Item, t: Strings) -> dict:
    case = item.edition.case
    return {
        "type": [(case.type, t.get(f"type_{case.type}") if f"type_{case.type}" in _keys()
                  else humanize(case.type))],
        "country": [(case.country, t.country(case.country))] if case.country else [],
        "topic": [(topic, site.topic(topic, t.lang)) for topic in case.topics],
        "year": [(str(case.date.year), str(case.date.year))],
    }


def _keys() -> set[str]:
    from ..i18n.strings import _catalog

    return set(_catalog("en"))


def _downloads(item: Item, t: Strings) -> list[dict]:
    return [{**f, "size_text": file_size(f["size"], t)} for f in item.files]


def _index_page(site: Site, lang: str, bundle: dict | None) -> str:
    t = strings(lang)
    entries, facet_values = [], {name: {} for name in FACETS}
    for slug in site.cases():
        item = site.shown(slug, lang)
        facets = _facets(site, item, t)
        for name, values in facets.items():
            for value, label in values:
                facet_values[name][value] = label
        entries.append({
            "item": item,
            "edition": item.edition,
            "href": item.page,
            "facets": {name: " ".join(v for v, _ in values) for name, values in facets.items()},
            "type_label": facets["type"][0][1],
            "country": t.country(item.edition.case.country),
            "date": t.date(item.edition.case.date),
            "date_iso": item.edition.case.date.isoformat(),
            "fallback": item.lang != lang,
            "downloads": _downloads(item, t),
            "editions": [(e.lang, strings(e.lang).autonym(), e.page) for e in
                         site.editions_of(slug)],
        })
    ordered = {
        "type": sorted(facet_values["type"].items(), key=lambda kv: kv[1]),
        "country": sorted(facet_values["country"].items(), key=lambda kv: kv[1]),
        "topic": sorted(facet_values["topic"].items(), key=lambda kv: kv[1]),
        "year": sorted(facet_values["year"].items(), reverse=True),
    }
    alternates = [(other, site.href(f"{other}/index.html", 1)) for other in site.languages]
    return site.env.get_template("site/index.html.j2").render(
        **_common(site, lang, 1), entries=entries, facets=ordered,
        facet_labels={"type": t["filter_type"], "country": t["country"],
                      "topic": t["filter_topic"], "year": t["filter_year"]},
        alternates=alternates, canonical=site.url(f"{lang}/index.html"), bundle=bundle,
        bundle_size=file_size(bundle["size"], t) if bundle else "",
        languages=[(code, strings(code).autonym()) for code in site.languages],
        has_url=bool(site.base),
    )


def _edition_page(site: Site, item: Item) -> tuple[str, list[Diagnostic]]:
    from .. import render

    edition, case = item.edition, item.edition.case
    t = strings(item.lang)
    ast = item.prepared.ast_copy()
    data_blocks.for_format(ast, "html")
    # the site's policy allows images from the site only: each chart becomes a file
    data_blocks.chart_files(ast, lambda name, data: site.write(f"{item.folder}/{name}", data))
    body, removed = sanitize(str(html_body(ast)))
    publisher = site.brand.name(item.lang)
    page_url = site.url(item.page)
    pdf = next((f for f in item.files if f["format"] == "pdf"), None)
    original = site.original(item)
    translations = [(e.lang, site.url(e.page)) for e in site.editions_of(item.slug)
                    if e.edition.translated_from == item.lang]
    downloads = [f for f in item.files if f["format"] in DOWNLOADS]
    ld = cite.json_ld(edition, publisher, page_url, downloads,
                      site.url(original.page) if original else "", translations)
    others = site.editions_of(item.slug)
    values = render.edition_context(item.prepared, Context(site.project, site.brand, site.root), t)
    values.update(_common(site, item.lang, 2))
    values.update(
        body=Markup(body),
        item=item,
        type_label=_facets(site, item, t)["type"][0][1],
        downloads=_downloads(item, t),
        citations=[f for f in _downloads(item, t) if f["format"] not in DOWNLOADS],
        citation_text=cite_as(edition, publisher, _series(site, item), page_url),
        highwire=cite.highwire(edition, publisher, pdf["url"] if pdf else ""),
        json_ld=cite.script_json(ld),
        og_locale=cite.og_locale(item.lang),
        og_alternates=[cite.og_locale(e.lang) for e in others if e.lang != item.lang],
        canonical=page_url,
        has_url=bool(site.base),
        switcher=[(e.lang, strings(e.lang).autonym(), e.page, " ".join(e.sections),
                   e.lang == item.lang) for e in others],
        alternates=[(e.lang, site.href(e.page, 2)) for e in others],
        original=original,
        original_name=t.language(original.lang) if original else "",
        country_name=t.country(case.country),
        index_href=f"{item.lang}/index.html",
        licence=licence(case.license, item.lang),
    )
    html = site.env.get_template("site/edition.html.j2").render(**values)
    return html, _raw_html_warnings(item, removed)


def _series(site: Site, item: Item) -> str:
    return site.brand.series_name(item.edition.case.type, item.lang)


#: how many publications the landing page shows, newest first
LATEST = 4


def _root_page(site: Site) -> str:
    """The hub's landing page: the latest publications, the alliance, its events, and every
    language's catalog."""
    lang = site.languages[0] if site.languages else "en"
    t = strings(lang)
    latest = []
    for slug in site.cases()[:LATEST]:
        item = site.shown(slug, lang)
        case = item.edition.case
        latest.append({
            "title": item.edition.title, "summary": item.edition.summary, "lang": item.lang,
            "href": item.page, "type_label": _facets(site, item, t)["type"][0][1],
            "country": t.country(case.country) if case.country else "",
            "date": t.date(case.date), "date_iso": case.date.isoformat()})
    records = (site.alliance.landing(lang, site.today) if site.alliance and site.today
               else {"alliance": None, "events": None, "alliance_css": ""})
    return site.env.get_template("site/landing.html.j2").render(
        **_common(site, lang, 0), **records,
        lead=Said(site.project.name) if site.project.name and site.project.name
        != site.brand.name(lang) else None, latest=latest,
        languages=[(code, strings(code).autonym(), strings(code)["choose_language"],
                    site.brand.name(code), sum(1 for i in site.items if i.lang == code))
                   for code in site.languages],
        alternates=[(code, site.href(f"{code}/index.html", 0)) for code in site.languages],
        canonical=site.url("index.html"), has_url=bool(site.base))


def _not_found_page(site: Site) -> str:
    lang = site.languages[0] if site.languages else "en"
    # served for any missing address, so links start from the site's own path
    base_path = urlsplit(site.base).path if site.base else "/"
    common = _common(site, lang, 0)
    common["root"] = base_path
    common["home"] = base_path + f"{lang}/index.html"
    return site.env.get_template("site/404.html.j2").render(
        **common,
        messages=[(code, strings(code)["not_found_title"], strings(code)["not_found_text"],
                   base_path + f"{code}/index.html", strings(code).autonym())
                  for code in site.languages])


# -- assets ------------------------------------------------------------------------------------

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


def _write_assets(site: Site) -> None:
    css = "\n".join((site.brand.css_variables(), (ASSETS / "site.css").read_text("utf-8"),
                     _filter_rules(site)))
    site.write("assets/site.css", css)
    shutil.copyfile(ASSETS / "site.js", site.root / "assets" / "site.js")
    logo = site.brand.logo_inverse or site.brand.logo
    shutil.copyfile(logo, site.root / "assets" / "logo.svg")


# -- machine-readable --------------------------------------------------------------------------

def _feed_item(site: Site, item: Item) -> dict:
    edition, case = item.edition, item.edition.case
    t = strings(item.lang)
    original = site.original(item)
    return {
        "id": site.url(item.page) if site.base else f"urn:publisher:{item.slug}:{item.lang}",
        "title": cite.full_title(edition),
        "lang": item.lang,
        "date": case.date,
        "authors": [a.name for a in case.authors] or [site.brand.name(item.lang)],
        "summary": edition.summary,
        "categories": [(case.type, _facets(site, item, t)["type"][0][1])]
        + [(topic, site.topic(topic, item.lang)) for topic in case.topics],
        "license": case.license,
        "page": site.url(item.page),
        "files": [f for f in item.files],
        "publisher": site.brand.name(item.lang),
        "identifier": (f"urn:doi:{case.doi}" if case.doi else
                       f"urn:isbn:{case.isbn}" if case.isbn else ""),
        "original": site.url(original.page) if original else "",
    }


def _write_feeds(site: Site) -> None:
    author = site.brand.name("en")
    all_items = [_feed_item(site, i) for i in site.items]

    def id_of(path: str) -> str:
        return site.url(path) if site.base else f"urn:publisher:{path}"

    for lang in site.languages:
        t = strings(lang)
        items = [i for i in all_items if i["lang"] == lang] + site.extra_feed.get(lang, [])
        site.write(f"{lang}/feed.xml", feeds.atom_feed(
            feed_id=id_of(f"{lang}/feed.xml"),
            title=f"{site.brand.name(lang)}: {t['publications']}",
            self_href=site.url(f"{lang}/feed.xml"), alternate=site.url(f"{lang}/index.html"),
            author=site.brand.name(lang), lang=lang, items=items))

    def facets(active: str | None, depth: int):
        return [(site.relative(f"{code}/opds.xml", depth) if not site.base
                 else site.url(f"{code}/opds.xml"), strings(code).autonym(), code == active,
                 sum(1 for i in all_items if i["lang"] == code)) for code in site.languages]

    start = site.url("opds.xml")
    site.write("opds.xml", feeds.opds_feed(
        feed_id=id_of("opds.xml"), title=site.project.name or author, self_href=start,
        start_href=start, author=author, lang=None, items=all_items, facets=facets(None, 0)))
    for lang in site.languages:
        items = [i for i in all_items if i["lang"] == lang]
        site.write(f"{lang}/opds.xml", feeds.opds_feed(
            feed_id=id_of(f"{lang}/opds.xml"),
            title=f"{site.brand.name(lang)}: {strings(lang)['publications']}",
            self_href=site.url(f"{lang}/opds.xml"),
            start_href=site.url("opds.xml") if site.base else "../opds.xml",
            author=site.brand.name(lang), lang=lang, items=items, facets=facets(lang, 1)))


def _write_sitemap(site: Site) -> None:
    urls = [(site.url("index.html"),
             [(code, site.url(f"{code}/index.html")) for code in site.languages]
             + [("x-default", site.url("index.html"))], None)]
    for lang in site.languages:
        urls.append((site.url(f"{lang}/index.html"),
                     [(code, site.url(f"{code}/index.html")) for code in site.languages]
                     + [("x-default", site.url("index.html"))], None))
    for slug in site.cases():
        editions = site.editions_of(slug)
        alternates = [(e.lang, site.url(e.page)) for e in editions]
        original = site.shown(slug, "")
        alternates.append(("x-default", site.url(original.page)))
        for item in editions:
            urls.append((site.url(item.page), alternates, item.edition.case.date))
    site.write("sitemap.xml", feeds.sitemap(urls + site.extra_sitemap))
    site.write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.url('sitemap.xml')}\n")


def _write_bundles(site: Site) -> dict[str, dict]:
    """One zip per language with every file of its editions, reproducible byte for byte."""
    bundles = {}
    name = "".join(c if c.isalnum() else "-" for c in (site.project.name or "publications")
                   .lower()).strip("-")
    for lang in site.languages:
        path = f"downloads/{name}-{lang}.zip"
        target = site.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in sorted((i for i in site.items if i.lang == lang), key=lambda i: i.slug):
                day = item.edition.case.date
                for f in item.files:
                    info = zipfile.ZipInfo(f"{item.slug}/{PurePosixPath(f['path']).name}",
                                           (max(day.year, 1980), day.month, day.day, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, (site.root / f["path"]).read_bytes())
        bundles[lang] = _file_entry(site, path, "zip", f"ZIP ({lang})")
    return bundles


def _catalog(site: Site, bundles: dict[str, dict]) -> dict:
    def file_json(f):
        return {k: f[k] for k in ("format", "path", "url", "media_type", "size", "sha256")}

    publications = []
    for slug in site.cases():
        editions = site.editions_of(slug)
        case = editions[0].edition.case
        publications.append({
            "slug": slug,
            "type": case.type,
            "country": case.country,
            "agency": case.agency,
            "authors": [{"name": a.name, **({"affiliation": a.affiliation}
                                            if a.affiliation else {})} for a in case.authors],
            "date": case.date.isoformat(),
            "topics": list(case.topics),
            "license": case.license,
            "source_language": case.source_language,
            "doi": case.doi or None,
            "isbn": case.isbn or None,
            "editions": [{
                "lang": item.lang,
                "title": item.edition.title,
                "subtitle": item.edition.subtitle or None,
                "summary": item.edition.summary or None,
                "keywords": list(item.edition.keywords),
                "translated_from": item.edition.translated_from or None,
                "translators": list(item.edition.translators),
                "page": item.page,
                "url": site.url(item.page),
                "sections": item.sections,
                "files": [file_json(f) for f in item.files],
            } for item in editions],
        })
    return {
        "$schema": "catalog.schema.json",
        "version": 1,
        "name": site.project.name,
        "publisher": site.brand.names,
        "site_url": site.base or None,
        "updated": max((i.edition.case.date for i in site.items),
                       default=dt.date(1970, 1, 1)).isoformat(),
        "languages": site.languages,
        "publications": publications,
        "bundles": [{"lang": lang, **file_json(f)} for lang, f in bundles.items()],
        **site.extra_catalog,
    }


def _write_checksums(site: Site, bundles: dict[str, dict]) -> None:
    entries = {f["path"]: f["sha256"] for item in site.items for f in item.files}
    entries.update({f["path"]: f["sha256"] for f in bundles.values()})
    entries.update({path: sha256(site.root / path) for path in site.extra_files})
    entries["catalog.json"] = sha256(site.root / "catalog.json")
    site.write("SHA256SUMS", "".join(f"{digest}  {path}\n"
                                     for path, digest in sorted(entries.items())))


# -- search ------------------------------------------------------------------------------------

def pagefind_binary() -> Path | None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except (FileNotFoundError, OSError):
        return None


def _index_search(folder: Path) -> list[Diagnostic]:
    binary = pagefind_binary()
    if binary is None:
        return [error("PUB703", "the search index cannot be built: the pagefind binary is "
                      "missing", hint="install the project again (`make setup`): it comes "
                      "with the pagefind-bin package")]
    try:
        done = subprocess.run([str(binary), "--site", str(folder), "--keep-index-url",
                               "--silent"], capture_output=True, text=True,
                              timeout=limits.current().tool_seconds)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [error("PUB703", f"the search index cannot be built: {exc}")]
    if done.returncode != 0 or not (folder / "pagefind" / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        return [error("PUB703", "the search index cannot be built: "
                      + (detail[-1] if detail else f"pagefind exited with {done.returncode}"))]
    # pagefind lists the languages of its entry file in an order that changes from run to
    # run; in a fixed order, two builds of the same project give the same bytes
    entry = folder / "pagefind" / "pagefind-entry.json"
    try:
        data = json.loads(entry.read_text("utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), "utf-8")
    except (OSError, ValueError) as exc:
        return [error("PUB703", f"the search index cannot be read back: {exc}")]
    return []


# -- the whole site ----------------------------------------------------------------------------

def write_site(project: Project, brand: Brand, items: list[Item], folder: Path) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    site = Site(project, brand, items, folder)
    _write_assets(site)
    for item in items:
        if item.kept:  # its page, media and charts as the last good site had them
            shutil.copytree(project.output / SITE_FOLDER / item.folder, folder / item.folder,
                            dirs_exist_ok=True)
        _copy_downloads(site, item)  # the last good files, which build/ keeps
        if not item.kept:
            _copy_media(site, item)
    bundles = _write_bundles(site)
    diagnostics += write_alliance(site)  # before the pages that link to it
    for lang in site.languages:
        site.write(f"{lang}/index.html", _index_page(site, lang, bundles.get(lang)))
    for item in items:
        if item.kept:
            continue
        page, found = _edition_page(site, item)
        diagnostics += found
        site.write(item.page, page)
    site.write("index.html", _root_page(site))
    site.write("404.html", _not_found_page(site))
    _write_feeds(site)
    if site.base:
        _write_sitemap(site)
    schema = ASSETS / "catalog.schema.json"
    shutil.copyfile(schema, folder / "catalog.schema.json")
    site.write("catalog.json", json.dumps(_catalog(site, bundles), ensure_ascii=False,
                                          indent=2) + "\n")
    _write_checksums(site, bundles)
    diagnostics += _index_search(folder)
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
    items, kept_back, carried = _gather(project, drafts)
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
    _save_last_good(project, items)
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
