"""The author's workflow: scaffold, Word import, live preview, checks on built outputs."""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import docx
import pytest
from docx.shared import Inches

from conftest import REPO, make_project, run
from publisher.load.project import load_project

RU = ("---\ntitle: Демо\ntranslated_from: en\n---\n\n## Введение {#intro}\n\n"
      "Текст.[^1]\n\n[^1]: Сноска.\n")
EN = "---\ntitle: Demo\n---\n\n## Intro {#intro}\n\nText.[^1]\n\n[^1]: A note.\n"


def cli(*args, cwd=None):
    from click.testing import CliRunner

    from publisher.cli.main import cli as command

    extra = ["--project", str(cwd)] if cwd else []
    return CliRunner().invoke(command, [args[0], *extra, *args[1:]], catch_exceptions=False)


# --- publisher new ---------------------------------------------------------------------

def test_new_creates_a_case_with_required_fields_and_sections(tmp_path):
    root = make_project(tmp_path)
    config = root / "publisher.yaml"
    config.write_text(config.read_text("utf-8").replace(
        "case-study: {sections: []}", "case-study: {sections: [summary, lessons]}"), "utf-8")
    result = cli("new", "case", "georgia-exchange", "--lang", "ru", "--country", "ge", cwd=root)
    assert result.exit_code == 0, result.output
    folder = root / "cases" / "georgia-exchange"
    case_yaml = (folder / "case.yaml").read_text("utf-8")
    assert "type: case-study" in case_yaml and "country: GE" in case_yaml
    assert "source_language: ru" in case_yaml
    edition = (folder / "ru.md").read_text("utf-8")
    assert "## Резюме {#summary}" in edition and "## Уроки {#lessons}" in edition
    assert "<!--" in edition  # guidance for the author
    # validated at once: placeholders are warnings, nothing is an error
    assert "warning PUB120" in result.stderr and " error " not in result.stderr
    checked = run("validate", "georgia-exchange", cwd=root)
    assert checked.exit_code == 0
    assert run("validate", "--strict", "georgia-exchange", cwd=root).exit_code == 1


@pytest.mark.parametrize("args,code", [
    (("report", "demo", "--lang", "en"), "PUB802"),  # exists already
    (("leaflet", "x-case", "--lang", "en"), "PUB801"),
    (("guide", "Bad_Slug", "--lang", "en"), "PUB114"),
    (("guide", "fine-slug", "--lang", "fr"), "PUB106"),
])
def test_new_refuses_bad_requests(tmp_path, args, code):
    root = make_project(tmp_path)
    before = sorted(p.name for p in (root / "cases").iterdir())
    result = cli("new", *args, cwd=root)
    assert result.exit_code == 1
    assert code in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in (root / "cases").iterdir()) == before


# --- publisher import ------------------------------------------------------------------

def _draft(path: Path, image: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Digital services in the regions"
    document.core_properties.keywords = "services; regions"
    document.core_properties.author = "Nino Beridze"
    document.add_paragraph("Digital services in the regions", style="Title")
    document.add_heading("Context", level=1)
    document.add_paragraph("Regional offices opened in 2015.")
    document.add_heading("Results", level=1)
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Region", "Offices"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "North", "4"
    document.add_picture(str(image), width=Inches(2))
    # alt text lives on the drawing's docPr element
    document.inline_shapes[0]._inline.docPr.set("descr", "A map of the offices")
    document.save(str(path))
    return path


def _png(path: Path) -> Path:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0,
                     0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


@pytest.mark.slow
def test_import_a_word_draft(tmp_path):
    root = make_project(tmp_path / "p")
    draft = _draft(tmp_path / "draft.docx", _png(tmp_path / "map.png"))
    result = cli("import", str(draft), "--case", "regions", "--lang", "en", cwd=root)
    assert result.exit_code == 0, result.output
    folder = root / "cases" / "regions"
    text = (folder / "en.md").read_text("utf-8")
    assert 'title: "Digital services in the regions"' in text
    assert 'keywords: ["services", "regions"]' in text
    assert "\n## Context {#context}" in text and "\n## Results {#results}" in text
    assert re.search(r"\| *Region *\| *Offices *\|", text)
    image = re.search(r"!\[A map of the offices\]\((media/[^)]+)\)", text)
    assert image and (folder / image.group(1)).is_file()
    case_yaml = (folder / "case.yaml").read_text("utf-8")
    assert 'name: "Nino Beridze"' in case_yaml and "source_language: en" in case_yaml


def test_import_round_trip_of_our_own_docx(tmp_path):
    root = make_project(tmp_path / "p", {
        "en": "---\ntitle: Demo\nsubtitle: A subtitle\n---\n\n## Summary {#summary}\n\n"
              "Text with a note.[^1]\n\n## Results {#results}\n\n| A | B |\n|---|---|\n"
              "| 1 | 2 |\n\nTable: Numbers\n\n### Detail {#detail}\n\nMore.[^2]\n\n"
              "[^1]: First note.\n[^2]: Second note.\n"})
    assert run("build", "--to", "docx", cwd=root).exit_code == 0
    built = root / "build" / "demo" / "demo.en.docx"
    result = cli("import", str(built), "--case", "copy", "--lang", "en", cwd=root)
    assert result.exit_code == 0, result.output
    text = (root / "cases" / "copy" / "en.md").read_text("utf-8")
    assert 'title: "Demo"' in text and 'subtitle: "A subtitle"' in text
    headings = re.findall(r"^(#+ .*)$", text, re.M)
    assert headings == ["## Summary {#summary}", "## Results {#results}",
                        "### Detail {#detail}"]
    assert re.findall(r"^\[\^\d+\]:\s+(.*)$", text, re.M) == ["First note.", "Second note."]
    assert re.search(r"\| *A *\| *B *\|", text) and ": Numbers" in text
    assert "Table 1" not in text  # our caption label is not imported back
    assert "Cite as" not in text and "Contents" not in text  # nor our cover and contents


def test_import_refuses_to_overwrite_and_reports_bad_files(tmp_path):
    root = make_project(tmp_path / "p")
    draft = _draft(tmp_path / "draft.docx", _png(tmp_path / "map.png"))
    result = cli("import", str(draft), "--case", "demo", "--lang", "en", cwd=root)
    assert result.exit_code == 1 and "PUB802" in result.stderr
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip file")
    result = cli("import", str(broken), "--case", "fresh", "--lang", "en", cwd=root)
    assert result.exit_code == 1 and "PUB803" in result.stderr
    assert "Traceback" not in result.output


# --- publisher check --------------------------------------------------------------------

@pytest.mark.slow
def test_check_passes_on_a_fresh_build_and_finds_breakage(tmp_path):
    root = make_project(tmp_path, {"en": EN, "ru": RU})
    assert run("build", "--to", "pdf,docx,html", cwd=root).exit_code == 0
    result = cli("check", cwd=root)
    assert result.exit_code == 0, result.output
    assert "checked 2 HTML, 2 PDF and 2 DOCX files: 0 errors" in result.stderr
    html = root / "build" / "demo" / "demo.en.html"
    html.write_text(html.read_text("utf-8").replace(
        "</main>", '<a href="#missing">x</a><a href="nowhere.html">y</a></main>'), "utf-8")
    (root / "build" / "demo" / "demo.ru.docx").write_bytes(b"broken")
    result = cli("check", cwd=root)
    assert result.exit_code == 1
    assert "PUB812" in result.stderr and "PUB811" in result.stderr
    assert "build/demo/demo.ru.docx: error PUB816" in result.stderr


@pytest.mark.slow
def test_check_finds_an_untagged_pdf(tmp_path):
    import typst

    root = make_project(tmp_path)
    target = root / "build" / "loose.pdf"
    target.parent.mkdir(parents=True)
    typst.compile(b"untagged", output=str(target), pdf_tags=False)
    result = cli("check", cwd=root)
    assert result.exit_code == 1 and "PUB814" in result.stderr


def test_check_without_a_build(tmp_path):
    root = make_project(tmp_path)
    result = cli("check", cwd=root)
    assert result.exit_code == 1 and "PUB810" in result.stderr


# --- publisher serve --------------------------------------------------------------------

def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


def test_serve_rebuilds_after_a_change(tmp_path):
    from publisher.authoring.serve import Server

    root = make_project(tmp_path, {"en": EN})
    server = Server(load_project(root), port=0).start()
    try:
        status, page = _get(server.url + "demo/en.html")
        assert status == 200 and "<h2>Intro</h2>" in page and 'fetch("/__version"' in page
        version = _get(server.url + "__version")[1]
        edition = root / "cases" / "demo" / "en.md"
        edition.write_text(EN.replace("Text.", "Changed text."), "utf-8")
        assert _until(lambda: _get(server.url + "__version")[1] != version)
        assert "Changed text." in _get(server.url + "demo/en.html")[1]
        # a problem appears in the page, not only in a terminal
        edition.write_text(EN.replace("Text.", "See [x](#nowhere)."), "utf-8")
        page = _until(lambda: (lambda p: p if "PUB215" in p else None)(
            _get(server.url + "demo/en.html")[1]))
        assert page and 'class="publisher-problems"' in page
        index = _get(server.url)[1]
        assert 'href="/demo/en.html"' in index
        assert _get(server.url + "nothing/en.html")[0] == 404
    finally:
        server.stop()


@pytest.mark.slow
def test_serve_renders_the_pdf_on_request(tmp_path):
    from publisher.authoring.serve import Server

    root = make_project(tmp_path, {"en": EN})
    server = Server(load_project(root), port=0).start()
    try:
        with urllib.request.urlopen(server.url + "demo/en.pdf", timeout=60) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.read(5) == b"%PDF-"
    finally:
        server.stop()


def test_pre_commit_hook_and_editor_schemas_are_declared():
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hooks[0]["id"] == "publisher-validate"
    assert hooks[0]["entry"].startswith("publisher validate")
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))
    assert "schemas/case.schema.json" in settings["yaml.schemas"]
    workflow = (REPO / "docs" / "examples" / "publish-workflow.yml").read_text("utf-8")
    assert "publisher validate --format github" in workflow and "build/site" in workflow


# --- the scaffold speaks the author's language -------------------------------------------

NINE = REPO / "tests" / "projects" / "nine-languages"
SCRIPTS = {"en": "LATIN", "ru": "CYRILLIC", "kk": "CYRILLIC", "ky": "CYRILLIC", "az": "LATIN",
           "uz": "LATIN", "hy": "ARMENIAN", "ka": "GEORGIAN", "et": "LATIN"}


def _letters_script(text: str) -> set[str]:
    import unicodedata

    return {unicodedata.name(c).split()[0] for c in text if c.isalpha()}


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_new_writes_guidance_and_placeholders_in_the_editions_language(tmp_path, lang):
    from publisher.authoring.scaffold import scaffold_text

    root = tmp_path / "nine"
    shutil.copytree(NINE, root)
    shutil.copytree(REPO / "styles", root / "styles")
    result = cli("new", "case", "fresh", "--lang", lang, cwd=root)
    assert result.exit_code == 0, result.output
    assert " error " not in result.stderr
    folder = root / "cases" / "fresh"
    edition = (folder / f"{lang}.md").read_text("utf-8")
    case_yaml = (folder / "case.yaml").read_text("utf-8")
    text = scaffold_text(lang)
    english = scaffold_text("en")
    assert f"TODO: {text['section_context']}" in edition
    assert f'title: "TODO: {text["title"]}"' in edition and text["tip_figures"] in edition
    assert f"# {text['metadata']}" in case_yaml and f'agency: "TODO: {text["agency"]}"' in case_yaml
    if lang != "en":
        assert english["section_context"] not in edition and "How to write" not in edition
        assert english["agency"] not in case_yaml
    # the guidance and the placeholders are in the language's script
    guidance = [line.removeprefix("TODO: ") for line in edition.splitlines()
                if line.startswith("TODO: ")]
    assert len(guidance) == 6
    for line in guidance:
        assert _letters_script(line) == {SCRIPTS[lang]} | ({"MODIFIER"} if lang == "uz" and
                                                            "\u02bb" in line else set()), line
    # every placeholder is still found, and nothing else is wrong
    todo = json.loads(run("validate", "fresh", "--format", "json", cwd=root).stdout)[
        "diagnostics"]
    assert {d["code"] for d in todo} == {"PUB120"}
    assert sum(d["path"].endswith(f"{lang}.md") for d in todo) == 10


def test_every_scaffold_text_has_all_nine_languages():
    from publisher.i18n.strings import available_languages, scaffold_texts

    for key, texts in scaffold_texts().items():
        assert set(texts) == set(available_languages()), key
        assert all("TODO" not in t for t in texts.values() if key != "tip_todo"), key


def test_a_problem_is_marked_in_front_of_the_block_it_is_in():
    from publisher.authoring.problems import mark_places

    body = "\n".join([
        "## Intro {#intro}",      # 0
        "",
        "First line of a",        # 2
        "paragraph [x](#no).",    # 3
        "",
        "```",                    # 5
        "code",
        "",
        "more code [^9]",         # 8
        "```",
        "",
        "- item",                 # 11
        "",
        "  continued [y](#no).",  # 13
    ])
    assert mark_places(body, [0, 3, 8, 13]) == {0: 0, 3: 2, 8: 5, 13: 13}


def test_the_preview_marks_a_problem_inside_a_list_item_without_breaking_the_list(tmp_path):
    from publisher.authoring.preview import Preview

    text = EN.replace("Text.[^1]", "- one\n\n  two [x](#nowhere)\n- three[^1]")
    preview = Preview(load_project(make_project(tmp_path, {"en": text})))
    try:
        page = preview.page("demo", "en").decode("utf-8")
    finally:
        preview.close()
    items = re.findall(r"<li>(.*?)</li>", page.split('<div class="body">', 1)[1], re.S)
    assert len(items) == 2 and 'class="publisher-mark error"' in items[0], items
    assert "PUB215" in items[0] and "three" in items[1]


def test_serve_previews_the_alliance_pages_like_the_site(tmp_path):
    """Members, events (with their calendars) and the action plan, written by the site's own
    code; the publications they link to open in the preview; a change reloads them, and a
    records problem is shown in the page."""
    import urllib.parse

    from test_records import edit, records_project

    from publisher.authoring.serve import Server

    root = records_project(tmp_path / "project")
    server = Server(load_project(root), port=0).start()
    try:
        index = _get(server.url)[1]
        assert 'href="/en/alliance/"' in index and 'href="/ru/alliance/plan/"' in index
        status, page = _get(server.url + "en/alliance/")
        assert status == 200 and "e-Governance Academy" in page and "Hidden Person" not in page
        assert 'fetch("/__version"' in page and 'http-equiv="Content-Security-Policy"' not in page
        status, page = _get(server.url + "ru/alliance/events/")
        assert status == 200 and "Семинар в Ташкенте" in page
        status, page = _get(server.url + "en/alliance/events/tashkent/")
        assert status == 200 and "Country presentations." in page
        # the event links to the publication it produced: the preview's edition page
        href = re.search(r'href="([^"]*demo/index\.html)"', page).group(1)
        address = urllib.parse.urljoin(server.url + "en/alliance/events/tashkent/", href)
        with urllib.request.urlopen(address, timeout=30) as response:
            assert response.url == server.url + "demo/en.html"
        with urllib.request.urlopen(server.url + "en/alliance/events/tashkent/tashkent.ics",
                                    timeout=30) as response:
            assert response.headers["Content-Type"].startswith("text/calendar")
            assert b"DTSTART;TZID=Asia/Tashkent:20190530T093000" in response.read()
        status, css = _get(server.url + "assets/alliance.css")
        assert status == 200 and "{" in css
        with urllib.request.urlopen(server.url + "en/alliance", timeout=30) as response:
            assert response.url == server.url + "en/alliance/"  # a folder gets its slash
        status, page = _get(server.url + "en/alliance/plan/")
        assert status == 200 and "Test plan" in page and "<svg" in page
        assert _get(server.url + "en/alliance/events/nothing/")[0] == 404
        assert _get(server.url + "en/alliance/..%2F..%2F..%2Fpublisher.yaml")[0] == 404
        assert _get(server.url + "en/alliance/events/tashkent/programme.txt")[0] == 200
        version = _get(server.url + "__version")[1]
        edit(root, "action-plan.yaml", "Test plan", "Renamed plan")
        assert _until(lambda: _get(server.url + "__version")[1] != version)
        assert "Renamed plan" in _until(lambda: (lambda p: p if "Renamed plan" in p else None)(
            _get(server.url + "en/alliance/plan/")[1]))
        edit(root, "events/tashkent/event.yaml", "host: uz-apa", "host: uz-apx")
        page = _until(lambda: (lambda p: p if "PUB901" in p else None)(
            _get(server.url + "en/alliance/events/")[1]))
        assert page and 'class="publisher-problems"' in page and "uz-apx" in page
    finally:
        server.stop()
