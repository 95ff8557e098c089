"""The editions a site build shows: those that pass, less the drafts held back, plus those
that fail now but were on the last good site (kept as that site showed them)."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from pathlib import Path

from ..core.model import Project
from ..transform.passes import Prepared
from .model import SITE_FOLDER, Item


@dataclass(frozen=True)
class Kept:
    """An edition that fails to build, kept on the site as its last good build showed it."""

    case: str
    lang: str
    path: Path  # its source, which is to be fixed

    def to_json(self, root: Path) -> dict:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return {"case": self.case, "lang": self.lang, "path": str(shown), "reason": "failed"}


#: the last good state of every edition on the site, by `<slug>.<lang>.pickle`
LAST_GOOD = "last-good"
SNAPSHOT_VERSION = 1


def _snapshots(project: Project) -> Path:
    return project.output / ".cache" / LAST_GOOD


def _last_good(project: Project, present: set[tuple[str, str]]) -> list[Item]:
    """The editions on the last good site that fail now: their source is still there, in a
    language of the project, but they did not pass (`present` holds those that did).

    The snapshot of an edition whose source is gone is deleted: a deleted case or language
    leaves the site."""
    folder = _snapshots(project)
    kept = []
    for path in sorted(folder.glob("*.pickle")) if folder.is_dir() else []:
        slug, _, lang = path.name.removesuffix(".pickle").rpartition(".")
        source = project.cases_dir / slug / f"{lang}.md"
        if not slug or lang not in project.languages or not source.is_file():
            path.unlink(missing_ok=True)
            continue
        if (slug, lang) in present:
            continue
        if not (project.output / SITE_FOLDER / lang / slug / "index.html").is_file():
            continue  # its last good page is gone: nothing to keep
        try:
            data = pickle.loads(path.read_bytes())
            prepared = data["prepared"] if data.get("version") == SNAPSHOT_VERSION else None
        except Exception:  # an older engine's snapshot, or a damaged one: nothing to keep
            prepared = None
        if isinstance(prepared, Prepared) and (prepared.edition.slug,
                                               prepared.edition.lang) == (slug, lang):
            kept.append(Item(prepared, kept=True))
    return kept


def save_last_good(project: Project, items: list[Item]) -> None:
    """Remember each edition the site now shows, for the day it fails to build; and which
    editions the site kept, for a build that finds the site up to date."""
    from ..core.atomic import write_atomically
    from ..validate.edition import held_back

    folder = _snapshots(project)
    try:
        for item in items:
            if not item.kept and not held_back(item.edition):
                write_atomically(folder / f"{item.slug}.{item.lang}.pickle", pickle.dumps(
                    {"version": SNAPSHOT_VERSION, "prepared": item.prepared},
                    pickle.HIGHEST_PROTOCOL))
        kept = [{"case": i.slug, "lang": i.lang} for i in items if i.kept]
        write_atomically(folder / "kept.json", json.dumps(kept).encode("utf-8"))
    except OSError:  # a full disk costs the memory of the last good site, not the build
        pass


def kept_on_site(project: Project) -> list[Kept]:
    """The editions the last site build kept from an earlier one (see `_last_good`)."""
    try:
        data = json.loads((_snapshots(project) / "kept.json").read_text("utf-8"))
        return [Kept(k["case"], k["lang"], project.cases_dir / k["case"] / f"{k['lang']}.md")
                for k in data]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def gather(project: Project, drafts: bool = False) -> tuple[list[Item], list, list[Kept]]:
    """Every edition of the project that passes validation (its problems are the build's to
    report), the drafts held back from the site (all of them are on it when `drafts` is
    true), and the editions that fail now but were on the last good site: they stay on it
    as they were, and are named."""
    from ..validate.edition import holds, validate

    prepared = validate(project).prepared
    held = [] if drafts else holds(p.edition for p in prepared)
    kept = {(h.case, h.lang) for h in held}
    items = [Item(p) for p in prepared if (p.edition.slug, p.edition.lang) not in kept]
    carried = _last_good(project, {(p.edition.slug, p.edition.lang) for p in prepared})
    return items + carried, held, [Kept(i.slug, i.lang, i.edition.path) for i in carried]
