"""The immutable content model: a project, its cases, and their editions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .limits import Limits
from .yamlio import Located

FORMATS = ("pdf", "docx", "html")
LAYOUTS = ("book", "plain")
#: `publisher render` gives a document shorter than this many words the plain layout
SHORT_WORDS = 1000


@dataclass(frozen=True)
class DocType:
    """A document type: case fields it requires and section ids it must contain."""

    name: str
    required: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


#: what each built-in type requires when publisher.yaml lists only the names (sections are
#: required only where a project says so)
DEFAULT_TYPES = {
    "case-study": DocType("case-study", ("country", "agency")),
    "guide": DocType("guide"),
    "report": DocType("report"),
}


@dataclass(frozen=True)
class Project:
    root: Path
    name: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    output: Path
    cases_dir: Path
    brand_path: Path
    types: dict[str, DocType]
    site_url: str = ""
    ignore: tuple[str, ...] = ()
    standalone: bool = False  # True when rendering a file outside any project
    limits: Limits = Limits()


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str = ""


@dataclass(frozen=True)
class Case:
    slug: str
    path: Path  # the case folder (or the folder of a standalone file)
    type: str
    country: str
    agency: str
    authors: tuple[Author, ...]
    date: dt.date
    topics: tuple[str, ...] = ()
    license: str = "CC-BY-4.0"
    source_language: str = "en"
    partners: tuple[str, ...] = ()
    isbn: str = ""
    doi: str = ""
    bibliography: str = ""
    event: str = ""  # the alliance event the publication came from
    activity: str = ""  # the action-plan activity it is an output of
    languages: tuple[str, ...] = ()  # declared in case.yaml; () means the project's
    meta: Located | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Edition:
    case: Case
    lang: str
    path: Path
    title: str
    body: str
    body_line: int
    subtitle: str = ""
    short_title: str = ""
    summary: str = ""
    keywords: tuple[str, ...] = ()
    translated_from: str = ""
    translators: tuple[str, ...] = ()
    draft: bool = False
    meta: Located | None = field(default=None, compare=False, repr=False)
    #: "book": cover, inside cover with the imprint and citation, contents; "plain": the
    #: title block and the text only (memos, short notes, files written elsewhere)
    layout: str = "book"

    @property
    def slug(self) -> str:
        return self.case.slug

    @property
    def running_title(self) -> str:
        return self.short_title or self.title

    def output_name(self, fmt: str) -> str:
        return f"{self.slug}.{self.lang}.{fmt}"
