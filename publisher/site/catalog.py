"""The site's listings for machines: an Atom and an OPDS feed per language, the OPDS root,
the sitemap with robots.txt, and catalog.json."""

from __future__ import annotations

import datetime as dt

from ..i18n.strings import strings
from . import cite, feeds
from .model import Item, Site, facets_of


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
        "categories": [(case.type, facets_of(site, item, t)["type"][0][1])]
        + [(topic, site.topic(topic, item.lang)) for topic in case.topics],
        "license": case.license,
        "page": site.url(item.page),
        "files": [f for f in item.files],
        "publisher": site.brand.name(item.lang),
        "identifier": (f"urn:doi:{case.doi}" if case.doi else
                       f"urn:isbn:{case.isbn}" if case.isbn else ""),
        "original": site.url(original.page) if original else "",
    }


def write_feeds(site: Site) -> None:
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


def write_sitemap(site: Site) -> None:
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


def catalog_data(site: Site, bundles: dict[str, dict]) -> dict:
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
