"""JSON Schemas and a Markdown field reference, generated from the field declarations."""

from __future__ import annotations

import json

from .brand import BRAND_FIELDS
from ..records.fields import FILES as RECORD_FILES
from .fields import CASE_FIELDS, EDITION_FIELDS, PROJECT_FIELDS, Field

KINDS = {
    "publisher": ("publisher.yaml", "the project configuration", PROJECT_FIELDS),
    "case": ("cases/<slug>/case.yaml", "metadata shared by every edition of a case", CASE_FIELDS),
    "edition": ("front matter of cases/<slug>/<lang>.md", "one edition in one language",
                EDITION_FIELDS),
    "brand": ("styles/brand.yaml", "the brand", BRAND_FIELDS),
    **RECORD_FILES,
}

_LANG = {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]+)*$"}


def _type(f: Field) -> dict:
    kind = f.kind
    if kind == "str":
        out: dict = {"type": "string"}
    elif kind == "lang":
        out = dict(_LANG)
    elif kind == "date":
        out = {"type": "string", "format": "date"}
    elif kind == "bool":
        out = {"type": "boolean"}
    elif kind == "list[str]":
        out = {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}
    elif kind == "authors":
        author = {"anyOf": [{"type": "string"}, {
            "type": "object", "required": ["name"], "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "affiliation": {"type": "string"}}}]}
        out = {"anyOf": [{"type": "array", "items": author}, {"type": "string"}]}
    elif kind == "types":
        spec = {"type": "object", "additionalProperties": False, "properties": {
            "required": {"type": "array", "items": {"type": "string"}},
            "sections": {"type": "array", "items": {"type": "string"}}}}
        out = {"anyOf": [{"type": "array", "items": {"type": "string"}},
                         {"type": "object", "additionalProperties": {"anyOf": [
                             spec, {"type": "null"}]}}]}
    elif kind == "text":
        out = {"anyOf": [{"type": "string"}, {"type": "object", "propertyNames": _LANG,
                                              "additionalProperties": {"type": "string"}}]}
    elif kind == "int":
        out = {"type": "integer"}
    elif kind == "number":
        out = {"type": "number"}
    elif kind == "datetime":
        out = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$"}
    elif kind == "counts":
        out = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    elif kind in ("record", "records"):
        record = _object(f.fields)
        out = record if kind == "record" else {"type": "array", "items": record}
    else:  # mapping
        out = {"anyOf": [{"type": "object"}, {"type": "string"}]}
    if f.choices:
        out["enum"] = list(f.choices)
    if f.examples:
        out["examples"] = list(f.examples)
    out["description"] = f.description
    if f.default not in (None, [], {}, ""):
        out["default"] = f.default
    return out


def _object(fields) -> dict:
    return {"type": "object", "additionalProperties": False,
            "required": [f.name for f in fields if f.required],
            "properties": {f.name: _type(f) for f in fields}}


def schema(kind: str) -> dict:
    where, title, fields = KINDS[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"publisher/{kind}.schema.json",
        "title": f"publisher: {title} ({where})",
        **_object(fields),
    }


def schema_files() -> dict[str, str]:
    return {f"{kind}.schema.json": json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"
            for kind in KINDS}


def _flat(fields, prefix: str = ""):
    """Each field with its dotted name; a list of records is shown as `name[].field`."""
    for f in fields:
        yield f, prefix + f.name
        sub = getattr(f, "fields", ())
        if sub:
            yield from _flat(sub, prefix + f.name + ("[]." if f.kind == "records" else "."))


def reference() -> str:
    """The field reference (docs/fields.md)."""
    out = ["# Field reference", "",
           "Generated from the field declarations by `publisher schema`; do not edit by hand.",
           ""]
    for kind, (where, title, fields) in KINDS.items():
        out += [f"## `{where}`", "", f"{title[0].upper()}{title[1:]}. JSON Schema: "
                f"`schemas/{kind}.schema.json`.", "",
                "| field | type | required | default | description |", "|---|---|---|---|---|"]
        for f, name in _flat(fields):
            default = "" if f.default in (None, [], {}, "") else f"`{json.dumps(f.default)}`"
            kind_text = f.kind + (" (" + ", ".join(f.choices) + ")" if f.choices else "")
            out.append(f"| `{name}` | {kind_text} | {'yes' if f.required else ''} | "
                       f"{default} | {f.description} |")
        out.append("")
    return "\n".join(out)
