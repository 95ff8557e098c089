"""Real Markdown written by other people (tests/corpus, listed in SOURCES) renders faithfully.

For each file and format, rendered once: the output is written; at least 98% of the
words of pandoc's own plain-text rendering (GitHub's reader) are in it; nothing that
another tool would have expanded shows literally without a warning saying so; and the
headings, tables and code blocks are as many as pandoc's CommonMark reader finds.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html as lxml_html

from conftest import pdf_text
from publisher.transform.dialects.rewrite import normalize
from publisher.core import pandoc
from publisher.cli.main import cli
from publisher.core.yamlio import split_front_matter

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p.name for p in CORPUS.iterdir() if p.name != "SOURCES")
FORMATS = ("html", "docx", pytest.param("pdf", marks=pytest.mark.slow))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

#: what shows when a construct of another tool is left as written, and the warning that
#: must then say so (None: it must never show)
LITERALS = (
    (re.compile(r"\{%"), "PUB250"),
    (re.compile(r"\{\{"), "PUB251"),
    (re.compile(r"\{:\s*[.#\w]"), "PUB252"),
    (re.compile(r"^\([\w.:-]+\)=", re.M), "PUB255"),
    (re.compile(r"\{[\w:-]+\}`"), "PUB254"),
    (re.compile(r"^\s*(?:`{3}|:{3}|~{3})", re.M), "PUB256"),
    (re.compile(r"^\s*!!!\s", re.M), None),
    (re.compile(r"\[!(?:NOTE|TIP|WARNING|IMPORTANT|CAUTION)\]", re.I), None),
    (re.compile(r"\^\[|\[\^\w+\]"), None),
    (re.compile(r"^#{1,6}\S", re.M), None),
    (re.compile(r"\]\((?:https?:|#|\.?/)"), ("PUB250", "PUB251")),  # a template in the URL
    (re.compile(r"^\s*\|.*\|\s*$", re.M), None),
    (re.compile(r"^Table: ", re.M), None),
)


def _words(text: str) -> Counter:
    """Words, letters and digits apart (math: pandoc's plain text writes a², HTML a^2)."""
    text = unicodedata.normalize("NFKC", text.replace("\u02bb", "'"))  # Uzbek oʻ: o' typed
    return Counter(w.casefold() for w in re.findall(r"[^\W\d_]+|\d+", text))


_DIRECTIVE_OPTION = re.compile(r"^\s*:[\w-]+:.*$")


def _without_directive_options(body: str) -> str:
    """MyST directive names and options (```` ```{note} ````, `:class: dropdown` under it)
    and attribute blocks (`{#eq-einstein}`, which pandoc's reader leaves as text after
    display math) are syntax, as a fence's language is, not text: they are left out of
    the reference."""
    body = re.sub(r"\{#[\w:.-]+(?:\s[^}\n]*)?\}", "", body)
    out, after_directive = [], False
    for line in body.split("\n"):
        directive = re.match(r"^(\s*(?:`{3,}|:{3,})\s*)\{[\w:-]+\}", line)
        if directive:
            after_directive = True
            line = directive.group(1) + line[directive.end():]
        elif after_directive and _DIRECTIVE_OPTION.match(line):
            continue
        else:
            after_directive = False
        out.append(line)
    return "\n".join(out)


def _source(name: str) -> tuple[str, int]:
    text = (CORPUS / name).read_text("utf-8")
    document, _ = split_front_matter(text, CORPUS / name)
    return document.body, document.body_line


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each file rendered to each format at most once: (name, fmt) -> (output, stderr)."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in FILES:
        shutil.copy2(CORPUS / name, folder / name)
    done: dict[tuple[str, str], tuple[Path | None, str]] = {}

    def get(name: str, fmt: str):
        if (name, fmt) not in done:
            out = folder / f"{Path(name).stem}.{fmt}"
            result = CliRunner().invoke(cli, ["render", str(folder / name), "--to", fmt,
                                              "-o", str(out)], catch_exceptions=False)
            done[name, fmt] = (out if result.exit_code == 0 and out.is_file() else None,
                               result.stderr)
        return done[name, fmt]

    return get


@pytest.fixture(scope="module")
def reference():
    """pandoc's own reading of each file: its plain text (pandoc's default reader), and the
    headings, tables and code blocks pandoc's CommonMark reader finds (raw HTML ones
    apart), once other dialects' fences are rewritten as `dialects.rewrite.normalize` does."""
    cache: dict[str, tuple[str, dict]] = {}

    def get(name: str):
        if name not in cache:
            body, _ = _source(name)
            read = json.loads(pandoc.run(["-f", "markdown-yaml_metadata_block", "-t", "json"],
                                         _without_directive_options(body).encode("utf-8")))
            _drop_math(read)
            plain = pandoc.run(["-f", "json", "-t", "plain", "--wrap=none"],
                               json.dumps(read).encode("utf-8")).decode("utf-8")
            ast = json.loads(pandoc.run(["-f", "commonmark_x", "-t", "json"],
                                        normalize(body).encode("utf-8")))
            counts = Counter()

            def visit(el):
                if el["t"] in ("Header", "Table", "CodeBlock"):
                    counts[el["t"]] += 1
                elif (el["t"] == "Div" and any(c.startswith("callout-") for c in el["c"][0][1])
                      and el["c"][1] and el["c"][1][0]["t"] == "Header"):
                    counts["Header"] -= 1  # a heading opening a Quarto callout is its title
                elif el["t"] in ("RawBlock", "RawInline") and el["c"][0] == "html":
                    raw = el["c"][1]
                    counts["raw Header"] += len(re.findall(r"<h[1-6]\b", raw, re.I))
                    counts["raw Table"] += len(re.findall(r"<table\b", raw, re.I))
                    counts["raw CodeBlock"] += len(re.findall(r"<pre\b", raw, re.I))

            from publisher.transform.passes import walk

            walk(ast["blocks"], visit)
            cache[name] = (plain, counts)
        return cache[name]

    return get


def _drop_math(ast: dict) -> None:
    """Math is left out of the word count: pandoc's plain text writes it as Unicode or TeX,
    Word as its own math, so words cannot be compared."""
    from publisher.transform.passes import walk

    def visit(el):
        if el["t"] == "Math":
            el["t"], el["c"] = "Str", ""

    walk(ast["blocks"], visit)


# --- reading the outputs back ------------------------------------------------------------

def _html_parts(path: Path) -> tuple[str, str, dict]:
    """(all text, text outside code, counts) of an HTML edition's body."""
    tree = lxml_html.fromstring(path.read_bytes())
    main = tree.find(".//main")
    for nav in main.findall(".//nav"):
        nav.getparent().remove(nav)
    title = main.find(".//h1[@class='title']")
    for math in main.xpath(".//span[contains(@class, 'math')]"):
        math.drop_tree()  # left out of the count, as in the reference
    text = main.text_content()
    counts = {
        "Header": len(main.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"))
        - (title is not None),
        "Table": len(main.xpath(".//table")),
        "CodeBlock": len(main.xpath(".//pre")),
    }
    for code in main.xpath(".//pre|.//code"):
        code.drop_tree()
    return text, main.text_content(), counts


def _docx_parts(path: Path) -> tuple[str, str, dict]:
    """(all text, text outside code, counts) of a DOCX edition, footnotes included."""
    all_text, prose = [], []
    counts = Counter()
    with zipfile.ZipFile(path) as package:
        parts = [package.read("word/document.xml")]
        if "word/footnotes.xml" in package.namelist():
            parts.append(package.read("word/footnotes.xml"))
    for number, data in enumerate(parts):
        root = etree.fromstring(data)
        if number == 0:
            counts["Table"] = len(list(root.iter(f"{W}tbl")))
        for p in root.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            style = style.get(f"{W}val") if style is not None else ""
            runs = []
            for r in p.iter(f"{W}r"):
                rstyle = r.find(f"{W}rPr/{W}rStyle")
                code = rstyle is not None and rstyle.get(f"{W}val") == "VerbatimChar"
                runs.append(("".join(t.text or "" for t in r.iter(f"{W}t")), code))
            for _ in p.iter(f"{W}footnoteReference"):  # Word shows the note's number
                counts["note"] += 1
                runs.append((f" {counts['note']} ", False))
            line = "".join(t for t, _ in runs)
            all_text.append(line)
            is_code = style == "SourceCode"
            if number == 0 and re.fullmatch(r"Heading\d", style):
                counts["Header"] += 1
            if number == 0 and is_code:  # pandoc writes a code block as one paragraph
                counts["CodeBlock"] += 1
            if not is_code:
                prose.append("".join(t for t, code in runs if not code))
    counts.pop("note", None)
    return "\n".join(all_text), "\n".join(prose), dict(counts)


def _parts(path: Path, fmt: str) -> tuple[str, str, dict | None]:
    if fmt == "html":
        return _html_parts(path)
    if fmt == "docx":
        return _docx_parts(path)
    text = pdf_text(path)
    return text, text, None


# --- the checks ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", FILES)
def test_output_is_written_without_errors(rendered, name, fmt):
    out, stderr = rendered(name, fmt)
    assert out is not None, stderr
    assert " error PUB" not in stderr, stderr


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", FILES)
def test_the_words_arrive(rendered, reference, name, fmt):
    out, stderr = rendered(name, fmt)
    assert out is not None, stderr
    text, _, _ = _parts(out, fmt)
    if fmt == "pdf":  # words broken at the end of a line come back whole; the soft hyphens
        # given to languages Typst has no patterns for are break points, not letters
        text = re.sub(r"(\w)[-\u2010\u00ad]+\n(\w)", r"\1\2", text).replace("\u00ad", "")
    expected = _words(reference(name)[0])
    found = _words(text)
    kept = sum(min(n, found[w]) for w, n in expected.items())
    total = sum(expected.values())
    missing = sorted(w for w in expected if found[w] < expected[w])
    assert kept / total >= 0.98, (f"{kept}/{total} words; fewest found: {missing[:30]}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", FILES)
def test_nothing_shows_literally_without_a_warning(rendered, name, fmt):
    out, stderr = rendered(name, fmt)
    assert out is not None, stderr
    _, prose, _ = _parts(out, fmt)
    if fmt == "pdf":
        body, _ = _source(name)
        prose = prose if "```" not in body and "    " not in body else ""  # code looks alike
    for pattern, code in LITERALS:
        m = pattern.search(prose)
        if m is None:
            continue
        context = prose[max(0, m.start() - 60):m.end() + 60]
        assert code is not None, f"`{m.group(0)}` shows literally: ...{context}..."
        codes = (code,) if isinstance(code, str) else code
        assert any(f"warning {c}" in stderr for c in codes), (
            f"`{m.group(0)}` shows without {' or '.join(codes)}: {context}")


@pytest.mark.parametrize("fmt", ("html", "docx"))
@pytest.mark.parametrize("name", FILES)
def test_headings_tables_and_code_blocks_are_counted(rendered, reference, name, fmt):
    out, stderr = rendered(name, fmt)
    assert out is not None, stderr
    _, _, counts = _parts(out, fmt)
    expected = dict(reference(name)[1])
    body, _ = _source(name)
    title_from_heading = re.search(r"^---\n(?:.*\n)*?title:", (CORPUS / name).read_text(
        "utf-8")) is None and re.search(r"^ {0,3}#(?!#)\s*\S", body, re.M)
    if title_from_heading:
        expected["Header"] = expected.get("Header", 0) - 1
    for kind in ("Header", "Table", "CodeBlock"):
        want = expected.get(kind, 0) + expected.get(f"raw {kind}", 0)
        assert counts.get(kind, 0) == want, (kind, counts, expected)
