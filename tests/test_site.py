"""The catalog site: pages, catalog, feeds, checksums, citations, safety, diagnostics."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from html import unescape as html_unescape
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, make_project, write
from publisher.load.brand import load_brand
from publisher.site import search as site_search
from publisher.site.contrast import check_contrast, contrast, parse_color
from publisher.site.sanitize import sanitize
from sitekit import Elements, cli_run, shared_site_project

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/terms/}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPDS_KIND = "application/atom+xml;profile=opds-catalog;kind=acquisition"
SCHEMA = REPO / "publisher" / "resources" / "site" / "catalog.schema.json"


@pytest.fixture(scope="module")
def project(sample, tmp_path_factory) -> Path:
    return shared_site_project(sample, tmp_path_factory)


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "build" / "site"


@pytest.fixture(scope="module")
def catalog(site) -> dict:
    return json.loads((site / "catalog.json").read_text("utf-8"))


def editions_on_disk(project: Path) -> set[tuple[str, str]]:
    return {(p.parent.name, p.stem) for p in (project / "cases").glob("*/*.md")}


def page(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


# -- pages ---------------------------------------------------------------------------------------

def test_every_edition_has_a_page_and_every_language_an_index(project, site):
    for slug, lang in editions_on_disk(project):
        html = page(site, f"{lang}/{slug}/index.html")
        assert f'<html lang="{lang}">' in html
    languages = {lang for _, lang in editions_on_disk(project)}
    assert languages == {"en", "ru", "az", "kk", "ka"}
    for lang in languages:
        assert (site / lang / "index.html").is_file()
    root = Elements(page(site, "index.html"))
    # the landing page offers every language's catalog (besides its latest publications)
    assert {a["href"] for a in root.find("a") if a.get("hreflang")
            and a["href"].count("/") == 1} == {f"{lang}/index.html" for lang in languages}
    assert "Page not found" in page(site, "404.html")
    assert 'href="/assets/site.css"' in page(site, "404.html")  # works at any depth


def test_index_lists_every_publication_with_its_languages_and_downloads(project, site):
    html = page(site, "en/index.html")
    links = {a["href"] for a in Elements(html).find("a")}
    for slug, lang in editions_on_disk(project):
        assert f"../{lang}/{slug}/index.html" in links, (slug, lang)
    # the English index shows the Georgian case in its original language, marked as such
    assert 'lang="ka"><a href="../ka/georgia-gateway/index.html">' in html
    assert "Not available in English yet" in html
    # downloads with sizes, localized
    sizes = re.findall(r'href="\.\./en/azerbaijan-smart-government/azerbaijan-smart-government'
                       r'\.en\.pdf"[^>]*>PDF</a> <span class="size">\((\d+) kB\)', html)
    pdf = site / "en/azerbaijan-smart-government/azerbaijan-smart-government.en.pdf"
    assert sizes and int(sizes[0]) == round(pdf.stat().st_size / 1024)
    ru = page(site, "ru/index.html")
    assert "кБ)" in ru and "Кейс" in ru and "Азербайджан" in ru


def test_filters_are_plain_form_controls_with_generated_css(site):
    html = page(site, "ru/index.html")
    doc = Elements(html)
    for name in ("type", "country", "topic", "year"):
        assert doc.find("input", type="radio", name=name, value="")
    assert doc.find("input", type="radio", name="country", value="GE")
    pubs = [a for t, a in doc.tags if t == "li" and a.get("class") == "pub"]
    assert {p["data-country"] for p in pubs} == {"AZ", "KZ", "GE", "EE"}
    css = page(site, "assets/site.css")
    assert ('.catalog:has(input[name="country"][value="GE"]:checked) '
            '.pub:not([data-country~="GE"]) { display: none; }') in css
    assert "--brand-primary: #0b4f6c;" in css


def test_edition_page_switcher_links_to_the_other_languages(site):
    doc = Elements(page(site, "en/azerbaijan-smart-government/index.html"))
    switch = {a["hreflang"]: a for a in doc.find("a") if "data-sections" in a}
    assert set(switch) == {"ru", "az"}
    assert switch["ru"]["href"] == "../../ru/azerbaijan-smart-government/index.html"
    assert "context" in switch["ru"]["data-sections"].split()


# -- citation metadata ---------------------------------------------------------------------------

def test_highwire_open_graph_and_json_ld(site):
    base = "https://publications.example.org/"
    doc = Elements(page(site, "ru/azerbaijan-smart-government/index.html"))
    assert doc.meta("citation_title") == [
        "Умное правительство: опыт Азербайджана: От центров обслуживания по принципу "
        "одного окна к цифровым государственным услугам"]
    assert doc.meta("citation_author") == ["Civil Service Hub editorial team"]
    assert doc.meta("citation_publication_date") == ["2024/03/15"]
    assert doc.meta("citation_language") == ["ru"]
    assert doc.meta("citation_pdf_url") == [
        base + "ru/azerbaijan-smart-government/azerbaijan-smart-government.ru.pdf"]
    assert doc.meta("og:locale") == ["ru_RU"]
    assert set(doc.meta("og:locale:alternate")) == {"en_US", "az_AZ"}
    assert doc.meta("og:url") == [base + "ru/azerbaijan-smart-government/"]
    [(attrs, text)] = [(a, t) for a, t in doc.scripts if a.get("type") == "application/ld+json"]
    translation = json.loads(text)
    assert translation["inLanguage"] == "ru"
    assert translation["translationOfWork"] == {"@id": base + "en/azerbaijan-smart-government/"}
    assert {e["encodingFormat"] for e in translation["encoding"]} == {
        "application/pdf", "text/html",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    original_doc = Elements(page(site, "en/azerbaijan-smart-government/index.html"))
    original = json.loads(next(t for a, t in original_doc.scripts
                               if a.get("type") == "application/ld+json"))
    assert "translationOfWork" not in original
    assert {w["@id"] for w in original["workTranslation"]} == {
        base + "ru/azerbaijan-smart-government/", base + "az/azerbaijan-smart-government/"}
    assert original["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_citation_line_is_the_one_of_the_pdf_and_matches_bibtex_and_csl(site):
    from test_pdf import AZ_CITATION

    html = page(site, "en/azerbaijan-smart-government/index.html")
    [line] = re.findall(r'<p class="citation">(.*?)</p>', html, re.S)
    # the PDF's line (no DOI in this case), then the page's own address
    assert html_unescape(line) == (
        AZ_CITATION + " https://publications.example.org/en/azerbaijan-smart-government/")
    folder = site / "en" / "azerbaijan-smart-government"
    [item] = json.loads((folder / "azerbaijan-smart-government.en.csl.json").read_text("utf-8"))
    bib = (folder / "azerbaijan-smart-government.en.bib").read_text("utf-8")
    assert item["collection-title"] == "Case studies in e-government"
    assert "  series = {Case studies in e-government}," in bib
    title = "Smart government: the case of Azerbaijan: From one-stop service centres to digital "
    assert item["title"].startswith(title) and "  title = {{" + title in bib


def test_csl_json_and_bibtex(site):
    folder = site / "ka" / "georgia-gateway"
    [item] = json.loads((folder / "georgia-gateway.ka.csl.json").read_text("utf-8"))
    assert item["type"] == "report"
    assert item["title"].startswith("მონაცემთა გაცვლა სახელმწიფო უწყებებს შორის")
    assert item["issued"] == {"date-parts": [[2023, 6, 12]]}
    assert item["language"] == "ka"
    assert item["URL"] == "https://publications.example.org/ka/georgia-gateway/"
    bib = (folder / "georgia-gateway.ka.bib").read_text("utf-8")
    assert bib.startswith("@techreport{GeorgiaGateway2023ka,\n")
    assert "  author = {{Civil Service Hub editorial team}}," in bib
    assert "  year = {2023}," in bib and "  language = {ka}," in bib
    assert bib.count("{") == bib.count("}")
    guide = (site / "en/raw-html/raw-html.en.bib").read_text("utf-8")
    assert guide.startswith("@book{") and "  publisher = {Civil Service Hub}," in guide


# -- machine-readable catalog --------------------------------------------------------------------

def test_catalog_validates_and_describes_every_file(project, site, catalog):
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(catalog)
    assert {(p["slug"], e["lang"]) for p in catalog["publications"]
            for e in p["editions"]} == editions_on_disk(project)
    for pub in catalog["publications"]:
        for edition in pub["editions"]:
            assert {f["format"] for f in edition["files"]} >= {"bib", "csl.json"}
            for f in edition["files"]:
                data = (site / f["path"]).read_bytes()
                assert len(data) == f["size"]
                assert hashlib.sha256(data).hexdigest() == f["sha256"]
    ka = next(p for p in catalog["publications"] if p["slug"] == "georgia-gateway")
    assert [e["lang"] for e in ka["editions"]] == ["ru", "ka"]
    assert next(e for e in ka["editions"] if e["lang"] == "ru")["translated_from"] == "ka"
    assert (site / "catalog.schema.json").read_bytes() == SCHEMA.read_bytes()


def test_schema_rejects_a_broken_catalog(catalog):
    schema = json.loads(SCHEMA.read_text("utf-8"))
    broken = json.loads(json.dumps(catalog))
    broken["publications"][0]["editions"][0]["files"][0]["sha256"] = "not-a-digest"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_sha256sums_match_every_distributed_file(site, catalog):
    listed = {line.split("  ", 1)[1] for line in
              (site / "SHA256SUMS").read_text("utf-8").splitlines()}
    expected = {f["path"] for p in catalog["publications"] for e in p["editions"]
                for f in e["files"]} | {b["path"] for b in catalog["bundles"]} | {"catalog.json"}
    assert listed == expected
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=site,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_one_zip_per_language_with_its_files(site, catalog):
    bundles = {b["lang"]: b for b in catalog["bundles"]}
    assert set(bundles) == set(catalog["languages"])
    with zipfile.ZipFile(site / bundles["ka"]["path"]) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
    assert names == {f"georgia-gateway/georgia-gateway.ka.{ext}"
                     for ext in ("pdf", "docx", "html", "bib", "csl.json")}
    with zipfile.ZipFile(site / bundles["en"]["path"]) as archive:
        assert all(".en." in n for n in archive.namelist())


# -- feeds and sitemap ---------------------------------------------------------------------------

def _rfc3339(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def check_atom_structure(feed: ET.Element) -> list[ET.Element]:
    """RFC 4287's required elements, at the right place and with the right form."""
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{tag}")) == 1, tag
    _rfc3339(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, tag
        _rfc3339(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return entries


def test_atom_feed_per_language(site):
    for lang, count in (("en", 3), ("ru", 3), ("ka", 1), ("kk", 1), ("az", 1)):
        feed = ET.parse(site / lang / "feed.xml").getroot()
        entries = check_atom_structure(feed)
        assert len(entries) == count, lang
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    ka = ET.parse(site / "ka/feed.xml").getroot().find(f"{ATOM}entry")
    assert ka.findtext(f"{ATOM}id") == "https://publications.example.org/ka/georgia-gateway/"
    enclosures = ka.findall(f"{ATOM}link[@rel='enclosure']")
    assert {e.get("type") for e in enclosures} >= {"application/pdf", "text/html"}
    assert all(int(e.get("length")) > 0 for e in enclosures)


def test_opds_acquisition_feed(site, catalog):
    feed = ET.parse(site / "opds.xml").getroot()
    entries = check_atom_structure(feed)
    assert feed.find(f"{ATOM}link[@rel='self']").get("type") == OPDS_KIND
    assert feed.find(f"{ATOM}link[@rel='start']").get("type") == OPDS_KIND
    assert len(entries) == sum(len(p["editions"]) for p in catalog["publications"])
    facets = feed.findall(f"{ATOM}link[@rel='http://opds-spec.org/facet']")
    assert {f.get("href") for f in facets} == {
        f"https://publications.example.org/{lang}/opds.xml" for lang in catalog["languages"]}
    for entry in entries:
        assert entry.findtext(f"{DC}language") in catalog["languages"]
        acquisitions = entry.findall(
            f"{ATOM}link[@rel='http://opds-spec.org/acquisition/open-access']")
        assert "application/pdf" in {a.get("type") for a in acquisitions}
        for a in acquisitions:
            assert a.get("href").startswith("https://publications.example.org/")
    ka = ET.parse(site / "ka/opds.xml").getroot()
    assert [e.findtext(f"{DC}language") for e in check_atom_structure(ka)] == ["ka"]
    assert ka.find(f"{ATOM}link[@{{http://opds-spec.org/2010/catalog}}activeFacet='true']"
                   ).get("title") == "ქართული"


def test_sitemap_with_reciprocal_hreflang(site, catalog):
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    urls = {u.findtext(f"{SM}loc"): u for u in root.findall(f"{SM}url")}
    base = "https://publications.example.org/"
    assert base in urls and f"{base}ka/" in urls
    pages = {base + e["page"].removesuffix("index.html") for p in catalog["publications"]
             for e in p["editions"]}
    assert pages <= set(urls)
    for loc, url in urls.items():
        assert loc.startswith(base)
        alternates = {link.get("hreflang"): link.get("href")
                      for link in url.findall(f"{XHTML}link")}
        assert "x-default" in alternates
        assert loc in alternates.values()  # every page lists itself among its alternates
        for href in alternates.values():
            other = urls[href]
            assert loc in {link.get("href") for link in other.findall(f"{XHTML}link")}
    assert "Sitemap: https://publications.example.org/sitemap.xml" in page(site, "robots.txt")


# -- safety ----------------------------------------------------------------------------------------

def every_page(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts
                  and not re.search(r"\.[a-z]{2}\.html$", p.name))


def test_every_page_has_a_strict_csp_and_no_inline_code(site):
    pages = every_page(site)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text("utf-8")
        doc = Elements(html)
        [csp] = [a["content"] for a in doc.find("meta") if a.get("http-equiv") ==
                 "Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert "script-src 'self' 'wasm-unsafe-eval'" in csp
        for attrs, _text in doc.scripts:
            assert attrs.get("src") or attrs.get("type") == "application/ld+json", path
        assert "<style" not in html, path
        for tag, attrs in doc.tags:
            assert "style" not in attrs, (path, tag)
            assert not any(name.startswith("on") for name in attrs), (path, tag)
            for name in ("src", "href"):
                value = attrs.get(name, "")
                if tag in ("script", "img", "link") and name in attrs \
                        and attrs.get("rel") not in ("canonical", "alternate"):
                    assert not re.match(r"^(https?:)?//", value), (path, tag, value)


def test_raw_html_cannot_inject_scripts(project, site):
    html = page(site, "en/raw-html/index.html")
    assert "__pwned" not in html and "<iframe" not in html and "onclick" not in html
    assert "A paragraph with a handler." in html and "Plain text after." in html
    manifest = json.loads((project / "site-build.json").read_text("utf-8"))
    [out] = [o for o in manifest["outputs"] if o["format"] == "site"]
    warnings = {(d["code"], d["line"], d["message"]) for d in out["diagnostics"]}
    assert ("PUB702", 10, "raw HTML `<script>` removed from the site page") in warnings
    assert ("PUB702", 12, "raw HTML `onclick=` removed from the site page") in warnings
    assert ("PUB702", 14, "raw HTML `<iframe>` removed from the site page") in warnings


def test_sanitizer_keeps_structure_and_turns_alignment_into_classes():
    clean, removed = sanitize(
        '<table><tr><td style="text-align: right;">1 &amp; 2</td></tr></table>'
        '<a href="javascript:alert(1)">x</a><img src="https://evil.example/x.png" alt="x">'
        '<img src="media/a.svg" alt="a"><svg><script>alert(1)</script></svg>')
    assert clean == ('<table><tbody><tr><td class="align-right">1 &amp; 2</td></tr></tbody></table>'
                     '<a>x</a><img alt="x"><img src="media/a.svg" alt="a">')
    assert removed == ['href="javascript:alert(1)"', 'src="https://evil.example/x.png"',
                       "<svg>"]


# -- diagnostics -----------------------------------------------------------------------------------

def test_contrast_ratio_matches_wcag_examples():
    assert contrast(parse_color("#000"), parse_color("#fff")) == pytest.approx(21.0)
    assert contrast(parse_color("#777777"), parse_color("#ffffff")) == pytest.approx(4.48, 0.01)
    assert parse_color("teal") is None


def test_the_hub_brand_passes_the_contrast_check():
    assert check_contrast(load_brand(REPO / "styles" / "brand.yaml")) == []


def test_a_failing_brand_gets_a_diagnostic_with_its_position(tmp_path):
    root = make_project(tmp_path)
    brand = root / "styles" / "brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace('primary: "#0b4f6c"',
                                                      'primary: "#7fb3d5"'), "utf-8")
    found = check_contrast(load_brand(brand))
    assert found and {d.code for d in found} == {"PUB701"}
    line = next(i for i, text in enumerate(brand.read_text("utf-8").splitlines(), 1)
                if "primary:" in text)
    assert {(d.line, d.column) for d in found} == {(line, 12)}
    assert any("#7fb3d5 on #ffffff" in d.message and "4.5:1" in d.message for d in found)
    result = cli_run("site", "--project", str(root))
    assert f"brand.yaml:{line}:12: warning PUB701" in result.output
    assert result.exit_code == 0  # a warning: the site is still built
    assert (root / "build" / "site" / "en" / "index.html").is_file()


def test_missing_site_url_warns_and_skips_the_sitemap(tmp_path):
    root = make_project(tmp_path)
    result = cli_run("site", "--project", str(root))
    assert result.exit_code == 0, result.output
    assert "warning PUB704" in result.output
    site = root / "build" / "site"
    assert not (site / "sitemap.xml").exists()
    feed = ET.parse(site / "en/feed.xml").getroot()
    assert feed.find(f"{ATOM}entry/{ATOM}id").text == "urn:publisher:demo:en"
    doc = Elements((site / "en/demo/index.html").read_text("utf-8"))
    assert not doc.find("link", rel="canonical") and not doc.meta("og:url")


def test_failed_search_index_keeps_the_previous_site(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    assert cli_run("site", "--project", str(root)).exit_code == 0
    index = root / "build" / "site" / "en" / "index.html"
    before = index.read_bytes()
    write(root / "cases" / "demo" / "en.md", "---\ntitle: Changed\n---\n\nNew text.\n")
    monkeypatch.setattr(site_search, "pagefind_binary", lambda: Path(shutil.which("false")))
    result = cli_run("site", "--project", str(root))
    assert result.exit_code == 1
    assert "error PUB703: the search index cannot be built" in result.output
    assert index.read_bytes() == before
    assert not (root / "build" / ".site.part").exists()


def test_unwritable_output_is_a_diagnostic(tmp_path):
    root = make_project(tmp_path)
    (root / "build").write_text("a file where the output folder should be")
    result = cli_run("site", "--project", str(root))
    assert result.exit_code == 1
    assert "error PUB705: the site cannot be written" in result.output
    assert "Traceback" not in result.output


def test_build_makes_the_site_by_default_but_not_for_one_format(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHi.\n"})
    result = cli_run("build", "--project", str(root), "--to", "html", "--json")
    assert result.exit_code == 0, result.output
    assert not (root / "build" / "site").exists()
    result = cli_run("build", "--project", str(root), "--to", "html,site", "--json")
    outputs = json.loads(result.stdout)["outputs"]
    assert [o["format"] for o in outputs] == ["html", "site"]
    assert outputs[-1]["path"] == "build/site" and outputs[-1]["status"] == "built"
    assert (root / "build/site/en/demo/demo.en.html").is_file()
    assert not (root / "build/site/en/demo/demo.en.pdf").exists()


def test_sanitizer_drops_stray_closing_tags_and_closes_open_ones():
    """An edition cannot close (or leave open) the site template's containers."""
    clean, _ = sanitize('<p>a</p></div></section></article></main><p>b</p>')
    assert clean == "<p>a</p><p>b</p>"
    clean, _ = sanitize("<section><div><p>open")
    assert clean == "<section><div><p>open</p></div></section>"
