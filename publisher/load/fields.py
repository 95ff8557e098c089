"""Every metadata field of the project, its cases and their editions, declared once: the
validator, the JSON Schemas and the field reference read these declarations (their kinds
are in `kinds`)."""

from __future__ import annotations

import dataclasses

from .kinds import DOCUMENT_TYPES, Authors, Bool, Choice, Date, Lang, Mapping, Str, TextList, Types


PROJECT_FIELDS = (
    Str("name", "name of the publishing organisation's collection", required=True),
    TextList("languages", "language codes the project publishes in", required=True),
    TextList("formats", "formats built by default", default=["pdf", "docx", "html"]),
    Str("output", "folder that receives every generated file", default="build"),
    Str("cases", "folder that holds one sub-folder per publication", default="cases"),
    Str("brand", "path of the brand definition", default="styles/brand.yaml"),
    Types("types", "document types in use: a list of names, or a mapping of each name "
          "to its `required` case fields and required `sections` (ids)",
          default=list(DOCUMENT_TYPES)),
    Str("site_url", "public address of the catalog site", default=""),
    TextList("ignore", "diagnostic codes to silence in this project", default=[]),
    Mapping("limits", "bounds on the work an input may cause: `max_file_kb` (5120), "
            "`max_depth` (32), `max_brackets` (6), `tool_seconds` (60); see docs/limits.md",
            default={}),
    Mapping("surveys", "survey settings: `min_cell_size`, the fewest respondents any "
            "published count may rest on (default 5)", default={}),
)

CASE_FIELDS = (
    # one of the project's `types` (checked against publisher.yaml when the case is loaded)
    Str("type", "document type, one of the project's `types`", required=True,
        examples=DOCUMENT_TYPES),
    Str("country", "ISO 3166-1 alpha-2 code of the country the publication is about "
        "(required by the types that say so in publisher.yaml)"),
    Str("agency", "agency or body whose experience is described (required by the "
        "types that say so)"),
    Authors("authors", "authors, each with a name and an optional affiliation",
            required=True),
    Date("date", "publication date, YYYY-MM-DD", required=True),
    TextList("topics", "topic ids, declared in topics.yaml when the project has one",
             default=[]),
    Str("license", "SPDX licence id", default="CC-BY-4.0"),
    Lang("source_language", "language of the original edition", required=True),
    TextList("languages", "the languages this publication is meant to have (its "
             "source language is always one); `translations --check` judges these, or every "
             "language of the project when the case does not say"),
    TextList("partners", "logos of partner organisations, relative to the case folder",
             default=[]),
    Str("isbn", "ISBN of the publication"),
    Str("doi", "DOI of the publication"),
    Str("bibliography", "works cited (CSL JSON, CSL YAML or BibTeX), relative to the "
        "case folder"),
    Str("event", "slug of the alliance event the publication came from (events/)"),
    Str("activity", "id of the action-plan activity the publication is an output of"),
)

EDITION_FIELDS = (
    Str("title", "title of the edition", required=True),
    Str("subtitle", "subtitle", default=""),
    Str("short_title", "title for running headers", default=""),
    Str("summary", "one-paragraph summary", default=""),
    TextList("keywords", "keywords", default=[]),
    Lang("translated_from", "language of the edition this one was translated from"),
    TextList("translators", "translators' names", default=[]),
    Bool("draft", "a draft is checked and built for preview, but kept off the "
         "site, its feeds, catalog and zips (unless `--drafts`)",
         default=False),
    Choice("layout", "`book` (cover, imprint, contents) or `plain` (title and text "
           "only); `publisher render` chooses plain outside a project and for short documents",
           choices=("book", "plain")),
    Mapping("source_sections", "per section id, a hash of the source text the "
            "translation was made from (written by `publisher translations sync`)"),
)

#: a standalone Markdown file may carry any of the case and edition fields, none required
STANDALONE_FIELDS = tuple(
    dataclasses.replace(f, required=False, examples=()) for f in CASE_FIELDS + EDITION_FIELDS
) + (
    Lang("lang", "language of the document (default: found from the text)",
         default="en"),
    Str("language", "language of the document, as Jekyll and Hugo name it"),
    Str("locale", "language of the document, as some site generators name it"),
    Str("author", "author", default=""),
)
