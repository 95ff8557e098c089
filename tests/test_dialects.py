"""Markdown of other tools (GitHub, Jekyll, Hugo, MkDocs, MyST, Quarto) read as its authors meant it."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import write
from publisher.transform.dialects.citations import citations
from publisher.transform.dialects.reader import parse
from publisher.transform.dialects.rewrite import fence_info
from publisher.cli.main import cli


def _html(tmp_path, body: str, name: str = "doc.md", *extra) -> tuple[str, object]:
    source = write(tmp_path / name, body)
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "html", *extra],
                                catch_exceptions=False)
    out = source.with_suffix(".html")
    return (out.read_text("utf-8") if out.exists() else ""), result


def _main(html: str) -> str:
    """The edition's body (without the contents list and the page's furniture)."""
    found = re.search(r"<main\b.*?</main>", html, re.S)
    return found.group(0) if found else html


FENCES = """
    ## Code {#code}

    ```js run
    let a = 1;
    ```

    Between the first and second block.

    ```javascript{2-7}
    const b = 2;
    ```

    ```jsx src/App.js
    export default function App() {}
    ```

    ```{r}
    plot(cars)
    ```

    ```{r echo=FALSE}
    summary(cars)
    ```

    ## After the code {#after}

    Closing paragraph.
"""


def test_fence_info_strings_keep_the_language_and_the_code(tmp_path):
    html, result = _html(tmp_path, FENCES)
    assert result.exit_code == 0, result.output
    body = _main(html)
    blocks = re.findall(r'<div class="sourceCode" id="[^"]*"[^>]*>|<pre\b[^>]*>', body)
    assert len(re.findall(r"<pre\b", body)) == 5, blocks
    for lang in ("js", "javascript", "jsx", "r"):
        assert re.search(rf'<pre[^>]*class="[^"]*\b{lang}\b', body), lang
    text = re.sub(r"<[^>]+>", "", body)
    assert "let a = 1;" in text and "const b = 2;" in text and "plot(cars)" in text
    # the prose after the fences is prose, and the heading is a heading
    assert "<p>Between the first and second block.</p>" in body
    assert re.search(r"<h2[^>]*>After the code</h2>", body)
    assert "<p>Closing paragraph.</p>" in body


def test_fence_info_is_kept_as_attributes():
    assert fence_info("js run") == '{.js info="run"}'
    assert fence_info("javascript{2-7}") == '{.javascript lines="2-7"}'
    assert fence_info("jsx src/App.js") == '{.jsx info="src/App.js"}'
    assert fence_info("{r}") == "{.r}"
    assert fence_info("{r echo=FALSE}") == '{.r echo="FALSE"}'
    assert fence_info("python") is None
    assert fence_info("{.python}") is None


TABLES = """
    ## Tables {#tables}

    | Step | What happens |
    |------|--------------|
    | One | <p>First paragraph of the cell.</p><p>Second paragraph of the cell.</p> |

    Element | Position
    :-------|:--------
    blockquote | bottom
    heading | right
"""


def test_html_paragraphs_in_cells_and_tables_without_outer_pipes(tmp_path):
    html, result = _html(tmp_path, TABLES)
    assert result.exit_code == 0, result.output
    body = _main(html)
    assert body.count("<table") == 2
    assert "First paragraph of the cell." in body and "Second paragraph of the cell." in body
    cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
    assert "blockquote" in cells and "right" in cells
    assert "|" not in re.sub(r"<[^>]+>", "", body.split("<table", 1)[1])


OWN_SYNTAX = """
    ## Context {#context}

    Text with a [span]{lang=ru} and a note.^[An inline note.] A second note.[^n]

    [^n]: The second note.

    ::: {.key-facts}
    Fact one.
    :::

    | Country | Agency |
    |---------|--------|
    | AZ      | ASAN   |

    Table: Agencies by country {#tbl-agencies}

    ## Next {#next}

    See [the context](#context).
"""


def test_the_projects_own_syntax_still_reads(tmp_path):
    html, result = _html(tmp_path, OWN_SYNTAX)
    assert result.exit_code == 0, result.output
    body = _main(html)
    assert re.search(r'<section id="context"[^>]*>\s*<h2>Context</h2>', body)
    assert '<span lang="ru">span</span>' in body
    assert '<div class="key-facts">' in body
    assert re.search(r'<table[^>]*id="tbl-agencies"|id="tbl-agencies"[^>]*>\s*<table', body) \
        or 'id="tbl-agencies"' in body
    assert re.search(r"<caption>.*Agencies by country.*</caption>", body, re.S)
    assert "Table: Agencies" not in body
    assert "An inline note." in body and "The second note." in body
    assert "^[" not in body
    assert body.count('role="doc-noteref"') == 2


def test_citations_still_become_references():
    ast = {"blocks": [{"t": "Para", "c": [
        {"t": "Str", "c": "See"}, {"t": "Space"}, {"t": "Str", "c": "[@smith2020,"},
        {"t": "Space"}, {"t": "Str", "c": "p."}, {"t": "Space"}, {"t": "Str", "c": "3]"},
        {"t": "Space"}, {"t": "Str", "c": "and"}, {"t": "Space"}, {"t": "Str", "c": "@doe."},
        {"t": "Space"}, {"t": "Str", "c": "Mail"}, {"t": "Space"},
        {"t": "Str", "c": "a@b.com."}]}]}
    assert citations(ast) == 2
    inlines = ast["blocks"][0]["c"]
    cites = [el for el in inlines if el["t"] == "Cite"]
    assert [c["c"][0][0]["citationId"] for c in cites] == ["smith2020", "doe"]
    assert cites[0]["c"][0][0]["citationMode"] == {"t": "NormalCitation"}
    assert cites[1]["c"][0][0]["citationMode"] == {"t": "AuthorInText"}
    assert {"t": "Str", "c": "a@b.com."} in inlines
    assert inlines[-1] == {"t": "Str", "c": "a@b.com."}


def test_a_citation_may_have_a_prefix():
    ast = parse("Lessons [see also @oecd-2014; @un-2022].")
    assert citations(ast) == 2
    cite = next(el for el in ast["blocks"][0]["c"] if el["t"] == "Cite")
    assert cite["c"][0][0]["citationPrefix"] == [
        {"t": "Str", "c": "see"}, {"t": "Space"}, {"t": "Str", "c": "also"}]


# --- the language of a file that does not say it ------------------------------------

LANGUAGE_SAMPLES = {
    "ru": "Обычный текст о государственных услугах и цифровом правительстве.",
    "kk": "Қазақстандағы электрондық үкіметтің ортақ компоненттері және қызметтері.",
    "ky": "Санариптик компетенциялардын үч деңгээли жана мамлекеттик кызматчылар үчүн окуу.",
    "az": "Elektron hökumət xidmətləri vətəndaşlar üçün daha əlçatan olub.",
    "hy": "Հայաստանի փոխգործունակության ենթակառուցվածքի շերտերը։",
    "ka": "საქართველოს მონაცემთა გაცვლის სააგენტო და ელექტრონული მმართველობა.",
    "uz": "Davlat boshqaruvi akademiyasi o'quv dasturlari va g'oyalari haqida.",
    "et": "Õppekava on mõeldud riigiametnikele, kes töötavad e-riigi teenustega.",
    "en": "Plain English text about services delivered by the state.",
}


@pytest.mark.parametrize("lang", list(LANGUAGE_SAMPLES))
def test_render_finds_the_language_from_the_text(tmp_path, lang):
    html, result = _html(tmp_path, f"## Section\n\n{LANGUAGE_SAMPLES[lang]}\n")
    assert result.exit_code == 0, result.output
    assert f'<html lang="{lang}">' in html


def test_render_lang_option_then_front_matter_then_text(tmp_path):
    text = LANGUAGE_SAMPLES["ru"]
    html, _ = _html(tmp_path, f"## Раздел\n\n{text}\n", "a.md", "--lang", "kk")
    assert '<html lang="kk">' in html
    for key, value in (("lang", "ky"), ("language", "ky-KG"), ("locale", "ky_KG")):
        html, result = _html(tmp_path, f"---\n{key}: {value}\n---\n\n## Раздел\n\n{text}\n",
                             f"{key}.md")
        assert result.exit_code == 0, result.output
        assert '<html lang="ky">' in html, key
        assert "PUB104" not in result.stderr


def test_uzbek_apostrophes_become_the_uzbek_letter(tmp_path):
    html, result = _html(tmp_path, "## Bo'lim\n\nO'zbekiston g'oyalari, o‘quv `o'` kodi.\n",
                         "uz.md", "--lang", "uz")
    assert result.exit_code == 0, result.output
    body = _main(html)
    assert "O\u02bbzbekiston g\u02bboyalari, o\u02bbquv" in body
    assert "Bo\u02bblim" in body
    assert "<code>o'</code>" in body  # code is left as typed


# --- foreign files: warnings, not refusals ------------------------------------------------

FOREIGN = """
    # Art & Design guide

    See [the design part](#art--design), [encoded](#64-identsust%C3%B5endi-v%C3%A4ljaandmine)
    and [kramdown style](#identsustendi-vljaandmine).

    ## Art & Design

    Text.

    ## 64 Identsustõendi väljaandmine

    Text.

    #### Deep heading

    ![A missing chart](media/chart.png) and ![Remote logo](https://example.org/logo.png)

    <p align="center"><img src="https://example.org/banner.png" alt="Project banner"></p>

    [Broken](#nowhere) and <a href="/docs/page">a site link</a> and <a href="other.md">x</a>.

    A footnote reference in code: `[^1]` and

        [^2] in an indented block

    Real note.[^n]

      [^n]: An indented definition.
"""


def test_a_foreign_file_renders_with_warnings(tmp_path):
    html, result = _html(tmp_path, FOREIGN, "guide.md", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "error" not in result.stderr
    for code in ("PUB211", "PUB215", "PUB201", "PUB202"):
        assert f"warning {code}" in result.stderr, code
    # anchors in GitHub, percent-encoded and kramdown styles resolve to our ids
    assert result.stderr.count("PUB215") == 1 and "#nowhere" in result.stderr
    # <a href> is a link, not a resource; footnotes in code are code; indented definitions count
    messages = [line for line in result.stderr.splitlines() if " PUB" in line]
    assert not [m for m in messages if "/docs/page" in m or "other.md" in m]
    assert "PUB216" not in result.stderr and "PUB217" not in result.stderr
    body = _main(html)
    assert "An indented definition." in body


def test_a_foreign_file_is_refused_with_strict(tmp_path):
    html, result = _html(tmp_path, FOREIGN, "guide.md", "--lang", "en", "--strict")
    assert result.exit_code == 1
    assert "error PUB211" in result.stderr and "error PUB215" in result.stderr
    assert html == ""


def test_the_first_level_one_heading_is_the_title(tmp_path):
    html, result = _html(tmp_path, FOREIGN, "guide.md", "--lang", "en")
    assert re.search(r'<h1 class="title">Art &amp; Design guide</h1>', html)
    assert "PUB212" not in result.stderr
    assert html.count("Art &amp; Design guide</h1>") == 1


def test_unusable_images_show_their_alt_text_and_a_note(tmp_path):
    html, result = _html(tmp_path, FOREIGN, "guide.md", "--lang", "en")
    body = _main(html)
    assert "example.org" not in re.sub(r'title="[^"]*"', "", "".join(
        re.findall(r"<img\b[^>]*>", body)))
    assert "<img" not in body  # nothing fetched, nothing linked
    text = re.sub(r"<[^>]+>", "", body)
    for alt in ("A missing chart", "Remote logo", "Project banner"):
        assert f"[{alt}]" in text
    assert "image not included: example.org" in text
    # reported before layout, at the line of each image
    assert re.search(r"guide\.md:18:29: warning PUB202: .*`https://example.org/banner.png`",
                     result.stderr)


def test_a_project_build_stays_strict(tmp_path):
    from conftest import make_project, run

    body = "## Context {#context}\n\nSee [x](#nowhere).\n\n#### Deep\n\nText.\n"
    root = make_project(tmp_path, {"en": "---\ntitle: T\n---\n\n" + body})
    result = run("validate", cwd=root)
    assert "error PUB215" in result.stderr and "error PUB211" in result.stderr


# --- other tools' syntax: converted where its meaning is clear, else one warning per kind ---

OTHER_TOOLS = """
    ## Liquid {#liquid}

    {% include note.html %} and {% raw %}x{% endraw %} and {{ site.title }}.

    A paragraph with a class.
    {: .note}

    <Sandpack>

    Content of the component.

    </Sandpack>

    {/* an MDX comment */}

    See {ref}`the target` for more.

    (lonely-target)=

    Not a heading after the target.

    ```{figure} media/x.png
    A figure directive.
    ```

    `{% in code %}` is code.
"""


def test_constructs_of_other_tools_are_one_warning_per_kind(tmp_path):
    _, result = _html(tmp_path, OTHER_TOOLS, "page.md", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    expected = {"PUB250": "page.md:3:1:", "PUB251": "page.md:3:56:", "PUB252": "page.md:6:1:",
                "PUB253": "page.md:8:1:", "PUB254": "page.md:16:5:", "PUB255": "page.md:18:1:",
                "PUB256": "page.md:22:1:"}
    for code, where in expected.items():
        lines = [line for line in result.stderr.splitlines() if f"warning {code}:" in line]
        assert len(lines) == 1, (code, result.stderr)
        assert lines[0].startswith(str(tmp_path / where)), (code, lines[0])
    assert "(3 times)" in next(line for line in result.stderr.splitlines() if "PUB250" in line)


MEANING_IS_CLEAR = """
    ## Overview {#overview}

    > [!WARNING]
    > Back up first.

    !!! tip "Short cut"
        Press the key twice.

    ```{note}
    A MyST note.
    ```

    ::: {.callout-important}
    A Quarto callout.
    :::

    (setup)=
    ##Setup

    Back to [](#setup) and [](#overview); see @fig-chart.

    ![A chart](chart.svg){#fig-chart}

    {:toc}
"""


def test_admonitions_targets_and_cross_references_are_converted(tmp_path):
    write(tmp_path / "chart.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" '
          'height="10"><title>c</title></svg>')
    html, result = _html(tmp_path, MEANING_IS_CLEAR, "clear.md", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert " PUB25" not in result.stderr and "PUB215" not in result.stderr
    body = _main(html)
    assert len(re.findall(r'<div class="callout callout-\w+">', body)) == 4
    text = re.sub(r"<[^>]+>", "", body)
    for words in ("Back up first.", "Short cut", "Press the key twice.", "A MyST note.",
                  "A Quarto callout."):
        assert words in text
    assert "[!WARNING]" not in text and "!!!" not in text and "{note}" not in text
    assert re.search(r'<section id="setup"[^>]*>\s*<h2>Setup</h2>', body)
    assert '<a href="#setup">Setup</a>' in body and '<a href="#overview">Overview</a>' in body
    assert re.search(r'<a href="#fig-chart"[^>]*>Figure 1</a>', body)
    assert "{:toc}" not in text


# --- structure and layout ----------------------------------------------------------------

def test_headings_inside_divs_are_in_the_contents(tmp_path):
    body = ("## Outside {#outside}\n\nText.\n\n::: {.key-facts}\n## Inside the box {#inside}\n"
            "\nFacts.\n:::\n\n<div markdown=\"1\">\n\n## In raw HTML {#raw}\n\nMore.\n\n</div>\n")
    html, result = _html(tmp_path, body, "boxes.md", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    for ident in ("outside", "inside", "raw"):
        assert f'href="#{ident}"' in toc, ident


SHORT = "## Memo {#memo}\n\nA short memo of two sentences. Nothing more.\n"


def test_a_short_foreign_file_has_the_plain_layout(tmp_path):
    html, result = _html(tmp_path, SHORT, "memo.md", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "layout-plain" in html
    page = html.split("<body", 1)[1]
    assert "©" not in page and '<header class="masthead"' not in page
    assert '<footer class="colophon"' not in page
    source = tmp_path / "memo.md"
    out = tmp_path / "memo.docx"
    result = CliRunner().invoke(cli, ["render", str(source), "--to", "docx", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    import docx

    document = docx.Document(str(out))
    styles = [p.style.name for p in document.paragraphs]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "©" not in text and "Inside Cover" not in styles and "InsideCover" not in styles
    assert not [s for s in styles if s.startswith("Cover")]
    assert "A short memo of two sentences." in text
    assert styles.count("Title") == 1


def test_the_front_matter_chooses_the_layout(tmp_path):
    html, _ = _html(tmp_path, "---\ntitle: Memo\nlayout: book\n---\n\n" + SHORT, "book.md",
                    "--lang", "en")
    assert "layout-book" in html and '<footer class="colophon"' in html
    html, result = _html(tmp_path, "---\ntitle: Post\nlayout: post\n---\n\n" + SHORT,
                         "post.md", "--lang", "en")
    assert "layout-plain" in html
    assert "PUB103" not in result.stderr  # Jekyll's layout names one of its templates


def test_project_editions_keep_the_book_layout(tmp_path):
    from conftest import make_project, run

    root = make_project(tmp_path, {"en": "---\ntitle: T\n---\n\n" + SHORT})
    assert run("build", "--to", "html", cwd=root).exit_code == 0
    html = (root / "build" / "demo" / "demo.en.html").read_text("utf-8")
    assert "layout-book" in html and '<footer class="colophon"' in html


def test_a_note_that_refers_to_itself_does_not_hang_the_reader(tmp_path):
    import subprocess
    import sys

    source = write(tmp_path / "loop.md", "## Notes {#notes}\n\nText.[^1]\n\n"
                   "[^1]: A note that cites itself[^1] and\n{#dup}[^1]: again.\n")
    proc = subprocess.run([sys.executable, "-m", "publisher", "render", str(source), "--to",
                           "html", "--lang", "en"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    html = source.with_suffix(".html").read_text("utf-8")
    assert "A note that cites itself" in html


def test_a_file_too_deep_to_read_is_a_diagnostic_not_a_traceback(tmp_path):
    html, result = _html(tmp_path, "## Deep\n\n" + "<div>" * 40 + "x\n", "deep.md")
    assert result.exit_code == 1
    assert re.search(r"deep\.md:\d+:\d+: error PUB0\d\d", result.stderr), result.stderr
    assert html == ""
