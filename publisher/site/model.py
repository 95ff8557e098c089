"""What the site is made from: its editions (`Item`), the `Site` with its addresses, and the
values an edition is filed and listed under."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..core.model import Edition, Project
from ..i18n.strings import Strings
from ..load.brand import Brand
from ..render import RESOURCES, Context, css_string
from ..transform.passes import Prepared

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


def facets_of(site: Site, item: Item, t: Strings) -> dict:
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


def series_of(site: Site, item: Item) -> str:
    return site.brand.series_name(item.edition.case.type, item.lang)
