"""Checking a records file against its declarations, with positions.

`check_record` extends `publisher.load.fields.check_mapping` (unknown and missing fields,
the shared kinds, allowed values) with the kinds the records add (`PerLanguage`, `Int`,
`Number`, `Counts`, `DateTime`, and the nested `Record` and `Records`). A value that fails
is left out, so it does not cascade into more errors; each nested mapping keeps a
reference to its YAML node under the key `_node`, so later checks can point at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.diagnostics import Diagnostic, error
from ..load.kinds import LANG_SCHEMA, At, Field, check_mapping, object_schema
from ..core.yamlio import Located

NODE = "_node"


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_datetime(value) -> dt.date | dt.datetime | None:
    """A date (all day) or a naive local date and time; None when neither."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else (
                dt.datetime.fromisoformat(text.replace(" ", "T", 1)).replace(tzinfo=None))
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class _Late(Field):
    """A kind of the records: checked after the shared kinds of its mapping."""

    late: ClassVar[bool] = True


@dataclass(frozen=True)
class PerLanguage(_Late):
    """A text per language, or one text for every language (under the key "")."""

    kind: ClassVar[str] = "text"

    def check(self, value, at):
        if isinstance(value, str):
            return {"": str(value)}, []
        if not (isinstance(value, CommentedMap) and all(isinstance(v, str)
                                                        for v in value.values())):
            return self.bad(at, f"`{self.name}` must be a text per language",
                            f"e.g.\n  {self.name}:\n    en: English text\n    ru: Русский текст")
        text, found = {}, []
        for lang, text_of in value.items():
            if at.languages and lang not in at.languages:
                found.append(error("PUB106", f"`{self.name}` has a text in `{lang}`, which is "
                                   "not one of the project's languages", at.located.path,
                                   *at.located.key_position(lang, value),
                                   "languages: " + ", ".join(at.languages)))
                continue
            text[str(lang)] = str(text_of)
        return text, found

    def json_type(self):
        return {"anyOf": [{"type": "string"}, {"type": "object", "propertyNames": LANG_SCHEMA,
                                               "additionalProperties": {"type": "string"}}]}


@dataclass(frozen=True)
class Int(_Late):
    kind: ClassVar[str] = "int"

    def check(self, value, at):
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value), []
        return self.bad(at, f"`{self.name}` must be a whole number")

    def json_type(self):
        return {"type": "integer"}


@dataclass(frozen=True)
class Number(_Late):
    kind: ClassVar[str] = "number"

    def check(self, value, at):
        if _is_number(value):
            return value, []
        return self.bad(at, f"`{self.name}` must be a number")

    def json_type(self):
        return {"type": "number"}


@dataclass(frozen=True)
class Counts(_Late):
    """Whole numbers by id (participants per member)."""

    kind: ClassVar[str] = "counts"

    def check(self, value, at):
        if isinstance(value, CommentedMap) and all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0
                for v in value.values()):
            return {str(k): int(v) for k, v in value.items()}, []
        return self.bad(at, f"`{self.name}` must map ids to whole numbers",
                        "e.g. by_member: {uz-apa: 12}")

    def json_type(self):
        return {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}


@dataclass(frozen=True)
class DateTime(_Late):
    """YYYY-MM-DD (all day), or YYYY-MM-DDTHH:MM in the event's time zone."""

    kind: ClassVar[str] = "datetime"

    def check(self, value, at):
        parsed = parse_datetime(value)
        if parsed is None:
            return None, [error("PUB105", f"`{self.name}` is not a valid date or date and "
                                f"time: {value!r}", at.located.path, *self.position(at),
                                "write 2019-05-30, or 2019-05-30T09:30 for a local time")]
        return parsed, []

    def json_type(self):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$"}


@dataclass(frozen=True)
class Nested(_Late):
    """A field whose value is a mapping (`Record`) or a list of mappings (`Records`)."""

    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Record(Nested):
    kind: ClassVar[str] = "record"

    def check(self, value, at):
        if not isinstance(value, CommentedMap):
            return self.bad(at, f"`{self.name}` must be a mapping of `key: value` lines")
        return check_record(at.located, self.fields, f"`{self.name}`", value, at.languages)

    def json_type(self):
        return object_schema(self.fields)


@dataclass(frozen=True)
class Records(Nested):
    kind: ClassVar[str] = "records"

    def check(self, value, at):
        if not isinstance(value, CommentedSeq):
            return self.bad(at, f"`{self.name}` must be a list",
                            f"e.g.\n  {self.name}:\n    - id: ...")
        items, found = [], []
        for index, item in enumerate(value):
            if not isinstance(item, CommentedMap):
                found.append(error("PUB102", f"each entry of `{self.name}` must be a mapping",
                                   at.located.path, *at.located.item_position(value, index)))
                continue
            sub, more = check_record(at.located, self.fields, f"an entry of `{self.name}`",
                                     item, at.languages)
            items.append(sub)
            found += more
        return items, found

    def json_type(self):
        return {"type": "array", "items": object_schema(self.fields)}


def check_record(located: Located, fields: tuple[Field, ...], what: str,
                 mapping: CommentedMap | None = None,
                 languages: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[Diagnostic]]:
    mapping = located.data if mapping is None else mapping
    values, found = check_mapping(located, fields, what, mapping)
    values[NODE] = mapping
    if mapping is not located.data and len(mapping):
        # a missing field of a nested mapping: point at that mapping, not the file's start
        where = located.key_position(next(iter(mapping)), mapping)
        found = [replace(d, line=where[0], column=where[1])
                 if d.code == "PUB101" and (d.line, d.column) == located.start() else d
                 for d in found]
    at = At(located, mapping, languages)
    for f in fields:
        if not f.late or f.name not in mapping or mapping[f.name] is None:
            continue
        raw = mapping[f.name]
        values.pop(f.name, None)
        value, more = f.check(raw, at)
        found += more
        if value is None:
            continue
        values[f.name] = value
        if isinstance(raw, (CommentedMap, CommentedSeq)) and not isinstance(f, Record):
            values[f.name + NODE] = raw  # a text per language, counts, a list of records
    return values, found


def at_value(located: Located, values: dict, key: str) -> tuple[int, int]:
    """Position of the value of `key` in the mapping `values` was read from."""
    return located.value_position(key, values.get(NODE))


def at_key(located: Located, values: dict, key: str) -> tuple[int, int]:
    return located.key_position(key, values.get(NODE))


def at_item(located: Located, values: dict, key: str, index: int) -> tuple[int, int]:
    """Position of item `index` of the list under `key`."""
    node = values.get(NODE)
    seq = node.get(key) if isinstance(node, CommentedMap) else None
    if isinstance(seq, CommentedSeq):
        return located.item_position(seq, index)
    return at_value(located, values, key)


def at_start(located: Located, values: dict) -> tuple[int, int]:
    """Position of the first key of the mapping `values` was read from (a list entry)."""
    node = values.get(NODE)
    if isinstance(node, CommentedMap) and len(node):
        return located.key_position(next(iter(node)), node)
    return located.start()
