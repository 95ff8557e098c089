"""End to end: one edition in each of the nine languages, built to PDF, DOCX and HTML.

Checks that every script is drawn by the brand's faces (no missing glyph, no
fallback font), that the language is right everywhere (document, mixed-language
spans, quotation marks) and that the language switcher links the siblings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from html import unescape

import pikepdf
import pytest

from conftest import REPO, headings_of, norm, pdf_text, run
from publisher.render._docx_styles import word_language
from publisher.load.project import load_editions, load_project
from publisher.i18n.typography import quotes_for

PROJECT = REPO / "tests" / "projects" / "nine-languages"
SLUG = "shared-services"
LANGS = ("en", "ru", "az", "hy", "ka", "kk", "ky", "uz", "et")
SCRIPT_FACE = {"hy": "Armenian", "ka": "Georgian"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("nine") / "project"
    shutil.copytree(PROJECT, root)
    shutil.copytree(REPO / "styles", root / "styles")
    result = run("build", "--json", "--to", "pdf,docx,html", cwd=root)
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    return root, manifest


def source(lang: str) -> str:
    return (PROJECT / "cases" / SLUG / f"{lang}.md").read_text("utf-8")


def edition(lang: str):
    editions, _ = load_editions(load_project(PROJECT), (SLUG,), (lang,))
    return editions[0]


def quoted_phrase(lang: str) -> str:
    """The phrase the author put in straight quotes, with the language's marks."""
    phrase = re.search(r'"([^"]+)"', source(lang).split("---", 2)[2]).group(1)
    (open_, close), _ = quotes_for(lang)
    return f"{open_}{phrase}{close}"


def mixed(lang: str) -> tuple[str, str]:
    """The text of the edition's span in another language, and that language."""
    match = re.search(r"\[([^\]]+)\]\{lang=(\w+)\}", source(lang))
    return match.group(1), match.group(2)


def output(root, lang: str, fmt: str):
    return root / "build" / SLUG / f"{SLUG}.{lang}.{fmt}"


def test_every_language_builds_to_every_format_without_missing_glyphs(built):
    root, manifest = built
    outputs = manifest["outputs"]
    assert len(outputs) == 27
    assert {(o["lang"], o["format"]) for o in outputs if o["status"] == "built"} == {
        (lang, fmt) for lang in LANGS for fmt in ("pdf", "docx", "html")}
    codes = [d["code"] for o in outputs for d in o["diagnostics"]]
    assert "PUB601" not in codes


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_language_and_fonts(built, lang):
    root, _ = built
    path = output(root, lang, "pdf")
    text = pdf_text(path)
    # undo hyphenation at line ends before comparing with the source
    flat = re.sub(r"[\u00ad\u2010-]\n", "", text)
    flat = norm(flat)
    assert norm(edition(lang).title) in flat
    for heading in headings_of(PROJECT / "cases" / SLUG / f"{lang}.md"):
        assert norm(heading) in flat
    assert quoted_phrase(lang) in re.sub(r"\s+", " ", re.sub(r"[\u00ad\u2010-]\n", "",
                                                             text)).replace("\u00ad", "")
    span_text, _ = mixed(lang)
    assert norm(span_text) in flat
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all("Noto" in row for row in fonts), fonts
    if lang in SCRIPT_FACE:
        assert any(SCRIPT_FACE[lang] in row for row in fonts)
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == lang
        assert _tagged_langs(pdf) == {mixed(lang)[1]}


def _tagged_langs(pdf: pikepdf.Pdf) -> set[str]:
    """The languages other than the document's, on structure elements or on the marked
    content they own (PDF 1.7, 14.9.2: either carries /Lang)."""
    found = _struct_langs(pdf.Root.StructTreeRoot)
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                if "/Lang" in operands[1]:
                    found.add(str(operands[1].Lang))
    return found - {str(pdf.Root.Lang)}


def _struct_langs(node) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Dictionary):
            if "/Lang" in item and "/S" in item:
                found.add(str(item.Lang))
            kids = item.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(kids)
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
    return found


def test_pdf_hyphenates_the_narrow_languages(built):
    """The body is justified and hyphenated: each language shows breaks at line ends."""
    root, _ = built
    hyphenated = [lang for lang in LANGS
                  if re.search(r"\w\u00ad*[\u00ad\u2010-]\n", pdf_text(output(root, lang, "pdf")))]
    assert len(hyphenated) >= 6, hyphenated


@pytest.mark.parametrize("lang", LANGS)
def test_html_language_quotes_spans_and_switcher(built, lang):
    root, _ = built
    html = output(root, lang, "html").read_text("utf-8")
    assert f'<html lang="{lang}">' in html
    span_text, span_lang = mixed(lang)
    assert f'<span lang="{span_lang}">{span_text}</span>' in html
    assert quoted_phrase(lang) in unescape(html)
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav)
    assert [other for _, other in links] == [other for other in LANGS if other != lang]
    for href, other in links:
        assert href == f"{SLUG}.{other}.html"  # the top of the sibling without JavaScript
        assert output(root, other, "html").is_file()
    assert f'<span lang="{lang}" aria-current="page">' in nav
    for section in ("intro", "lessons"):
        assert f'id="{section}"' in html  # the same ids in every language


@pytest.mark.parametrize("lang", LANGS)
def test_docx_language_of_runs_and_quotes(built, lang):
    root, _ = built
    with zipfile.ZipFile(output(root, lang, "docx")) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        styles = docx.read("word/styles.xml").decode("utf-8")
    assert f'w:val="{word_language(lang)}"' in re.search(
        r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
    span_text, span_lang = mixed(lang)
    run_xml = re.search(r"<w:r>(?:(?!</w:r>).)*?" + re.escape(span_text.split()[0]),
                        document, re.S).group(0)
    assert f'<w:lang w:val="{word_language(span_lang)}"/>' in run_xml
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", document))
    assert quoted_phrase(lang) in unescape(text)


def _chromium_dom(url: str) -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is a test dependency (DEBIAN_TEST_PACKAGES)"
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                           "--dump-dom", url], capture_output=True, text=True, timeout=120,
                          check=True).stdout


@pytest.mark.browser
def test_the_switcher_script_keeps_the_readers_section(built):
    root, _ = built
    page = output(root, "kk", "html").as_uri()
    dom = _chromium_dom(page + "#lessons")
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', dom)
    assert len(links) == 8
    assert all(href == f"{SLUG}.{lang}.html#lessons" for href, lang in links)
    dom = _chromium_dom(page)  # at the top of the page: no section in view yet
    assert all(href == f"{SLUG}.{lang}.html"
               for href, lang in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', dom))
