"""Surveys: XLSForm instruments in many languages, and the responses collected with them.

A survey is a folder ``surveys/<slug>/`` holding ``form.md`` (XLSForm written as Markdown
tables) or ``form.xlsx``, ``translations.yaml`` (the source texts each translation was made
from) and ``responses/`` (normalized tables with a Frictionless schema beside each).

The package is part of the core: it imports neither click nor Jinja2 nor a PDF engine.
Public functions:

- `find_surveys`, `load_survey`: the folders and their forms;
- `check_survey`, `check_all`: pyxform's verdict and ours, as diagnostics;
- `survey_exists`, `question_exists`, `question_choices`, `form_of`: for the records and the
  assessment to validate against and to read forms by slug;
- `tables.load_responses` and `aggregate.tally`: the answers, and counts safe to publish.
"""

from __future__ import annotations

from pathlib import Path

from ..core.atomic import write_atomically
from ..core.diagnostics import Diagnostic, error
from .form import FORM_NAMES, SLUG, Form, build_form
from .workbook import read_form

SURVEYS_DIR = "surveys"

__all__ = ["Form", "find_surveys", "load_survey", "check_survey", "check_all",
           "survey_exists", "question_exists", "question_choices", "form_of"]


def surveys_dir(root: Path) -> Path:
    return Path(root) / SURVEYS_DIR


def find_surveys(root: Path) -> list[Path]:
    """The survey folders of a project (those that hold a form, or should)."""
    folder = surveys_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def form_path(folder: Path) -> Path | None:
    for name in FORM_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def load_survey(folder: Path) -> tuple[Form | None, list[Diagnostic]]:
    """Read a survey's form; never raises on bad input."""
    found: list[Diagnostic] = []
    if not SLUG.match(folder.name):
        found.append(error("PUB939", f"`{folder.name}` is not a valid survey slug", folder,
                           hint="lower-case letters, digits and single hyphens"))
    present = [folder / n for n in FORM_NAMES if (folder / n).is_file()]
    if not present:
        return None, found + [error("PUB930", "the survey has no form.md or form.xlsx",
                                    folder)]
    if len(present) > 1:
        found.append(error("PUB930", "the survey has both form.md and form.xlsx; keep one",
                           present[1]))
    book, more = read_form(present[0])
    found += more
    if book is None:
        return None, found
    return build_form(folder.name, book), found


def check_survey(folder: Path):
    """(form or None, converted XForm or None, diagnostics) of one survey."""
    from .check import check_form

    form, found = load_survey(folder)
    if form is None:
        return None, None, found
    converted, more = check_form(form)
    return form, converted.xform, found + more


def check_all(root: Path, slugs=(), cache: Path | None = None) -> list[Diagnostic]:
    """Diagnostics of every survey of a project (or of those named).

    With a `cache` folder, a survey whose form, translation record and checking code did not
    change since the last check gives its stored diagnostics (pyxform is not even loaded)."""
    from .aggregate import min_cell_size

    found: list[Diagnostic] = []
    if find_surveys(root):
        found += min_cell_size(root)[1]
    for folder in find_surveys(root):
        if slugs and folder.name not in slugs:
            continue
        key = _inputs_digest(folder) if cache is not None else ""
        stored = _stored(cache, folder, key) if cache is not None else None
        if stored is not None:
            found += stored
            continue
        more = check_survey(folder)[2]
        found += more
        if cache is not None:
            _store(cache, folder, key, more)
    return found


def _inputs_digest(folder: Path) -> str:
    """A hash of what a survey's check depends on: its files and the checking code."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    try:
        h.update(version("pyxform").encode())
    except PackageNotFoundError:
        pass
    for path in sorted(Path(__file__).parent.glob("*.py")) + [
            folder / n for n in (*FORM_NAMES, "translations.yaml")]:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:20]


def _stored(cache: Path, folder: Path, key: str) -> list[Diagnostic] | None:
    import json

    from ..core.diagnostics import Severity

    try:
        data = json.loads((cache / f"{folder.name}.json").read_text("utf-8"))
        if data.get("key") != key:
            return None
        return [Diagnostic(d["code"], Severity(d["severity"]), d["message"],
                           folder / d["path"] if d["path"] else None, d["line"], d["column"],
                           d["hint"]) for d in data["diagnostics"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(cache: Path, folder: Path, key: str, found: list[Diagnostic]) -> None:
    import json

    items = []
    for d in found:
        try:
            path = str(d.path.relative_to(folder)) if d.path else ""
        except ValueError:
            return  # a diagnostic about a file elsewhere: not worth storing
        items.append({"code": d.code, "severity": str(d.severity), "message": d.message,
                      "path": path, "line": d.line, "column": d.column, "hint": d.hint})
    try:
        write_atomically(cache / f"{folder.name}.json", json.dumps(
            {"key": key, "diagnostics": items}, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written only costs time


def form_of(root: Path, slug: str) -> Form | None:
    """The form of survey `slug` of the project at `root`, or None when there is none."""
    folder = surveys_dir(root) / slug
    if not SLUG.match(slug) or not folder.is_dir():
        return None
    return load_survey(folder)[0]


def survey_exists(root: Path, slug: str) -> bool:
    """Is there a survey `slug` with a readable form in the project at `root`?"""
    return form_of(root, slug) is not None


def question_exists(root: Path, slug: str, name: str) -> bool:
    """Does survey `slug` ask a question `name` (a name or a group path such as
    ``sharing/share_what``)?"""
    form = form_of(root, slug)
    return form is not None and form.question(name) is not None


def question_choices(root: Path, slug: str, name: str) -> list[str] | None:
    """The choice names of question `name` of survey `slug` (empty for a question without
    choices), or None when there is no such question."""
    form = form_of(root, slug)
    question = form.question(name) if form is not None else None
    if question is None:
        return None
    return [c.name for c in form.options(question)]
