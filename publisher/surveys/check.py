"""`publisher survey check`: pyxform's verdict on a form, placed on its cells, and ours.

pyxform stops at the first error of a form. To report every problem in one pass, the
offending cell (or row) is taken out and the conversion is run again, at most
`MAX_PASSES` times; each message is placed on the cell it names (``[row : N]``, the sheet,
the column). Then come the checks pyxform does not make: texts missing in a declared
language, translations made from an older source text, questions on one scale with
different choices.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from ..core.diagnostics import Diagnostic, error, warning
from .fingerprints import digest, read_record, source_texts
from .form import TRANSLATABLE, Form, language_code, split_column
from .workbook import Cell, Workbook

MAX_PASSES = 40

_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_SHEET = re.compile(r"On the '([a-z_]+)' sheet")
_COLUMN = re.compile(r"the '([^']+)' (?:value|column)")
_NAMED = re.compile(r"(?:named|name|question) '([^']+)'")
_SPELLING = re.compile(r"When looking for a sheet named '([a-z_]+)'")


@dataclass
class Converted:
    xform: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _place(book: Workbook, message: str, context: dict) -> tuple[str, int | None, str]:
    """(sheet, row number, column) that a pyxform message names, as far as it names them."""
    sheet = context.get("sheet") or ""
    match = _SHEET.search(message)
    if match and not sheet:
        sheet = match.group(1)
    row = context.get("row")
    match = _ROW.search(message)
    if row is None and match:
        row = int(match.group(1))
    column = context.get("column") or ""
    match = _COLUMN.search(message)
    if not column and match:
        column = match.group(1)
    if "List name not in choices sheet" in message or "choice list" in message.lower() and (
            not sheet or sheet == "survey"):
        column = column or "type"
    if row is None:
        match = _NAMED.search(message)
        survey = book.sheet("survey")
        if match and survey:
            for r in survey.rows:
                if r.get("name") == match.group(1):
                    row, sheet = r.number, "survey"
                    column = column or "name"
                    break
    match = _SPELLING.search(message)
    if match:
        sheet = match.group(1)
    return sheet or ("survey" if row is not None else ""), row, column


def _cell(book: Workbook, sheet: str, row: int | None, column: str) -> Cell | None:
    found = book.sheet(sheet)
    if found is None:
        return None
    if row is None or row < 2 or row - 2 >= len(found.rows):
        if row == 1 or row is None:
            return found.header_cell(column) or (found.header[0] if found.header else None)
        return None
    target = found.rows[row - 2]
    if column and column in target.cells:
        return target.cells[column]
    for key, cell in target.cells.items():  # `label` may be written `label::English (en)`
        if column and split_column(key)[0] == column:
            return cell
    return Cell("", target.line, target.column)


def _diagnostic(book: Workbook, code: str, severe: bool, message: str, context: dict):
    message = message.strip()
    sheet, row, column = _place(book, message, context)
    cell = _cell(book, sheet, row, column)
    line, col, prefix = book.where(cell, sheet)
    text = _ROW.sub("", message.splitlines()[0]).strip()
    make = error if severe else warning
    return make(code, f"{prefix}pyxform: {text}", book.path, line, col), (sheet, row, column)


def convert(form: Form) -> Converted:
    """Convert with pyxform, collecting every error (one per pass) and every warning."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert as pyxform_convert

    book = form.book
    data = book.to_pyxform()
    found: list[Diagnostic] = []
    seen: set[str] = set()
    xform = None
    for _ in range(MAX_PASSES):
        warnings: list[str] = []
        try:
            result = pyxform_convert(copy.deepcopy(data), warnings=warnings,
                                     form_name="data", pretty_print=True)
        except PyXFormError as exc:
            places = []
            for part in re.split(r"\n(?=\[row)", str(exc)):
                if part.strip() in seen:
                    continue
                seen.add(part.strip())
                d, place = _diagnostic(book, "PUB932", True, part,
                                       getattr(exc, "context", None) or {})
                found.append(d)
                places.append(place)
            if not places or not _remove(data, places):
                break
            continue
        except Exception as exc:  # pyxform's own bugs must not stop a check
            found.append(error("PUB932", f"pyxform failed: {type(exc).__name__}: {exc}",
                               book.path))
            break
        else:
            if not found:
                xform = result.xform
            break
        finally:
            for w in warnings:
                if w.strip() not in seen:
                    seen.add(w.strip())
                    found.append(_diagnostic(book, "PUB933", False, w, {})[0])
    return Converted(xform, sorted(found, key=lambda d: (d.line, d.column)))


def _remove(data: dict, places) -> bool:
    """Take out what an error named so the next pass reaches further; False if nothing."""
    removed = False
    for sheet, row, column in places:
        rows = data.get(sheet)
        if not rows or row is None or not 2 <= row < len(rows) + 2:
            continue
        target = rows[row - 2]
        if column in ("relevant", "constraint", "calculation", "choice_filter", "required",
                      "default", "trigger", "repeat_count", "readonly") and column in target:
            del target[column]
        elif target.get("type", "").startswith(("begin", "end")) or "type" not in target:
            continue
        else:
            target.clear()
        removed = True
    return removed


def check_languages(form: Form) -> list[Diagnostic]:
    """Every label, hint and choice label given in one language is given in all."""
    found: list[Diagnostic] = []
    langs = list(form.languages)
    if len(langs) < 2:
        return found
    book = form.book
    for sheet_name in ("survey", "choices"):
        sheet = book.sheet(sheet_name)
        if sheet is None:
            continue
        columns: dict[str, set[str]] = {}
        for header in sheet.columns:
            column, language = split_column(header)
            if column in TRANSLATABLE:
                code = language_code(language) if language else form.default_language
                columns.setdefault(column, set()).add(code)
        for column, present in columns.items():
            for lang in langs:
                if lang not in present and (column == "label" or sheet_name == "survey"):
                    cell = sheet.header_cell(next(h for h in sheet.columns
                                                  if split_column(h)[0] == column))
                    line, col, prefix = book.where(cell, sheet_name)
                    found.append(warning(
                        "PUB934", f"{prefix}the {sheet_name} sheet has no `{column}` column "
                        f"for {form.languages[lang]}", book.path, line, col,
                        f"add a column `{column}::{form.languages[lang]}`"))
    rows = [(q.texts, f"question `{q.name}`", "survey") for q in form.questions
            if q.answered or q.kind in ("note", "begin_group", "begin_repeat")]
    rows += [(c.texts, f"choice `{c.name}` of `{c.list_name}`", "choices")
             for choices in form.choices.values() for c in choices]
    for texts_by_column, what, sheet_name in rows:
        for column, texts in texts_by_column.items():
            if column not in TRANSLATABLE or not texts.values:
                continue
            for lang in langs:
                cell = texts.cells.get(lang)
                if cell is None or texts.values.get(lang):
                    continue
                line, col, prefix = book.where(cell, sheet_name)
                found.append(warning(
                    "PUB934", f"{prefix}the {column} of {what} is empty in "
                    f"{form.languages[lang]}", book.path, line, col,
                    "translate it, or remove the text from every language"))
    return found


def check_stale(form: Form) -> list[Diagnostic]:
    """Translations whose source text changed since `publisher survey sync` recorded it."""
    record, found = read_record(form.path.parent)
    book = form.book
    others = [lang for lang in form.languages if lang != form.default_language]
    if not others:
        return found
    if record is None:
        line, col, _ = book.where(None, "survey")
        return found + [warning(
            "PUB936", "the form records no source texts for its translations", book.path,
            line, col, f"after checking each translation run `publisher survey sync "
            f"{form.slug} LANG`")]
    texts = source_texts(form)
    source_name = form.languages.get(form.default_language, form.default_language)
    for lang in others:
        recorded = record.get(lang)
        if recorded is None:
            line, col, _ = book.where(None, "survey")
            found.append(warning("PUB936", f"no record of the source texts the "
                                 f"{form.languages[lang]} translation was made from",
                                 book.path, line, col,
                                 f"run `publisher survey sync {form.slug} {lang}`"))
            continue
        for key, (text, by_lang) in texts.items():
            if not by_lang.values.get(lang) or recorded.get(key) == digest(text):
                continue
            cell = by_lang.cells[lang]
            sheet = key.split("/")[0]
            line, col, prefix = book.where(cell, sheet)
            if key in recorded:
                message = (f"stale translation: the {source_name} text of `{key}` changed "
                           "since this translation was made")
            else:
                message = (f"stale translation: no record of the {source_name} text of "
                           f"`{key}` it was made from")
            found.append(warning(
                "PUB935", prefix + message, book.path, line, col,
                f"update the translation, then run `publisher survey sync {form.slug} {lang}`"))
    return found


def _signature(form: Form, list_name: str) -> tuple:
    return tuple((c.name, tuple(sorted(c.texts["label"].values.items())) if "label" in c.texts
                  else ()) for c in form.choices.get(list_name, []))


def check_scales(form: Form) -> list[Diagnostic]:
    """Questions on one scale (same `scale` value, or one table-list group) offer the same
    choices, with the same labels, in the same order."""
    found: list[Diagnostic] = []
    groups: dict[str, list] = {}
    table_groups = {q.path for q in form.questions if q.is_group
                    and "table-list" in q.get("appearance")}
    for q in form.questions:
        if not q.list_name:
            continue
        if q.scale:
            groups.setdefault(f"scale `{q.scale}`", []).append(q)
        parent = "/".join(q.group)
        if parent in table_groups:
            groups.setdefault(f"the table-list group `{parent}`", []).append(q)
    for what, questions in groups.items():
        first = questions[0]
        for q in questions[1:]:
            if q.list_name == first.list_name or _signature(form, q.list_name) == _signature(
                    form, first.list_name):
                continue
            cell = q.row.cells.get("type")
            line, col, prefix = form.book.where(cell, "survey")
            found.append(warning(
                "PUB937", f"{prefix}`{q.name}` shares {what} with `{first.name}` but its list "
                f"`{q.list_name}` differs from `{first.list_name}`", form.book.path, line, col,
                f"use `{first.list_name}` for both, or give them different scales"))
    return found


def check_settings(form: Form) -> list[Diagnostic]:
    book = form.book
    sheet = book.sheet("settings")
    found = []
    for key, why in (("form_id", "the collection tools identify the form by it"),
                     ("version", "imports tell the versions of the form apart by it"),
                     ("default_language", "the source language of the translations")):
        if not form.settings.get(key):
            line, col, prefix = book.where(sheet.header[0] if sheet and sheet.header else None,
                                           "settings")
            found.append(warning("PUB938", f"{prefix}the settings give no `{key}`", book.path,
                                 line or 1, col or 1, f"add a `{key}` column: {why}"))
    return found


def check_form(form: Form) -> tuple[Converted, list[Diagnostic]]:
    """pyxform's conversion and every check of ours, in one pass."""
    converted = convert(form)
    found = list(converted.diagnostics)
    found += check_settings(form)
    found += check_languages(form)
    found += check_stale(form)
    found += check_scales(form)
    return converted, found
