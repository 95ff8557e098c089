"""An XLSForm as sheets of cells that remember where they were written.

Two sources give the same structure:

- ``form.md``: a heading per sheet (``## survey``, ``## choices``, ``## settings``), each followed
  by a Markdown pipe table whose first row names the columns. Text outside the tables is
  free. A cell is found again by its line and column in the file.
- ``form.xlsx``: the workbook itself; a cell is found by its sheet and reference (``B7``).

Row numbers follow pyxform's counting: the header is row 1 and the first row of data is row 2,
empty rows included, so a pyxform message ``[row : 5]`` points at ``sheet.rows[3]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, error, warning

SHEETS = ("survey", "choices", "settings")
#: bounds on what a form may hold (a form is a questionnaire, not a data set)
MAX_BYTES = 5_000_000
MAX_ROWS = 20_000
MAX_COLUMNS = 400

_PIPE = re.compile(r"(?<!\\)\|")
_SEPARATOR = re.compile(r"^\s*:?-+:?\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Cell:
    text: str
    line: int  # Markdown: line in the file; xlsx: the row in the sheet
    column: int  # Markdown: character column (1-based); xlsx: column number (A = 1)


@dataclass
class Row:
    number: int  # pyxform's row number: the header is 1
    cells: dict[str, Cell] = field(default_factory=dict)  # by column header
    line: int = 0
    column: int = 1

    def get(self, key: str, default: str = "") -> str:
        cell = self.cells.get(key)
        return cell.text if cell is not None else default

    def values(self) -> dict[str, str]:
        """The non-empty cells by header, as pyxform reads them."""
        return {k: c.text for k, c in self.cells.items() if c.text}


@dataclass
class Sheet:
    name: str
    line: int = 0  # line of the heading (Markdown) or 0 (xlsx)
    header: list[Cell] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [c.text for c in self.header if c.text]

    def header_cell(self, name: str) -> Cell | None:
        return next((c for c in self.header if c.text == name), None)


@dataclass
class Workbook:
    path: Path
    kind: str  # "md" or "xlsx"
    sheets: dict[str, Sheet] = field(default_factory=dict)  # by lower-case name
    names: list[str] = field(default_factory=list)  # sheet names as written

    def sheet(self, name: str) -> Sheet | None:
        return self.sheets.get(name)

    def where(self, cell: Cell | None, sheet: str = "") -> tuple[int, int, str]:
        """(line, column, text that names the place) of a cell, for a diagnostic."""
        if cell is None:
            found = self.sheets.get(sheet)
            return (found.line if found else 0), (1 if found and found.line else 0), ""
        if self.kind == "xlsx":
            return cell.line, cell.column, f"sheet '{sheet}', cell {cell_name(cell)}: "
        return cell.line, cell.column, ""

    def to_pyxform(self) -> dict:
        """The workbook as pyxform's reader would have produced it (its `DefinitionData`)."""
        data: dict = {"sheet_names": list(self.names)}
        for name, sheet in self.sheets.items():
            keep = [c for c in sheet.columns if not ours(name, c)]
            data[name] = [{k: v for k, v in row.values().items() if k in keep}
                          for row in sheet.rows]
            data[f"{name}_header"] = [{c: None for c in keep}] if keep else []
        return data


def ours(sheet: str, column: str) -> bool:
    """Columns of ours that the collection tools do not know: the form's title per language
    (``form_title::Русский (ru)`` in the settings), which pyxform would take for the title."""
    return sheet == "settings" and column.startswith("form_title::")


def cell_name(cell: Cell) -> str:
    """A spreadsheet reference such as B7."""
    n, letters = cell.column, ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{cell.line}"


def _split_row(line: str) -> list[tuple[str, int]]:
    """The cells of a pipe-table line, each with the column where its text starts."""
    start = line.index("|")
    end = line.rstrip().rstrip("\n")
    body_end = len(end) - 1 if end.endswith("|") and not end.endswith("\\|") else len(end)
    cells: list[tuple[str, int]] = []
    pos = start + 1
    parts = _PIPE.split(line[start + 1:body_end])
    for part in parts:
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        column = pos + lead + 1 if stripped else pos + 1
        cells.append((stripped.replace("\\|", "|"), column))
        pos += len(part) + 1
    return cells


def read_markdown(path: Path, text: str) -> tuple[Workbook, list[Diagnostic]]:
    """Read the sheets of a ``form.md``: a heading per sheet, then its table."""
    book = Workbook(path, "md")
    found: list[Diagnostic] = []
    current: Sheet | None = None
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(line)
        if heading:
            title = heading.group(2).strip()
            if title.lower() in SHEETS or title.lower() in ("external_choices", "entities"):
                if title.lower() in book.sheets:
                    found.append(error("PUB931", f"a second `{title}` sheet", path, number, 1,
                                       "each sheet has one heading and one table"))
                    current = None
                    continue
                current = Sheet(title.lower(), number)
                book.sheets[title.lower()] = current
                book.names.append(title)
            else:
                current = None
            continue
        if not line.lstrip().startswith("|") or current is None:
            continue
        cells = _split_row(line)
        if all(_SEPARATOR.match(text) for text, _ in cells if text) and any(
                text for text, _ in cells):
            continue
        if not current.header:
            current.header = [Cell(t, number, c) for t, c in cells]
            seen: set[str] = set()
            for cell in current.header:
                if cell.text and cell.text in seen:
                    found.append(error("PUB931", f"the column `{cell.text}` appears twice in "
                                       f"the {current.name} sheet", path, number, cell.column))
                seen.add(cell.text)
            if len(current.header) > MAX_COLUMNS:
                found.append(error("PUB931", f"more than {MAX_COLUMNS} columns", path, number, 1))
                current.header = current.header[:MAX_COLUMNS]
            continue
        if len(current.rows) >= MAX_ROWS:
            found.append(error("PUB931", f"more than {MAX_ROWS} rows in the {current.name} "
                               "sheet; the rest is not read", path, number, 1))
            current = None
            continue
        row = Row(len(current.rows) + 2, line=number, column=cells[0][1] if cells else 1)
        for index, (value, column) in enumerate(cells):
            if index >= len(current.header):
                if value:
                    found.append(error(
                        "PUB931", f"a cell beyond the last column of the {current.name} table",
                        path, number, column, "add a column header or remove the cell "
                        "(write a literal pipe as \\|)"))
                continue
            key = current.header[index].text
            if key:
                row.cells[key] = Cell(value, number, column)
        current.rows.append(row)
    for sheet in book.sheets.values():
        if not sheet.header:
            found.append(warning("PUB931", f"the {sheet.name} heading has no table under it",
                                 path, sheet.line, 1))
    return book, found


def read_xlsx(path: Path) -> tuple[Workbook | None, list[Diagnostic]]:
    """Read a ``form.xlsx`` with openpyxl: every sheet, every cell with its reference."""
    from openpyxl import load_workbook

    book = Workbook(path, "xlsx")
    found: list[Diagnostic] = []
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        return None, [error("PUB930", f"cannot read the workbook: {exc}", path)]
    try:
        for title in wb.sheetnames:
            book.names.append(title)
            if title.lower() not in SHEETS + ("external_choices", "entities"):
                continue
            sheet = Sheet(title.lower())
            book.sheets[title.lower()] = sheet
            for r, values in enumerate(wb[title].iter_rows(values_only=True,
                                                           max_col=MAX_COLUMNS), start=1):
                if r > MAX_ROWS + 1:
                    found.append(error("PUB931", f"more than {MAX_ROWS} rows; the rest is not "
                                       "read", path, r, 1))
                    break
                texts = ["" if v is None else _excel_text(v) for v in values]
                if r == 1:
                    sheet.header = [Cell(t, 1, c) for c, t in enumerate(texts, start=1)]
                    continue
                row = Row(r, line=r, column=1)
                for c, text in enumerate(texts, start=1):
                    if c <= len(sheet.header) and sheet.header[c - 1].text:
                        row.cells[sheet.header[c - 1].text] = Cell(text, r, c)
                sheet.rows.append(row)
            while sheet.rows and not sheet.rows[-1].values():
                sheet.rows.pop()
    finally:
        wb.close()
    return book, found


def _excel_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_form(path: Path) -> tuple[Workbook | None, list[Diagnostic]]:
    """Read ``form.md`` or ``form.xlsx``; never raises on bad input."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [error("PUB930", f"cannot read the form: {exc.strerror}", path)]
    if size > MAX_BYTES:
        return None, [error("PUB930", f"the form is larger than {MAX_BYTES // 1_000_000} MB",
                            path)]
    if path.suffix == ".xlsx":
        return read_xlsx(path)
    raw = path.read_bytes()
    if b"\0" in raw:
        return None, [error("PUB008", "the form contains a NUL byte", path)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [error("PUB002", "the form is not UTF-8 text", path, line)]
    return read_markdown(path, text)
