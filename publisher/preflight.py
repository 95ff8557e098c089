"""Language checks run by validation: font coverage and translation parity and staleness."""

from __future__ import annotations

import dataclasses

from .brand import load_brand
from .fonts import check_file, missing_family_diagnostics
from .model import Project
from .translations import Sources, check_translation


def check_one(project: Project, prepared, brand, sources: Sources | None):
    """Font coverage and translation status of one prepared edition.

    Returns the prepared edition (with its stale sections recorded, so the
    renderers can show the "outdated translation" notice) and the diagnostics.
    """
    found = check_file(prepared.edition.path, brand)
    if any(d.is_error for d in found) or project.standalone or sources is None:
        return prepared, found
    more, stale = check_translation(prepared.edition, prepared.ast, sources)
    if stale:
        prepared = dataclasses.replace(prepared, stale=tuple(stale))
    return prepared, found + more


def check(project: Project, checked) -> None:
    """Add diagnostics to `checked` (a validate.Checked); fail editions that cannot be drawn."""
    brand = load_brand(project.brand_path)
    checked.diagnostics += missing_family_diagnostics(brand)
    sources = None if project.standalone else Sources(project)
    kept = []
    for prepared in checked.prepared:
        prepared, found = check_one(project, prepared, brand, sources)
        checked.diagnostics += found
        if any(d.is_error for d in found):
            checked.failed.append(prepared.edition)
        else:
            kept.append(prepared)
    checked.prepared = kept
