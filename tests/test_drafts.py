"""Drafts and editions with placeholders are built for preview but never distributed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import make_project
from sitekit import cli_run

ATOM = "{http://www.w3.org/2005/Atom}"


def distributed_text(site) -> str:
    """Everything a reader or a harvester gets from the site, as one text."""
    parts = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".bib"):
            parts.append(path.read_text("utf-8"))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                parts += archive.namelist()
    return "\n".join(parts)


@pytest.mark.slow
def test_a_new_guide_is_built_but_kept_off_the_site(tmp_path):
    root = make_project(tmp_path)
    assert cli_run("new", "--project", str(root), "guide", "x", "--lang", "hy").exit_code == 0
    result = cli_run("build", "--project", str(root), "--to", "html,site")
    assert result.exit_code == 0, result.output
    # built for preview
    assert "TODO" in (root / "build" / "x" / "x.hy.html").read_text("utf-8")
    site = root / "build" / "site"
    text = distributed_text(site)
    assert "TODO" not in text and "x.hy" not in text
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    assert [p["slug"] for p in catalog["publications"]] == ["demo"]
    assert not (site / "hy").exists()
    feed = ET.parse(site / "en" / "feed.xml").getroot()
    assert [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")] == ["Demo"]
    # the summary says what was held back and why
    assert "held back from the site (1 edition" in result.output
    assert "cases/x/hy.md: placeholders (TODO) left" in result.output


@pytest.mark.slow
def test_draft_true_is_held_back_and_drafts_publishes_it(tmp_path):
    root = make_project(tmp_path, {
        "en": "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nHello.\n",
        "ru": "---\ntitle: Черновик\ndraft: true\ntranslated_from: en\n---\n\n"
              "## Введение {#intro}\n\nПривет.\n"})
    result = cli_run("build", "--project", str(root), "--to", "html,site", "--json")
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    assert manifest["held_back"] == [
        {"case": "demo", "lang": "ru", "path": "cases/demo/ru.md", "reason": "draft"}]
    site = root / "build" / "site"
    assert "Черновик" not in distributed_text(site)
    assert (root / "build" / "demo" / "demo.ru.html").is_file()

    # asking for drafts rebuilds the site with them, and holds nothing back
    result = cli_run("site", "--project", str(root), "--drafts")
    assert result.exit_code == 0, result.output
    assert "held back" not in result.output
    catalog = json.loads((site / "catalog.json").read_text("utf-8"))
    assert [e["lang"] for e in catalog["publications"][0]["editions"]] == ["en", "ru"]
    assert "Черновик" in (site / "ru" / "feed.xml").read_text("utf-8")
    # and without --drafts, a build that changed nothing else takes them off again
    result = cli_run("build", "--project", str(root), "--to", "html,site", "--json")
    assert json.loads(result.stdout)["held_back"][0]["lang"] == "ru"
    assert "Черновик" not in distributed_text(site)


def test_a_project_ignoring_pub120_still_holds_placeholders_back(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: \"TODO: title\"\n---\n\n"
                                         "## Intro {#intro}\n\nHello.\n"})
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8") + "ignore: [PUB120]\n", "utf-8")
    result = cli_run("site", "--project", str(root))
    assert "cases/demo/en.md: placeholders (TODO) left" in result.output
    assert "TODO" not in (root / "build" / "site" / "catalog.json").read_text("utf-8")
