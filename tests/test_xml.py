"""Every XML file the engine writes is well-formed, whatever characters the metadata holds."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from conftest import make_project, run
from publisher.core.xmltext import xml_text

# YAML's double-quoted escapes give characters that XML 1.0 forbids
EDITION = '''---
title: "Vertical\\vtab \\x01 title"
summary: "A summary\\vwith a vertical tab and an escape \\x1b."
keywords: ["key\\x02word"]
---

## Intro {#intro}

Text.
'''


def test_xml_text_removes_what_xml_forbids():
    assert xml_text("a\vb\fc\x00d\x1be\ufffef\U0001F600\t\n") == "a b cdef\U0001F600\t\n"
    assert xml_text("plain") == "plain"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("xml"), {"en": EDITION})
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8") + "site_url: https://example.org/pub/\n",
                      "utf-8")
    result = run("build", "--to", "html,site", cwd=root)
    return root, result


@pytest.mark.parametrize("name", ["en/feed.xml", "opds.xml", "en/opds.xml", "sitemap.xml"])
def test_feeds_and_sitemap_are_well_formed(built, name):
    root, result = built
    assert result.exit_code == 0, result.output
    data = (root / "build" / "site" / name).read_bytes()
    tree = etree.fromstring(data)  # strict: raises on a forbidden character
    if "feed" in name or "opds" in name:
        summaries = [e.text for e in tree.iter("{http://www.w3.org/2005/Atom}summary")]
        assert summaries == ["A summary with a vertical tab and an escape ."]
        titles = [e.text for e in tree.iter("{http://www.w3.org/2005/Atom}title")][1:]
        assert titles == ["Vertical tab  title"]


def test_feeds_leave_elementtree_alone_and_declare_only_what_they_use():
    # the feeds once registered their prefixes (and Atom as the default namespace) in
    # ElementTree's process-wide table, which changed what any other ElementTree writer made
    import datetime as dt
    import xml.etree.ElementTree as ET

    from publisher.site import feeds

    before = dict(ET._namespace_map)
    item = {"id": "urn:x", "title": "T", "lang": "en", "date": dt.date(2024, 5, 1),
            "authors": ["A"], "summary": "", "categories": [], "license": "", "page": "p",
            "files": [], "publisher": "P", "identifier": "", "original": ""}
    atom = feeds.atom_feed(feed_id="f", title="t", self_href="s", alternate=None, author="a",
                           lang="en", items=[item])
    opds = feeds.opds_feed(feed_id="f", title="t", self_href="s", start_href="s", author="a",
                           lang=None, items=[item], facets=[("en/opds.xml", "English", True, 1)])
    assert dict(ET._namespace_map) == before
    other = ET.tostring(ET.Element(f"{{{feeds.ATOM}}}feed"), encoding="unicode")
    assert other == '<ns0:feed xmlns:ns0="http://www.w3.org/2005/Atom" />'
    assert atom.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n"
                           b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n')
    assert b"<rights/>" in atom
    assert (b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/" '
            b'xmlns:opds="http://opds-spec.org/2010/catalog" '
            b'xmlns:thr="http://purl.org/syndication/thread/1.0">') in opds
    assert b'opds:facetGroup="Language" thr:count="1" opds:activeFacet="true"/>' in opds


def test_every_docx_part_is_well_formed(built):
    root, _ = built
    result = run("build", "--to", "docx", cwd=root)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(root / "build" / "demo" / "demo.en.docx") as package:
        parts = [n for n in package.namelist() if n.endswith((".xml", ".rels"))]
        for name in parts:
            etree.fromstring(package.read(name))
        core = etree.fromstring(package.read("docProps/core.xml"))
    values = {etree.QName(e).localname: e.text for e in core}
    assert values["title"] == "Vertical tab title"
    assert values["keywords"] == "keyword"


def test_the_plan_timeline_svg_is_well_formed():
    import datetime as dt
    from types import SimpleNamespace as Of

    from publisher.i18n.strings import strings
    from publisher.site.plan import timeline_svg

    title = Of(pick=lambda lang, fallbacks: ("Seminar\vin \x01Tashkent", lang))
    span = Of(start=dt.date(2019, 5, 1), end=dt.date(2019, 5, 3))
    activity = Of(title=title, status="done", planned=span, actual=span)
    plan = Of(activities=[activity], period=Of(start=None, end=None))
    svg = timeline_svg(plan, "en", strings("en"), dt.date(2019, 6, 1))
    tree = etree.fromstring(svg.encode("utf-8"))
    labels = [e.text for e in tree.iter("{http://www.w3.org/2000/svg}text") if e.get("class") ==
              "label"]
    assert labels == ["Seminar in Tashkent"]
