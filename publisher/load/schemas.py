"""JSON Schemas and a Markdown field reference, generated from the field declarations."""

from __future__ import annotations

import json

from .brand import BRAND_FIELDS
from ..records.fields import FILES as RECORD_FILES
from .fields import CASE_FIELDS, EDITION_FIELDS, PROJECT_FIELDS
from .kinds import object_schema

KINDS = {
    "publisher": ("publisher.yaml", "the project configuration", PROJECT_FIELDS),
    "case": ("cases/<slug>/case.yaml", "metadata shared by every edition of a case", CASE_FIELDS),
    "edition": ("front matter of cases/<slug>/<lang>.md", "one edition in one language",
                EDITION_FIELDS),
    "brand": ("styles/brand.yaml", "the brand", BRAND_FIELDS),
    **RECORD_FILES,
}


def schema(kind: str) -> dict:
    where, title, fields = KINDS[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"publisher/{kind}.schema.json",
        "title": f"publisher: {title} ({where})",
        **object_schema(fields),
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
            out.append(f"| `{name}` | {f.type_text()} | {'yes' if f.required else ''} | "
                       f"{default} | {f.description} |")
        out.append("")
    return "\n".join(out)
