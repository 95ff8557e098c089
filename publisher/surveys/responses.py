"""`publisher survey import`: an export of any collection tool into one normalized table.

The table ``surveys/<slug>/responses/<source>-<hash>.csv`` has a row per submission and a
column per question of the form, named by the question's name; a select_multiple answer is
its choice names separated by spaces, whatever the export wrote (labels of any of the form's
languages, one column, or a 0/1 column per choice). Metadata columns come first:

``_id`` (the tool's submission id), ``_submitted`` (ISO 8601), ``_language`` (the respondent's
language where the tool records it, else the language of the export's labels), ``_source``,
``_form_version``, ``_status`` (review or validation status).

Beside it, ``<name>.schema.json`` is a Frictionless Table Schema whose types and allowed values
come from the form. Submissions already imported (same source and id) are skipped, so importing
the same export twice adds nothing. Personal answers are left out (see `privacy`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, error, warning
from .exports import SOURCES, ExportSheet, detect, read_export
from .form import Form, Question
from .matching import Matcher, norm
from .privacy import is_personal
from .submission import metadata, parse_time
from .tables import META, existing_ids, write_tables

#: a ticked box in a 0/1 column: LimeSurvey writes Y, or "Yes" in the export's language
TRUE = {"1", "y", "yes", "true", "x", "selected", "checked", "да", "иә", "ооба", "ha",
        "bəli", "այո", "დიახ", "jah"}
FALSE = {"", "0", "n", "no", "false", "not selected", "unchecked"}


@dataclass
class Imported:
    table: Path | None = None
    schema: Path | None = None
    personal: Path | None = None
    added: int = 0
    skipped: int = 0
    source: str = ""
    language: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: per column of the export, how many of its values matched no choice or type
    unmatched: dict[tuple[str, int], int] = field(default_factory=dict)


def _valid(kind: str, value: str) -> bool:
    """Is `value` an answer of a question of type `kind` (integer, decimal, date)?"""
    try:
        if kind == "integer":
            int(value)
        elif kind in ("decimal", "range"):
            float(value)
        elif kind in ("date", "today"):
            dt.date.fromisoformat(value[:10])
        return True
    except ValueError:
        return False


def import_export(form: Form, path: Path, source: str | None = None, keep_personal=False,
                  extra: tuple[Path, ...] = (), illustrative: bool = False,
                  name: str = "") -> Imported:
    """Import one export (plus, for ODK Central, the files of its repeats).

    `illustrative` marks made-up rows (see `illustrative`): their `_status` says so, and the
    schema too; `name` names the table (default: the source and a hash of the export)."""
    table_name = name
    result = Imported()
    sheets, found = read_export(path)
    result.diagnostics += found
    for more in extra:
        s, f = read_export(more)
        sheets += s
        result.diagnostics += f
    if not sheets:
        return result
    main = sheets[0]
    detected = detect(main)
    if source is None:
        source = detected
    if source is None:
        result.diagnostics.append(error(
            "PUB940", "cannot tell which tool wrote this export", path, 1, 1,
            "name it with --from kobo, odk, limesurvey or google"))
        return result
    if source not in SOURCES:
        result.diagnostics.append(error("PUB940", f"unknown source `{source}`", path))
        return result
    result.source = source
    matcher = Matcher(form)
    folder = form.path.parent
    seen = existing_ids(folder)
    header_plan = [matcher.column(h, source) for h in main.header]
    for i, (h, col) in enumerate(zip(main.header, header_plan)):
        if col.kind == "unknown" and h:
            line, column, prefix = main.header_where(i)
            result.diagnostics.append(warning(
                "PUB941", f"{prefix}the column `{h}` matches no question of `{form.slug}`",
                main.path, line, column, "its values are not imported; check the form "
                "version, or the language of the export's headers"))
    langs = [c.lang for c in header_plan if c.lang]
    result.language = max(set(langs), key=langs.count) if langs else ""
    answered = [q for q in form.questions if q.answered or q.kind in ("start", "end", "today")]
    personal = [q for q in answered if is_personal(q)]
    published = [q for q in answered if not is_personal(q) and q.kind != "begin_repeat"]
    repeat_children = {q.name for q in form.questions if any(
        g in {r.path for r in form.questions if r.kind == "begin_repeat"}
        for g in ("/".join(q.group[:i + 1]) for i in range(len(q.group))))}
    published = [q for q in published if q.name not in repeat_children]
    header = list(META) + [q.name for q in published]
    personal_header = ["_id", "_source"] + [q.name for q in personal] + [
        h for h, c in zip(main.header, header_plan) if c.kind == "personal"]
    rows: list[list[str]] = []
    personal_rows: list[list[str]] = []
    versions: dict[str, int] = {}
    index = {name: i for i, name in enumerate(header)}
    # a plan made once: which columns go where (the rows are many, the columns few)
    personal_names = {q.name for q in personal}
    order = {q.name: {c.name: i for i, c in enumerate(form.options(q))} for q in answered
             if q.list_name}
    meta_cols, secret_cols, one_cols, many_cols, plain_cols = [], [], [], [], []
    ticks: dict[str, list[tuple[int, str, str]]] = {}
    for c, col in enumerate(header_plan):
        q = col.question
        if col.kind == "meta":
            meta_cols.append((c, col.meta))
        elif col.kind == "personal":
            secret_cols.append((c, main.header[c]))
        elif q is None or q.name in repeat_children:
            continue
        elif q.name in personal_names:
            if col.kind == "question":
                secret_cols.append((c, q.name))
        elif col.kind == "choice":
            ticks.setdefault(q.name, []).append((c, col.choice.name, norm(col.choice.label(
                col.lang or form.default_language))))
        elif q.kind == "select_one":
            one_cols.append((c, q, {}))
        elif q.kind in ("select_multiple", "rank"):
            many_cols.append((c, q, {}))
        else:
            plain_cols.append((c, q, q.kind))
    plain_cols = [(c, q, kind, q.name) for c, q, kind in plain_cols]
    # a select_multiple exported both ways is read from its 0/1 columns alone
    many_cols = [m for m in many_cols if m[1].name not in ticks]
    for name, columns in ticks.items():  # in the choices' order, whatever the export's
        columns.sort(key=lambda t, rank=order[name]: rank.get(t[1], len(rank)))
    width = len(main.header)
    unknown = object()
    checked = ("integer", "decimal", "range", "date", "today")
    for r, record in enumerate(main.rows):
        if len(record) < width:
            record = record + [""] * (width - len(record))
        values: dict[str, str] = {}
        meta = {key: record[c].strip() for c, key in meta_cols}
        secret = {key: record[c].strip() for c, key in secret_cols}
        for c, q, memo in one_cols:
            text = record[c]
            if not text:
                continue
            name = memo.get(text, unknown)
            if name is unknown:
                name = memo[text] = matcher.choice(q.list_name, text.strip()) if text.strip(
                    ) else ""
            if name is None:
                _unknown_value(result, main, r, c, text, q)
            elif name:
                values[q.name] = name
        for c, q, memo in many_cols:
            text = record[c]
            if not text.strip():
                continue
            names = memo.get(text, unknown)
            if names is unknown:
                names = memo[text] = matcher.choices(q.list_name, text.strip(), source)
            if names is None:
                _unknown_value(result, main, r, c, text, q)
            else:
                rank = order[q.name]
                values[q.name] = " ".join(sorted(set(names), key=lambda n: rank.get(n, 99)))
        for name, columns in ticks.items():
            chosen = []
            for c, choice_name, label in columns:
                text = record[c]
                if text == "1":
                    chosen.append(choice_name)
                elif text not in ("0", ""):
                    low = norm(text)
                    if low in TRUE or low == label:
                        chosen.append(choice_name)
                    elif low not in FALSE:
                        _unknown_value(result, main, r, c, text, form.question(name))
            if chosen:
                values[name] = " ".join(chosen)
        for c, q, kind, qname in plain_cols:
            text = record[c].strip()
            if not text:
                continue
            if kind in ("start", "end"):
                values[qname] = parse_time(text)
            elif kind in checked and not _valid(kind, text):
                key = (main.name or str(main.path), c)
                result.unmatched[key] = result.unmatched.get(key, 0) + 1
                if result.unmatched[key] > MAX_PER_COLUMN:
                    continue
                line, column, prefix = main.where(r, c)
                result.diagnostics.append(warning(
                    "PUB945", f"{prefix}`{text}` is not a valid {q.kind} for `{q.name}`",
                    main.path, line, column, "the cell is left empty in the table"))
            else:
                values[qname] = text
        ident, submitted, language, version, status = metadata(source, meta, record,
                                                                main.header)
        if not ident:
            line, column, prefix = main.where(r, 0)
            result.diagnostics.append(error(
                "PUB944", f"{prefix}a submission without an id", main.path, line, column,
                "export again with the tool's id column"))
            continue
        if (source, ident) in seen:
            result.skipped += 1
            continue
        seen.add((source, ident))
        if version:
            versions.setdefault(version, r)
        row = [""] * len(header)
        row[0:6] = [ident, submitted, language or result.language, source, version,
                    "illustrative" if illustrative else status]
        for name, value in values.items():
            if name in index:
                row[index[name]] = value
        rows.append(row)
        if keep_personal and secret:
            personal_rows.append([ident, source] + [secret.get(h, "") for h in
                                                    personal_header[2:]])
    _versions(result, form, main, versions, source)
    repeats = [_repeat_rows(form, matcher, sheet, source, seen, {r[0] for r in rows}, result)
               for sheet in sheets[1:]]
    if not rows and not any(r[2] for r in repeats):
        return result
    name = table_name or f"{source}-{hashlib.sha256(path.read_bytes()).hexdigest()[:10]}"
    result.table, result.schema, result.personal = write_tables(
        form, name, source, illustrative, header, rows, repeats, personal_header,
        personal_rows)
    result.added = len(rows)
    return result


def _repeat_rows(form: Form, matcher: Matcher, sheet: ExportSheet, source: str,
                 seen: set, new_ids: set[str], result: Imported):
    """(repeat name, header, rows) of a table of repeat answers joined to its submissions
    by ``PARENT_KEY`` (ODK Central) or ``_submission__uuid`` (KoboToolbox)."""
    plan = [matcher.column(h, source) for h in sheet.header]
    heads = [norm(h) for h in sheet.header]
    questions = [c.question for c in plan if c.kind == "question" and not is_personal(
        c.question)]
    repeat = next((g for q in questions for g in q.group
                   if (form.question(g) and form.question(g).kind == "begin_repeat")), "")
    if not repeat:
        result.diagnostics.append(warning(
            "PUB941", "a table whose columns match no repeat of the form", sheet.path, 1, 1,
            "its rows are not imported"))
        return "", [], []
    parent_col = next((heads.index(k) for k in ("parent_key", "_submission__uuid")
                       if k in heads), None)
    key_col = next((heads.index(k) for k in ("key", "_index") if k in heads), None)
    names = [q.name for q in form.questions if repeat in q.group and q.answered
             and not is_personal(q)]
    header = ["_id", "_parent", "_source"] + names
    rows = []
    for r, record in enumerate(sheet.rows):
        parent = record[parent_col].strip() if parent_col is not None else ""
        root = parent.split("/", 1)[0]
        if root not in new_ids:
            if (source, root) not in seen:
                line, column, prefix = sheet.where(r, parent_col or 0)
                result.diagnostics.append(warning(
                    "PUB946", f"{prefix}`{parent}` is no submission of this import or an "
                    "earlier one", sheet.path, line, column, "import the main table too"))
            continue
        row = {"_id": record[key_col].strip() if key_col is not None else f"{root}/{r + 1}",
               "_parent": root, "_source": source}
        for c, (text, col) in enumerate(zip(record, plan)):
            q = col.question
            if col.kind != "question" or q.name not in names or not text.strip():
                continue
            text = text.strip()
            if q.kind == "select_one":
                value = matcher.choice(q.list_name, text)
                if value is None:
                    _unknown_value(result, sheet, r, c, text, q)
                    continue
                text = value
            row[q.name] = text
        rows.append([row.get(h, "") for h in header])
    return repeat, header, rows


#: a column with many values of no choice is reported this many times, then summed up
MAX_PER_COLUMN = 10


def _unknown_value(result: Imported, sheet: ExportSheet, r: int, c: int, text: str,
                   q: Question) -> None:
    key = (sheet.name or str(sheet.path), c)
    seen = result.unmatched[key] = result.unmatched.get(key, 0) + 1
    if seen > MAX_PER_COLUMN:
        return
    line, column, prefix = sheet.where(r, c)
    result.diagnostics.append(warning(
        "PUB942", f"{prefix}`{text}` matches no choice of `{q.name}` (list `{q.list_name}`)"
        + (" (and every further one in this column is left out too)"
           if seen == MAX_PER_COLUMN else ""),
        sheet.path, line, column, "the answer is left out; was the export made from "
        "another version of the form?"))


def _versions(result: Imported, form: Form, sheet: ExportSheet, versions: dict[str, int],
              source: str) -> None:
    if not versions:
        return
    ordered = sorted(versions.items(), key=lambda kv: kv[1])
    column = next((i for i, h in enumerate(sheet.header)
                   if norm(h) in ("__version__", "formversion")), 0)
    if source == "odk" and form.version:
        for version, r in ordered:
            if version != form.version:
                line, col, prefix = sheet.where(r, column)
                result.diagnostics.append(warning(
                    "PUB943", f"{prefix}submissions of form version `{version}`; the form "
                    f"is version `{form.version}`", sheet.path, line, col,
                    "import them with the form they were collected with, or check that "
                    "their questions did not change"))
        return
    for version, r in ordered[1:]:
        line, col, prefix = sheet.where(r, column)
        result.diagnostics.append(warning(
            "PUB943", f"{prefix}a second form version `{version}` (the first rows are "
            f"`{ordered[0][0]}`)", sheet.path, line, col,
            "check that the questions did not change between the versions"))
