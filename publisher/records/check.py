"""Checking a records file against its declarations, with positions.

`check_record` extends `publisher.load.fields.check_mapping` (unknown and missing fields,
the shared kinds, allowed values) with the kinds the records add. A value that fails
is left out, so it does not cascade into more errors; each nested mapping keeps a
reference to its YAML node under the key `_node`, so later checks can point at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.diagnostics import Diagnostic, error
from ..load.fields import Field, check_mapping
from ..core.yamlio import Located

NODE = "_node"
_OWN = ("text", "int", "number", "datetime", "record", "records", "counts")


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
    path = located.path
    for f in fields:
        if f.kind not in _OWN or f.name not in mapping or mapping[f.name] is None:
            continue
        raw = mapping[f.name]
        line, column = located.value_position(f.name, mapping)
        values.pop(f.name, None)

        def bad(message, hint="", line=line, column=column, found=found):
            found.append(error("PUB102", message, path, line, column, hint))

        if f.kind == "text":
            if isinstance(raw, str):
                values[f.name] = {"": str(raw)}
            elif isinstance(raw, CommentedMap) and all(isinstance(v, str) for v in raw.values()):
                text = {}
                for lang, value in raw.items():
                    if languages and lang not in languages:
                        at = located.key_position(lang, raw)
                        found.append(error("PUB106", f"`{f.name}` has a text in `{lang}`, which "
                                           "is not one of the project's languages", path, *at,
                                           "languages: " + ", ".join(languages)))
                        continue
                    text[str(lang)] = str(value)
                values[f.name] = text
                values[f.name + NODE] = raw
            else:
                bad(f"`{f.name}` must be a text per language", f"e.g.\n  {f.name}:\n"
                    "    en: English text\n    ru: Русский текст")
        elif f.kind == "int":
            if isinstance(raw, int) and not isinstance(raw, bool):
                values[f.name] = int(raw)
            else:
                bad(f"`{f.name}` must be a whole number")
        elif f.kind == "number":
            if _is_number(raw):
                values[f.name] = raw
            else:
                bad(f"`{f.name}` must be a number")
        elif f.kind == "counts":
            if isinstance(raw, CommentedMap) and all(
                    isinstance(v, int) and not isinstance(v, bool) and v >= 0
                    for v in raw.values()):
                values[f.name] = {str(k): int(v) for k, v in raw.items()}
                values[f.name + NODE] = raw
            else:
                bad(f"`{f.name}` must map ids to whole numbers", "e.g. by_member: {uz-apa: 12}")
        elif f.kind == "datetime":
            value = parse_datetime(raw)
            if value is None:
                found.append(error("PUB105", f"`{f.name}` is not a valid date or date and time: "
                                   f"{raw!r}", path, line, column,
                                   "write 2019-05-30, or 2019-05-30T09:30 for a local time"))
            else:
                values[f.name] = value
        elif f.kind == "record":
            if isinstance(raw, CommentedMap):
                sub, more = check_record(located, f.fields, f"`{f.name}`", raw, languages)
                values[f.name] = sub
                found += more
            else:
                bad(f"`{f.name}` must be a mapping of `key: value` lines")
        elif f.kind == "records":
            if not isinstance(raw, CommentedSeq):
                bad(f"`{f.name}` must be a list", f"e.g.\n  {f.name}:\n    - id: ...")
                continue
            items = []
            for index, item in enumerate(raw):
                if not isinstance(item, CommentedMap):
                    found.append(error("PUB102", f"each entry of `{f.name}` must be a mapping",
                                       path, *located.item_position(raw, index)))
                    continue
                sub, more = check_record(located, f.fields, f"an entry of `{f.name}`", item,
                                         languages)
                items.append(sub)
                found += more
            values[f.name] = items
            values[f.name + NODE] = raw
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
