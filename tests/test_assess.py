"""The assessment: data blocks in every format, indicators computed by hand, diagnostics."""

from __future__ import annotations

import base64
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, norm, pdf_text, run, write

#: most tests here build the fixture project (every format, four languages) first
pytestmark = pytest.mark.slow

FIXTURE = REPO / "tests" / "projects" / "assessment"
REPORT = "progress-report"


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    shutil.copytree(REPO / "styles", target / "styles")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_fixture(tmp_path_factory.mktemp("assess") / "project")
    result = run("build", "--to", "html,pdf,docx,site", cwd=root)
    assert result.exit_code == 0, result.output
    return root


def chart_svgs(html: str) -> list[bytes]:
    """The SVG of every chart image of an HTML edition."""
    found = []
    for tag in re.findall(r"<img [^>]*>", html):
        if 'class="chart"' in tag:
            found.append(base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,'
                                                    r'([^"]+)"', tag)[1]))
    return found


def out(root: Path, lang: str, fmt: str) -> Path:
    return root / "build" / REPORT / f"{REPORT}.{lang}.{fmt}"


# --- PDF: the chart's labels are real text, in every script ---------------------------

@pytest.mark.parametrize("lang, labels", [
    ("ru", ["Полностью согласен", "Совершенно не согласен", "Семинары", "Рисунок 1."]),
    ("hy", ["Լիովին համաձայն եմ", "Սեմինարներ", "Ուսումնական այցեր"]),
    ("ka", ["სრულიად ვეთანხმები", "სემინარები", "ონლაინ შეხვედრები"]),
])
def test_chart_labels_are_text_in_the_pdf(built, lang, labels):
    text = pdf_text(out(built, lang, "pdf"))
    for label in labels:
        assert label in text, label


def test_pdf_has_no_data_table_but_the_indicators(built):
    text = norm(pdf_text(out(built, "ru", "pdf")))  # table cells wrap: compare words
    assert "Данные диаграммы" not in text  # the data table is for HTML only
    assert "Проведено семинаров" in text and "Под угрозой" in text


# --- DOCX: each chart is a PNG with its alt text ----------------------------------------

def test_docx_holds_each_chart_as_png_with_alt_text(built):
    with zipfile.ZipFile(out(built, "ru", "docx")) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        pngs = [n for n in media if package.read(n)[:8] == b"\x89PNG\r\n\x1a\n"]
        document = package.read("word/document.xml").decode("utf-8")
    assert len(pngs) >= 2
    assert not [n for n in media if n.endswith(".svg")]
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', document)
    assert any(d.startswith("Столбчатая диаграмма «Предпочтительные форматы»") for d in
               descriptions), descriptions
    assert "Данные диаграммы" not in document
    assert "chart-spec" not in document


# --- HTML: each chart with its data table ------------------------------------------------

def test_html_has_each_chart_and_its_data_table(built):
    html = out(built, "ru", "html").read_text("utf-8")
    figures = re.findall(r'<figure id="chart-[^"]*"', html)
    assert len(figures) == 2
    tables = re.findall(r'<table class="chart-data">(.*?)</table>', html, re.S)
    assert len(tables) == 2
    assert "Данные диаграммы: Предпочтительные форматы" in tables[1]
    assert re.search(r"<td[^>]*>Семинары</td>\s*<td[^>]*>18</td>\s*<td[^>]*>78\xa0%</td>",
                     tables[1])
    assert "data-chart-spec" not in html and "chart-font" not in html
    svg = chart_svgs(html)[0]
    assert b"<text" in svg and "Полностью согласен".encode() in svg


def test_tables_are_numbered_and_suppressed_cells_dashed(built):
    html = out(built, "en", "html").read_text("utf-8")
    data = re.search(r'<table[^>]*id="table-usefulness"[^>]*>(.*?)</table>', html, re.S) or \
        re.search(r'id="table-usefulness"(.*?)</table>', html, re.S)
    assert data, "the .table block"
    body = data[1]
    assert "Table 1" in body
    # 23 answers: 7 × Agree (30 %) is shown; 1 and 3 answers are fewer than 5: dashes
    assert re.search(r"<td[^>]*>Agree</td>\s*<td[^>]*>7</td>\s*<td[^>]*>30%</td>", body)
    assert re.search(r"<td[^>]*>Disagree</td>\s*<td[^>]*>—</td>", body)
    assert re.search(r"<td[^>]*>Strongly disagree</td>\s*<td[^>]*>—</td>", body)
    assert "Numbers counting fewer than 5 respondents are not shown (—)." in html


# --- aggregates beside the report, never responses; the site serves charts as files --------

def test_aggregates_are_published_with_a_table_schema_never_responses(built):
    import csv

    folder = built / "build" / REPORT
    table = folder / f"{REPORT}.aggregates.csv"
    schema = json.loads((folder / f"{REPORT}.aggregates.schema.json").read_text("utf-8"))
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [f["name"] for f in schema["fields"]]
    assert schema["x-publisher"]["aggregates_only"] is True
    useful = {r["answer"]: r for r in rows if r["block"] == "table-usefulness"}
    assert (useful["4"]["count"], useful["4"]["share"], useful["4"]["respondents"]) == \
        ("7", "0.3043", "23")
    assert (useful["2"]["count"], useful["2"]["suppressed"]) == ("", "true")
    text = table.read_text("utf-8")
    for raw in ("_id", "_submitted", "participant_name", "2019-05-31T10", "More time"):
        assert raw not in text
    site = built / "build" / "site" / "ru" / REPORT
    assert (site / f"{REPORT}.aggregates.csv").read_bytes() == table.read_bytes()
    page = (site / "index.html").read_text("utf-8")
    charts = re.findall(r'<img src="(charts/[0-9a-f]{16}\.svg)" class="chart"', page)
    assert len(charts) == 2 and "data:image/svg" not in page
    assert "Полностью согласен".encode() in (site / charts[0]).read_bytes()


# --- indicators, computed by hand from the fixture ----------------------------------------

def test_indicator_values_and_statuses_by_hand(built):
    result = run("assess", "--project", str(built), "--json", "--today", "2020-06-30")
    assert result.exit_code == 0, result.output
    got = {i["id"]: (i["actual"], i["status"], i["level"], i["stage"])
           for i in json.loads(result.stdout)["indicators"]}
    # two seminars since 2019-01-01; 2 of 4 by mid-2020 (49.9 % of the time): on track
    assert got["seminars-held"] == (2, "on-track", "outputs", 3)
    # az-asan sent 6 + 4 participants; 10 of 24 is 41.7 %, behind 49.9 % but within a quarter
    assert got["az-participants"] == (10, "at-risk", "outputs", 3)
    # one report with a Russian edition of 3: 33 % is more than a quarter behind
    assert got["reports-ru"] == (1, "off-track", "outputs", 4)
    # wave 2019-08: 5 5 4 4 5 3 5 4 3 2 3 3 → 7 of 12 in the top two boxes (a safe count):
    # 58.3 %, 46 % of the way from 40 to 80, behind 49.9 % of the time by less than a quarter
    assert got["useful-top2"][0] == pytest.approx(700 / 12)
    assert got["useful-top2"][1:] == ("at-risk", "reaction", 4)
    # wave 2019-05: 5 4 4 3 2 4 5 4 3 2 1 → 6 of 11 = 54.5 %; change +3.8 of a target of 6
    assert got["useful-change"][0] == pytest.approx(700 / 12 - 600 / 11)
    assert got["useful-change"][1] == "on-track"
    # no responses in wave 2020-05
    assert got["useful-2020"] == (None, "no-data", "reaction", 4)


def test_assess_check_exits_1_when_off_track_or_without_data(built):
    result = run("assess", "--project", str(built), "--check", "--today", "2020-06-30")
    assert result.exit_code == 1
    assert re.search(r"reports-ru\s+outputs\s+4\s+0\s+3\s+1\s+off track", result.stdout)
    assert re.search(r"useful-top2\s+reaction\s+4\s+40%\s+80%\s+58%\s+at risk", result.stdout)


# --- a changed response changes the report; the same data gives the same bytes -----------

def _chart_bytes(root: Path) -> tuple[list[bytes], list[bytes]]:
    svgs = chart_svgs(out(root, "ru", "html").read_text("utf-8"))
    with zipfile.ZipFile(out(root, "ru", "docx")) as package:
        pngs = [package.read(n) for n in sorted(package.namelist())
                if n.startswith("word/media/") and package.read(n)[:4] == b"\x89PNG"]
    return svgs, pngs


def test_charts_are_byte_identical_across_two_builds(built, tmp_path):
    again = copy_fixture(tmp_path / "again")
    result = run("build", "--to", "html,docx", "--lang", "ru", cwd=again)
    assert result.exit_code == 0, result.output
    assert _chart_bytes(again) == _chart_bytes(built)


def test_a_changed_response_changes_the_report(tmp_path):
    root = copy_fixture(tmp_path / "p")
    assert run("build", "--to", "html", "--lang", "en", cwd=root).exit_code == 0
    before = out(root, "en", "html").read_text("utf-8")
    table = root / "surveys" / "feedback" / "responses" / "kobo-test.csv"
    rows = table.read_text("utf-8").splitlines()
    rows.append("24,2019-08-27T18:30:00,en,kobo,2019-08,,ge-dea,4,seminar,10,")
    table.write_text("\n".join(rows) + "\n", "utf-8")
    result = run("build", "--to", "html", "--lang", "en", "--json", cwd=root)
    assert result.exit_code == 0, result.output
    assert [o["status"] for o in json.loads(result.stdout)["outputs"]
            if o["format"] == "html" and o["case"] == REPORT] == ["built"]
    after = out(root, "en", "html").read_text("utf-8")
    assert after != before
    # 24 respondents now; 8 answered Agree (33 %)
    assert "Source: feedback, 24 respondents." in after
    assert re.search(r"<td[^>]*>Agree</td>\s*<td[^>]*>8</td>\s*<td[^>]*>33%</td>", after)


def test_the_published_aggregates_follow_the_responses_and_survive_a_no_op_build(tmp_path):
    import csv

    root = copy_fixture(tmp_path / "p")
    table = root / "build" / REPORT / f"{REPORT}.aggregates.csv"

    def usefulness_agree() -> tuple[str, str]:
        with table.open(encoding="utf-8", newline="") as handle:
            row = next(r for r in csv.DictReader(handle)
                       if r["block"] == "table-usefulness" and r["answer"] == "4")
        return row["count"], row["respondents"]

    assert run("build", "--to", "html", "--lang", "en", cwd=root).exit_code == 0
    assert usefulness_agree() == ("7", "23")
    responses = root / "surveys" / "feedback" / "responses" / "kobo-test.csv"
    rows = responses.read_text("utf-8").splitlines()
    rows.append("24,2019-08-27T18:30:00,en,kobo,2019-08,,ge-dea,4,seminar,10,")
    responses.write_text("\n".join(rows) + "\n", "utf-8")
    assert run("build", "--to", "html", "--lang", "en", cwd=root).exit_code == 0
    assert usefulness_agree() == ("8", "24")
    written = table.read_bytes()
    assert run("build", "--to", "html", "--lang", "en", cwd=root).exit_code == 0  # no-op
    assert table.read_bytes() == written
    table.unlink()  # a removed file is written again, even when nothing else changed
    assert run("build", "--to", "html", "--lang", "en", cwd=root).exit_code == 0
    assert table.read_bytes() == written


# --- diagnostics --------------------------------------------------------------------------

BAD = """---
title: Bad blocks
summary: Every mistake.
---

## Results {#results}

::: {.chart survey=feedbak question=usefulness}
:::

::: {.chart survey=feedback question=usefulnes}
:::

::: {.chart survey=feedback question=usefulness by=country}
:::

::: {.chart survey=feedback question=improve}
:::

::: {.chart survey=feedback question=participant_name quotes=true}
:::

::: {.table survey=feedback}
:::

::: {.indicators plan=other-plan}
:::

::: {.chart survey=feedback question=usefulness colour=red}
:::
"""


def test_every_bad_block_is_a_positioned_diagnostic(tmp_path):
    root = copy_fixture(tmp_path / "p")
    for lang in ("ru", "hy", "ka"):
        (root / "cases" / REPORT / f"{lang}.md").unlink()
    write(root / "cases" / REPORT / "en.md", BAD)
    result = run("validate", "--format", "json", cwd=root)
    assert result.exit_code == 1
    found = {(d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]
             if d["path"] and d["path"].endswith("en.md")}
    assert ("PUB980", 8, 20) in found  # unknown survey, at its value
    assert ("PUB981", 11, 38) in found  # unknown question
    assert ("PUB982", 14, 52) in found  # unknown grouping
    assert ("PUB985", 17, 38) in found  # free text without quotes=true
    assert ("PUB985", 20, 38) in found  # a personal field, even with quotes=true
    assert ("PUB983", 23, 5) in found  # .table without question=
    assert ("PUB984", 26, 23) in found  # unknown plan
    assert ("PUB987", 29, 49) in found  # unknown attribute (a warning, at the key)
    messages = " ".join(d["hint"] for d in json.loads(result.stdout)["diagnostics"])
    assert "did you mean `feedback`?" in messages and "did you mean `usefulness`?" in messages


def test_quotes_are_opt_in_and_never_a_personal_field(tmp_path):
    root = copy_fixture(tmp_path / "p")
    for lang in ("ru", "hy", "ka"):
        (root / "cases" / REPORT / f"{lang}.md").unlink()
    write(root / "cases" / REPORT / "en.md", """
        ---
        title: Quotes
        summary: Quoted answers.
        ---

        ## Results {#results}

        ::: {.chart survey=feedback question=improve quotes=true}
        :::
        """)
    result = run("build", "--to", "html", cwd=root)
    assert result.exit_code == 0, result.output
    html = out(root, "en", "html").read_text("utf-8")
    assert "<blockquote>" in html and "More time for questions" in html
    assert "Answers as written by respondents, without names." in html


def test_a_top_two_box_share_resting_on_a_small_count_is_not_published():
    from publisher.assess.aggregate import Question
    from publisher.assess.indicators import statistic

    q = Question("useful", "likert", {"en": "Useful"},
                 tuple((str(i), {"en": str(i)}) for i in range(1, 6)))
    rows = [{"useful": v} for v in "5443332211"]  # 3 of 10 in the top two boxes
    assert statistic(q, rows, "top-two-box", 5) is None
    assert statistic(q, rows, "mean", 5) == pytest.approx(2.8)
    rows += [{"useful": v} for v in "55"]  # 5 of 12
    assert statistic(q, rows, "top-two-box", 5) == pytest.approx(500 / 12)
    assert statistic(q, rows[:4], "mean", 5) is None  # fewer than 5 respondents
