"""Every metadata field, declared once: the validator reads these declarations."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.diagnostics import Diagnostic, error, warning
from ..core.yamlio import Located, plain

#: the document types of a project whose publisher.yaml lists none; it may add others
DOCUMENT_TYPES = ("case-study", "guide", "report")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "str", "date", "list[str]", "authors", "mapping", "lang"
    description: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()  # offered by editors, not enforced


PROJECT_FIELDS = (
    Field("name", "str", "name of the publishing organisation's collection", required=True),
    Field("languages", "list[str]", "language codes the project publishes in", required=True),
    Field("formats", "list[str]", "formats built by default", default=["pdf", "docx", "html"]),
    Field("output", "str", "folder that receives every generated file", default="build"),
    Field("cases", "str", "folder that holds one sub-folder per publication", default="cases"),
    Field("brand", "str", "path of the brand definition", default="styles/brand.yaml"),
    Field("types", "types", "document types in use: a list of names, or a mapping of each name "
          "to its `required` case fields and required `sections` (ids)",
          default=list(DOCUMENT_TYPES)),
    Field("site_url", "str", "public address of the catalog site", default=""),
    Field("ignore", "list[str]", "diagnostic codes to silence in this project", default=[]),
    Field("limits", "mapping", "bounds on the work an input may cause: `max_file_kb` (5120), "
          "`max_depth` (32), `max_brackets` (6), `tool_seconds` (60); see docs/limits.md",
          default={}),
    Field("surveys", "mapping", "survey settings: `min_cell_size`, the fewest respondents any "
          "published count may rest on (default 5)", default={}),
)

CASE_FIELDS = (
    # one of the project's `types` (checked against publisher.yaml when the case is loaded)
    Field("type", "str", "document type, one of the project's `types`", required=True,
          examples=DOCUMENT_TYPES),
    Field("country", "str", "ISO 3166-1 alpha-2 code of the country the publication is about "
          "(required by the types that say so in publisher.yaml)"),
    Field("agency", "str", "agency or body whose experience is described (required by the "
          "types that say so)"),
    Field("authors", "authors", "authors, each with a name and an optional affiliation",
          required=True),
    Field("date", "date", "publication date, YYYY-MM-DD", required=True),
    Field("topics", "list[str]", "topic ids, declared in topics.yaml when the project has one",
          default=[]),
    Field("license", "str", "SPDX licence id", default="CC-BY-4.0"),
    Field("source_language", "lang", "language of the original edition", required=True),
    Field("languages", "list[str]", "the languages this publication is meant to have (its "
          "source language is always one); `translations --check` judges these, or every "
          "language of the project when the case does not say"),
    Field("partners", "list[str]", "logos of partner organisations, relative to the case folder",
          default=[]),
    Field("isbn", "str", "ISBN of the publication"),
    Field("doi", "str", "DOI of the publication"),
    Field("bibliography", "str", "works cited (CSL JSON, CSL YAML or BibTeX), relative to the "
          "case folder"),
    Field("event", "str", "slug of the alliance event the publication came from (events/)"),
    Field("activity", "str", "id of the action-plan activity the publication is an output of"),
)

EDITION_FIELDS = (
    Field("title", "str", "title of the edition", required=True),
    Field("subtitle", "str", "subtitle", default=""),
    Field("short_title", "str", "title for running headers", default=""),
    Field("summary", "str", "one-paragraph summary", default=""),
    Field("keywords", "list[str]", "keywords", default=[]),
    Field("translated_from", "lang", "language of the edition this one was translated from"),
    Field("translators", "list[str]", "translators' names", default=[]),
    Field("draft", "bool", "a draft is checked and built for preview, but kept off the "
          "site, its feeds, catalog and zips (unless `--drafts`)",
          default=False),
    Field("layout", "str", "`book` (cover, imprint, contents) or `plain` (title and text "
          "only); `publisher render` chooses plain outside a project and for short documents",
          choices=("book", "plain")),
    Field("source_sections", "mapping", "per section id, a hash of the source text the "
          "translation was made from (written by `publisher translations sync`)"),
)

#: a standalone Markdown file may carry any of the case and edition fields, none required
STANDALONE_FIELDS = tuple(
    Field(f.name, f.kind, f.description, False, f.default, f.choices)
    for f in CASE_FIELDS + EDITION_FIELDS
) + (
    Field("lang", "lang", "language of the document (default: found from the text)",
          default="en"),
    Field("language", "str", "language of the document, as Jekyll and Hugo name it"),
    Field("locale", "str", "language of the document, as some site generators name it"),
    Field("author", "str", "author", default=""),
)


def _kind_name(kind: str) -> str:
    return {
        "str": "a text",
        "date": "a date (YYYY-MM-DD)",
        "list[str]": "a list of texts",
        "authors": "a list of authors",
        "lang": "a language code",
        "bool": "true or false",
        "types": "a list or mapping of document types",
        "mapping": "a mapping",
    }.get(kind, kind)


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


def _coerce(f: Field, value: Any, located: Located, mapping: CommentedMap):
    """Return (value, diagnostic or None) for one field."""
    line, column = located.value_position(f.name, mapping)
    path = located.path

    def bad(msg, hint=""):
        return None, error("PUB102", msg, path, line, column, hint)

    if f.kind in ("str", "lang"):
        if isinstance(value, bool):
            return bad(
                f"`{f.name}` must be {_kind_name(f.kind)}, but YAML read `{value}` as a boolean",
                "YAML reads true and false as booleans; put the value in quotes",
            )
        if isinstance(value, (int, float)) and f.kind == "str":
            return str(value), None
        if not isinstance(value, str):
            return bad(f"`{f.name}` must be {_kind_name(f.kind)}")
        return str(value), None
    if f.kind == "bool":
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
            return bad(f"`{f.name}` must be true or false, not `{value}`",
                       "YAML 1.2 reads yes/no/on/off as text: write true or false")
        return bad(f"`{f.name}` must be true or false")
    if f.kind == "types":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return {v: {} for v in value}, None
        if isinstance(value, dict) and all(isinstance(v, dict) or v is None
                                           for v in value.values()):
            return {str(k): plain(v) or {} for k, v in value.items()}, None
        return bad("`types` must be a list of names or a mapping of name: {required, sections}")
    if f.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()), None
            except ValueError:
                pass
        problem = impossible_date(value) if isinstance(value, str) else ""
        return None, error(
            "PUB105",
            f"`{f.name}` is not a valid date: {value!r}" + (f" ({problem})" if problem else ""),
            path,
            line,
            column,
            date_hint(value) if isinstance(value, str) else
            "write dates as YYYY-MM-DD, e.g. 2024-03-15",
        )
    if f.kind == "list[str]":
        if isinstance(value, str):
            return [value], None
        if not isinstance(value, list) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value
        ):
            return bad(f"`{f.name}` must be {_kind_name(f.kind)}", "e.g. [first, second]")
        return [str(v) for v in value], None
    if f.kind == "authors":
        if isinstance(value, str):
            return [{"name": value}], None
        if not isinstance(value, list):
            return bad("`authors` must be a list", "e.g.\n  authors:\n    - name: Full Name")
        authors = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                authors.append({"name": item})
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                authors.append({k: str(v) for k, v in plain(item).items()})
            else:
                line, column = located.item_position(value, index) if isinstance(
                    value, CommentedSeq) else (line, column)
                return None, error("PUB102", "each author needs a `name`", path, line, column,
                                   "e.g. - name: Full Name")
        return authors, None
    if f.kind == "mapping" and not isinstance(value, (dict, str)):
        return bad(f"`{f.name}` must be a mapping of `key: value` lines")
    return plain(value), None


def check_mapping(
    located: Located,
    fields: tuple[Field, ...],
    what: str,
    mapping: CommentedMap | None = None,
    skip: tuple[str, ...] = (),
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Validate a mapping against field declarations.

    Returns the coerced values (defaults filled in; failed fields left out, so
    they do not cascade) and the diagnostics.
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
        value, problem = _coerce(f, mapping[f.name], located, mapping)
        if problem is not None:
            diagnostics.append(problem)
            continue
        if f.choices and value not in f.choices:
            line, column = located.value_position(f.name, mapping)
            close = difflib.get_close_matches(str(value), f.choices, n=1, cutoff=0.5)
            hint = f"did you mean `{close[0]}`?" if close else (
                "allowed: " + ", ".join(f.choices))
            diagnostics.append(
                error("PUB103", f"`{f.name}` is `{value}`, which is not one of the allowed values",
                      located.path, line, column, hint)
            )
            continue
        values[f.name] = value
    return values, diagnostics
