"""Markdown of other tools (GitHub, Jekyll, Hugo, MkDocs, MyST, Quarto) read as its authors meant it."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import write
from publisher import dialects
from publisher.cli import cli


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
    assert dialects.fence_info("js run") == '{.js info="run"}'
    assert dialects.fence_info("javascript{2-7}") == '{.javascript lines="2-7"}'
    assert dialects.fence_info("jsx src/App.js") == '{.jsx info="src/App.js"}'
    assert dialects.fence_info("{r}") == "{.r}"
    assert dialects.fence_info("{r echo=FALSE}") == '{.r echo="FALSE"}'
    assert dialects.fence_info("python") is None
    assert dialects.fence_info("{.python}") is None


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
    assert dialects.citations(ast) == 2
    inlines = ast["blocks"][0]["c"]
    cites = [el for el in inlines if el["t"] == "Cite"]
    assert [c["c"][0][0]["citationId"] for c in cites] == ["smith2020", "doe"]
    assert cites[0]["c"][0][0]["citationMode"] == {"t": "NormalCitation"}
    assert cites[1]["c"][0][0]["citationMode"] == {"t": "AuthorInText"}
    assert {"t": "Str", "c": "a@b.com."} in inlines
    assert inlines[-1] == {"t": "Str", "c": "a@b.com."}
