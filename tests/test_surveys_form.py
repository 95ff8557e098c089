"""`publisher survey form` and the build: questionnaires to print and forms to upload."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO, write
from publisher.load.brand import load_brand
from publisher.cli.main import cli
from publisher.surveys import check_survey
from publisher.surveys.output import render
from publisher.surveys.printable import build

FORM = """
## survey

| type | name | label::English (en) | label::Հայերեն (hy) | label::ქართული (ka) | relevant |
|---|---|---|---|---|---|
| select_one yes_no | attended | Did you attend the seminar? | Մասնակցե՞լ եք սեմինարին | დაესწარით სემინარს? | |
| select_one agree5 | useful | The seminar was useful | Սեմինարն օգտակար էր | სემინარი სასარგებლო იყო | ${attended} = 'yes' |
| select_multiple topics | topics | Topics of interest | Հետաքրքրող թեմաներ | საინტერესო თემები | ${attended} = 'yes' |
| text | improve | What should we improve? | Ի՞նչ բարելավել | რა გავაუმჯობესოთ? | |
| text | detail | Which open data sets? | Բաց տվյալների ո՞ր հավաքածուները | ღია მონაცემების რომელი ნაკრებები? | selected(${topics}, 'open_data') |

## choices

| list_name | name | label::English (en) | label::Հայերեն (hy) | label::ქართული (ka) |
|---|---|---|---|---|
| yes_no | yes | Yes | Այո | დიახ |
| yes_no | no | No | Ոչ | არა |
| agree5 | 1 | Not at all | Բնավ | სულაც არა |
| agree5 | 2 | A little | Քիչ | ცოტა |
| agree5 | 3 | Somewhat | Որոշ չափով | გარკვეულწილად |
| agree5 | 4 | Much | Շատ | ბევრად |
| agree5 | 5 | Very much | Շատ մեծ չափով | ძალიან ბევრად |
| topics | open_data | Open data | Բաց տվյալներ | ღია მონაცემები |
| topics | one_stop | Integrated services | Ինտեգրված ծառայություններ | ინტეგრირებული სერვისები |

## settings

| form_id | version | default_language | form_title |
|---|---|---|---|
| caucasus | 2019-08 | English (en) | Seminar feedback |
"""


@pytest.fixture()
def project(tmp_path):
    shutil.copy(REPO / "publisher.yaml", tmp_path / "publisher.yaml")
    shutil.copytree(REPO / "styles", tmp_path / "styles")
    (tmp_path / "cases").mkdir()
    write(tmp_path / "surveys" / "caucasus" / "form.md", FORM)
    return tmp_path


def form_of(project):
    form, xform, found = check_survey(project / "surveys" / "caucasus")
    assert not [d for d in found if d.is_error], found
    return form, xform


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def fonts_of(path: Path) -> set[str]:
    with pikepdf.open(path) as pdf:
        return {str(font.get("/BaseFont", "")).split("+")[-1]
                for page in pdf.pages
                for font in (page.Resources.get("/Font") or {}).values()}


def test_skip_logic_becomes_instructions(project):
    form, _ = form_of(project)
    q = build(form, "en")
    items = {i.name: i for i in q.items}
    no = items["attended"].options[1]
    assert no.instruction == "If you answered “No”, go to question 4."
    assert items["attended"].options[0].instruction == ""
    assert items["useful"].instructions == ["Tick one box."]
    assert items["useful"].style == "scale"
    assert items["detail"].instructions == [
        "Answer only if you answered “Open data” to question 3."]


@pytest.mark.parametrize("lang, words", [
    ("hy", ["Մասնակցե՞լ եք սեմինարին", "Եթե պատասխանել եք «Ոչ», անցեք 4-րդ հարցին։",
            "Նշեք մեկ տարբերակ։", "Ինտեգրված ծառայություններ"]),
    ("ka", ["დაესწარით სემინარს?", "თუ უპასუხეთ „არა“, გადადით 4-ე კითხვაზე.",
            "მონიშნეთ ერთი უჯრა.", "ინტეგრირებული სერვისები"]),
])
def test_the_pdf_questionnaire_has_real_glyphs(project, tmp_path, lang, words):
    form, xform = form_of(project)
    target = tmp_path / f"q.{lang}.pdf"
    assert render(form, "pdf", lang, target, load_brand(project / "styles/brand.yaml"),
                  xform) == []
    text = " ".join(pdf_text(target).split())
    for word in words:
        assert word in text, word
    used = fonts_of(target)
    script = {"hy": "NotoSansArmenian", "ka": "NotoSansGeorgian"}[lang]
    assert any(name.startswith(script) for name in used), used
    assert not any("DejaVu" in name for name in used)
    with pikepdf.open(target) as pdf:
        assert str(pdf.Root.get("/Lang")) == lang


def test_the_xlsx_is_read_back_by_pyxform(project, tmp_path):
    from pyxform.xls2xform import convert

    form, xform = form_of(project)
    target = tmp_path / "caucasus.xlsx"
    assert render(form, "xlsx", "", target) == []
    again = convert(str(target), form_name="data", pretty_print=True).xform
    assert again == xform
    assert "<value>Մասնակցե՞լ եք սեմինարին</value>" in again


def test_html_and_docx_questionnaires(project, tmp_path):
    form, xform = form_of(project)
    brand = load_brand(project / "styles/brand.yaml")
    render(form, "html", "ka", tmp_path / "q.html", brand, xform)
    page = (tmp_path / "q.html").read_text("utf-8")
    assert '<html lang="ka">' in page
    assert re.search(r'<li class="question" id="q4" value="4"><p class="text">რა '
                     r'გავაუმჯობესოთ\?</p>', page)
    assert "→ თუ უპასუხეთ „არა“, გადადით 4-ე კითხვაზე." in page
    render(form, "docx", "hy", tmp_path / "q.docx", brand, xform)
    doc = Document(tmp_path / "q.docx")
    texts = [p.text for p in doc.paragraphs]
    assert "1. Մասնակցե՞լ եք սեմինարին" in texts
    assert any(t.startswith("☐  Ոչ") and "անցեք 4-րդ հարցին" in t for t in texts)
    assert doc.core_properties.language == "hy"


def test_an_unknown_language_is_a_diagnostic(project, tmp_path):
    form, xform = form_of(project)
    (problem,) = render(form, "pdf", "ru", tmp_path / "q.pdf", None, xform)
    assert problem.code == "PUB950" and "no language `ru`" in problem.message
    assert not (tmp_path / "q.pdf").exists()


def test_cli_form_writes_every_language(project):
    result = CliRunner().invoke(cli, ["survey", "form", "-C", str(project), "caucasus",
                                      "--to", "html"])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (project / "build/surveys/caucasus").glob("*.html"))
    assert made == ["caucasus.en.html", "caucasus.hy.html", "caucasus.ka.html"]
    result = CliRunner().invoke(cli, ["survey", "form", "-C", str(project), "caucasus",
                                      "--to", "xform"])
    assert "<h:title>Seminar feedback</h:title>" in (
        project / "build/surveys/caucasus/caucasus.xml").read_text("utf-8")


def test_build_makes_the_forms_and_no_personal_data_reaches_it(project):
    from publisher.surveys.responses import import_export

    form = check_survey(project / "surveys" / "caucasus")[0]
    export = project / "kobo.csv"
    export.write_text('"attended";"useful";"improve";"_id";"_uuid";"_submission_time";'
                      '"_submitted_by"\n"yes";"4";"More";"1";"u-1";"2019-08-15T03:09:02";'
                      '"secret.enumerator"\n', "utf-8")
    import_export(form, export, keep_personal=True)
    assert "secret.enumerator" in next((project / "surveys/caucasus/personal").glob(
        "*.csv")).read_text("utf-8")
    result = CliRunner().invoke(cli, ["build", "-C", str(project), "--json", "--to",
                                      "html"])
    assert result.exit_code == 0, result.output
    outputs = json.loads(result.stdout)["outputs"]
    made = {(o["lang"] or "", o["format"], o["status"]) for o in outputs
            if o["case"] == "caucasus"}
    assert made == {("en", "html", "built"), ("hy", "html", "built"),
                    ("ka", "html", "built"), ("", "xlsx", "built"), ("", "xform", "built")}
    for path in (project / "build").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv"):
            assert "secret.enumerator" not in path.read_text("utf-8", errors="replace")
    again = CliRunner().invoke(cli, ["build", "-C", str(project), "--json", "--to", "html"])
    assert {o["status"] for o in json.loads(again.stdout)["outputs"]
            if o["case"] == "caucasus"} == {"skipped"}


def test_the_forms_of_a_deleted_survey_leave_build(project):
    """A survey folder removed: its questionnaires, XLSX and XForm leave build/surveys/ on
    the next build and are named under `removed`; a file the project did not make stays,
    with its folder, and a survey still there keeps its forms."""
    write(project / "surveys" / "second" / "form.md", FORM.replace("caucasus", "second"))
    first = CliRunner().invoke(cli, ["build", "-C", str(project), "--json", "--to", "html"])
    assert first.exit_code == 0, first.output
    out = project / "build" / "surveys"
    assert sorted(p.name for p in (out / "second").iterdir()) == [
        ".fingerprint", "second.en.html", "second.hy.html", "second.ka.html", "second.xlsx",
        "second.xml"]
    (out / "caucasus" / "notes.txt").write_text("mine", "utf-8")
    shutil.rmtree(project / "surveys" / "caucasus")
    result = CliRunner().invoke(cli, ["build", "-C", str(project), "--json", "--to", "html"])
    assert result.exit_code == 0, result.output
    assert sorted(json.loads(result.stdout)["removed"]) == [
        f"build/surveys/caucasus/caucasus.{name}"
        for name in ("en.html", "hy.html", "ka.html", "xlsx", "xml")]
    assert sorted(p.name for p in (out / "caucasus").iterdir()) == ["notes.txt"]
    assert "second.en.html" in {p.name for p in (out / "second").iterdir()}
    (out / "caucasus" / "notes.txt").unlink()
    again = CliRunner().invoke(cli, ["build", "-C", str(project), "--json", "--to", "html"])
    assert json.loads(again.stdout)["removed"] == []
    assert (out / "caucasus").is_dir()  # emptied by hand after the build: left alone


def test_a_character_no_brand_font_can_draw_stops_the_pdf(project, tmp_path):
    path = project / "surveys" / "caucasus" / "form.md"
    path.write_text(path.read_text("utf-8").replace("What should we improve?",
                                                    "What should we improve? 漢"), "utf-8")
    form, xform = form_of(project)
    found = render(form, "pdf", "en", tmp_path / "q.pdf",
                   load_brand(project / "styles/brand.yaml"), xform)
    assert [d.code for d in found] == ["PUB601"]
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), start=1)
                if "漢" in text)
    assert found[0].line == line and found[0].path == path
    assert not (tmp_path / "q.pdf").exists()
