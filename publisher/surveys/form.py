"""A survey's form as a model: questions, choice lists, languages and settings.

The XLSForm conventions are kept: a column ``label::English (en)`` holds the English labels,
``select_one yes_no`` asks for one choice of the list ``yes_no``, ``begin_group``/``end_group``
nest questions, whose names then form a path (``group/question``). Two columns of ours,
both ignored by pyxform and by the collection tools:

- ``personal``: ``yes`` marks a question whose answers identify a person;
- ``scale``: questions with the same value share a scale and must offer the same choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .workbook import Cell, Row, Workbook

FORM_NAMES = ("form.md", "form.xlsx")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: columns that carry text people read, one column per language
TRANSLATABLE = ("label", "hint", "guidance_hint", "constraint_message", "required_message")
_LANG_COLUMN = re.compile(r"^(?P<column>[a-z_]+)::(?P<language>.+)$")
_LANG_CODE = re.compile(r"\((?P<code>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")
#: question types with no label (metadata the device fills in, calculations)
METADATA_TYPES = {"start", "end", "today", "deviceid", "phonenumber", "username", "email",
                  "audit", "simserial", "subscriberid", "start-geopoint", "calculate",
                  "hidden", "xml-external", "csv-external"}
SELECTS = ("select_one", "select_multiple", "rank")
YES = {"yes", "true", "1", "y"}


def language_code(name: str) -> str:
    """``English (en)`` -> ``en``; a name without a code is kept as it is."""
    match = _LANG_CODE.search(name)
    return match.group("code").lower() if match else name.strip()


def split_column(header: str) -> tuple[str, str]:
    """``label::English (en)`` -> (``label``, ``English (en)``); ``label`` -> (``label``, "")."""
    match = _LANG_COLUMN.match(header.strip())
    if match:
        return match.group("column"), match.group("language").strip()
    return header.strip(), ""


@dataclass
class Texts:
    """One translatable column of a row: the text per language code, and the cells."""

    values: dict[str, str] = field(default_factory=dict)
    cells: dict[str, Cell] = field(default_factory=dict)

    def get(self, lang: str, default_lang: str = "") -> str:
        return self.values.get(lang) or (self.values.get(default_lang, "") if default_lang
                                         else "")


@dataclass
class Choice:
    list_name: str
    name: str
    texts: dict[str, Texts]  # by column: label, image, ...
    row: Row

    def label(self, lang: str, default_lang: str = "") -> str:
        texts = self.texts.get("label")
        return (texts.get(lang, default_lang) if texts else "") or self.name


@dataclass
class Question:
    name: str
    type: str  # the whole type cell: "select_one yes_no"
    row: Row
    group: tuple[str, ...] = ()
    texts: dict[str, Texts] = field(default_factory=dict)
    personal: bool = False
    scale: str = ""

    @property
    def kind(self) -> str:
        """The base type: text, integer, select_one, begin_group, ..."""
        parts = self.type.lower().split()
        if len(parts) > 1 and parts[0] in ("begin", "end"):
            return f"{parts[0]}_{parts[1]}"
        return parts[0] if parts else ""

    @property
    def list_name(self) -> str:
        parts = self.type.split()
        return parts[1] if self.kind in SELECTS and len(parts) > 1 else ""

    @property
    def path(self) -> str:
        return "/".join((*self.group, self.name))

    @property
    def is_group(self) -> bool:
        return self.kind in ("begin_group", "begin_repeat")

    @property
    def answered(self) -> bool:
        """Does this row collect an answer from the respondent?"""
        return not self.is_group and self.kind not in METADATA_TYPES and self.kind != "note"

    def text(self, column: str, lang: str, default_lang: str = "") -> str:
        texts = self.texts.get(column)
        return texts.get(lang, default_lang) if texts else ""

    def label(self, lang: str, default_lang: str = "") -> str:
        return self.text("label", lang, default_lang) or self.name

    def get(self, column: str) -> str:
        return self.row.get(column)


@dataclass
class Form:
    slug: str
    path: Path
    book: Workbook
    questions: list[Question] = field(default_factory=list)  # every survey row with a name
    choices: dict[str, list[Choice]] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # code -> column name
    default_language: str = ""  # a code
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def form_id(self) -> str:
        return self.settings.get("form_id") or self.slug

    @property
    def version(self) -> str:
        return self.settings.get("version", "")

    @property
    def title(self) -> str:
        return self.settings.get("form_title") or self.form_id

    def title_in(self, lang: str) -> str:
        """The form's title in a language: the `form_title::Language (code)` setting, else
        the title."""
        for key, value in self.settings.items():
            column, language = split_column(key)
            if column == "form_title" and language and language_code(language) == lang:
                return value
        return self.title

    def question(self, name: str) -> Question | None:
        """A question by name or by path (``group/question``)."""
        for q in self.questions:
            if q.name == name or q.path == name:
                return q
        return None

    @property
    def answered(self) -> list[Question]:
        return [q for q in self.questions if q.answered]

    def options(self, question: Question) -> list[Choice]:
        return self.choices.get(question.list_name, [])


def _texts(row: Row, default_lang_name: str) -> dict[str, Texts]:
    out: dict[str, Texts] = {}
    for header, cell in row.cells.items():
        column, language = split_column(header)
        if column not in TRANSLATABLE and column not in ("image", "audio", "video"):
            continue
        code = language_code(language or default_lang_name) if (language or
                                                                default_lang_name) else ""
        texts = out.setdefault(column, Texts())
        texts.cells[code] = cell
        if cell.text:
            texts.values[code] = cell.text
    return out


def build_form(slug: str, book: Workbook) -> Form:
    """The model of a workbook already read; bad rows are kept as they are (check reports)."""
    form = Form(slug, book.path, book)
    settings = book.sheet("settings")
    if settings and settings.rows:
        form.settings = {k: v for k, v in settings.rows[0].values().items()}
    default_name = form.settings.get("default_language", "")
    for sheet_name in ("survey", "choices"):
        sheet = book.sheet(sheet_name)
        for header in (sheet.columns if sheet else ()):
            column, language = split_column(header)
            if column in TRANSLATABLE:
                name = language or default_name
                if name:
                    form.languages.setdefault(language_code(name), name)
    form.default_language = language_code(default_name) if default_name else (
        next(iter(form.languages), ""))
    survey = book.sheet("survey")
    stack: list[str] = []
    for row in (survey.rows if survey else ()):
        qtype = " ".join(row.get("type").split())
        name = row.get("name")
        kind = Question("", qtype, row).kind
        if kind in ("end_group", "end_repeat"):
            if stack:
                stack.pop()
            continue
        if not name:
            continue
        q = Question(name, qtype, row, tuple(stack), _texts(row, default_name),
                     row.get("personal").lower() in YES, row.get("scale"))
        form.questions.append(q)
        if q.is_group:
            stack.append(name)
    choices = book.sheet("choices")
    for row in (choices.rows if choices else ()):
        list_name, name = row.get("list_name") or row.get("list name"), row.get("name")
        if list_name and name:
            form.choices.setdefault(list_name, []).append(
                Choice(list_name, name, _texts(row, default_name), row))
    return form
