"""What `render` lets through with a warning, the PDF engine lays out too: a link to a
missing label, headings that skip levels, a horizontal rule, a character no font has.
Each is read back from the PDF (its text, tags, drawing operators and word boxes)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf

import pdfinspect
from conftest import norm, run, write


def render_pdf(tmp_path: Path, body: str) -> tuple[Path, str]:
    source = write(tmp_path / "note.md", body)
    result = run("render", str(source), "--to", "pdf")
    assert result.exit_code == 0, result.stderr
    target = source.with_suffix(".pdf")
    assert target.is_file()
    return target, result.stderr


def link_annotations(path: Path) -> list:
    with pikepdf.open(path) as pdf:
        return [a for page in pdf.pages for a in page.get("/Annots", [])
                if a.get("/Subtype") == "/Link"]


def test_a_link_to_a_missing_label_is_its_text(tmp_path):
    target, stderr = render_pdf(tmp_path, """
        # Field notes

        ## Intro {#intro}

        See [the setup guide](#setup-guide) below, and [the intro](#intro) above.
        """)
    assert "warning PUB215" in stderr and "note.md:5:" in stderr
    text = norm(pdfinspect.pages_text(target)[0])
    assert "See the setup guide below, and the intro above." in text
    assert len(link_annotations(target)) == 1  # the intro's; the missing one is plain text


def word_heights(path: Path) -> dict[str, float]:
    """The height of each word's box on the first page (its font size, near enough)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    return {m.group(3): round(float(m.group(2)) - float(m.group(1)), 1) for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>',
        out)}


def test_skipped_heading_levels_are_tagged_in_order_and_look_as_written(tmp_path):
    target, stderr = render_pdf(tmp_path, """
        # Field notes

        ## Alpha

        ### Three

        #### Four

        Text.

        ## Beta

        #### Skipped

        Text.

        ##### Deeper

        Text.
        """)
    assert "warning PUB211" in stderr
    types, _ = pdfinspect.structure(target)
    headings = [t for t in types if re.fullmatch(r"H\d", t)]
    # the title, Alpha, Three, Four, Beta, Skipped (H3, not H4), Deeper (H4, not H5)
    assert headings == ["H1", "H2", "H3", "H4", "H2", "H3", "H4"]
    heights = word_heights(target)
    assert heights["Skipped"] == heights["Four"] != heights["Three"]
    assert heights["Deeper"] == heights["Four"]


def ruled_artifacts(path: Path) -> int:
    """Stroked straight lines drawn inside marked /Artifact content on the first page."""
    with pikepdf.open(path) as pdf:
        artifact: list[bool] = []
        lines = found = 0
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            op = str(operator)
            if op in ("BMC", "BDC"):
                artifact.append(str(operands[0]) == "/Artifact")
            elif op == "EMC" and artifact:
                artifact.pop()
            elif op == "l":
                lines += 1
            elif op in ("S", "s") and lines:
                found += any(artifact)
                lines = 0
            elif op in ("f", "F", "f*", "B", "b", "n"):
                lines = 0
        return found


def test_a_horizontal_rule_is_a_drawn_line_marked_as_an_artifact(tmp_path):
    plain, _ = render_pdf(tmp_path / "a", "# Field notes\n\nAbove.\n\nBelow.\n")
    ruled, _ = render_pdf(tmp_path / "b", "# Field notes\n\nAbove.\n\n---\n\nBelow.\n")
    assert ruled_artifacts(plain) == 0
    assert ruled_artifacts(ruled) == 1
    assert norm(pdfinspect.pages_text(ruled)[0]) == norm(pdfinspect.pages_text(plain)[0])
    # the rule adds no element to the tagged structure
    assert pdfinspect.structure(ruled)[0] == pdfinspect.structure(plain)[0]


def test_a_character_no_font_has_is_replaced_with_a_positioned_warning(tmp_path):
    target, stderr = render_pdf(tmp_path, """
        ---
        title: Party 🎉 notes
        ---

        ## Intro

        A party \U0001f389\ufe0f today, a tree ├── below, and an arrow → here.

        <p>A face つ in raw HTML.</p>
        """)
    # the emoji: at its first use, replaced in every format (PUB601) and in the PDF's title
    assert "note.md:2:14: warning PUB601" in stderr and "(2 times)" in stderr
    assert "note.md:2:14: warning PUB410" in stderr
    assert "note.md:9:11: warning PUB410" in stderr  # text that only the PDF reads as text
    assert "`[U+1F389]`" in stderr and "`[U+3064]`" in stderr
    assert "U+2192" not in stderr.split("PUB410")[-1]  # the arrow: a brand face has it
    text = norm(pdfinspect.pages_text(target)[0])
    assert "Party [U+1F389] notes" in text
    assert "A party [U+1F389] today, a tree ├── below, and an arrow → here." in text
    assert "A face [U+3064] in raw HTML." in text
    assert not any(r.missing for r in pdfinspect.text_runs(target))
