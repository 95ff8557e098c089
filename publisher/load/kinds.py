"""The kinds of metadata field: one class each, with its own check and JSON Schema type.

A field is an instance of the class of its kind (`Str`, `Choice`, `Lang`, `Date`, `Bool`,
`TextList`, `Authors`, `Types`, `Mapping`; the records add theirs in `records.check`).
Each class checks a value of its kind (`check`, which coerces it or says what is wrong)
and describes it in a JSON Schema (`json_type`); `check_mapping` checks a whole mapping:
unknown and missing fields, defaults, then each field's own check. The fields themselves
are declared in `fields`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.diagnostics import Diagnostic, error, warning
from ..core.yamlio import Located, plain

#: the document types of a project whose publisher.yaml lists none; it may add others
DOCUMENT_TYPES = ("case-study", "guide", "report")


@dataclass(frozen=True)
class At:
    """Where a value is checked: its file, the mapping that holds it, and the languages
    its texts may be in (the records')."""

    located: Located
    mapping: CommentedMap
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """A field of a metadata mapping; a subclass per kind checks and describes its values."""

    name: str
    description: str
    required: bool = False
    default: Any = None
    examples: tuple[str, ...] = ()  # offered by editors, not enforced

    #: the kind's name in the field reference
    kind: ClassVar[str] = ""
    #: checked after every other field of its mapping, by `records.check.check_record`
    late: ClassVar[bool] = False

    def check(self, value: Any, at: At) -> tuple[Any, list[Diagnostic]]:
        """The value coerced (None when it fails) and what is wrong with it."""
        raise NotImplementedError

    def json_type(self) -> dict:
        """The JSON Schema of a value of this kind."""
        raise NotImplementedError

    def type_text(self) -> str:
        """The kind as the field reference shows it."""
        return self.kind

    def position(self, at: At) -> tuple[int, int]:
        return at.located.value_position(self.name, at.mapping)

    def bad(self, at: At, message: str, hint: str = "") -> tuple[None, list[Diagnostic]]:
        return None, [error("PUB102", message, at.located.path, *self.position(at), hint)]

    def schema(self) -> dict:
        out = self.json_type()
        if self.examples:
            out["examples"] = list(self.examples)
        out["description"] = self.description
        if self.default not in (None, [], {}, ""):
            out["default"] = self.default
        return out


def object_schema(fields: tuple[Field, ...]) -> dict:
    """The JSON Schema of a mapping of these fields."""
    return {"type": "object", "additionalProperties": False,
            "required": [f.name for f in fields if f.required],
            "properties": {f.name: f.schema() for f in fields}}


def _boolean_read(f: Field, value: Any, at: At, what: str):
    return f.bad(at, f"`{f.name}` must be {what}, but YAML read `{value}` as a boolean",
                 "YAML reads true and false as booleans; put the value in quotes")


@dataclass(frozen=True)
class Str(Field):
    kind: ClassVar[str] = "str"

    def check(self, value, at):
        if isinstance(value, bool):
            return _boolean_read(self, value, at, "a text")
        if isinstance(value, (int, float, str)):
            return str(value), []
        return self.bad(at, f"`{self.name}` must be a text")

    def json_type(self):
        return {"type": "string"}


@dataclass(frozen=True)
class Choice(Str):
    """A text that is one of `choices`."""

    choices: tuple[str, ...] = ()

    def check(self, value, at):
        value, found = super().check(value, at)
        if value is None or value in self.choices:
            return value, found
        close = difflib.get_close_matches(str(value), self.choices, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else "allowed: " + ", ".join(self.choices)
        return None, [error("PUB103", f"`{self.name}` is `{value}`, which is not one of the "
                            "allowed values", at.located.path, *self.position(at), hint)]

    def json_type(self):
        return {**super().json_type(), "enum": list(self.choices)}

    def type_text(self):
        return f"{self.kind} ({', '.join(self.choices)})"


#: a language code in a JSON Schema
LANG_SCHEMA = {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)*$"}


@dataclass(frozen=True)
class Lang(Field):
    """A language code."""

    kind: ClassVar[str] = "lang"

    def check(self, value, at):
        if isinstance(value, bool):
            return _boolean_read(self, value, at, "a language code")
        if not isinstance(value, str):
            return self.bad(at, f"`{self.name}` must be a language code")
        return str(value), []

    def json_type(self):
        return dict(LANG_SCHEMA)


@dataclass(frozen=True)
class Bool(Field):
    kind: ClassVar[str] = "bool"

    def check(self, value, at):
        if isinstance(value, bool):
            return value, []
        if isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
            return self.bad(at, f"`{self.name}` must be true or false, not `{value}`",
                            "YAML 1.2 reads yes/no/on/off as text: write true or false")
        return self.bad(at, f"`{self.name}` must be true or false")

    def json_type(self):
        return {"type": "boolean"}


@dataclass(frozen=True)
class Types(Field):
    """Document types: a list of names, or a mapping of each name to its requirements."""

    kind: ClassVar[str] = "types"

    def check(self, value, at):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return {v: {} for v in value}, []
        if isinstance(value, dict) and all(isinstance(v, dict) or v is None
                                           for v in value.values()):
            return {str(k): plain(v) or {} for k, v in value.items()}, []
        return self.bad(at, "`types` must be a list of names or a mapping of name: "
                        "{required, sections}")

    def json_type(self):
        spec = {"type": "object", "additionalProperties": False, "properties": {
            "required": {"type": "array", "items": {"type": "string"}},
            "sections": {"type": "array", "items": {"type": "string"}}}}
        return {"anyOf": [{"type": "array", "items": {"type": "string"}},
                          {"type": "object", "additionalProperties": {"anyOf": [
                              spec, {"type": "null"}]}}]}


@dataclass(frozen=True)
class Date(Field):
    """A date, YYYY-MM-DD."""

    kind: ClassVar[str] = "date"

    def check(self, value, at):
        if isinstance(value, dt.datetime):
            return value.date(), []
        if isinstance(value, dt.date):
            return value, []
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()), []
            except ValueError:
                pass
        problem = impossible_date(value) if isinstance(value, str) else ""
        return None, [error(
            "PUB105",
            f"`{self.name}` is not a valid date: {value!r}" + (f" ({problem})" if problem else ""),
            at.located.path, *self.position(at),
            date_hint(value) if isinstance(value, str) else
            "write dates as YYYY-MM-DD, e.g. 2024-03-15")]

    def json_type(self):
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class TextList(Field):
    """A list of texts (one text is a list of one)."""

    kind: ClassVar[str] = "list[str]"

    def check(self, value, at):
        if isinstance(value, str):
            return [value], []
        if not isinstance(value, list) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
        ):
            return self.bad(at, f"`{self.name}` must be a list of texts", "e.g. [first, second]")
        return [str(v) for v in value], []

    def json_type(self):
        return {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}


@dataclass(frozen=True)
class Authors(Field):
    """Authors, each a name or a mapping with a `name` and an optional affiliation."""

    kind: ClassVar[str] = "authors"

    def check(self, value, at):
        if isinstance(value, str):
            return [{"name": value}], []
        if not isinstance(value, list):
            return self.bad(at, "`authors` must be a list",
                            "e.g.\n  authors:\n    - name: Full Name")
        authors = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                authors.append({"name": item})
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                authors.append({k: str(v) for k, v in plain(item).items()})
            else:
                line, column = at.located.item_position(value, index) if isinstance(
                    value, CommentedSeq) else self.position(at)
                return None, [error("PUB102", "each author needs a `name`", at.located.path,
                                    line, column, "e.g. - name: Full Name")]
        return authors, []

    def json_type(self):
        author = {"anyOf": [{"type": "string"}, {
            "type": "object", "required": ["name"], "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "affiliation": {"type": "string"}}}]}
        return {"anyOf": [{"type": "array", "items": author}, {"type": "string"}]}


@dataclass(frozen=True)
class Mapping(Field):
    """A mapping of `key: value` lines, read as it is (a text is let through)."""

    kind: ClassVar[str] = "mapping"

    def check(self, value, at):
        if not isinstance(value, (dict, str)):
            return self.bad(at, f"`{self.name}` must be a mapping of `key: value` lines")
        return plain(value), []

    def json_type(self):
        return {"anyOf": [{"type": "object"}, {"type": "string"}]}


_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def impossible_date(text: str) -> str:
    """What is impossible in a date written YYYY-MM-DD ("there is no month 13",
    "February 2026 has 28 days"), "" when it is not of that form or is possible."""
    import calendar

    m = _YMD.match(text)
    if not m:
        return ""
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}: the month comes second and runs from 01 to 12"
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= days:
        name = _MONTHS[month - 1]
        if month == 2 and day == 29:
            return f"{year} is not a leap year: February {year} has 28 days"
        return f"there is no day {day} in {name}: it has {days} days"
    return ""


def date_hint(text: str) -> str:
    """A hint for a date that did not read: the date it probably means, when it can tell."""
    m = _YMD.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
        if month > 12 and 1 <= day <= 12 and not impossible_date(f"{year}-{day}-{month}"):
            return (f"did you mean `{year:04d}-{day:02d}-{month:02d}`? The month comes before "
                    "the day")
        if not impossible_date(text):
            return f"write `{year:04d}-{month:02d}-{day:02d}`, with two digits for month and day"
        return "check the month and the day"
    return "write dates as YYYY-MM-DD, e.g. 2024-03-15"


def check_mapping(
    located: Located,
    fields: tuple[Field, ...],
    what: str,
    mapping: CommentedMap | None = None,
    skip: tuple[str, ...] = (),
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Validate a mapping against field declarations.

    Returns the coerced values (defaults filled in; failed fields left out, so
    they do not cascade) and the diagnostics. The `late` fields are only filled
    in with their defaults: `records.check.check_record` checks them after the others.
    """
    mapping = located.data if mapping is None else mapping
    by_name = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    diagnostics: list[Diagnostic] = []
    for key in mapping:
        if key not in by_name and key not in skip:
            line, column = located.key_position(key, mapping)
            close = difflib.get_close_matches(str(key), by_name, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else (
                "known fields: " + ", ".join(sorted(by_name)))
            diagnostics.append(
                warning("PUB104", f"unknown field `{key}` in {what}", located.path, line, column,
                        hint)
            )
    for f in fields:
        if f.name not in mapping or mapping[f.name] is None:
            if f.required:
                line, column = located.start()
                diagnostics.append(
                    error("PUB101", f"missing required field `{f.name}` in {what}",
                          located.path, line, column, f"add `{f.name}:` ({f.description})")
                )
            elif f.default is not None:
                values[f.name] = f.default
            continue
        if f.late:
            continue
        value, problems = f.check(mapping[f.name], At(located, mapping))
        diagnostics += problems
        if value is not None:
            values[f.name] = value
    return values, diagnostics
