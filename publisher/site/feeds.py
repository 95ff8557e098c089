"""XML for machines: an Atom feed per language, the OPDS 1.2 catalog, the sitemap."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ..core.xmltext import xml_text

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_NS = "http://www.w3.org/XML/1998/namespace"

OPDS_ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPDS_OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access"
OPDS_FACET = "http://opds-spec.org/facet"

THREAD = "http://purl.org/syndication/thread/1.0"

#: the prefixes of each document, given to its root: those it does not use are dropped
FEED_PREFIXES = {None: ATOM, "dc": DC, "opds": OPDS, "thr": THREAD}
SITEMAP_PREFIXES = {None: SITEMAP, "xhtml": XHTML}


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _set(el, key: str, value: str) -> None:
    el.set(key, xml_text(value))


def _sub(parent, ns: str, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, _q(ns, tag))
    for key, value in attrs.items():
        _set(el, key.rstrip("_"), value)
    if text is not None and xml_text(text):  # an empty element is written short: <rights/>
        el.text = xml_text(text)
    return el


def timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _serialize(root: etree._Element) -> bytes:
    etree.cleanup_namespaces(root)  # a feed without OPDS facets declares no opds: or thr:
    etree.indent(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _feed_head(feed_id: str, title: str, updated: str, self_href: str, self_type: str,
               author: str, lang: str | None, alternate: str | None) -> etree._Element:
    root = etree.Element(_q(ATOM, "feed"), nsmap=FEED_PREFIXES)
    if lang:
        _set(root, _q(XML_NS, "lang"), lang)
    _sub(root, ATOM, "id", feed_id)
    _sub(root, ATOM, "title", title)
    _sub(root, ATOM, "updated", updated)
    author_el = _sub(root, ATOM, "author")
    _sub(author_el, ATOM, "name", author)
    _sub(root, ATOM, "link", rel="self", href=self_href, type=self_type)
    if alternate:
        _sub(root, ATOM, "link", rel="alternate", href=alternate, type="text/html")
    return root


def _entry(root, item: dict, kind: str) -> etree._Element:
    """One edition as an Atom entry; `kind` is "atom" or "opds"."""
    entry = _sub(root, ATOM, "entry")
    _sub(entry, ATOM, "id", item["id"])
    title = _sub(entry, ATOM, "title", item["title"])
    _set(title, _q(XML_NS, "lang"), item["lang"])
    _sub(entry, ATOM, "updated", timestamp(item["date"]))
    _sub(entry, ATOM, "published", timestamp(item["date"]))
    for name in item["authors"]:
        _sub(_sub(entry, ATOM, "author"), ATOM, "name", name)
    if item["summary"]:
        _sub(entry, ATOM, "summary", item["summary"], type="text")
    for term, label in item["categories"]:
        _sub(entry, ATOM, "category", term=term, label=label)
    _sub(entry, ATOM, "rights", item["license"])
    _sub(entry, ATOM, "link", rel="alternate", href=item["page"], type="text/html",
         hreflang=item["lang"])
    for f in item["files"]:
        rel = OPDS_OPEN_ACCESS if kind == "opds" else "enclosure"
        _sub(entry, ATOM, "link", rel=rel, href=f["url"], type=f["media_type"],
             length=str(f["size"]), title=f["label"])
    if kind == "opds":
        _sub(entry, DC, "language", item["lang"])
        _sub(entry, DC, "issued", item["date"].isoformat())
        _sub(entry, DC, "publisher", item["publisher"])
        if item["identifier"]:
            _sub(entry, DC, "identifier", item["identifier"])
        if item["original"]:
            _sub(entry, DC, "source", item["original"])
    return entry


def atom_feed(*, feed_id, title, self_href, alternate, author, lang, items) -> bytes:
    updated = max((i["date"] for i in items), default=dt.date(1970, 1, 1))
    root = _feed_head(feed_id, title, timestamp(updated), self_href, "application/atom+xml",
                      author, lang, alternate)
    for item in sorted(items, key=lambda i: (i["date"], i["id"]), reverse=True):
        _entry(root, item, "atom")
    return _serialize(root)


def opds_feed(*, feed_id, title, self_href, start_href, author, lang, items,
              facets: list[tuple[str, str, bool, int]]) -> bytes:
    """An OPDS 1.2 acquisition feed; `facets` are (href, title, active, count) per language."""
    updated = max((i["date"] for i in items), default=dt.date(1970, 1, 1))
    root = _feed_head(feed_id, title, timestamp(updated), self_href, OPDS_ACQUISITION, author,
                      lang, None)
    _sub(root, ATOM, "link", rel="start", href=start_href, type=OPDS_ACQUISITION)
    for href, label, active, count in facets:
        link = _sub(root, ATOM, "link", rel=OPDS_FACET, href=href, type=OPDS_ACQUISITION,
                    title=label)
        _set(link, _q(OPDS, "facetGroup"), "Language")
        _set(link, _q(THREAD, "count"), str(count))
        if active:
            _set(link, _q(OPDS, "activeFacet"), "true")
    for item in sorted(items, key=lambda i: (i["date"], i["id"]), reverse=True):
        _entry(root, item, "opds")
    return _serialize(root)


def sitemap(urls: list[tuple[str, list[tuple[str, str]], dt.date | None]]) -> bytes:
    """`urls` are (address, [(hreflang, address), ...], last modified)."""
    root = etree.Element(_q(SITEMAP, "urlset"), nsmap=SITEMAP_PREFIXES)
    for loc, alternates, lastmod in urls:
        url = _sub(root, SITEMAP, "url")
        _sub(url, SITEMAP, "loc", loc)
        if lastmod:
            _sub(url, SITEMAP, "lastmod", lastmod.isoformat())
        for hreflang, href in alternates:
            _sub(url, XHTML, "link", rel="alternate", hreflang=hreflang, href=href)
    return _serialize(root)
