"""The catalog's own pages: each language's index, each edition's page, the landing page
and the page for a missing address."""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup

from ..assess import blocks as data_blocks
from ..core.diagnostics import Diagnostic, warning
from ..i18n.strings import Strings, strings
from ..load.imprint import cite_as
from ..render import Context, html_body
from . import cite
from .common import Said, common as _common
from ..load.licence import licence
from .model import DOWNLOADS, FACETS, Item, Site, facets_of, file_size, series_of
from .sanitize import sanitize


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


def _downloads(item: Item, t: Strings) -> list[dict]:
    return [{**f, "size_text": file_size(f["size"], t)} for f in item.files]


def index_page(site: Site, lang: str, bundle: dict | None) -> str:
    t = strings(lang)
    entries, facet_values = [], {name: {} for name in FACETS}
    for slug in site.cases():
        item = site.shown(slug, lang)
        facets = facets_of(site, item, t)
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


def edition_page(site: Site, item: Item) -> tuple[str, list[Diagnostic]]:
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
        type_label=facets_of(site, item, t)["type"][0][1],
        downloads=_downloads(item, t),
        citations=[f for f in _downloads(item, t) if f["format"] not in DOWNLOADS],
        citation_text=cite_as(edition, publisher, series_of(site, item), page_url),
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


#: how many publications the landing page shows, newest first
LATEST = 4


def root_page(site: Site) -> str:
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
            "href": item.page, "type_label": facets_of(site, item, t)["type"][0][1],
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


def not_found_page(site: Site) -> str:
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
