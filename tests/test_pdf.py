"""The print edition: anatomy, accessibility, reproducibility and every script, read back
from the PDF itself (pikepdf, fontTools, poppler)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

import pdfinspect
from conftest import REPO, copy_project, headings_of, norm, run, sample_editions, write
from publisher.cli.main import cli
from publisher.i18n.strings import strings
from publisher.core.identifiers import isbn_problem
from publisher.render.proof import PageSpecError, parse_pages

EDITIONS = sample_editions()
AZ = "azerbaijan-smart-government"
#: the one citation line of the sample edition, the same on the site (tests/test_site.py)
AZ_CITATION = ("Civil Service Hub editorial team (2024). Smart government: the case of Azerbaijan: "
               "From one-stop service centres to digital public services. Case studies in "
               "e-government. Civil Service Hub.")


def pdf_of(root: Path, slug: str, lang: str) -> Path:
    return root / "build" / slug / f"{slug}.{lang}.pdf"


# --- a project in every script ---------------------------------------------------------

SCRIPTS = {
    "hy": ("Թվային կառավարում", "Համատեքստ",
           "Հայաստանի պետական ծառայությունները թվայնացվում են քաղաքացու համար։"),
    "ka": ("ციფრული მმართველობა", "კონტექსტი",
           "საქართველოს საჯარო სერვისები ციფრულდება მოქალაქეებისთვის."),
    "kk": ("Цифрлық үкімет", "Мәтінмән",
           "Қазақстандағы жаңа мемлекеттік қызметтер: әрбір өтініш ұзақ күтусіз, "
           "ғана емес, һәм тез қаралады."),
    "az": ("Rəqəmsal hökumət", "Kontekst",
           "Ağıllı hökumət vətəndaşa xidmət göstərir; şəffaflıq və sürət əsasdır."),
    "uz": ("Raqamli hukumat", "Kontekst",
           "Oʻzbekiston davlat xizmatlari raqamlashtirilmoqda; gʻoyalar amalga oshmoqda."),
    "et": ("Digitaalne valitsemine", "Taust",
           "Eesti avalikud teenused on õigusaktidega sätestatud ja küsimused jäävad õhku."),
}

SCRIPT_CASE = """
type: case-study
country: AM
agency: Test agency
authors:
  - name: Test Author
date: 2024-03-15
license: CC-BY-4.0
source_language: hy
"""

FIGURE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60"
 width="200" height="60">
<rect x="0" y="0" width="200" height="60" fill="#0b4f6c"/></svg>
"""


def script_edition(lang: str) -> str:
    title, heading, sentence = SCRIPTS[lang]
    t = strings(lang)
    return (f"---\ntitle: \"{title}\"\n"
            + ("" if lang == "hy" else "translated_from: hy\n")
            + f"---\n\n## {heading} {{#context}}\n\n{sentence}[^1]\n\n"
            f"![{title}](media/figure.svg){{#fig-one}}\n\n"
            f"| {t['country']} | {t['published']} |\n|---|---|\n| {title} | 2024 |\n\n"
            f"Table: {title}\n\n"
            f"### {t['summary']} {{#more}}\n\n{sentence}\n\n[^1]: {sentence}\n")


@pytest.fixture(scope="module")
def scripts(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scripts")
    write(root / "publisher.yaml", """
        name: Scripts
        languages: [hy, ka, kk, az, uz, et]
        formats: [pdf]
    """)
    shutil.copytree(REPO / "styles", root / "styles")
    write(root / "cases" / "scripts" / "case.yaml", SCRIPT_CASE)
    write(root / "cases" / "scripts" / "media" / "figure.svg", FIGURE_SVG)
    for lang in SCRIPTS:
        write(root / "cases" / "scripts" / f"{lang}.md", script_edition(lang))
    result = run("build", "--to", "pdf", cwd=root)
    assert result.exit_code == 0, result.output
    return root


# --- a long document: footnotes near page ends, a table across pages ----------------------

FILLER = ("The hub publishes practical material for the civil services of the region, and "
          "each chapter of this note carries a remark at the foot of the page. ")


def stress_markdown(sections: int = 12, notes_per_section: int = 4, rows: int = 70) -> str:
    parts = ["---\ntitle: Stress test\nlang: en\n---\n"]
    n = 0
    for s in range(1, sections + 1):
        parts.append(f"## Section {s} {{#s{s}}}\n")
        for _ in range(notes_per_section):
            n += 1
            length = 1 + (n % 4)
            parts.append(FILLER * length + f"Z{n:03d}x[^n{n}] " + FILLER + "\n")
            extra = " Its second sentence makes the note long." * (n % 3)
            parts.append(f"[^n{n}]: N{n:03d}y explains the remark.{extra}\n")
    parts.append("## Long table {#table}\n")
    parts.append("| Column alpha | Column beta |\n|---|---|\n"
                 + "".join(f"| R{r:03d}w | value {r} |\n" for r in range(1, rows + 1))
                 + "\nTable: A table longer than a page\n")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def stress(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stress")
    source = write(folder / "stress.md", stress_markdown())
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "pdf"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return source.with_suffix(".pdf")


# --- accessibility: PDF/UA-1 ---------------------------------------------------------------

def test_tag_tree_has_headings_paragraphs_figures_and_tables(sample):
    types, alts = pdfinspect.structure(pdf_of(sample, AZ, "en"))
    assert {"Document", "H1", "H2", "H3", "P", "Figure", "Table", "TH", "TD", "Caption",
            "L", "LI"} <= set(types)
    assert types.count("H1") == 1  # the title, once
    assert alts and all(alt.strip() for alt in alts), alts
    assert "Milestones of the ASAN service reform" in alts
    assert "State Agency for Public Service and Social Innovations" in alts  # partner logo


@pytest.mark.parametrize("slug,lang", EDITIONS)
def test_pdf_ua_identification_and_language(sample, slug, lang):
    with pikepdf.open(pdf_of(sample, slug, lang)) as pdf:
        assert str(pdf.Root.Lang) == lang
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert bool(pdf.Root.MarkInfo.Marked) is True
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert re.search(r'pdfuaid:part(="|>)1', xmp)  # attribute or element form
        info = pdf.docinfo
        assert str(info["/Title"]).strip()
        assert str(info["/Author"]) == "Civil Service Hub editorial team"
        assert str(info["/Subject"]).strip() and str(info["/Keywords"]).strip()


def test_metadata_is_the_editions(sample):
    with pikepdf.open(pdf_of(sample, AZ, "en")) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Smart government: the case of Azerbaijan"
        assert str(info["/Subject"]).startswith("Since 2012 Azerbaijan has rebuilt")
        assert "one-stop shop" in str(info["/Keywords"])
        # the edition's date, not the wall clock
        assert str(info["/CreationDate"]) == "D:20240315000000Z"
        assert re.search(r"<xmp:CreateDate>2024-03-15T00:00:00(Z|\+00:00)<",
                         pdf.Root.Metadata.read_bytes().decode())


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_lang_of_every_script(scripts, lang):
    with pikepdf.open(pdf_of(scripts, "scripts", lang)) as pdf:
        assert str(pdf.Root.Lang) == lang


# --- every script draws with the brand's fonts ---------------------------------------------

def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [row.split() for row in out.splitlines()[2:] if row.strip()]


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_every_font_embedded_and_from_the_brand(scripts, lang):
    rows = pdffonts(pdf_of(scripts, "scripts", lang))
    assert rows
    for row in rows:
        name = row[0].split("+", 1)[-1]
        # SVG text (logos, figures, charts) is drawn with the font merged from the brand's sans
        assert name.startswith(("Noto", "PublisherChart")), row
        assert "DejaVu" not in name
        assert row[-5] == "yes", f"not embedded: {row}"
        assert row[-4] == "yes", f"not subset: {row}"


@pytest.mark.parametrize("lang,serif,sans", [
    ("hy", "NotoSerifArmenian-Regular", "NotoSansArmenian-Bold"),
    ("ka", "NotoSerifGeorgian-Regular", "NotoSansGeorgian-Bold"),
    ("kk", "NotoSerif-Regular", "NotoSans-Bold"),
    ("az", "NotoSerif-Regular", "NotoSans-Bold"),
    ("uz", "NotoSerif-Regular", "NotoSans-Bold"),
    ("et", "NotoSerif-Regular", "NotoSans-Bold"),
])
def test_body_in_serif_headings_in_sans(scripts, lang, serif, sans):
    title, heading, sentence = SCRIPTS[lang]
    by_font = {font: norm(text) for font, text in
               pdfinspect.text_by_font(pdf_of(scripts, "scripts", lang)).items()}
    assert norm(heading) in by_font.get(sans, ""), f"heading not drawn in {sans}"
    words = [w.strip(".,:;։") for w in sentence.split()]
    for word in words:
        if any(ch.isalpha() for ch in word):
            assert word in by_font.get(serif, ""), f"{word!r} not drawn in {serif}"


def test_script_specific_letters_are_drawn_by_noto(scripts):
    letters = {"kk": "әғқңөұүһі", "az": "əğışöü", "uz": "ʻ", "et": "õäü"}
    for lang, chars in letters.items():
        drawn = "".join(pdfinspect.text_by_font(pdf_of(scripts, "scripts", lang))
                        .get("NotoSerif-Regular", ""))
        for ch in chars:
            assert ch in drawn, f"{ch!r} ({lang}) not drawn with Noto Serif"


def all_pdfs(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in (root / "build").glob("*/*.pdf"))


def test_no_missing_glyphs_in_any_edition(sample, scripts):
    pdfs = all_pdfs(sample, scripts)
    assert len(pdfs) >= len(EDITIONS) + len(SCRIPTS)
    for path in pdfs:
        runs = pdfinspect.text_runs(path)
        assert sum(len(r.cids) for r in runs) > 500, path
        missing = [(r.page, r.font, r.text) for r in runs if r.missing]
        assert not missing, f"{path.name} draws .notdef: {missing[:5]}"


def test_missing_glyph_check_can_fail(tmp_path):
    """The checker itself finds a .notdef, in a PDF that Typst writes on its own."""
    import typst

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "serif.ttf").symlink_to("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")
    target = tmp_path / "tofu.pdf"
    typst.compile('#set text(font: "Noto Serif", fallback: false)\na \ue000 b'.encode(),
                  output=str(target), font_paths=[str(fonts)], ignore_system_fonts=True)
    runs = pdfinspect.text_runs(target)
    assert any(r.missing for r in runs)


@pytest.mark.slow
def test_character_no_font_has_is_an_error_and_keeps_the_last_pdf(tmp_path):
    source = write(tmp_path / "note.md", "## Intro\n\nA plain sentence.\n")
    assert CliRunner().invoke(cli, ["render", str(source), "--to", "pdf"]).exit_code == 0
    before = source.with_suffix(".pdf").read_bytes()
    write(source, "## Intro\n\nA private \ue000 character.\n")
    # a foreign file would have it left out with a warning; --strict refuses it
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "pdf", "--strict"])
    assert result.exit_code == 1
    assert ("PUB410" in result.stderr or "PUB601" in result.stderr) and "U+E000" in result.stderr
    assert "note.md:3:11:" in result.stderr
    assert source.with_suffix(".pdf").read_bytes() == before


@pytest.mark.slow
def test_only_the_brands_fonts_are_used(tmp_path):
    root = tmp_path
    write(root / "publisher.yaml", "name: T\nlanguages: [hy]\n")
    shutil.copytree(REPO / "styles", root / "styles")
    brand = (root / "styles" / "brand.yaml").read_text("utf-8")
    # a brand whose serif stack forgets the Armenian face
    brand = brand.replace("serif: [Noto Serif, Noto Serif Armenian, Noto Serif Georgian]",
                          "serif: [Noto Serif]")
    (root / "styles" / "brand.yaml").write_text(brand, "utf-8")
    write(root / "cases" / "c" / "case.yaml", SCRIPT_CASE)
    write(root / "cases" / "c" / "hy.md", "---\ntitle: Test\n---\n\n## Intro\n\nText "
          "Հայաստան.\n")
    # validation's font preflight refuses the edition before rendering ...
    result = run("build", "--to", "pdf", cwd=root)
    assert result.exit_code == 1 and "hy.md:7:6: error PUB601" in result.stderr
    # ... and the renderer, given only the brand's faces, never draws with another font
    # (DejaVu, the usual system fallback, is not even seen by Typst)
    from publisher.load.brand import load_brand
    from publisher.i18n.strings import strings
    from publisher.load.project import load_editions, load_project
    from publisher.render import Context
    from publisher.render import pdf as pdf_renderer
    from publisher.transform.passes import prepare

    project = load_project(root)
    (edition,), _ = load_editions(project)
    prepared, _ = prepare(edition, strings("hy"))
    problems = pdf_renderer.render(prepared, Context(project, load_brand(project.brand_path),
                                                     root / "scratch"), root / "out.pdf")
    assert not [d for d in problems if d.is_error]
    fonts = {row[0].split("+", 1)[-1] for row in pdffonts(root / "out.pdf")}
    assert fonts and all(name.startswith("Noto") for name in fonts), fonts
    assert not any("DejaVu" in name for name in fonts)


# --- mathematics and languages within an edition --------------------------------------------

MATHS = r"""---
title: Mathematics
lang: en
---

## Growth {#growth}

The share grows as $s_t = s_0 (1+g)^t$ every year; [единое окно]{lang=ru} is Russian and
[Հայաստանի կառավարություն]{lang=hy} Armenian.

$$\sum_{i=1}^{n} x_i = \frac{a}{b}$$
"""


@pytest.fixture(scope="module")
def maths(tmp_path_factory) -> Path:
    source = write(tmp_path_factory.mktemp("maths") / "maths.md", MATHS)
    for fmt in ("pdf", "html", "docx"):
        result = CliRunner().invoke(cli, ["render", str(source), "--to", fmt],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return source


def test_equations_are_typeset_with_their_tex_as_alt_text(maths):
    path = maths.with_suffix(".pdf")
    types, formulas = pdfinspect.structure(path, alt_of="/Formula")
    assert formulas == ["s_t = s_0 (1+g)^t", r"\sum_{i=1}^{n} x_i = \frac{a}{b}"]
    drawn = pdfinspect.text_by_font(path)
    assert "NotoSansMath-Regular" in drawn and "∑" in drawn["NotoSansMath-Regular"]
    text = "\n".join(pdfinspect.pages_text(path))
    assert "\\sum" not in text and "$" not in text and "frac" not in text


def test_equations_are_mathml_in_html_and_word_equations_in_docx(maths):
    import zipfile

    html = maths.with_suffix(".html").read_text("utf-8")
    assert html.count("<math ") == 2 and "<munderover>" in html  # the TeX is an annotation
    with zipfile.ZipFile(maths.with_suffix(".docx")) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert document.count("<m:oMath>") == 2 and "<m:nary>" in document


def test_lang_spans_are_tagged_with_their_language(maths):
    path = maths.with_suffix(".pdf")
    assert pdfinspect.marked_languages(path) == {"ru", "hy"}
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en"
    assert "Հայաստանի" in pdfinspect.text_by_font(path)["NotoSerifArmenian-Regular"]


# --- anatomy ------------------------------------------------------------------------------

def toc_entries(page: str) -> list[tuple[str, int]]:
    """(heading, printed page number) of a contents page, joining wrapped lines."""
    entries, pending = [], ""
    for line in page.splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^(.*?)\s*(?:\.\s?){3,}\s*\u2060?(\d+)$", line)  # dot leaders
        if m:
            entries.append((norm(f"{pending} {m.group(1)}"), int(m.group(2))))
            pending = ""
        elif entries or pending:
            pending = f"{pending} {line}".strip()
    return entries


@pytest.mark.parametrize("slug,lang", EDITIONS)
def test_toc_page_numbers_are_where_the_headings_are(sample, slug, lang):
    path = pdf_of(sample, slug, lang)
    pages = pdfinspect.pages_text(path)
    contents = strings(lang)["contents"]
    toc_page = next(i for i, p in enumerate(pages, start=1)
                    if contents in p.splitlines()[:4] or f"\n{contents}\n" in p)
    entries = toc_entries(pages[toc_page - 1])
    headings = [norm(h) for h in headings_of(REPO / "cases" / slug / f"{lang}.md")]
    assert [e[0] for e in entries] == headings
    with pikepdf.open(path) as pdf:
        dests = pdfinspect.named_destinations(pdf)
        links = pdfinspect.link_targets(pdf, toc_page)
    for (heading, number), target in zip(entries, dict.fromkeys(links), strict=False):
        assert number > toc_page
        assert heading in norm(pages[number - 1]), f"{heading!r} is not on page {number}"
        # the entry is a working link to the heading's page
        assert dests[target] == number, (heading, target)
    assert len(dict.fromkeys(links)) == len(entries)


def test_footnotes_sit_on_the_page_of_their_marker(stress):
    pages = pdfinspect.pages_text(stress)
    assert len(pages) >= 8  # long enough for notes to reach page ends
    marker_page, note_page = {}, {}
    for number, text in enumerate(pages, start=1):
        for n in re.findall(r"Z(\d{3})x", text):
            marker_page.setdefault(n, number)
        for n in re.findall(r"N(\d{3})y", text):
            note_page.setdefault(n, number)
    assert len(marker_page) == 48
    assert set(note_page) == set(marker_page), "a footnote was dropped"
    moved = {n: (marker_page[n], note_page[n]) for n in marker_page
             if marker_page[n] != note_page[n]}
    assert not moved, f"footnotes away from their marker (marker page, note page): {moved}"


def test_table_header_repeats_on_every_page(stress):
    pages = pdfinspect.pages_text(stress)
    with_rows = [p for p in pages if re.search(r"R\d{3}w", p)]
    assert len(with_rows) >= 2, "the table should span pages"
    for page in with_rows:
        assert "Column alpha" in page and "Column beta" in page
    assert sum(len(re.findall(r"R\d{3}w", p)) for p in with_rows) == 70


@pytest.mark.parametrize("lang,figure,table", [
    ("ru", "Рисунок 1", "Таблица 1"), ("en", "Figure 1", "Table 1"),
])
def test_captions_localized_in_the_sample(sample, lang, figure, table):
    text = "\n".join(pdfinspect.pages_text(pdf_of(sample, AZ, lang)))
    assert figure in text and table in text
    if lang != "en":
        assert "Figure 1" not in text and "Table 1" not in text


@pytest.mark.parametrize("lang", ["hy", "ka", "kk"])
def test_captions_localized_in_every_script(scripts, lang):
    t = strings(lang)
    text = norm("\n".join(pdfinspect.pages_text(pdf_of(scripts, "scripts", lang))))
    assert f"{t['figure']} 1" in text and f"{t['table']} 1" in text


@pytest.mark.parametrize("slug,lang", EDITIONS)
def test_outline_follows_the_headings(sample, slug, lang):
    with pikepdf.open(pdf_of(sample, slug, lang)) as pdf:
        outline = pdfinspect.outline_titles(pdf)
    from publisher.load.project import load_editions, load_project
    editions, _ = load_editions(load_project(REPO), (slug,), (lang,))
    assert outline[0] == (1, editions[0].title)
    titles = [norm(title) for _, title in outline]
    for heading in headings_of(REPO / "cases" / slug / f"{lang}.md"):
        assert norm(heading) in titles


def test_cover_inside_cover_and_back_cover(sample):
    pages = pdfinspect.pages_text(pdf_of(sample, AZ, "en"))
    cover, inside, back = norm(pages[0]), norm(pages[1]), norm(pages[-1])
    inside = inside.replace("‐", "-").replace("egovernment", "e-government")
    for needle in ("CASE STUDIES IN E-GOVERNMENT", "Smart government: the case of Azerbaijan",
                   "From one-stop service centres", "Azerbaijan 2024", "PARTNERS"):
        assert needle in cover, needle
    for needle in ("© 2024 Civil Service Hub", "(CC BY 4.0)", "The views expressed are",
                   "Cite as: " + AZ_CITATION):
        assert needle in inside, needle
    assert "Since 2012 Azerbaijan has rebuilt" in back
    assert len(pages) % 2 == 0, "the back cover closes an even number of pages"
    assert "Page" not in pages[0] and "Page" not in pages[1] and "Page" not in pages[-1]


def test_plain_layout_is_the_title_block_and_the_body(tmp_path):
    from publisher.load.brand import load_brand
    from publisher.load.project import load_editions, load_project
    from publisher.render import Context
    from publisher.render import pdf as pdf_renderer
    from publisher.transform.passes import prepare

    root = case_with(tmp_path, "", "## Intro {#intro}\n\nThe only section of a short note.\n")
    project = load_project(root)
    (edition,), _ = load_editions(project)
    # the edition model's `layout` field (book unless set): set here on the instance
    object.__setattr__(edition, "layout", "plain")
    prepared, _ = prepare(edition, strings("en"))
    ctx = Context(project, load_brand(project.brand_path), root / "scratch")
    target = root / "plain.pdf"
    assert not pdf_renderer.render(prepared, ctx, target)
    pages = pdfinspect.pages_text(target)
    assert len(pages) == 1
    text = norm(pages[0])
    assert text.index("T") < text.index("Intro") < text.index("The only section")
    for absent in ("Contents", "Cite as", "CASE STUDIES", "The views expressed"):
        assert absent not in text
    types, _ = pdfinspect.structure(target)
    assert types.count("H1") == 1 and "H2" in types


def test_running_header_and_localized_page_of(sample):
    for lang, label in (("en", "Page 5 of {n}"), ("ru", "Страница 5 из {n}")):
        pages = pdfinspect.pages_text(pdf_of(sample, AZ, lang))
        assert label.format(n=len(pages)) in norm(pages[4])
    pages = pdfinspect.pages_text(pdf_of(sample, AZ, "en"))
    assert pages[4].lstrip().startswith("Smart government: the case of Azerbaijan")


def test_callouts_are_boxes_with_their_text(sample):
    text = norm("\n".join(pdfinspect.pages_text(pdf_of(sample, AZ, "en"))))
    assert "Key facts" in text and "Lesson: integration starts at the front office." in text
    types, _ = pdfinspect.structure(pdf_of(sample, AZ, "en"))
    assert types.count("Div") >= 2


def test_bibliography_from_csl_with_linked_citations(sample):
    path = pdf_of(sample, AZ, "en")
    text = norm("\n".join(pdfinspect.pages_text(path)))
    assert "(see also OECD 2014, 2020; United" in text
    assert "President of the Republic of Azerbaijan (2012)" in text
    assert "Recommendation of the Council on Digital Government Strategies" in text
    assert "[@" not in text
    with pikepdf.open(path) as pdf:
        dests = pdfinspect.named_destinations(pdf)
        body_links = [page for i in range(4, len(pdf.pages) + 1)  # after the contents
                      for page in pdfinspect.link_pages(pdf, i)]
    # the citations of the text (five groups) link to the references, on their page
    assert body_links.count(dests["references"]) >= 5, (body_links, dests["references"])


@pytest.mark.slow
def test_isbn_and_doi_on_inside_and_back_cover(tmp_path):
    root = copy_project(tmp_path)
    case = root / "cases" / AZ / "case.yaml"
    case.write_text(case.read_text("utf-8") + "isbn: 978-3-16-148410-0\ndoi: 10.5555/hub.2024.1\n",
                    "utf-8")
    result = run("build", "--to", "pdf", "--lang", "en", AZ, cwd=root)
    assert result.exit_code == 0, result.output
    path = pdf_of(root, AZ, "en")
    pages = pdfinspect.pages_text(path)
    assert "ISBN 978-3-16-148410-0" in pages[1] and "DOI 10.5555/hub.2024.1" in pages[1]
    assert "https://doi.org/10.5555/hub.2024.1" in norm(pages[1])  # in the cite-as line
    assert "ISBN 978-3-16-148410-0" in pages[-1]
    with pikepdf.open(path) as pdf:
        assert "https://doi.org/10.5555/hub.2024.1" in pdfinspect.link_targets(pdf, 2)


# --- reproducible -----------------------------------------------------------------------------

def build_in_subprocess(root: Path, env_extra: dict) -> bytes:
    env = {**os.environ, **env_extra}
    subprocess.run([sys.executable, "-m", "publisher", "build", "--project", str(root),
                    "--to", "pdf", "--lang", "en", AZ], check=True, capture_output=True, env=env)
    return pdf_of(root, AZ, "en").read_bytes()


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    root = copy_project(tmp_path)
    first = build_in_subprocess(root, {"SOURCE_DATE_EPOCH": "1700000000"})
    second = build_in_subprocess(root, {"SOURCE_DATE_EPOCH": "1700000000"})
    assert first == second
    with pikepdf.open(pdf_of(root, AZ, "en")) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20231114221320Z"
    # the epoch really is what is written: another epoch, another date
    other = build_in_subprocess(root, {"SOURCE_DATE_EPOCH": "1600000000"})
    assert other != first
    with pikepdf.open(pdf_of(root, AZ, "en")) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20200913122640Z"


@pytest.mark.slow
def test_bad_source_date_epoch_falls_back_to_the_editions_date(tmp_path, monkeypatch):
    root = copy_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")
    result = run("build", "--to", "pdf", "--lang", "en", AZ, cwd=root)
    assert result.exit_code == 0, result.output
    assert "warning PUB404" in result.stderr
    with pikepdf.open(pdf_of(root, AZ, "en")) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20240315000000Z"


# --- bad print metadata gets a diagnostic -----------------------------------------------------

def case_with(tmp_path, extra: str, body: str = "## Intro {#intro}\n\nHello.\n") -> Path:
    root = tmp_path
    write(root / "publisher.yaml", "name: T\nlanguages: [en]\n")
    shutil.copytree(REPO / "styles", root / "styles")
    write(root / "cases" / "c" / "case.yaml", SCRIPT_CASE.replace("source_language: hy",
                                                                    "source_language: en") + extra)
    write(root / "cases" / "c" / "en.md", "---\ntitle: T\n---\n\n" + body)
    return root


@pytest.mark.parametrize("extra,code,needle", [
    ("partners: [media/missing.svg]\n", "PUB401", "case.yaml:9:12: error PUB401"),
    ("partners:\n  - en.md\n", "PUB401", "is not an SVG, PNG or JPEG image"),
    ("partners: [../../styles/hub-logo.svg]\n", "PUB401", "outside the case folder"),
    ("isbn: 978-3-16-148410-1\n", "PUB112", "case.yaml:9:7: error PUB112"),
    ("doi: https://doi.org/10.1/x\n", "PUB113", "is not a DOI"),
    ("bibliography: refs.json\n", "PUB405", "bibliography `refs.json` does not exist"),
    ("bibliography: ../../publisher.yaml\n", "PUB405", "inside the case folder"),
    ("bibliography: en.md\n", "PUB405", "unknown format"),
])
def test_bad_print_metadata_is_reported(tmp_path, extra, code, needle):
    root = case_with(tmp_path, extra)
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert code in result.stderr and needle in result.stderr, result.stderr


def test_unreadable_bibliography_is_reported(tmp_path):
    root = case_with(tmp_path, "bibliography: refs.json\n")
    write(root / "cases" / "c" / "refs.json", '[{"id": "a", "title": ')
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "case.yaml:9:15: error PUB405: cannot read bibliography `refs.json`" in result.stderr


def test_unknown_citation_key_points_at_the_citation(tmp_path):
    root = case_with(tmp_path, "bibliography: refs.json\n",
                     "## Intro {#intro}\n\nAs shown [@known] and [@unknown].\n")
    write(root / "cases" / "c" / "refs.json",
          '[{"id": "known", "type": "book", "title": "A book", "issued": '
          '{"date-parts": [[2020]]}, "author": [{"literal": "Hub"}]}]')
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "en.md:7:24: error PUB406: citation `@unknown`" in result.stderr
    assert "citation `@known`" not in result.stderr
    assert "PUB215" not in result.stderr  # the dangling #ref- link is the same problem


@pytest.mark.slow
def test_failed_print_metadata_keeps_the_last_good_pdf(tmp_path):
    root = case_with(tmp_path, "")
    assert run("build", "--to", "pdf", cwd=root).exit_code == 0
    target = pdf_of(root, "c", "en")
    before = target.read_bytes()
    case = root / "cases" / "c" / "case.yaml"
    case.write_text(case.read_text("utf-8") + "partners: [media/gone.svg]\n", "utf-8")
    result = run("build", "--to", "pdf", cwd=root)
    assert result.exit_code == 1 and "PUB401" in result.stderr
    assert target.read_bytes() == before


@pytest.mark.slow
def test_image_without_alt_text_is_a_warning(tmp_path):
    root = case_with(tmp_path, "", "## Intro {#intro}\n\nText.\n\n![](media/figure.svg)\n")
    write(root / "cases" / "c" / "media" / "figure.svg", FIGURE_SVG)
    result = run("build", "--to", "pdf", cwd=root)
    assert result.exit_code == 0, result.output
    assert "en.md:9:5: warning PUB407: image `media/figure.svg` has no alternative text" \
        in result.stderr


def test_isbn_check_digits():
    assert isbn_problem("978-3-16-148410-0") is None
    assert isbn_problem("0-306-40615-2") is None
    assert isbn_problem("978-3-16-148410-1") == "the check digit should be 0"
    assert isbn_problem("12345") is not None


# --- proofs -------------------------------------------------------------------------------------

@pytest.mark.slow
def test_proof_renders_chosen_pages_to_png(tmp_path):
    root = copy_project(tmp_path)
    result = run("proof", "--project", str(root), "--lang", "en", "--pages", "1,4", "--dpi",
                 "20", AZ)
    assert result.exit_code == 0, result.output
    folder = root / "build" / "proofs" / AZ
    pictures = sorted(p.name for p in folder.glob("*.png"))
    assert pictures == [f"{AZ}.en.p01.png", f"{AZ}.en.p04.png"]
    for name in pictures:
        data = (folder / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(data[16:20], "big")
        assert 150 < width < 180  # A4 at 20 dpi is 165 pixels wide
    assert f"build/proofs/{AZ}/{AZ}.en.p04.png" in result.stdout


@pytest.mark.slow
def test_proof_page_past_the_end_and_missing_poppler(tmp_path, monkeypatch):
    root = copy_project(tmp_path)
    result = run("proof", "--project", str(root), "--lang", "en", "--pages", "99", AZ)
    assert result.exit_code == 0
    assert "warning PUB409: page 99 asked for" in result.stderr
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("proof", "--project", str(root), "--lang", "en", AZ)
    assert result.exit_code == 1
    assert "error PUB408" in result.stderr and "poppler-utils" in result.stderr


def test_proof_rejects_a_bad_page_list(tmp_path):
    result = run("proof", "--project", str(copy_project(tmp_path)), "--pages", "3-1")
    assert result.exit_code == 2
    with pytest.raises(PageSpecError):
        parse_pages("one")
    assert parse_pages("1,3-4,3") == [1, 3, 4]
