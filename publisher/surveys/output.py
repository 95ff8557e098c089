"""`publisher survey form`: the questionnaire to print (PDF, DOCX, HTML) and the form to
upload (XLSX, XForm).

The PDF is compiled by the `typst` package from a small template of its own
(``resources/surveys/questionnaire.typ``) with Debian's Noto fonts only (system fonts are
ignored, so every machine prints the same glyphs). The XLSX holds the form's sheets cell for
cell, so pyxform, KoboToolbox and ODK Central read it as they read form.md.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

from ..core.paths import RESOURCES
from ..core.clock import source_epoch
from ..core.diagnostics import Diagnostic, error
from ..core.atomic import write_atomically
from .form import Form
from .printable import Questionnaire, build
from .workbook import ours

FORMATS = ("pdf", "docx", "html", "xlsx", "xform")
PRINTED = ("pdf", "docx", "html")
TEMPLATE = RESOURCES / "surveys" / "questionnaire.typ"
#: where Debian's fonts-noto-core puts the faces
FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
DEFAULT_FONTS = ["Noto Sans", "Noto Sans Armenian", "Noto Sans Georgian"]
_FIXED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
COLORS = {"primary": "#0b4f6c", "accent": "#e0a100", "text": "#1d2329", "muted": "#55626b",
          "light": "#e8f0f3"}


def stamp(form: Form) -> dt.datetime:
    """The moment written into the questionnaire's files, never the clock's, so that two
    builds give the same bytes: `SOURCE_DATE_EPOCH` when set, else the first day of the
    form's `version` when it begins with a year (`2019-05`, `2019051501`), else 2000-01-01."""
    moment, _ = source_epoch()
    if moment is not None:
        return moment
    found = re.match(r"((?:19|20)\d\d)-?(0[1-9]|1[0-2])?-?(0[1-9]|[12]\d|3[01])?",
                     form.version.strip())
    year, month, day = (int(found.group(i) or 1) for i in (1, 2, 3)) if found else (2000, 1, 1)
    try:
        return dt.datetime(year, month, day, tzinfo=dt.UTC)
    except ValueError:  # 2019-02-31
        return dt.datetime(year, month, 1, tzinfo=dt.UTC)


def extension(fmt: str) -> str:
    return {"xform": "xml"}.get(fmt, fmt)


def target_name(form: Form, fmt: str, lang: str) -> str:
    if fmt in PRINTED:
        return f"{form.slug}.{lang}.{extension(fmt)}"
    return f"{form.slug}.{extension(fmt)}"


def _brand_data(brand, lang: str) -> dict:
    if brand is None:
        return {"name": "", "colors": dict(COLORS), "fonts": list(DEFAULT_FONTS), "logo": None}
    colors = dict(COLORS, **{k: v for k, v in brand.colors.items() if k in COLORS})
    return {"name": brand.name(lang), "colors": colors,
            "fonts": list(brand.fonts.get("sans") or DEFAULT_FONTS), "logo": brand.logo}


def _data(q: Questionnaire, brand: dict, logo: str | None) -> dict:
    return {
        "lang": q.lang, "title": q.title, "subtitle": q.subtitle, "closing": q.closing,
        "brand": brand["name"], "colors": brand["colors"], "fonts": brand["fonts"],
        "logo": logo, "illustrative": None,
        "items": [{"kind": i.kind, "text": i.text, "number": i.number, "hint": i.hint,
                   "style": i.style, "instructions": i.instructions,
                   "options": [{"label": o.label, "instruction": o.instruction}
                               for o in i.options]} for i in q.items],
    }


def pdf(q: Questionnaire, brand: dict, when: dt.datetime | None = None) -> bytes:
    import typst

    with tempfile.TemporaryDirectory(prefix="questionnaire-") as folder:
        root = Path(folder)
        shutil.copy(TEMPLATE, root / "questionnaire.typ")
        logo = None
        if brand["logo"] is not None and Path(brand["logo"]).is_file():
            logo = "logo" + Path(brand["logo"]).suffix
            shutil.copy(brand["logo"], root / logo)
        data = json.dumps(_data(q, brand, logo), ensure_ascii=False)
        return typst.compile(str(root / "questionnaire.typ"), root=str(root),
                             font_paths=[str(d) for d in FONT_DIRS if d.is_dir()],
                             ignore_system_fonts=True, sys_inputs={"data": data},
                             timestamp=int((when or _FIXED).timestamp()))


def html_page(q: Questionnaire, brand: dict) -> bytes:
    c = brand["colors"]
    fonts = ", ".join(f'"{f}"' for f in brand["fonts"]) + ", sans-serif"
    e = html.escape
    out = [f'<!DOCTYPE html>\n<html lang="{e(q.lang)}">\n<head>\n<meta charset="utf-8">\n'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f"<title>{e(q.title)}</title>\n<style>\n"
           f"body{{font-family:{fonts};color:{c['text']};max-width:44em;margin:2em auto;"
           f"padding:0 1em;line-height:1.45}}\n"
           f"h1{{color:{c['primary']};margin-bottom:0}} .sub{{color:{c['muted']};"
           f"border-bottom:3px solid {c['accent']};padding-bottom:.5em}}\n"
           f"h2{{color:{c['primary']};font-size:1.15em;margin-top:1.6em}}\n"
           f"ol.questions{{padding-left:2em}} li.question{{margin:1.1em 0;"
           f"break-inside:avoid}}\n"
           f".text{{font-weight:bold}} .hint{{color:{c['muted']};font-size:.9em}}\n"
           f".instruction{{color:{c['muted']};font-style:italic;font-size:.9em;margin:.1em 0}}\n"
           f".box{{display:inline-block;width:.85em;height:.85em;border:1.5px solid "
           f"{c['primary']};border-radius:2px;vertical-align:-.1em;margin-right:.5em}}\n"
           f"ul.options{{list-style:none;padding:0;margin:.4em 0}} ul.options li{{margin:.2em 0}}\n"
           f"table.scale{{border-collapse:collapse;width:100%;margin:.4em 0}} table.scale td"
           f"{{text-align:center;font-size:.85em;padding:.2em;vertical-align:top}}\n"
           f".line{{border-bottom:1px solid {c['muted']};height:1.6em}} .field{{display:"
           f"inline-block;width:10em;height:1.6em;border:1px solid {c['muted']}}}\n"
           f".thanks{{text-align:center;font-weight:bold;color:{c['primary']};"
           f"margin-top:2em}}\n</style>\n</head>\n<body>\n<header>\n"
           f"<h1>{e(q.title)}</h1>\n<p class=\"sub\">{e(q.subtitle)}"
           f"{' · ' + e(brand['name']) if brand['name'] else ''}</p>\n</header>\n<main>\n"]
    open_list = False
    for item in q.items:
        if item.kind == "question":
            if not open_list:
                out.append(f'<ol class="questions" start="{item.number}">\n')
                open_list = True
            out.append(f'<li class="question" id="q{item.number}" value="{item.number}">'
                       f'<p class="text">{e(item.text)}</p>\n')
            if item.hint:
                out.append(f'<p class="hint">{e(item.hint)}</p>\n')
            out += [f'<p class="instruction">{e(i)}</p>\n' for i in item.instructions]
            if item.style == "scale":
                out.append('<table class="scale"><tr>' + "".join(
                    f"<td>{e(o.label)}</td>" for o in item.options) + "</tr><tr>" + "".join(
                    '<td><span class="box" role="img" aria-label="□"></span></td>'
                    for _ in item.options) + "</tr></table>\n")
                out += [f'<p class="instruction">→ {e(o.instruction)}</p>\n'
                        for o in item.options if o.instruction]
            elif item.style in ("single", "multiple"):
                out.append('<ul class="options">\n')
                for o in item.options:
                    extra = (f' <span class="instruction">→ {e(o.instruction)}</span>'
                             if o.instruction else "")
                    out.append(f'<li><span class="box"></span>{e(o.label)}{extra}</li>\n')
                out.append("</ul>\n")
            elif item.style in ("number", "date"):
                out.append('<p><span class="field"></span></p>\n')
            else:
                out.append('<div class="line"></div>' * (4 if item.style == "long" else 2)
                           + "\n")
            out.append("</li>\n")
            continue
        if open_list:
            out.append("</ol>\n")
            open_list = False
        if item.kind == "section":
            out.append(f"<h2>{e(item.text)}</h2>\n")
        else:
            out.append(f'<p class="note">{e(item.text)}</p>\n')
    if open_list:
        out.append("</ol>\n")
    out.append(f'<p class="thanks">{e(q.closing)}</p>\n</main>\n</body>\n</html>\n')
    return "".join(out).encode("utf-8")


def docx(q: Questionnaire, brand: dict, when: dt.datetime | None = None) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    def color(hex_color: str) -> RGBColor:
        return RGBColor.from_string(hex_color.lstrip("#").upper())

    from ..render._docx_package import reproducible_zip

    when = when or _FIXED
    doc = Document()
    doc.core_properties.title = q.title
    doc.core_properties.created = doc.core_properties.modified = when.replace(tzinfo=None)
    doc.core_properties.language = q.lang
    normal = doc.styles["Normal"]
    normal.font.name = brand["fonts"][0]
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), q.lang)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = color(brand["colors"]["primary"])
        doc.styles[name].font.name = brand["fonts"][0]
    doc.add_paragraph(q.title, style="Title")
    doc.add_paragraph(q.subtitle + (f" · {brand['name']}" if brand["name"] else ""))
    muted = color(brand["colors"]["muted"])

    def instruction(text: str):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.italic, run.font.size, run.font.color.rgb = True, Pt(9), muted
        return p

    for item in q.items:
        if item.kind == "section":
            doc.add_heading(item.text, level=2)
            continue
        if item.kind == "note":
            doc.add_paragraph(item.text)
            continue
        p = doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        p.add_run(f"{item.number}. ").bold = True
        p.add_run(item.text).bold = True
        if item.hint:
            hint = doc.add_paragraph().add_run(item.hint)
            hint.font.size, hint.font.color.rgb = Pt(9), muted
        for line in item.instructions:
            instruction(line)
        if item.style == "scale":
            table = doc.add_table(rows=2, cols=len(item.options))
            for i, o in enumerate(item.options):
                table.cell(0, i).text = o.label
                table.cell(1, i).text = "☐"
            for o in item.options:
                if o.instruction:
                    instruction("→ " + o.instruction)
        elif item.style in ("single", "multiple"):
            for o in item.options:
                line = doc.add_paragraph(f"☐  {o.label}")
                if o.instruction:
                    run = line.add_run(f"   → {o.instruction}")
                    run.italic, run.font.color.rgb = True, muted
        else:
            for _ in range(4 if item.style == "long" else 1):
                doc.add_paragraph("_" * 60)
    closing = doc.add_paragraph()
    closing.add_run(q.closing).bold = True
    out = io.BytesIO()
    doc.save(out)
    return reproducible_zip(out.getvalue(), when)


def xlsx(form: Form, when: dt.datetime | None = None) -> bytes:
    """The form's sheets as a workbook, cell for cell."""
    from openpyxl import Workbook

    from ..render._docx_package import reproducible_zip

    when = when or _FIXED
    wb = Workbook()
    wb.properties.created = wb.properties.modified = when.replace(tzinfo=None)
    wb.remove(wb.active)
    for name, sheet in form.book.sheets.items():
        ws = wb.create_sheet(name)
        header = [c.text for c in sheet.header if not ours(name, c.text)]
        while header and not header[-1]:
            header.pop()
        ws.append(header)
        for row in sheet.rows:
            ws.append([row.get(h) or None for h in header])
    out = io.BytesIO()
    wb.save(out)
    import zipfile

    # openpyxl dates `modified` with the clock when it saves
    core = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("docProps/core.xml")
    moment = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    core = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                  rb"\g<1>" + moment + rb"\g<2>", core)
    return reproducible_zip(out.getvalue(), when, {"docProps/core.xml": core})


def render(form: Form, fmt: str, lang: str, target: Path, brand=None,
           xform: str | None = None) -> list[Diagnostic]:
    """Write one format of the form to `target`; an earlier file is replaced only when the
    new one is complete."""
    if fmt not in FORMATS:
        return [error("PUB950", f"unknown format `{fmt}`", form.path,
                      hint="choose from " + ", ".join(FORMATS))]
    if fmt in PRINTED and lang not in form.languages:
        return [error("PUB950", f"the form has no language `{lang}`", form.path,
                      hint="its languages: " + ", ".join(form.languages))]
    if fmt == "xform":
        if xform is None:
            return [error("PUB950", "the form does not convert; see `publisher survey check`",
                          form.path)]
        data = xform.encode("utf-8")
    elif fmt == "xlsx":
        data = xlsx(form, stamp(form))
    else:
        if fmt == "pdf" and brand is not None and form.book.kind == "md":
            from ..i18n.fonts import check_file

            undrawable = check_file(form.path, brand)  # PUB601, at its cell of form.md
            if undrawable:
                return undrawable
        q = build(form, lang)
        look = _brand_data(brand, lang)
        try:
            if fmt == "html":
                data = html_page(q, look)
            else:
                data = {"pdf": pdf, "docx": docx}[fmt](q, look, stamp(form))
        except Exception as exc:  # the PDF engine's errors carry its own message
            return [error("PUB950", f"cannot make the {fmt.upper()} questionnaire: "
                          f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc}",
                          form.path)]
    write_atomically(target, data)
    return []
