"""Validate: every check returns diagnostics; nothing here raises on bad input."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import preflight
from ..load.brand import load_brand
from .body import check_body, placeholders
from ..core.diagnostics import Diagnostic, PublisherError, has_errors
from ..i18n.fonts import missing_family_diagnostics
from ..i18n.strings import strings
from ..load.imprint import check_case
from ..load.project import load_editions
from ..core.model import Edition, Project
from ..transform.passes import Prepared, prepare
from ..transform.resources import replace_unusable_images
from ..core.yamlio import too_deep


@dataclass
class Checked:
    """The editions that passed (prepared for rendering) and every diagnostic found."""

    prepared: list[Prepared] = field(default_factory=list)
    failed: list[Edition] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: every edition pandoc could read, with errors or without, by its path (the preview
    #: shows an edition with its problems marked)
    parsed: dict[Path, Prepared] = field(default_factory=dict)


def prepare_or_report(edition: Edition) -> tuple[Prepared | None, list[Diagnostic]]:
    """Parse and prepare an edition; a text pandoc cannot read (too deep, too slow, broken)
    is a diagnostic instead of an exception."""
    from ..core import pandoc
    from ..core.diagnostics import error

    try:
        return prepare(edition, strings(edition.lang))
    except pandoc.TooDeep as exc:
        return None, [too_deep(exc.excess, edition.path, edition.body_line - 1)]
    except pandoc.TimedOut as exc:
        return None, [error("PUB011", str(exc), edition.path, edition.body_line, 1,
                            "simplify the text, or raise `limits: {tool_seconds: ...}` in "
                            "publisher.yaml")]
    except pandoc.PandocError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else "pandoc failed"
        return None, [error("PUB302", f"pandoc cannot parse the edition: {message}",
                            edition.path, edition.body_line, 1)]
    except RecursionError:  # nested in a way the limits' scan does not measure
        return None, [error("PUB009", "the text is nested too deeply to be read",
                            edition.path, edition.body_line, 1, "flatten the structure")]


def check_edition(project: Project, edition: Edition, brand=None, sources=None,
                  ) -> tuple[Prepared | None, list[Diagnostic]]:
    """Parse an edition and run every check of it: resources, body, placeholders, then
    font coverage and translation status (the prepared edition records its stale sections).

    `brand` and `sources` may be shared by the caller across editions; they are made
    when not given. Codes the project ignores are left out before deciding anything.
    """
    from ..core import pandoc

    prepared, found = prepare_or_report(edition)
    if prepared is None:
        return None, found
    doc_type = project.types.get(edition.case.type)
    siblings = len(list(edition.case.path.glob("*.md"))) > 1
    found += check_body(edition, prepared.ast, doc_type.sections if doc_type else (), siblings)
    replace_unusable_images(prepared.ast, edition, strings(edition.lang))
    found += placeholders(edition.path, edition.path.read_text("utf-8", errors="replace"))
    found = filter_ignored(project, found)
    # font coverage and translation status are checked whatever else is wrong: errors of
    # one kind never hide those of another until the next run
    if sources is None and not project.standalone:
        sources = preflight.Sources(project)
    try:
        prepared, more = preflight.check_one(project, prepared, brand or load_brand(
            project.brand_path), sources)
    except (pandoc.PandocError, RecursionError):  # the source edition is reported for itself
        return prepared, found
    return prepared, found + filter_ignored(project, more)


def brand_gaps(project: Project, brand) -> list[Diagnostic]:
    """The brand's texts missing in a language of the project (PUB122)."""
    from ..load.brand import language_gaps

    return language_gaps(brand, project.languages, tuple(project.types))


def topic_checks(project: Project) -> list[Diagnostic]:
    """The problems of the project's topic vocabulary (topics.yaml), once per run."""
    from ..load import topics

    return [] if project.standalone else topics.load(project.root, project.languages)[1]


def check_editions(project: Project, editions: list[Edition]) -> Checked:
    """Check editions; threads overlap the pandoc processes that parse them."""
    from concurrent.futures import ThreadPoolExecutor

    brand = load_brand(project.brand_path)
    sources = None if project.standalone else preflight.Sources(project)
    checked = Checked(diagnostics=filter_ignored(project, missing_family_diagnostics(brand)
                                                 + brand_gaps(project, brand)
                                                 + topic_checks(project)))
    workers = min(len(editions), os.cpu_count() or 1) or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda e: check_edition(project, e, brand, sources), editions))
    for edition, (prepared, found) in zip(editions, results, strict=True):
        checked.diagnostics += found
        if prepared is not None:
            checked.parsed[edition.path] = prepared
        if prepared is None or has_errors(found):
            checked.failed.append(edition)
        else:
            checked.prepared.append(prepared)
    return checked


def case_checks(editions) -> list[Diagnostic]:
    """The checks of each case (its case.yaml) as a whole, once per case: `validate` and
    `build` both run them, so that the build refuses what validation refuses."""
    found: list[Diagnostic] = []
    for case in {e.case.path: e.case for e in editions}.values():
        found += check_case(case)
    return found


def refused(editions, diagnostics: list[Diagnostic]) -> set[Path]:
    """The editions an error refuses: one in the edition's own file or in its case.yaml."""
    files = {d.path for d in diagnostics if d.is_error}
    cases = {d.path.parent for d in diagnostics
             if d.is_error and d.path and d.path.name == "case.yaml"}
    return {e.path for e in editions if e.path in files or e.case.path in cases}


def validate(project: Project, slugs=(), langs=()) -> Checked:
    editions, diagnostics = load_editions(project, tuple(slugs), tuple(langs))
    diagnostics = filter_ignored(project, diagnostics)
    try:
        load_brand(project.brand_path)
    except PublisherError as exc:
        return Checked(failed=editions, diagnostics=filter_ignored(
            project, diagnostics + exc.diagnostics))
    diagnostics += case_checks(editions)
    editions += _behind_unreadable_cases(project, editions, diagnostics, slugs, langs)
    # an edition whose case.yaml or front matter has errors is still checked through: every
    # problem that can be found is reported in one run; it fails all the same
    bad = refused(editions, diagnostics)
    if not slugs:  # the alliance's records belong to the whole project
        from ..assess import indicators
        from ..assess.sources import data_for
        from ..records import check_records

        loaded, found = check_records(project)
        diagnostics += found + filter_ignored(project, indicators.check(loaded,
                                                                        data_for(project)))
    checked = check_editions(project, editions)
    checked.failed += [p.edition for p in checked.prepared if p.edition.path in bad]
    checked.prepared = [p for p in checked.prepared if p.edition.path not in bad]
    checked.diagnostics = filter_ignored(project, diagnostics + checked.diagnostics)
    if not slugs and not project.standalone:
        from ..surveys import check_all

        checked.diagnostics += filter_ignored(project, check_all(
            project.root, cache=project.output / ".cache" / "surveys"))
    return checked


def _behind_unreadable_cases(project: Project, editions, diagnostics, slugs=(), langs=(),
                             ) -> list[Edition]:
    """The editions of the cases whose case.yaml cannot be parsed, read with a case that
    knows nothing but its folder: their bodies are checked too (they fail all the same).
    The document type is unknown, so its required sections are not asked for."""
    from ..load.project import case_editions, case_from

    loaded = {e.case.path for e in editions}
    broken = {d.path.parent for d in diagnostics if d.is_error and d.path is not None
              and d.path.name == "case.yaml" and d.path.parent.parent == project.cases_dir}
    found = []
    for folder in sorted(broken - loaded):
        if slugs and folder.name not in slugs:
            continue
        case = case_from(folder.name, folder, {"type": "", "source_language": ""}, None)
        editions_of_case, more = case_editions(project, case, langs)
        diagnostics += more
        found += editions_of_case
    return found


@dataclass(frozen=True)
class Held:
    """An edition built for preview but kept off the site (see `held_back`)."""

    case: str
    lang: str
    path: Path
    reason: str  # "draft" | "placeholders"

    def to_json(self, root: Path) -> dict:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return {"case": self.case, "lang": self.lang, "path": str(shown), "reason": self.reason}


def holds(editions) -> list[Held]:
    """The editions among `editions` that are not to be distributed, in their order."""
    return [Held(e.slug, e.lang, e.path, reason) for e in editions
            if (reason := held_back(e))]


def held_back(edition: Edition) -> str:
    """Why an edition is kept off the site, its feeds, catalog and zips: "draft" when its
    front matter says `draft: true`, "placeholders" when a TODO of a scaffold is left in
    it or in its case.yaml, "" when it may be distributed. (It is still built, for preview.)

    Placeholders are looked for here, not taken from the diagnostics, so that a project
    ignoring PUB120 still does not publish "TODO: title".
    """
    if edition.draft:
        return "draft"
    texts = [(edition.path, False), (edition.case.path / "case.yaml", True)]
    for path, yaml in texts:
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:
            continue
        if placeholders(path, text, yaml=yaml):
            return "placeholders"
    return ""


def filter_ignored(project: Project, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics whose codes the project does not ignore; the boundary of what an
    edition may read (`access.UNIGNORABLE`) cannot be ignored."""
    from ..core.access import UNIGNORABLE

    return [d for d in diagnostics if d.code not in project.ignore or d.code in UNIGNORABLE]
