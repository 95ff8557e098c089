"""Validate: every check returns diagnostics; nothing here raises on bad input."""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .i18n import strings
from .imprint import check_case
from .load import load_editions
from .model import Edition, Project
from .transform import Prepared, prepare


@dataclass
class Checked:
    """The editions that passed (prepared for rendering) and every diagnostic found."""

    prepared: list[Prepared] = field(default_factory=list)
    failed: list[Edition] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def check_editions(project: Project, editions: list[Edition]) -> Checked:
    checked = Checked()
    for edition in editions:
        prepared, found = prepare(edition, strings(edition.lang))
        checked.diagnostics += found
        if any(d.is_error for d in found):
            checked.failed.append(edition)
        else:
            checked.prepared.append(prepared)
    return checked


def validate(project: Project, slugs=(), langs=()) -> Checked:
    editions, diagnostics = load_editions(project, tuple(slugs), tuple(langs))
    for case in {e.case.path: e.case for e in editions}.values():
        diagnostics += check_case(case)
    bad_files = {d.path for d in diagnostics if d.is_error}
    bad_cases = {d.path.parent for d in diagnostics if d.is_error and d.path
                 and d.path.name == "case.yaml"}
    good = [e for e in editions if e.path not in bad_files and e.case.path not in bad_cases]
    checked = check_editions(project, good)
    checked.failed += [e for e in editions if e not in good]
    checked.diagnostics = diagnostics + checked.diagnostics
    return checked
