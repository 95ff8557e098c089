"""Translations as data: section parity, per-section staleness, the status matrix, sync.

Sections are found by their language-independent ids (``## Контекст {#context}``).
A translation records, in its front matter, the source it was made from::

    translated_from: en
    source_sections:        # written by `publisher translations sync CASE LANG`
      _meta: 5c0e2b1d9a44   # title, subtitle, summary and keywords of the source
      context: 9f1c07aa2e31
      ...

Each value is a hash of the source section's content (its pandoc AST, so
re-wrapping lines changes nothing). A section whose source hash differs from the
recorded one is *stale*.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..transform.dialects import reader
from ..core import pandoc
from ..core.diagnostics import Diagnostic, PublisherError, error, warning, has_errors
from ..core.model import Edition, Project
from ..core.tree import walk

#: the pseudo-section of the front matter that is translated (title, summary, ...)
META = "_meta"
#: the pseudo-section of text before the first heading
INTRO = "_intro"
META_FIELDS = ("title", "subtitle", "short_title", "summary", "keywords")
RECORD_FIELD = "source_sections"

#: the words of the matrix, the same in its table and its JSON; "unplanned" is a language the
#: case does not declare (`languages:` in case.yaml) and has no edition in: not a gap
STATUSES = ("source", "ok", "stale", "unsynced", "missing", "unplanned")
#: the statuses `translations --check` fails on
BEHIND = ("stale", "unsynced", "missing")


def planned_languages(project: Project, case) -> tuple[str, ...]:
    """The languages a case is meant to have: those it declares (with its source language),
    else every language of the project."""
    if not case.languages:
        return project.languages
    declared = tuple(case.languages)
    source = case.source_language
    return declared if not source or source in declared else (source, *declared)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    digest: str
    figures: int = 0
    tables: int = 0
    notes: int = 0
    level: int = 2


def _digest(data) -> str:
    """A short hash of AST content; a line break inside a paragraph counts as a space."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace('{"t":"SoftBreak"}', '{"t":"Space"}')
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _counts(blocks) -> Counter:
    """How many elements of each type the blocks hold, at any depth. A data block counts
    as what it becomes (`.chart` a figure, `.table` and `.indicators` a table), whether it
    is still a block (a source read without the transform) or already resolved."""
    from ..assess.blocks import counted_as

    kinds: list[str] = []

    def visit(el):
        kinds.append(counted_as(el))

    walk(blocks, visit)
    return Counter(kinds)


def sections_of(edition: Edition, ast: dict | None = None) -> list[Section]:
    """The edition's sections (level 2 and 3 headings), in order, with the front matter first."""
    from ..core.tree import stringify

    if ast is None:
        ast = reader.parse(edition.body)
    meta = {name: getattr(edition, name) for name in META_FIELDS}
    meta["keywords"] = list(meta["keywords"])
    out = [Section(META, "front matter", _digest(meta))]
    groups: list[tuple[str, str, list, int]] = [(INTRO, "text before the first heading", [], 0)]
    for block in ast["blocks"]:
        if block["t"] == "Header" and block["c"][0] <= 3:
            groups.append((block["c"][1][0], stringify(block["c"][2]), [block], block["c"][0]))
        else:
            groups[-1][2].append(block)
    for section_id, title, blocks, level in groups:
        if section_id == INTRO and not blocks:
            continue
        counts = _counts(blocks)
        out.append(Section(section_id, title, _digest(blocks), counts["Figure"],
                           counts["Table"], counts["Note"], level))
    return out


def record_of(edition: Edition) -> dict[str, str] | None:
    """The source hashes the translation records, or None when it records none."""
    data = edition.meta.data if edition.meta is not None else {}
    value = data.get(RECORD_FIELD) if hasattr(data, "get") else None
    if not isinstance(value, dict):
        return None
    return {str(k): str(v) for k, v in value.items()}


def source_language(edition: Edition) -> str:
    return edition.translated_from or edition.case.source_language


def is_translation(edition: Edition) -> bool:
    source = source_language(edition)
    return bool(source) and source != edition.lang


@dataclass
class Status:
    case: str
    lang: str
    status: str  # one of STATUSES
    stale_sections: list[str] = field(default_factory=list)
    source: str = ""

    def to_json(self) -> dict:
        return {"status": self.status, "source": self.source,
                "stale_sections": self.stale_sections}


def stale_sections(source: list[Section], record: dict[str, str] | None) -> list[str]:
    """Ids of source sections changed (or added) since `record`, then ids it no longer has."""
    if record is None:
        return [s.id for s in source]
    current = {s.id: s.digest for s in source}
    changed = [s.id for s in source if record.get(s.id) != s.digest]
    return changed + [key for key in record if key not in current]


class Sources:
    """Source editions and their sections, each read from disk and parsed once.

    The section hashes are taken from pandoc's parse of the file, before any
    transform pass, so that `sync` and validation hash the same thing.
    """

    def __init__(self, project: Project):
        self.project = project
        self._sections: dict[Path, list[Section] | None] = {}

    def sections(self, case, lang: str) -> list[Section] | None:
        path = case.path / f"{lang}.md"
        if path not in self._sections:
            self._sections[path] = self._load(case, path)
        return self._sections[path]

    def _load(self, case, path: Path) -> list[Section] | None:
        if not path.is_file():
            return None
        from ..load.project import load_edition

        edition, diagnostics = load_edition(self.project, case, path)
        if edition is None or has_errors(diagnostics):
            return None
        try:
            return sections_of(edition)
        except pandoc.PandocError:
            return None


def _heading_line(edition: Edition, section_id: str) -> tuple[int, int]:
    for offset, text in enumerate(edition.body.split("\n")):
        if text.lstrip().startswith("#") and ("{#" + section_id) in text:
            return edition.body_line + offset, 1
    return edition.body_line, 1


_PLAIN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _missing_section(edition: Edition, lang: str, s: Section, before: list[Section],
                     after: list[Section], mine: dict) -> Diagnostic:
    """PUB603 where the section belongs (at the next source section this translation has,
    else at the one it should follow), with a heading of the source's level in the
    translation's language."""
    from .strings import language_name, section_title

    def present(sections):
        return next((x for x in sections if x.id in mine and x.id not in (META, INTRO)), None)

    following, preceding = present(after), present(reversed(before))
    if following is not None:
        (line, column), where = _heading_line(edition, following.id), f"before `{following.id}`"
    elif preceding is not None:
        (line, column), where = _heading_line(edition, preceding.id), f"after `{preceding.id}`"
    else:
        (line, column), where = (edition.body_line, 1), "in this edition"
    message = f"section `{s.id}` ({s.title}) of the {lang} source is missing"
    if not _PLAIN_ID.match(s.id):
        return warning("PUB603", message, edition.path, line, column,
                       f"the {language_name(lang)} source's heading `{s.title}` has no "
                       f"language-independent id: give it one in {lang}.md, e.g. "
                       f"`{'#' * s.level} {s.title} {{#{_EXAMPLE.get(s.level, 'context')}}}`, "
                       "and the same id to its translation here")
    title = section_title(s.id, edition.lang) or "…"
    return warning("PUB603", message, edition.path, line, column,
                   f"translate it {where}, under `{'#' * s.level} {title} {{#{s.id}}}`")


_EXAMPLE = {2: "context", 3: "details"}


def check_translation(edition: Edition, ast: dict, sources: Sources
                      ) -> tuple[list[Diagnostic], list[str]]:
    """Parity and staleness warnings for one translation, and its stale section ids.

    Stale ids are returned only when the translation records its source (an
    unsynced translation is not known to be out of date).
    """
    if not is_translation(edition):
        return [], []
    lang = source_language(edition)
    source = sources.sections(edition.case, lang)
    if source is None:
        return [], []  # a missing source is reported by load (PUB107, PUB108)
    mine = sections_of(edition, ast)
    mine_ids = {s.id: s for s in mine}
    source_ids = {s.id: s for s in source}
    diagnostics: list[Diagnostic] = []
    path = edition.path
    for index, s in enumerate(source):
        if s.id not in mine_ids and s.id not in (META, INTRO):
            diagnostics.append(_missing_section(edition, lang, s, source[:index],
                                                source[index + 1:], mine_ids))
    for s in mine:
        if s.id in (META, INTRO):
            continue
        line, column = _heading_line(edition, s.id)
        if s.id not in source_ids:
            untranslated = [x for x in source if x.id not in mine_ids and x.level == s.level
                            and _PLAIN_ID.match(x.id)]
            hint = (f"if it translates the source's `{untranslated[0].id}` "
                    f"({untranslated[0].title}), write `{'#' * s.level} {s.title} "
                    f"{{#{untranslated[0].id}}}`" if untranslated else
                    "give the heading the id of the source's section it translates")
            diagnostics.append(warning(
                "PUB604", f"section `{s.id}` ({s.title}) is not in the {lang} source", path,
                line, column, hint))
            continue
        theirs = source_ids[s.id]
        for what, a, b in (("figures", s.figures, theirs.figures),
                           ("tables", s.tables, theirs.tables),
                           ("footnotes", s.notes, theirs.notes)):
            if a != b:
                diagnostics.append(warning(
                    "PUB605", f"section `{s.id}` has {a} {what}, its {lang} source has {b}",
                    path, line, column, f"translate every one of the source's {what}"))
    record = record_of(edition)
    if record is None:
        line, column = edition.meta.start() if edition.meta else (1, 1)
        diagnostics.append(warning(
            "PUB606", "the translation does not record which source text it was made from",
            path, line, column, "once it matches the source, run `publisher translations sync "
            f"{edition.slug} {edition.lang}`"))
        return diagnostics, []
    stale = stale_sections(source, record)
    if stale:
        first = next((s for s in stale if s in mine_ids and s not in (META, INTRO)), None)
        line, column = (_heading_line(edition, first) if first else
                        edition.meta.value_position(RECORD_FIELD) if edition.meta else (1, 1))
        diagnostics.append(warning(
            "PUB606", f"the {lang} source has changed since this translation was made: "
            + ", ".join(stale), path, line, column,
            "update these sections, then run `publisher translations sync "
            f"{edition.slug} {edition.lang}`"))
    return diagnostics, stale


# --- the case x language matrix ----------------------------------------------------

def matrix(project: Project, slugs=(), langs=()) -> tuple[list[Status], list[Diagnostic]]:
    from ..load.project import load_editions

    editions, diagnostics = load_editions(project, tuple(slugs), ())
    langs = tuple(langs) or project.languages
    by_case: dict[str, dict[str, Edition]] = {}
    cases = {}
    for edition in editions:
        by_case.setdefault(edition.slug, {})[edition.lang] = edition
        cases[edition.slug] = edition.case
    sources = Sources(project)
    out: list[Status] = []
    for slug in sorted(by_case):
        case = cases[slug]
        for lang in langs:
            edition = by_case[slug].get(lang)
            if edition is None:
                planned = lang in planned_languages(project, case)
                out.append(Status(slug, lang, "missing" if planned else "unplanned",
                                  source=case.source_language))
                continue
            if not is_translation(edition):
                out.append(Status(slug, lang, "source"))
                continue
            source = sources.sections(case, source_language(edition))
            record = record_of(edition)
            if source is None:
                out.append(Status(slug, lang, "unsynced", source=source_language(edition)))
            elif record is None:
                out.append(Status(slug, lang, "unsynced", [s.id for s in source],
                                  source_language(edition)))
            else:
                stale = stale_sections(source, record)
                out.append(Status(slug, lang, "stale" if stale else "ok", stale,
                                  source_language(edition)))
    return out, diagnostics


# --- sync: record the current source in a translation's front matter ---------------

def sync(project: Project, slug: str, lang: str) -> Path:
    """Write the source's current section hashes into `slug`/`lang`.md, keeping the rest."""
    from ..load.project import load_case, load_edition

    folder = project.cases_dir / slug
    if not folder.is_dir():
        raise PublisherError(f"no case named `{slug}`", [error(
            "PUB004", f"no case named `{slug}`", project.cases_dir)])
    case, diagnostics = load_case(project, folder)
    if case is None or has_errors(diagnostics):
        raise PublisherError(f"cannot read {slug}/case.yaml", diagnostics)
    path = folder / f"{lang}.md"
    if not path.is_file():
        raise PublisherError(f"case `{slug}` has no {lang}.md", [error(
            "PUB004", f"case `{slug}` has no edition in `{lang}`", path)])
    edition, diagnostics = load_edition(project, case, path)
    if edition is None or has_errors(diagnostics):
        raise PublisherError(f"cannot read {slug}/{lang}.md", diagnostics)
    source_lang = source_language(edition)
    if source_lang == lang:
        raise PublisherError(f"{slug}/{lang}.md is the source edition, not a translation", [
            error("PUB107", f"`{lang}` is the source language of `{slug}`; only translations "
                  "record a source", path)])
    source = Sources(project).sections(case, source_lang)
    if source is None:
        raise PublisherError(f"cannot read the {source_lang} source of `{slug}`", [error(
            "PUB107", f"the source edition {source_lang}.md cannot be read", path)])
    record = {s.id: s.digest for s in source}
    write_record(path, record, source_lang)
    return path


def write_record(path: Path, record: dict[str, str], source_lang: str) -> None:
    """Rewrite the front matter with a round-trip YAML dump: comments, order, quotes kept."""
    import io

    from ruamel.yaml.comments import CommentedMap

    from ..core.atomic import write_atomically
    from ..core.yamlio import writer

    text = path.read_text("utf-8")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    yaml = writer()
    yaml.preserve_quotes = True
    data = yaml.load("\n".join(lines[1:end]) + "\n")
    if "translated_from" not in data:
        data["translated_from"] = source_lang
    data[RECORD_FIELD] = CommentedMap(record)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    new = "---\n" + buffer.getvalue() + "\n".join(lines[end:])
    if new != text:
        write_atomically(path, new.encode("utf-8"))
