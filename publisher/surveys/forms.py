"""Every survey's forms under build/surveys/: made again when what they are made from
changed, and removed when their survey is gone."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.atomic import write_atomically
from ..core.diagnostics import has_errors
from .form import Form
from .output import PRINTED, TEMPLATE, render, target_name


class Made:
    """One questionnaire file made (or found up to date) by `build_forms`."""

    def __init__(self, slug, lang, fmt, path, status, seconds=0.0, diagnostics=()):
        self.slug, self.lang, self.format, self.path = slug, lang, fmt, path
        self.status, self.seconds, self.diagnostics = status, seconds, list(diagnostics)


def _fingerprint(form: Form, brand) -> str:
    """A hash of what a survey's outputs are made from: the form, the brand, the template
    and this package's code."""
    import hashlib

    h = hashlib.sha256()
    paths = [form.path, TEMPLATE, brand.path if brand else None, getattr(brand, "logo", None)]
    paths += sorted(Path(__file__).parent.glob("*.py"))
    for path in paths:
        if path is not None and Path(path).is_file():
            h.update(Path(path).read_bytes())
    return h.hexdigest()[:16]


def remove_orphan_forms(root: Path, output: Path) -> list[Path]:
    """The forms of a survey whose folder is gone leave ``<output>/surveys/``, as a deleted
    case's editions leave build/. Only what a build wrote goes: a folder that holds our
    `.fingerprint`, and in it the files named as `target_name` names them; anything else
    stays, with its folder."""
    from . import find_surveys

    folder = output / "surveys"
    if not folder.is_dir():
        return []
    present = {survey.name for survey in find_surveys(root)}
    removed: list[Path] = []
    for target_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        slug, stamp = target_dir.name, target_dir / ".fingerprint"
        if slug in present or not stamp.is_file():
            continue
        ours = re.compile(rf"{re.escape(slug)}(\.[a-z]{{2,3}}\.(pdf|docx|html)|\.xlsx|\.xml)")
        for path in sorted(target_dir.iterdir()):
            if path.is_file() and not path.is_symlink() and ours.fullmatch(path.name):
                path.unlink()
                removed.append(path)
        stamp.unlink()
        try:
            target_dir.rmdir()  # only when empty
        except OSError:
            pass
    return removed


def build_forms(root: Path, output: Path, languages=(), formats=PRINTED, brand=None,
                force: bool = False) -> list[Made]:
    """Every survey's questionnaire in every language of its form (or of `languages`) and
    format, plus its XLSX and XForm, under ``<output>/surveys/<slug>/``. A form that does
    not convert yields failed outputs and leaves the earlier files in place."""
    import time

    from . import check_survey, find_surveys, load_survey

    made: list[Made] = []
    for folder in find_surveys(root):
        target_dir = output / "surveys" / folder.name
        form, found = load_survey(folder)
        if form is not None:
            langs = [lang for lang in form.languages if not languages or lang in languages]
            work = [(fmt, lang) for fmt in formats if fmt in PRINTED for lang in langs]
            work += [("xlsx", ""), ("xform", "")]
            targets = [(fmt, lang, target_dir / target_name(form, fmt, lang))
                       for fmt, lang in work]
            stamp_path = target_dir / ".fingerprint"
            stamp = _fingerprint(form, brand)
            if (not force and stamp_path.is_file() and stamp_path.read_text("utf-8") == stamp
                    and all(t.is_file() for _, _, t in targets)):
                made += [Made(form.slug, lang, fmt, t, "skipped") for fmt, lang, t in targets]
                continue
            form, xform, found = check_survey(folder)
        if form is None or has_errors(found):
            made.append(Made(folder.name, "", "xform", target_dir, "failed", 0.0,
                             [d for d in found if d.is_error]))
            continue
        ok = True
        for fmt, lang, target in targets:
            started = time.perf_counter()
            problems = render(form, fmt, lang, target, brand, xform)
            ok = ok and not problems
            made.append(Made(form.slug, lang, fmt, target, "failed" if problems else "built",
                             time.perf_counter() - started, problems))
        if ok:
            write_atomically(stamp_path, stamp.encode("utf-8"))
    return made
