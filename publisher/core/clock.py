"""The moment written into what we build: `SOURCE_DATE_EPOCH`, read in this one place.

Never the wall clock where a file records a date, so that two builds of the same sources give
the same bytes (https://reproducible-builds.org/specs/source-date-epoch/).
"""

from __future__ import annotations

import datetime as dt
import os


def source_epoch(environ=os.environ) -> tuple[dt.datetime | None, str]:
    """(the moment, "") when `SOURCE_DATE_EPOCH` is a number of seconds, (None, "") when it is
    unset, and (None, the value) when it is set to something else, for the caller to warn."""
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None, ""
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC), ""
    except (ValueError, OverflowError, OSError):
        return None, raw
