"""The data a project's documents may ask for: its surveys and its records.

`data_for(root)` reads them once per process and again only when one of their files
changed (their sizes and modification times are the key). The responses are read
from `surveys/<slug>/responses/*.csv`, the normalized tables `publisher survey
import` writes (never the personal folder beside them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..surveys import find_surveys, load_survey

RESPONSES = "responses"


def survey_files(root: Path) -> list[Path]:
    """The files of every survey that can change a chart: forms and response tables."""
    files = []
    for folder in find_surveys(root):
        files += [p for p in folder.iterdir() if p.is_file() and p.name.startswith("form.")]
        responses = folder / RESPONSES
        if responses.is_dir():
            files += sorted(p for p in responses.iterdir() if p.is_file()
                            and p.suffix in (".csv", ".json") and not p.name.startswith("."))
    return sorted(files)


def data_files(root: Path) -> list[Path]:
    from ..records import record_files

    return survey_files(root) + record_files(root)


def digest(root: Path) -> str:
    """A hash of every data file's bytes (for the build's fingerprints); made again in a
    process only when a file's size or modification time changed."""
    stamp = (str(root), _stamp(root))
    if _DIGESTS.get(stamp[0], (None,))[0] != stamp:
        h = hashlib.sha256()
        for path in data_files(root):
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
        _DIGESTS[stamp[0]] = (stamp, h.hexdigest())
    return _DIGESTS[stamp[0]][1]


_DIGESTS: dict[str, tuple] = {}


def _stamp(root: Path) -> tuple:
    out = []
    for path in data_files(root):
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


@dataclass
class Survey:
    slug: str
    form: object  # publisher.surveys.form.Form
    rows: list[dict]
    illustrative: bool = False


def read_rows(folder: Path) -> tuple[list[dict], bool]:
    """Every response row of a survey, and whether they are illustrative."""
    from ..surveys.tables import load_responses

    rows = load_responses(folder)
    return rows, any(r.get("_illustrative") for r in rows)


@dataclass
class Data:
    root: Path
    project: object = None  # publisher.model.Project
    _surveys: dict = field(default_factory=dict)
    _digests: dict = field(default_factory=dict)
    _records: object = None
    _brand: object = None
    _minimum: tuple | None = None

    def survey_digest(self, slug: str) -> str:
        """A hash of one survey's form and response tables (the key of its aggregates)."""
        if slug not in self._digests:
            h = hashlib.sha256()
            folder = self.root / "surveys" / slug
            for path in survey_files(self.root):
                if path.is_relative_to(folder):
                    h.update(path.name.encode() + b"\0" + path.read_bytes())
            self._digests[slug] = h.hexdigest()
        return self._digests[slug]

    def minimum(self) -> int:
        """The fewest respondents a published number may rest on (`surveys.min_cell_size`)."""
        from ..surveys.aggregate import min_cell_size

        try:  # read again only when publisher.yaml changed (a long-lived process: serve)
            stat = (self.root / "publisher.yaml").stat()
            stamp: tuple = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            stamp = ()
        if self._minimum is None or self._minimum[0] != stamp:
            self._minimum = (stamp, min_cell_size(self.root)[0])
        return self._minimum[1]

    def survey_slugs(self) -> list[str]:
        return [p.name for p in find_surveys(self.root)]

    def survey(self, slug: str) -> Survey | None:
        if slug not in self._surveys:
            folder = self.root / "surveys" / slug
            form = load_survey(folder)[0] if folder.is_dir() else None
            if form is None:
                self._surveys[slug] = None
            else:
                rows, illustrative = read_rows(folder)
                self._surveys[slug] = Survey(slug, form, rows, illustrative)
        return self._surveys[slug]

    def records(self):
        if self._records is None:
            from ..records import load_records

            self._records = load_records(self.project).records
        return self._records

    def brand(self):
        if self._brand is None:
            from ..load.brand import load_brand

            try:
                self._brand = load_brand(self.project.brand_path)
            except Exception:  # reported by validate; charts fall back to neutral colours
                self._brand = False
        return self._brand or None

    def groups(self, by: str, lang: str) -> dict[str, str]:
        """Labels of a grouping's values, in the order charts show them."""
        records = self.records()
        if by == "member" and records.alliance:
            return {m.id: (m.short_name.get(lang) or m.name.get(lang) or m.id)
                    for m in records.alliance.members}
        if by == "event":
            out = {}
            for e in sorted(records.events, key=lambda e: e.first_day):
                t = e.text(lang)
                out[e.slug] = t.title if t else e.slug
            return out
        return {}


_DATA: dict[Path, tuple[tuple, Data]] = {}


def data_for(project) -> Data:
    root = Path(project.root)
    stamp = _stamp(root)
    held = _DATA.get(root)
    if held is None or held[0] != stamp:
        held = (stamp, Data(root, project))
        _DATA[root] = held
    return held[1]
