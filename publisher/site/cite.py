"""Citation metadata of an edition: CSL JSON, BibTeX, Highwire tags, schema.org JSON-LD,
Open Graph."""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from ..load.imprint import full_title as full_title  # one title form for every citation
from ..core.model import Edition
from ..load.licence import license_url

#: CSL item type, BibTeX entry type and schema.org type per document type.
TYPES = {
    "report": ("report", "techreport", "Report"),
    "case-study": ("report", "techreport", "Report"),
    "guide": ("book", "book", "Book"),
}


def _types(edition: Edition) -> tuple[str, str, str]:
    return TYPES.get(edition.case.type, ("document", "misc", "CreativeWork"))


def csl_item(edition: Edition, publisher: str, url: str, series: str = "") -> dict:
    case = edition.case
    item = {
        "id": f"{edition.slug}-{edition.lang}",
        "type": _types(edition)[0],
        "title": full_title(edition),
        "author": [{"literal": a.name} for a in case.authors],
        "issued": {"date-parts": [[case.date.year, case.date.month, case.date.day]]},
        "language": edition.lang,
        "publisher": publisher,
    }
    if series:
        item["collection-title"] = series
    if edition.summary:
        item["abstract"] = edition.summary
    if edition.keywords:
        item["keyword"] = ", ".join(edition.keywords)
    if url:
        item["URL"] = url
    if case.doi:
        item["DOI"] = case.doi
    if case.isbn:
        item["ISBN"] = case.isbn
    if edition.translators:
        item["translator"] = [{"literal": name} for name in edition.translators]
    return item


def csl_json(edition: Edition, publisher: str, url: str, series: str = "") -> str:
    item = csl_item(edition, publisher, url, series)
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                "#": r"\#", "$": r"\$", "_": r"\_", "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}"}


def bib_escape(text: str) -> str:
    return "".join(_BIB_SPECIAL.get(c, c) for c in str(text))


def bibtex(edition: Edition, publisher: str, url: str, series: str = "") -> str:
    case = edition.case
    kind = _types(edition)[1]
    fields = [
        ("title", "{" + bib_escape(full_title(edition)) + "}"),
        # an organisation as author is braced so it is not split into first and last names
        ("author", " and ".join("{" + bib_escape(a.name) + "}" for a in case.authors)),
        ("institution" if kind == "techreport" else "publisher", bib_escape(publisher)),
        ("year", str(case.date.year)),
        ("month", str(case.date.month)),
        ("date", case.date.isoformat()),
        ("language", edition.lang),
        ("series", bib_escape(series)),
    ]
    if edition.summary:
        fields.append(("abstract", bib_escape(edition.summary)))
    if edition.keywords:
        fields.append(("keywords", bib_escape(", ".join(edition.keywords))))
    if url:
        fields.append(("url", url))
    if case.doi:
        fields.append(("doi", bib_escape(case.doi)))
    if case.isbn:
        fields.append(("isbn", bib_escape(case.isbn)))
    key = re.sub(r"[^A-Za-z0-9]+", "", edition.slug.title())[:40] + str(case.date.year) \
        + edition.lang
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def highwire(edition: Edition, publisher: str, pdf_url: str) -> list[tuple[str, str]]:
    """The citation_* meta tags Google Scholar and reference managers read."""
    case = edition.case
    tags = [("citation_title", full_title(edition))]
    tags += [("citation_author", a.name) for a in case.authors]
    tags += [("citation_publication_date", case.date.strftime("%Y/%m/%d")),
             ("citation_language", edition.lang),
             ("citation_publisher", publisher)]
    if case.type in ("report", "case-study"):
        tags.append(("citation_technical_report_institution", publisher))
    if edition.keywords:
        tags.append(("citation_keywords", "; ".join(edition.keywords)))
    if edition.summary:
        tags.append(("citation_abstract", edition.summary))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    if case.doi:
        tags.append(("citation_doi", case.doi))
    if case.isbn:
        tags.append(("citation_isbn", case.isbn))
    return tags


def json_ld(edition: Edition, publisher: str, url: str, files: list[dict],
            original_url: str, translation_urls: list[tuple[str, str]]) -> dict:
    """schema.org metadata; a translation names its original and the original its translations."""
    case = edition.case
    data = {
        "@context": "https://schema.org",
        "@type": _types(edition)[2],
        "@id": url,
        "url": url,
        "name": edition.title,
        "headline": edition.title,
        "inLanguage": edition.lang,
        "datePublished": case.date.isoformat(),
        "author": [{"@type": "Organization" if "team" in a.name.lower() else "Person",
                    "name": a.name} for a in case.authors],
        "publisher": {"@type": "Organization", "name": publisher},
        "about": {"@type": "Country", "identifier": case.country} if case.country else None,
        "keywords": list(edition.keywords) or None,
        "abstract": edition.summary or None,
        "alternativeHeadline": edition.subtitle or None,
        "license": license_url(case.license) or None,
        "isbn": case.isbn or None,
        "identifier": f"https://doi.org/{case.doi}" if case.doi else None,
        "translator": [{"@type": "Person", "name": n} for n in edition.translators] or None,
        "encoding": [{"@type": "MediaObject", "contentUrl": f["url"],
                      "encodingFormat": f["media_type"], "contentSize": str(f["size"])}
                     for f in files] or None,
    }
    if edition.translated_from and original_url:
        data["translationOfWork"] = {"@id": original_url}
    if translation_urls:
        data["workTranslation"] = [{"@id": u, "inLanguage": lang} for lang, u in translation_urls]
    return {k: v for k, v in data.items() if v is not None}


def script_json(data) -> Markup:
    """JSON safe to place inside a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def og_locale(lang: str) -> str:
    from babel.core import get_global

    likely = get_global("likely_subtags").get(lang, lang)
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "")
    return f"{parts[0]}_{territory}" if territory else parts[0]
