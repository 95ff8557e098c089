"""DOCX editions: brand styles, cover, contents, header and footer, language, accessibility,
reproducibility, and a real LibreOffice opening every part of it."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import REPO, make_project, norm, pdf_text, run, write
from publisher.core import pandoc
from publisher.load.brand import load_brand
from publisher.render import docx as docx_renderer
from publisher.render._docx_package import check_package
from publisher.render._docx_styles import build_reference, word_language

CASE_YAML = """
type: case-study
country: AZ
agency: Test agency
authors:
  - name: Test Author
  - name: Second Author
date: 2024-03-15
license: CC-BY-4.0
source_language: en
isbn: 978-92-64-00000-1
doi: 10.1787/test-case
partners:
  - media/partner.svg
"""

EN = """---
title: Digital services in practice
subtitle: Lessons from one-stop shops
short_title: Digital services
summary: How one-stop shops changed the way citizens meet the state.
keywords: [one-stop shop, e-government]
---

## Context {#context}

Body text with a Russian phrase [электронное правительство]{lang=ru} and a note.[^n]

### Details {#details}

![A timeline of the reform](media/timeline.svg){#fig-timeline}

| Channel | Role |
|---|---|
| Centres | Front office |
| Portal | Self-service |

Table: Channels and roles

```python
print("hello")
```

## Results {#results}

> A quoted lesson.

[^n]: The footnote text about service centres.
"""

RU = """---
title: Цифровые услуги на практике
subtitle: Уроки центров одного окна
translated_from: en
---

## Контекст {#context}

Текст с английским словом [one-stop shop]{lang=en} и сноской.[^n]

### Подробности {#details}

![Хронология реформы](media/timeline.svg){#fig-timeline}

| Канал | Роль |
|---|---|
| Центры | Фронт-офис |

Table: Каналы и их роли

## Результаты {#results}

Итоги.

[^n]: Текст сноски о центрах обслуживания.
"""

HY = """---
title: Թվային ծառայություններ
---

## Համատեքստ {#context}

Հայաստան 2024.
"""

PARTNER_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60"
  width="200" height="60">
  <title>Partner Agency</title>
  <rect x="5" y="5" width="190" height="50" fill="#884400"/>
</svg>
"""

SLUG = "demo"


def _project(root: Path, case_yaml: str = CASE_YAML) -> Path:
    make_project(root, {"en": EN, "ru": RU, "hy": HY}, case_yaml=case_yaml, slug=SLUG)
    media = root / "cases" / SLUG / "media"
    media.mkdir(exist_ok=True)
    shutil.copy(REPO / "cases" / "azerbaijan-smart-government" / "media" /
                "service-timeline.svg", media / "timeline.svg")
    write(media / "partner.svg", PARTNER_SVG)
    return root


def _build(root: Path, *extra: str):
    return run("build", "--to", "docx", "--json", *extra, cwd=root)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("docx"))
    result = _build(root)
    assert result.exit_code == 0, result.output
    return root


def out(root: Path, lang: str) -> Path:
    return root / "build" / SLUG / f"{SLUG}.{lang}.docx"


def part(path: Path, name: str):
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def body_blocks(document) -> list:
    return [el for el in document.element.body if el.tag != qn("w:sectPr")]


def style_id(el) -> str:
    found = el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if found is None else found.get(qn("w:val"))


def breaks_page(el) -> bool:
    return el.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None


def texts(el) -> str:
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def instructions(el) -> list[str]:
    return [t.text.strip() for t in el.iter(qn("w:instrText"))]


# --- the reference document ----------------------------------------------------------------

ALL_CONSTRUCTS = """---
title: T
subtitle: S
author: [A]
date: D
abstract: An abstract.
---
# H1
## H2
### H3
#### H4
##### H5
###### H6

First [link](https://example.org) `code` note[^1].

Second paragraph.

> Block quote.

- a
- b

Term
: Definition

```python
x = 1
```

![Caption](fig.png)

| a | b |
|---|---|
| 1 | 2 |

: Table caption

[^1]: Note.
"""


@pytest.fixture(scope="module")
def reference() -> docx.Document:
    brand = load_brand(REPO / "styles" / "brand.yaml")
    return docx.Document(io.BytesIO(build_reference(brand, "en")))


def test_reference_keeps_every_style_of_pandocs_reference(reference):
    default = docx.Document(io.BytesIO(
        pandoc.run(["--print-default-data-file", "reference.docx"], b"")))
    ours = {s.name for s in reference.styles}
    assert {s.name for s in default.styles} <= ours
    named_in_the_brief = {
        "Title", "Subtitle", "Author", "Date", "Abstract", "Body Text", "First Paragraph",
        "Compact", "Block Text", "Footnote Text", "Caption", "Image Caption", "Table Caption",
        "Table", "Hyperlink", "Source Code", *(f"Heading {n}" for n in range(1, 7))}
    assert named_in_the_brief <= ours


def test_every_style_pandoc_emits_is_defined(tmp_path, reference):
    """Convert a document with every construct: each style it uses is in the reference."""
    (tmp_path / "fig.png").write_bytes(
        subprocess.run(["rsvg-convert", "-f", "png"], input=PARTNER_SVG.encode(),
                       capture_output=True, check=True).stdout)
    (tmp_path / "ref.docx").write_bytes(build_reference(
        load_brand(REPO / "styles" / "brand.yaml"), "en"))
    data = pandoc.run(["-f", "markdown", "-t", "docx", "--reference-doc", "ref.docx",
                       "--highlight-style", "pygments", "-o", "-"],
                      ALL_CONSTRUCTS.encode(), cwd=tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        used = set()
        for name in ("word/document.xml", "word/footnotes.xml"):
            used |= set(re.findall(r'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"',
                                   package.read(name).decode()))
    defined = {s.style_id for s in reference.styles}
    token_styles = {s for s in used if s.endswith("Tok")}  # pandoc adds these per highlighting
    assert used - token_styles <= defined, used - token_styles - defined
    assert {"Heading1", "Heading6", "Abstract", "BlockText", "SourceCode", "Definition",
            "ImageCaption", "TableCaption", "FootnoteText", "Hyperlink"} <= used


def fonts_of(style) -> dict[str, str]:
    found = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return {k.split("}")[1]: v for k, v in found.attrib.items()}


def test_reference_uses_brand_fonts_and_colors(reference):
    brand = load_brand(REPO / "styles" / "brand.yaml")
    serif, sans = brand.fonts["serif"][0], brand.fonts["sans"][0]
    assert fonts_of(reference.styles["Normal"]) == dict.fromkeys(
        ("ascii", "hAnsi", "cs", "eastAsia"), serif)
    assert fonts_of(reference.styles["Heading 2"])["ascii"] == sans
    assert fonts_of(reference.styles["Source Code"])["ascii"] == brand.fonts["mono"][0]
    primary = brand.colors["primary"].lstrip("#").upper()
    assert str(reference.styles["Heading 2"].font.color.rgb) == primary
    assert str(reference.styles["Hyperlink"].font.color.rgb) == primary
    # no theme font overrides the brand face anywhere
    assert b"asciiTheme" not in reference.styles.element.xml.encode()


def test_armenian_and_georgian_keep_latin_digits(tmp_path):
    brand = load_brand(REPO / "styles" / "brand.yaml")
    for lang, script in (("hy", "Armenian"), ("ka", "Georgian")):
        reference = docx.Document(io.BytesIO(build_reference(brand, lang)))
        normal = fonts_of(reference.styles["Normal"])
        assert normal["hAnsi"] == f"Noto Serif {script}"
        assert normal["ascii"] == "Noto Serif"  # the script face has no digits or Latin
        assert fonts_of(reference.styles["Heading 2"])["hAnsi"] == f"Noto Sans {script}"


@pytest.mark.parametrize("lang,tag", [("en", "en-US"), ("ru", "ru-RU"), ("uz", "uz-Latn-UZ"),
                                      ("az", "az-Latn-AZ"), ("kk", "kk-KZ"), ("hy", "hy-AM"),
                                      ("ka", "ka-GE"), ("ky", "ky-KG"), ("et", "et-EE"),
                                      ("en-GB", "en-GB")])
def test_word_language_tags(lang, tag):
    assert word_language(lang) == tag


# --- the edition --------------------------------------------------------------------------

def test_cover_then_inside_cover_then_contents(built):
    document = docx.Document(str(out(built, "en")))
    blocks = body_blocks(document)
    styles = [style_id(el) for el in blocks[:8]]
    assert styles == ["CoverLogos", "CoverSeries", "Title", "Subtitle", "Author", "Author",
                      "CoverCountry", "Date"]
    assert [texts(el) for el in blocks[1:8]] == [
        "Case studies in e-government", "Digital services in practice",
        "Lessons from one-stop shops", "Test Author", "Second Author", "Azerbaijan",
        "March 15, 2024"]
    logos = blocks[0].findall(f".//{qn('wp:docPr')}")
    assert [d.get("descr") for d in logos] == ["Civil Service Hub", "Partner Agency"]
    # a page break, then the inside cover
    inside = blocks[8]
    assert style_id(inside) == "InsideCover" and breaks_page(inside)
    assert not any(breaks_page(el) for el in blocks[:8])
    inside_text = [texts(el) for el in blocks[8:] if style_id(el).startswith("InsideCover")]
    assert inside_text[0] == "\u00a9 2024 Civil Service Hub"
    assert any("Creative Commons" in t for t in inside_text)
    assert "Cite as" in inside_text
    assert ("Test Author, Second Author (2024). Digital services in practice: Lessons from "
            "one-stop shops. Case studies in e-government. Civil Service Hub. "
            "https://doi.org/10.1787/test-case") in inside_text
    assert "ISBN 978-92-64-00000-1" in inside_text and "DOI 10.1787/test-case" in inside_text


def test_table_of_contents_field(built):
    document = docx.Document(str(out(built, "en")))
    sdt = document.element.body.find(qn("w:sdt"))
    gallery = sdt.find(f".//{qn('w:docPartGallery')}")
    assert gallery.get(qn("w:val")) == "Table of Contents"
    # each entry's page number is a field on the heading's bookmark, refreshed on opening
    assert instructions(sdt) == ["PAGEREF context \\h", "PAGEREF details \\h",
                                 "PAGEREF results \\h"]
    assert {f.get(qn("w:dirty")) for f in sdt.iter(qn("w:fldChar"))
            if f.get(qn("w:fldCharType")) == "begin"} == {"true"}
    paragraphs = sdt.findall(f".//{qn('w:p')}")
    assert texts(paragraphs[0]) == "Contents" and breaks_page(paragraphs[0])
    entries = [(style_id(p), texts(p)) for p in paragraphs[1:] if texts(p)]
    assert entries == [("TOC2", "Context"), ("TOC3", "Details"), ("TOC2", "Results")]
    anchors = [h.get(qn("w:anchor")) for h in sdt.iter(qn("w:hyperlink"))]
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors == ["context", "details", "results"] and set(anchors) <= bookmarks
    # the body starts on a new page
    first = next(el for el in sdt.itersiblings() if el.tag == qn("w:p"))
    assert style_id(first) == "Heading2" and breaks_page(first)


def test_header_and_localized_page_x_of_y_footer(built):
    for lang, words in (("en", ["Page ", " of "]), ("ru", ["Страница ", " из "])):
        section = docx.Document(str(out(built, lang))).sections[0]
        assert section.different_first_page_header_footer
        title = "Digital services" if lang == "en" else "Цифровые услуги на практике"
        assert [p.text for p in section.header.paragraphs] == [title]
        footer = section.footer.paragraphs[0]
        assert instructions(footer._p) == ["PAGE", "NUMPAGES"]
        assert [t.text for t in footer._p.iter(qn("w:t"))] == [words[0], "1", words[1], "1"]
        assert footer.style.name == "Footer"  # python-docx shows Word's "footer" so
        # the cover has neither
        assert not section.first_page_header.paragraphs[0].text
        assert not instructions(section.first_page_footer._element)
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_core_properties(built):
    props = docx.Document(str(out(built, "en"))).core_properties
    assert props.title == "Digital services in practice"
    assert props.subject == "Lessons from one-stop shops"
    assert props.author == "Test Author; Second Author"
    assert props.last_modified_by == "Civil Service Hub"
    assert props.keywords == "one-stop shop, e-government"
    assert props.language == "en"
    assert props.category == "Case studies in e-government"
    assert props.identifier == "https://doi.org/10.1787/test-case"
    assert props.created.isoformat() == props.modified.isoformat() == "2024-03-15T00:00:00+00:00"
    assert "python-docx" not in (props.author, props.last_modified_by, props.comments)


def test_language_on_defaults_and_on_marked_spans(built):
    for lang, tag, other, span in (("en", "en-US", "ru-RU", "электронное правительство"),
                                   ("ru", "ru-RU", "en-US", "one-stop shop")):
        path = out(built, lang)
        defaults = part(path, "word/styles.xml").find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        assert defaults.get(qn("w:val")) == tag and defaults.get(qn("w:eastAsia")) == tag
        runs = docx.Document(str(path)).element.body.iter(qn("w:r"))
        marked = [texts(r) for r in runs
                  if r.find(f"{qn('w:rPr')}/{qn('w:lang')}") is not None
                  and r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == other]
        assert marked == [span]


def test_figures_keep_alt_text_and_get_a_sharp_png(built):
    path = out(built, "en")
    document = docx.Document(str(path))
    figure = [d for d in document.element.body.iter(qn("wp:docPr")) if d.get("name") == "Picture"]
    assert [d.get("descr") for d in figure] == ["A timeline of the reform"]
    blip = next(b for b in document.element.body.iter(qn("a:blip"))
                if b.find(".//{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip")
                is not None)
    png = document.part.related_parts[blip.get(qn("r:embed"))]
    assert png.content_type == "image/png"
    width = int.from_bytes(png.blob[16:20], "big")
    assert width >= 1200  # pandoc draws 800 px (96 dpi); 14 cm at 220 dpi is 1200 px
    caption = next(p for p in document.paragraphs if p.style.name == "Image Caption")
    assert caption.text == "Figure 1. A timeline of the reform"


def test_tables_repeat_their_header_row(built):
    document = docx.Document(str(out(built, "en")))
    (table,) = document.tables
    first, *rest = table._tbl.tr_lst
    assert first.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.trPr is None or r.trPr.find(qn("w:tblHeader")) is None for r in rest)
    assert [c.text for c in table.rows[0].cells] == ["Channel", "Role"]
    caption = next(p for p in document.paragraphs if p.style.name == "Table Caption")
    assert caption.text == "Table 1. Channels and roles"


def test_captions_are_localized(built):
    document = docx.Document(str(out(built, "ru")))
    captions = {p.style.name: p.text for p in document.paragraphs
                if p.style.name in ("Image Caption", "Table Caption")}
    assert captions == {"Image Caption": "Рисунок 1. Хронология реформы",
                        "Table Caption": "Таблица 1. Каналы и их роли"}


def test_footnotes_are_word_footnotes(built):
    path = out(built, "en")
    notes = part(path, "word/footnotes.xml")
    texts_by_id = {n.get(qn("w:id")): texts(n) for n in notes.iter(qn("w:footnote"))}
    refs = [r.get(qn("w:id")) for r in docx.Document(str(path)).element.body.iter(
        qn("w:footnoteReference"))]
    assert len(refs) == 1
    assert texts_by_id[refs[0]].strip() == "The footnote text about service centres."


def test_every_edition_passes_the_package_check(built):
    for lang in ("en", "ru", "hy"):
        assert check_package(out(built, lang).read_bytes()) == []


# --- reproducible ----------------------------------------------------------------------------

def test_rebuild_is_byte_identical(built, tmp_path):
    first = out(built, "en").read_bytes()
    other = _project(tmp_path / "elsewhere")  # another folder, another cache
    assert _build(other, "--lang", "en").exit_code == 0
    assert out(other, "en").read_bytes() == first
    assert _build(built, "--lang", "en", "--force").exit_code == 0
    assert out(built, "en").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        names = package.namelist()
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert names[2:] == sorted(names[2:])
        assert {i.date_time for i in package.infolist()} == {(2024, 3, 15, 0, 0, 0)}


def test_source_date_epoch_sets_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    root = _project(tmp_path)
    assert _build(root, "--lang", "en").exit_code == 0
    path = out(root, "en")
    with zipfile.ZipFile(path) as package:
        assert {i.date_time for i in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    props = docx.Document(str(path)).core_properties
    assert props.modified.isoformat() == "2023-11-14T22:13:20+00:00"


def test_bad_source_date_epoch_warns_and_stamps_the_editions_date(tmp_path, monkeypatch):
    # the same rule as the PDF's (PUB404), read in one place
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")
    root = _project(tmp_path)
    result = _build(root, "--lang", "en")
    assert result.exit_code == 0, result.output
    [warned] = [d for o in json.loads(result.stdout)["outputs"] for d in o["diagnostics"]
                if d["code"] == "PUB404"]
    assert "`last tuesday`" in warned["message"] and warned["severity"] == "warning"
    with zipfile.ZipFile(out(root, "en")) as package:
        assert {i.date_time for i in package.infolist()} == {(2024, 3, 15, 0, 0, 0)}
    props = docx.Document(str(out(root, "en"))).core_properties
    assert props.modified.isoformat() == "2024-03-15T00:00:00+00:00"


# --- LibreOffice ------------------------------------------------------------------------------

def libreoffice_pdf(source: Path, folder: Path) -> tuple[Path, str, str]:
    """Convert with the DOCX import filter forced, in a private profile."""
    profile = folder / "profile"
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--infilter=MS Word 2007 XML", "--convert-to", "pdf", "--outdir", str(folder),
         str(source)], capture_output=True, text=True, timeout=180)
    return folder / f"{source.stem}.pdf", proc.stdout, proc.stderr


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["en", "hy"])
def test_libreoffice_opens_the_edition(built, tmp_path, lang):
    pdf, stdout, stderr = libreoffice_pdf(out(built, lang), tmp_path)
    problems = [line for line in stderr.splitlines() if "javaldx" not in line and line.strip()]
    assert problems == [], stderr
    assert "using filter : writer_pdf_Export" in stdout, stdout
    text = norm(pdf_text(pdf))
    if lang == "en":
        for needle in ("Digital services in practice", "Case studies in e-government",
                       "Context", "Details", "Results", "The footnote text about service centres",
                       "Figure 1. A timeline of the reform", "Cite as", "Page 2 of"):
            # a line that breaks after the hyphen of "e-government" is read back without it
            assert needle in text or needle.replace("-", "") in text, needle
        assert "Page 1 of" not in text  # the cover has no footer
    else:
        for needle in ("Թվային ծառայություններ", "Համատեքստ", "Հայաստան 2024"):
            assert needle in text, needle


@pytest.mark.libreoffice
def test_libreoffice_signal_catches_a_broken_package(built, tmp_path):
    """The check above can fail: a package LibreOffice cannot load is reported on stderr."""
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(out(built, "en")) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><w:p>", 1)
            target.writestr(name, data)
    pdf, stdout, stderr = libreoffice_pdf(broken, tmp_path)
    assert "Error" in stderr and not pdf.exists()
    assert check_package(broken.read_bytes())


# --- the package check ------------------------------------------------------------------------

def _rewrite(data: bytes, name: str, change) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.namelist():
            content = source.read(entry)
            if entry == name:
                content = change(content)
            if content is not None:
                target.writestr(entry, content)
    return buffer.getvalue()


@pytest.mark.parametrize("name,change,expected", [
    ("word/document.xml", lambda b: b.replace(b'w:val="Heading2"', b'w:val="Nope"', 1),
     "undefined style `Nope`"),
    ("word/document.xml", lambda b: b.replace(b"</w:body>", b"", 1), "not well-formed"),
    ("word/styles.xml", lambda b: None, "missing"),
    ("word/document.xml", lambda b: re.sub(rb'(<wp:docPr id=")\d+', rb"\g<1>7", b),
     "drawing id 7 is used twice"),
    ("word/footnotes.xml", lambda b: re.sub(rb'<w:footnote w:id="[1-9]\d*".*?</w:footnote>',
                                            b"", b, flags=re.S), "referenced but not defined"),
    ("[Content_Types].xml", lambda b: re.sub(rb'<Default Extension="png"[^>]*/>', b"", b),
     "has no content type"),
])
def test_package_check_finds_what_word_would_repair(built, name, change, expected):
    data = out(built, "en").read_bytes()
    problems = check_package(_rewrite(data, name, change))
    assert any(expected in p for p in problems), problems


def test_package_check_finds_a_damaged_zip(built):
    data = bytearray(out(built, "en").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        info = package.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start] ^= 0xFF
    assert check_package(bytes(data))


# --- diagnostics -------------------------------------------------------------------------------

def test_missing_partner_logo_is_reported_and_keeps_the_last_edition(tmp_path):
    root = _project(tmp_path)
    assert _build(root, "--lang", "en").exit_code == 0
    before = out(root, "en").read_bytes()
    case = root / "cases" / SLUG / "case.yaml"
    case.write_text(case.read_text("utf-8").replace("media/partner.svg", "media/nope.svg"),
                    "utf-8")
    result = _build(root, "--lang", "en")
    assert result.exit_code == 1
    (problem,) = [d for o in json.loads(result.stdout)["outputs"] for d in o["diagnostics"]]
    line = case.read_text("utf-8").splitlines().index("  - media/nope.svg") + 1
    # the build's case checks (those of `validate`) find it before the DOCX is rendered
    assert (problem["code"], problem["line"], problem["column"]) == ("PUB401", line, 5)
    assert problem["path"].endswith("case.yaml")
    assert out(root, "en").read_bytes() == before


@pytest.mark.parametrize("partner,message", [("../../styles/hub-logo.svg", "outside"),
                                             ("en.md", "not an SVG")])
def test_partner_logo_outside_or_not_an_image(tmp_path, partner, message):
    root = _project(tmp_path, CASE_YAML.replace("media/partner.svg", partner))
    result = _build(root, "--lang", "en")
    assert result.exit_code == 1
    (problem,) = [d for o in json.loads(result.stdout)["outputs"] for d in o["diagnostics"]]
    assert problem["code"] == "PUB401" and message in problem["message"]  # the case check


def test_without_rsvg_convert_the_edition_is_built_with_a_warning(tmp_path, monkeypatch):
    root = _project(tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = _build(root, "--lang", "en")
    assert result.exit_code == 0, result.output
    (problem,) = [d for o in json.loads(result.stdout)["outputs"] for d in o["diagnostics"]]
    assert (problem["code"], problem["severity"]) == ("PUB502", "warning")
    assert "librsvg2-bin" in problem["hint"]
    document = docx.Document(str(out(root, "en")))
    assert [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))] == [
        "A timeline of the reform"]  # the figure stays (SVG only); the cover logos are left out


def test_a_package_that_fails_the_check_is_not_written(tmp_path, monkeypatch):
    root = _project(tmp_path)
    assert _build(root, "--lang", "en").exit_code == 0
    before = out(root, "en").read_bytes()
    real = docx_renderer.reproducible_zip

    def dropping_styles(data, stamp, replace=None):
        return _rewrite(real(data, stamp, replace), "word/styles.xml", lambda b: None)

    monkeypatch.setattr(docx_renderer, "reproducible_zip", dropping_styles)
    result = _build(root, "--lang", "en", "--force")
    assert result.exit_code == 1
    (problem,) = [d for o in json.loads(result.stdout)["outputs"] for d in o["diagnostics"]]
    assert problem["code"] == "PUB503" and "styles.xml" in problem["message"]
    assert out(root, "en").read_bytes() == before


def test_long_summary_fits_the_core_properties(tmp_path):
    from conftest import make_project

    summary = "A long summary sentence that keeps going. " * 15
    root = make_project(tmp_path, {"en": f'---\ntitle: Demo\nsummary: "{summary}"\n---\n\nText\n'})
    result = run("build", "--to", "docx", "--json", cwd=root)
    assert result.exit_code == 0, result.output
    props = docx.Document(str(root / "build" / "demo" / "demo.en.docx")).core_properties
    assert len(props.comments) <= 255 and props.comments.endswith("…")
    assert props.comments.startswith("A long summary sentence that keeps going. A long")


def test_image_inside_a_footnote_opens_cleanly(tmp_path):
    from conftest import make_project

    root = make_project(tmp_path, {"en": "---\ntitle: Demo\n---\n\nText.[^1]\n\n"
                                         "[^1]: A note with a picture.\n"
                                         "    ![A mark](media/mark.svg)\n"})
    write(root / "cases" / "demo" / "media" / "mark.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
          '<rect width="10" height="10"/></svg>')
    result = run("build", "--to", "docx", "--json", cwd=root)
    assert result.exit_code == 0, result.output
    path = root / "build" / "demo" / "demo.en.docx"
    assert check_package(path.read_bytes()) == []
    with zipfile.ZipFile(path) as package:
        used = set(re.findall(r'r:embed="([^"]+)"', package.read("word/footnotes.xml").decode()))
        rels = package.read("word/_rels/footnotes.xml.rels").decode()
    assert used and all(f'Id="{rid}"' in rels for rid in used)


# --- what LibreOffice draws: script faces, bullets, lettered lists, cover, contents ----------

LISTS = """---
title: Digital services in practice
subtitle: Lessons from one-stop shops
---

## Context {#context}

Text.

- one
  - two
    - three

a. alpha
b. beta

Then:

A.  Alpha
B.  Beta

And:

i. first
ii. second
iii. third

## Results {#results}

End.
"""

KA = """---
title: ციფრული სერვისები
subtitle: ერთი ფანჯრის ცენტრები
---

## კონტექსტი {#context}

საქართველო 2024 ტექსტი.

## შედეგები {#results}

დასკვნა.
"""

HY_TEXT = """---
title: Թվային ծառայություններ
subtitle: Մեկ պատուհանի կենտրոններ
---

## Համատեքստ {#context}

Հայաստան 2024 տեքստ։

## Արդյունքներ {#results}

Եզրակացություն։
"""

OFFICE_LANGS = ("en", "hy", "ka")


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """Editions with lists, in Armenian and in Georgian, built once."""
    root = tmp_path_factory.mktemp("office")
    make_project(root, {"en": LISTS, "hy": HY_TEXT, "ka": KA}, case_yaml=CASE_YAML.split(
        "partners:")[0], slug=SLUG)
    result = _build(root)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def office_pdfs(office, tmp_path_factory) -> dict[str, Path]:
    """The editions converted by LibreOffice, in one run."""
    folder = tmp_path_factory.mktemp("office-pdf")
    profile = folder / "profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--infilter=MS Word 2007 XML", "--convert-to", "pdf", "--outdir", str(folder),
         *(str(out(office, lang)) for lang in OFFICE_LANGS)],
        capture_output=True, text=True, timeout=300)
    return {lang: folder / f"{SLUG}.{lang}.pdf" for lang in OFFICE_LANGS}


def run_fonts(el) -> list[tuple[str, str]]:
    """(text, ascii face) of every run with text."""
    found = []
    for r in el.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.findall(qn("w:t")))
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if text:
            found.append((text, "" if fonts is None else fonts.get(qn("w:ascii"), "")))
    return found


@pytest.mark.parametrize("lang,script", [("hy", "Armenian"), ("ka", "Georgian")])
def test_script_letters_name_the_script_face_in_every_slot(office, lang, script):
    document = docx.Document(str(out(office, lang)))
    normal = fonts_of(document.styles["Normal"])  # the defaults keep Latin digits for Word
    assert normal["ascii"] == "Noto Serif" and normal["hAnsi"] == f"Noto Serif {script}"
    word = {"hy": "Հայաստան", "ka": "საქართველო"}[lang]
    body = next(p for p in document.paragraphs if p.text.startswith(word + " 2024"))
    pieces = run_fonts(body._element)
    assert pieces[0] == (word, f"Noto Serif {script}")  # the script's own face, ascii slot too
    assert (" 2024 ", "") in pieces  # digits stay in the Latin face of the style
    heading = next(p for p in document.paragraphs if p.style.name == "Heading 2")
    assert {face for _, face in run_fonts(heading._element)} == {f"Noto Sans {script}"}
    header = part(out(office, lang), "word/header1.xml")
    assert {face for text, face in run_fonts(header) if text.strip()} == {f"Noto Sans {script}"}


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang,script,word", [("hy", "Armenian", "Հայաստան"),
                                              ("ka", "Georgian", "საქართველო")])
def test_libreoffice_draws_armenian_and_georgian_in_the_brand_faces(office_pdfs, lang, script,
                                                                    word):
    from pdfinspect import text_by_font

    by_font = text_by_font(office_pdfs[lang])
    assert not [f for f in by_font if "DejaVu" in f], list(by_font)
    assert word in by_font[f"NotoSerif{script}-Regular"]
    assert "2024" in by_font["NotoSerif-Regular"]
    headings = by_font.get(f"NotoSans{script}-Regular", "") + by_font.get(
        f"NotoSans{script}-Bold", "")
    assert {"hy": "Համատեքստ", "ka": "კონტექსტი"}[lang] in headings


SPANS = """---
title: Neighbours
---

## Context {#context}

In Yerevan the word [Հայաստան]{lang=hy} and in Tbilisi [საქართველო]{lang=ka} open the page.

## Results {#results}

Done.
"""


@pytest.fixture(scope="module")
def spans(tmp_path_factory) -> Path:
    """An English edition with an Armenian and a Georgian span, built once."""
    root = tmp_path_factory.mktemp("spans")
    make_project(root, {"en": SPANS}, case_yaml=CASE_YAML.split("partners:")[0], slug=SLUG)
    result = _build(root)
    assert result.exit_code == 0, result.output
    return root


def test_armenian_and_georgian_spans_of_another_edition_name_their_scripts_face(spans):
    document = docx.Document(str(out(spans, "en")))
    body = next(p for p in document.paragraphs if p.text.startswith("In Yerevan"))
    pieces = dict(run_fonts(body._element))
    assert pieces["Հայաստան"] == "Noto Serif Armenian"
    assert pieces["საქართველო"] == "Noto Serif Georgian"
    assert pieces.get("In Yerevan the word ", "") in ("", "Noto Serif")  # Latin text stays


@pytest.mark.libreoffice
def test_libreoffice_draws_spans_of_other_scripts_in_the_brand_faces(spans, tmp_path):
    from pdfinspect import text_by_font

    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--infilter=MS Word 2007 XML", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(out(spans, "en"))], capture_output=True, text=True, timeout=300)
    by_font = text_by_font(tmp_path / f"{SLUG}.en.pdf")
    assert not [f for f in by_font if "DejaVu" in f], list(by_font)
    assert "Հայաստան" in by_font["NotoSerifArmenian-Regular"]
    assert "საქართველო" in by_font["NotoSerifGeorgian-Regular"]


def bullet_levels(path: Path) -> list[tuple[str, str, set[str]]]:
    numbering = part(path, "word/numbering.xml")
    levels = []
    for lvl in numbering.iter(qn("w:lvl")):
        if lvl.find(qn("w:numFmt")).get(qn("w:val")) != "bullet":
            continue
        fonts = lvl.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        faces = set() if fonts is None else {v for k, v in fonts.attrib.items()
                                              if not k.endswith("hint")}
        levels.append((lvl.get(qn("w:ilvl")), lvl.find(qn("w:lvlText")).get(qn("w:val")),
                       faces))
    return levels


def test_bullets_are_drawn_in_the_brand_face(office):
    levels = bullet_levels(out(office, "en"))
    drawn = [(level, text, faces) for level, text, faces in levels if text.strip()]
    assert drawn and all(faces == {"Noto Serif"} for _, _, faces in drawn), drawn
    assert [text for level, text, _ in drawn if level in "012"][:3] == ["\u2022", "\u2023",
                                                                        "\u2013"]


@pytest.mark.libreoffice
def test_libreoffice_pdf_has_only_brand_fonts(office_pdfs):
    from pdfinspect import text_by_font

    brand = load_brand(REPO / "styles" / "brand.yaml")
    faces = {f.replace(" ", "") for stack in brand.fonts.values() for f in stack}
    for lang, pdf in office_pdfs.items():
        by_font = text_by_font(pdf)
        outside = [f for f in by_font if f.split("-")[0] not in faces]
        assert outside == [], (lang, outside)
    bullets = text_by_font(office_pdfs["en"])["NotoSerif-Regular"]
    assert "\u2022" in bullets and "\u2023" in bullets and "\u2013" in bullets


def test_cover_title_block_is_spaced(office):
    document = docx.Document(str(out(office, "en")))
    spacing = {}
    for name in ("Title", "Subtitle", "Author", "Date"):
        fmt = document.styles[name].paragraph_format
        spacing[name] = (fmt.space_before.pt, fmt.space_after.pt, fmt.keep_with_next)
    assert spacing == {"Title": (0, 12, True), "Subtitle": (0, 36, True),
                       "Author": (0, 4, True), "Date": (0, 0, True)}
    assert document.styles["Author"].font.size.pt == 12
    styles = [style_id(el) for el in body_blocks(document)[:8]]
    assert styles[:6] == ["CoverLogos", "CoverSeries", "Title", "Subtitle", "Author", "Author"]


@pytest.mark.libreoffice
def test_libreoffice_puts_the_cover_alone_on_page_one(office_pdfs):
    from pdfinspect import pages_text

    pages = [norm(p) for p in pages_text(office_pdfs["en"])]
    cover = pages[0]
    for item in ("CASE ST UDIES IN E -G OVE RNME NT", "Digital services in practice",
                 "Lessons from one-stop shops", "Test Author", "Second Author", "Azerbaijan",
                 "March 15, 2024"):
        assert item in cover, item
    assert "Cite as" not in cover and "Contents" not in cover and "Context" not in cover
    assert "Cite as" in pages[1]
    # the title block is spaced: a wide gap between the subtitle and the authors
    words = word_boxes(office_pdfs["en"], 1)
    subtitle_bottom = max(y1 for text, y0, y1 in words if text == "Lessons")
    author_top = min(y0 for text, y0, y1 in words if text == "Test")
    title_bottom = max(y1 for text, y0, y1 in words if text == "Digital")
    subtitle_top = min(y0 for text, y0, y1 in words if text == "Lessons")
    assert author_top - subtitle_bottom >= 30, (subtitle_bottom, author_top)
    assert subtitle_top - title_bottom >= 8, (title_bottom, subtitle_top)


def word_boxes(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """(word, top, bottom) of every word of one page, in points from the top."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    return [(word, float(top), float(bottom)) for top, bottom, word in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
        html)]


@pytest.mark.libreoffice
def test_libreoffice_contents_show_page_numbers(office_pdfs):
    from pdfinspect import pages_text

    pages = pages_text(office_pdfs["en"])
    contents = next(i for i, p in enumerate(pages, start=1) if "\nContents\n" in f"\n{p}")
    heading_page = next(i for i, p in enumerate(pages, start=1)
                        if i > contents and "Context" in p)
    lines = [" ".join(line.split()) for line in pages[contents - 1].splitlines()]
    entry = next(line for line in lines if line.startswith("Context"))
    assert re.fullmatch(r"Context\.*\s*(\d+)", entry.replace(" ", "")), entry
    assert int(re.search(r"(\d+)$", entry).group(1)) == heading_page


def test_lettered_and_roman_lists_keep_their_numbering(office):
    numbering = part(out(office, "en"), "word/numbering.xml")
    document = part(out(office, "en"), "word/document.xml")
    formats = {}
    for num in numbering.iter(qn("w:num")):
        abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        formats[num.get(qn("w:numId"))] = abstract
    by_abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.iter(qn("w:abstractNum"))}

    def first_level(item_text: str) -> tuple[str, str]:
        p = next(p for p in document.iter(qn("w:p")) if texts(p) == item_text)
        num_id = p.find(f".//{qn('w:numId')}").get(qn("w:val"))
        lvl = by_abstract[formats[num_id]].find(qn("w:lvl"))
        return (lvl.find(qn("w:numFmt")).get(qn("w:val")),
                lvl.find(qn("w:lvlText")).get(qn("w:val")))

    assert first_level("alpha") == ("lowerLetter", "%1.")
    assert first_level("Alpha") == ("upperLetter", "%1.")
    assert first_level("first") == ("lowerRoman", "%1.")


@pytest.mark.libreoffice
def test_libreoffice_prints_letters_and_roman_numerals(office_pdfs):
    text = norm(pdf_text(office_pdfs["en"]))
    for needle in ("a. alpha", "b. beta", "A. Alpha", "B. Beta", "i. first", "ii. second"):
        assert needle in text, needle
    assert "1. alpha" not in text and "1. Alpha" not in text
