"""The tables `publisher survey import` writes: a normalized CSV per import with its
Frictionless Table Schema, the tables of repeats beside it, personal answers apart; and
reading them back."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from ..core.atomic import write_atomically
from .exports import SOURCES
from .form import Form
from .privacy import PERSONAL_DIR

RESPONSES_DIR = "responses"
META = ("_id", "_submitted", "_language", "_source", "_form_version", "_status")
#: types whose values are checked, and their Frictionless types
TYPES = {"integer": "integer", "decimal": "number", "range": "number", "date": "date",
         "datetime": "datetime", "time": "time", "start": "datetime", "end": "datetime",
         "today": "date", "select_one": "string", "select_multiple": "string",
         "rank": "string"}


def existing_ids(folder: Path) -> set[tuple[str, str]]:
    """(source, id) of every submission already imported into the survey."""
    out: set[tuple[str, str]] = set()
    for table in sorted((folder / RESPONSES_DIR).glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                out.add((row.get("_source", ""), row.get("_id", "")))
    return out


def _schema(form: Form, columns: list[str], source: str, illustrative: bool) -> dict:
    fields = [
        {"name": "_id", "type": "string", "description": "submission id given by the tool",
         "constraints": {"required": True, "unique": True}},
        {"name": "_submitted", "type": "string", "format": "default",
         "description": "time of submission, ISO 8601"},
        {"name": "_language", "type": "string", "description": "language of the answers"},
        {"name": "_source", "type": "string", "constraints": {"enum": list(SOURCES)}},
        {"name": "_form_version", "type": "string"},
        {"name": "_status", "type": "string", "description": "review or validation status"},
    ]
    fields += [_field(form, name) for name in columns[len(META):]]
    schema = {"fields": fields, "primaryKey": ["_id"], "missingValues": [""],
              "x-publisher": {"survey": form.slug, "form_id": form.form_id,
                              "form_version": form.version, "source": source}}
    if illustrative:
        schema["x-publisher"]["illustrative"] = True
        schema["description"] = ("ILLUSTRATIVE responses made by a seeded generator, "
                                 "not collected from anyone")
    return schema


def _field(form: Form, name: str) -> dict:
    """The Frictionless field of a question's column: type, title, allowed values."""
    q = form.question(name)
    entry = {"name": name, "type": TYPES.get(q.kind, "string") if q else "string"}
    if entry["type"] in ("date", "datetime", "time"):
        entry["type"] = "string"  # the tools write several forms; kept as written
    if q is not None:
        label = q.text("label", form.default_language)
        if label:
            entry["title"] = label
        if q.kind == "select_one":
            entry["constraints"] = {"enum": [c.name for c in form.options(q)]}
        elif q.kind in ("select_multiple", "rank"):
            names = "|".join(re.escape(c.name) for c in form.options(q))
            entry["constraints"] = {"pattern": f"(({names})( ({names}))*)?"}
    return entry


def _table_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _repeat_schema(form: Form, name: str, header: list[str]) -> dict:
    """The schema of a repeat's table, its rows joined to the submissions of table `name`."""
    return {
        "fields": [{"name": "_id", "type": "string"},
                   {"name": "_parent", "type": "string",
                    "description": "the submission (its _id) this answer belongs to"},
                   {"name": "_source", "type": "string"}]
        + [_field(form, n) for n in header[3:]],
        "primaryKey": ["_id"], "missingValues": [""],
        "foreignKeys": [{"fields": ["_parent"], "reference": {
            "resource": f"../{name}.csv", "fields": ["_id"]}}]}


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_tables(form: Form, name: str, source: str, illustrative: bool,
                 header: list[str], rows: list[list[str]],
                 repeats: list[tuple[str, list[str], list[list[str]]]],
                 personal_header: list[str], personal_rows: list[list[str]]
                 ) -> tuple[Path, Path, Path | None]:
    """Write the tables of one import named `name` (another name when a table of that name
    exists): (the table, its schema, the table of personal answers or None)."""
    folder = form.path.parent
    target = folder / RESPONSES_DIR / f"{name}.csv"
    if target.exists():  # the same file with new rows cannot happen; keep both anyway
        name = f"{name}-{len(list(target.parent.glob(name + '*.csv')))}"
        target = folder / RESPONSES_DIR / f"{name}.csv"
    schema = _schema(form, header, source, illustrative)
    write_atomically(target, _table_text(header, rows).encode("utf-8"))
    schema_path = target.with_suffix(".schema.json")
    write_atomically(schema_path, _json(schema))
    for repeat, repeat_header, repeat_rows in repeats:
        if repeat_rows:
            more = folder / RESPONSES_DIR / repeat / f"{name}.csv"
            write_atomically(more, _table_text(repeat_header, repeat_rows).encode("utf-8"))
            write_atomically(more.with_suffix(".schema.json"),
                             _json(_repeat_schema(form, name, repeat_header)))
    personal = None
    if personal_rows:
        private = folder / PERSONAL_DIR
        write_atomically(private / ".gitignore", b"# personal answers: never committed\n*\n")
        personal = private / f"{name}.csv"
        write_atomically(personal, _table_text(personal_header, personal_rows
                                               ).encode("utf-8"))
    return target, schema_path, personal


def load_responses(folder: Path) -> list[dict[str, str]]:
    """Every imported submission of a survey, as rows by column name (no personal field)."""
    rows: list[dict[str, str]] = []
    for table in sorted((folder / RESPONSES_DIR).glob("*.csv")):
        schema = table.with_suffix(".schema.json")
        try:
            meta = json.loads(schema.read_text("utf-8")).get("x-publisher", {})
        except (OSError, ValueError, AttributeError):
            meta = {}
        with table.open(encoding="utf-8", newline="") as handle:
            more = list(csv.DictReader(handle))
        if meta.get("illustrative"):
            for row in more:
                row["_illustrative"] = "yes"
        rows += more
    return rows
