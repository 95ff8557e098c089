"""The imprint of a printed edition: partner logos, ISBN/DOI, the "cite as" line, the date.

Pure functions of the model (no PDF engine): the validator checks a case's print
metadata with :func:`check_case`, the PDF renderer builds its cover and inside
cover from :func:`imprint`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core import access
from ..core.clock import source_epoch
from ..core.diagnostics import Diagnostic, error, warning
from ..core.model import Case, Edition

LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")


def _position(case: Case, key: str, index: int | None = None) -> tuple[int, int]:
    located = case.meta
    if located is None or key not in located.data:
        return (1, 1)
    if index is not None:
        try:
            return located.item_position(located.data[key], index)
        except (AttributeError, KeyError, IndexError, TypeError):
            pass
    return located.value_position(key)


def _case_yaml(case: Case) -> Path:
    return case.meta.path if case.meta is not None and case.meta.path else case.path / "case.yaml"


def partner_logo(case: Case, name: str) -> Path | None:
    """The logo file `name` when it is an image inside the case folder, else None."""
    path, _ = access.locate(case.path, name, "partner logo", LOGO_SUFFIXES)
    return path


def check_case(case: Case) -> list[Diagnostic]:
    """Print metadata of a case: partner logos exist (ISBN and DOI are checked on load)."""
    found: list[Diagnostic] = []
    path = _case_yaml(case)
    for index, name in enumerate(case.partners):
        if partner_logo(case, name) is None:
            line, column = _position(case, "partners", index)
            target = (case.path / name)
            _, refused = access.locate(case.path, name, "partner logo", LOGO_SUFFIXES)
            if refused is not None and refused.code == "PUB230":
                message = refused.message
            elif target.is_file() and target.suffix.lower() not in LOGO_SUFFIXES:
                message = f"partner logo `{name}` is not an SVG, PNG or JPEG image"
            elif target.exists() and not target.resolve().is_relative_to(case.path.resolve()):
                message = f"partner logo `{name}` lies outside the case folder"
            elif "://" in name or PurePosixPath(name).is_absolute():
                message = f"partner logo `{name}` must be a path relative to the case folder"
            else:
                message = f"partner logo `{name}` does not exist"
            found.append(error("PUB401", message, path, line, column,
                               "put the logo in the case's media/ folder and list it as "
                               "media/partner-name.svg"))
    return found


# --- the date the edition is stamped with --------------------------------------------

def source_date(edition: Edition, environ=os.environ) -> tuple[dt.datetime, list[Diagnostic]]:
    """The moment written into the PDF: `SOURCE_DATE_EPOCH` when set, else the edition's date.

    Never the wall clock, so that two builds of the same sources are identical.
    """
    day = edition.case.date
    fallback = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    moment, bad = source_epoch(environ)
    if moment is not None:
        return moment, []
    if not bad:
        return fallback, []
    return fallback, [warning(
        "PUB404", f"SOURCE_DATE_EPOCH is `{bad}`, not a number of seconds since 1970; "
        f"the edition's date {day.isoformat()} is used instead", None, 0, 0,
        "set SOURCE_DATE_EPOCH to an integer, e.g. $(git log -1 --format=%ct)")]


def w3c_datetime(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- what the cover and inside cover show --------------------------------------------

@dataclass(frozen=True)
class Imprint:
    partners: tuple[Path, ...]
    isbn: str
    doi: str
    cite_as: str


def full_title(edition: Edition) -> str:
    return f"{edition.title}: {edition.subtitle}" if edition.subtitle else edition.title


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def cite_as(edition: Edition, publisher: str, series: str, url: str = "") -> str:
    """The one citation line of an edition, the same in the PDF, the DOCX and the site:
    ``Authors (year). Title: subtitle. Series. Publisher. link``, where the link is the DOI,
    else `url` when it is absolute, else nothing."""
    case = edition.case
    authors = ", ".join(a.name for a in case.authors) or publisher
    parts = [f"{authors} ({case.date.year}).", _sentence(full_title(edition))]
    if series:
        parts.append(_sentence(series))
    parts.append(_sentence(publisher))
    if case.doi:
        parts.append(f"https://doi.org/{case.doi.strip()}")
    elif url.startswith(("http://", "https://")):
        parts.append(url)
    return " ".join(parts)


def imprint(edition: Edition, publisher: str, series: str) -> Imprint:
    case = edition.case
    logos = tuple(p for p in (partner_logo(case, n) for n in case.partners) if p is not None)
    return Imprint(partners=logos, isbn=case.isbn.strip(), doi=case.doi.strip(),
                   cite_as=cite_as(edition, publisher, series))
