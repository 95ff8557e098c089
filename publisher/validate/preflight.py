"""Language checks of one edition: font coverage, and translation parity and staleness."""

from __future__ import annotations

import dataclasses

from ..i18n.fonts import check_file
from ..core.model import Project
from ..i18n.translations import Sources, check_translation

__all__ = ["Sources", "check_one"]


def check_one(project: Project, prepared, brand, sources: Sources | None):
    """Font coverage and translation status of one prepared edition.

    Returns the prepared edition (with its stale sections recorded, so the
    renderers can show the "outdated translation" notice) and the diagnostics.
    """
    found = check_file(prepared.edition.path, brand)
    if project.standalone or sources is None:
        return prepared, found
    more, stale = check_translation(prepared.edition, prepared.ast, sources)
    if stale:
        prepared = dataclasses.replace(prepared, stale=tuple(stale))
    return prepared, found + more
