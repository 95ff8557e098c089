"""Reading what the collection tools export, as sheets of text cells with their places.

- KoboToolbox: CSV (``;`` by default, or ``,``) or XLSX; headers are XML names or labels in one
  of the form's languages, group paths joined with ``/`` when asked; ``_id``, ``_uuid``,
  ``_submission_time``, ``_validation_status``, ``__version__`` and the other columns it adds.
- ODK Central: CSV with ``SubmissionDate`` first, group paths joined with ``-``, ``KEY`` and
  the submitter columns at the end; each repeat in a file of its own joined by ``PARENT_KEY``.
- LimeSurvey: CSV (often with a byte-order mark) with ``id``, ``submitdate``, ``lastpage``,
  ``startlanguage``, ..., then question codes (``Q1``, ``Q2[SQ001]``) or full headings.
- Google Forms: CSV with ``Timestamp`` first and one column per question text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, error
from .workbook import Cell, cell_name

SOURCES = ("kobo", "odk", "limesurvey", "google")
MAX_BYTES = 500_000_000
MAX_COLUMNS = 5_000

KOBO_META = {"_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index", "_parent_index",
             "_parent_table_name", "_submission__id", "_submission__uuid",
             "_submission__submission_time", "_submission__validation_status",
             "_submission__notes", "_submission__status", "_submission__submitted_by",
             "_submission___version__", "_submission__tags", "_attachments", "_geolocation",
             "meta/instanceid", "meta/rootuuid", "meta/deprecatedid", "formhub/uuid"}
ODK_META = {"submissiondate", "key", "parent_key", "submitterid", "submittername",
            "attachmentspresent", "attachmentsexpected", "status", "reviewstate", "deviceid",
            "edits", "formversion", "meta-instanceid", "meta-instancename",
            "meta-deprecatedid", "meta-audit"}
LIMESURVEY_META = {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
                   "datestamp", "token", "ipaddr", "refurl", "interviewtime",
                   "response id", "date submitted", "last page", "start language",
                   "date started", "date last action", "ip address", "referrer url",
                   "total time"}
GOOGLE_META = {"timestamp", "email address", "email", "score"}


@dataclass
class ExportSheet:
    """One table of an export: its header, its rows, and where each row was written."""

    path: Path
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # CSV: line of each row; xlsx: row number
    name: str = ""  # the sheet of a workbook

    def where(self, row: int, column: int) -> tuple[int, int, str]:
        """(line, column, prefix naming the place) of the cell of data row `row` (0-based)
        and column `column` (0-based)."""
        line = self.lines[row] if 0 <= row < len(self.lines) else 1
        if self.name:
            cell = cell_name(Cell("", line, column + 1))
            return line, column + 1, f"sheet '{self.name}', cell {cell}: "
        return line, column + 1, ""

    def header_where(self, column: int) -> tuple[int, int, str]:
        if self.name:
            cell = cell_name(Cell("", 1, column + 1))
            return 1, column + 1, f"sheet '{self.name}', cell {cell}: "
        return 1, column + 1, ""


def _delimiter(first_line: str) -> str:
    counts = {d: 0 for d in ";,\t"}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, raw: bytes) -> tuple[ExportSheet | None, list[Diagnostic]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [error("PUB940", "the export is not UTF-8 text", path, line, 1,
                            "export it again as UTF-8 (every tool offers it)")]
    if "\0" in text:
        return None, [error("PUB008", "the export contains a NUL byte", path)]
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    try:
        header = next(reader)
    except StopIteration:
        return None, [error("PUB940", "the export is empty", path)]
    except csv.Error as exc:
        return None, [error("PUB940", f"the export cannot be read as CSV: {exc}", path, 1)]
    if len(header) > MAX_COLUMNS:
        return None, [error("PUB940", f"the export has more than {MAX_COLUMNS} columns", path)]
    sheet = ExportSheet(path, [h.strip() for h in header])
    rows, lines = sheet.rows, sheet.lines
    previous = reader.line_num
    try:
        for record in reader:
            start = previous + 1
            previous = reader.line_num
            if not any(record):
                continue
            rows.append(record)
            lines.append(start)
    except csv.Error as exc:
        return sheet, [error("PUB940", f"the export cannot be read as CSV: {exc}", path,
                             previous + 1, 1)]
    return sheet, []


def read_xlsx(path: Path) -> tuple[list[ExportSheet], list[Diagnostic]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook raises many kinds
        return [], [error("PUB940", f"cannot read the workbook: {exc}", path)]
    sheets = []
    try:
        for title in wb.sheetnames:
            rows = wb[title].iter_rows(values_only=True)
            header = next(rows, None)
            if not header:
                continue
            sheet = ExportSheet(path, ["" if h is None else str(h).strip() for h in header],
                                name=title)
            for number, values in enumerate(rows, start=2):
                texts = ["" if v is None else _cell_text(v) for v in values]
                if any(texts):
                    sheet.rows.append(texts)
                    sheet.lines.append(number)
            sheets.append(sheet)
    finally:
        wb.close()
    return sheets, []


def _cell_text(value) -> str:
    import datetime as dt

    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_export(path: Path) -> tuple[list[ExportSheet], list[Diagnostic]]:
    """Every table of an export file; never raises on bad input."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return [], [error("PUB940", f"cannot read the export: {exc.strerror}", path)]
    if size > MAX_BYTES:
        return [], [error("PUB940", f"the export is larger than {MAX_BYTES // 1_000_000} MB",
                          path)]
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        return read_xlsx(path)
    sheet, found = read_csv(path, raw)
    return ([sheet] if sheet is not None else []), found


def detect(sheet: ExportSheet) -> str | None:
    """Which tool wrote this table, from the columns only that tool writes."""
    names = {h.strip().lower() for h in sheet.header}
    if names & {"_uuid", "_submission_time", "_submission__uuid"} or "_id" in names:
        return "kobo"
    if "submissiondate" in names or ("key" in names and "parent_key" in names):
        return "odk"
    if {"submitdate", "startlanguage"} <= names or {"date submitted", "start language"} <= names:
        return "limesurvey"
    if sheet.header and sheet.header[0].strip().lower() == "timestamp":
        return "google"
    return None


def metadata_columns(source: str) -> set[str]:
    return {"kobo": KOBO_META, "odk": ODK_META, "limesurvey": LIMESURVEY_META,
            "google": GOOGLE_META}[source]
