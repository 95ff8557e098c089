"""Language checks run by validation: font coverage and translation parity and staleness."""

from __future__ import annotations

import dataclasses

from .brand import load_brand
from .fonts import check_file, missing_family_diagnostics
from .model import Project
from .translations import Sources, check_translation


def check(project: Project, checked) -> None:
    """Add diagnostics to `checked` (a validate.Checked); fail editions that cannot be drawn.

    Translations learn which of their sections are stale, so the renderers can
    show the "outdated translation" notice.
    """
    brand = load_brand(project.brand_path)
    checked.diagnostics += missing_family_diagnostics(brand)
    kept = []
    for prepared in checked.prepared:
        found = check_file(prepared.edition.path, brand)
        checked.diagnostics += found
        if any(d.is_error for d in found):
            checked.failed.append(prepared.edition)
        else:
            kept.append(prepared)
    if project.standalone:
        checked.prepared = kept
        return
    sources = Sources(project)  # parsed afresh: the prepared ASTs went through the passes
    checked.prepared = []
    for prepared in kept:
        found, stale = check_translation(prepared.edition, prepared.ast, sources)
        checked.diagnostics += found
        checked.prepared.append(dataclasses.replace(prepared, stale=tuple(stale))
                                if stale else prepared)
