"""The build planner: what every output depends on, and which outputs are up to date.

Each output gets a fingerprint: a SHA-256 over everything that can change it
(the edition's text, its case's metadata and media, the source edition of a
translation, the project's templates and styles, the brand, the engine's code,
resources and tool versions, and the build options). The fingerprints of the
last successful build are kept in ``build/.cache/state.json``; an output whose
fingerprint is unchanged, and whose file is still the one we wrote, is skipped.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..assess import blocks as data_blocks
from ..load.brand import Brand
from ..core.model import Edition, Project

from ..core.paths import PACKAGE
STATE_VERSION = 1


def _digest_files(paths, root: Path | None = None) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        if not path.is_file():
            continue
        name = str(path.relative_to(root)) if root else path.name
        h.update(name.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _tree(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


@functools.cache
def engine_digest() -> str:
    """The engine's code and resources, and the versions of the tools it drives."""
    from importlib.metadata import PackageNotFoundError, version

    from ..core import pandoc

    h = hashlib.sha256(_digest_files(_tree(PACKAGE), PACKAGE).encode())
    h.update(repr(pandoc.version()).encode())
    for dist in ("typst", "python-docx", "babel", "pyphen"):
        try:
            h.update(f"{dist}={version(dist)}".encode())
        except PackageNotFoundError:
            pass
    return h.hexdigest()


class Fingerprints:
    """Computes the fingerprint of each output; shared digests are computed once."""

    def __init__(self, project: Project, brand: Brand, options: dict | None = None):
        self.project = project
        self.options = json.dumps(options or {}, sort_keys=True)
        root = project.root
        self.shared = hashlib.sha256("\0".join([
            engine_digest(),
            brand.digest(),
            _digest_files(_tree(root / "templates"), root),
            _digest_files(_tree(root / "styles"), root),
            _digest_files([root / "publisher.yaml"], root),
            # dates written into PDF and DOCX files come from it when it is set
            os.environ.get("SOURCE_DATE_EPOCH", ""),
        ]).encode()).hexdigest()
        self._cases: dict[Path, str] = {}
        self._data: str | None = None

    def case_digest(self, folder: Path) -> str:
        """case.yaml and every file of the case other than its editions (media, logos)."""
        if folder not in self._cases:
            files = [p for p in _tree(folder) if p.suffix != ".md"]
            editions = sorted(p.stem for p in folder.glob("*.md"))
            self._cases[folder] = hashlib.sha256(
                (_digest_files(files, folder) + ",".join(editions)).encode()).hexdigest()
        return self._cases[folder]

    def data_digest(self) -> str:
        if self._data is None:
            self._data = data_blocks.data_digest(self.project.root)
        return self._data

    def edition(self, edition: Edition, fmt: str) -> str:
        h = hashlib.sha256()
        for part in (self.shared, self.options, fmt, edition.lang,
                     self.case_digest(edition.case.path)):
            h.update(part.encode() + b"\0")
        h.update(edition.path.read_bytes())
        if data_blocks.mentions_blocks(edition.body):  # charts and indicators: the data too
            h.update(b"\0data\0" + self.data_digest().encode())
        if edition.translated_from:
            source = edition.case.path / f"{edition.translated_from}.md"
            if source.is_file():
                h.update(b"\0source\0" + source.read_bytes())
        return h.hexdigest()


    def site(self, state: State) -> str:
        """The site lists every case and links every output: all of them are its inputs."""
        root = self.project.root
        h = hashlib.sha256(self.shared.encode())
        h.update(_digest_files(_tree(self.project.cases_dir), root).encode())
        from ..records import record_files

        from ..assess.sources import survey_files

        files = record_files(root)
        h.update(_digest_files(files, root).encode())  # the alliance's pages
        if files:  # the plan page shows indicators measured by the surveys
            h.update(_digest_files(survey_files(root), root).encode())
        if files:  # the action plan is judged on the day of the build (overdue, actual values)
            from ..records.status import today

            h.update(today().isoformat().encode())
        site_out = str(self.project.output / "site")
        outputs = {k: v for k, v in state.outputs.items() if not k.startswith(site_out)}
        h.update(json.dumps(outputs, sort_keys=True).encode())
        return h.hexdigest()


@dataclass
class State:
    """Fingerprints and file signatures of the outputs of earlier builds."""

    path: Path
    outputs: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("version") == STATE_VERSION:
                return cls(path, data.get("outputs", {}))
        except (OSError, ValueError, AttributeError):
            pass
        return cls(path)

    @staticmethod
    def _signature(target: Path) -> list | None:
        try:
            st = target.stat()
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def fresh(self, target: Path, fingerprint: str) -> bool:
        entry = self.outputs.get(str(target))
        return bool(entry and entry.get("fingerprint") == fingerprint
                    and entry.get("signature") == self._signature(target))

    def record(self, target: Path, fingerprint: str) -> None:
        self.outputs[str(target)] = {"fingerprint": fingerprint,
                                     "signature": self._signature(target)}

    def forget(self, target: Path) -> None:
        self.outputs.pop(str(target), None)

    def save(self) -> None:
        from ..core.atomic import write_atomically

        data = {"version": STATE_VERSION, "outputs": self.outputs}
        write_atomically(self.path, json.dumps(data, indent=1, sort_keys=True).encode())


class BuildLock:
    """An exclusive lock on the output folder, so two builds never interleave."""

    def __init__(self, folder: Path, on_wait=None, code: str = "PUB303",
                 what: str = "the output folder"):
        self.path = folder / ".lock"
        self.on_wait = on_wait
        self.handle = None
        self.code, self.what = code, what

    def __enter__(self):
        from ..core.diagnostics import PublisherError, error

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "a+")
        except OSError as exc:  # read-only, a file where the folder should be, no space...
            raise PublisherError(f"{self.what} cannot be written", [error(
                self.code, f"{self.what} cannot be written: {exc.strerror or exc}",
                self.path.parent, hint="check that the output folder is a writable folder")]
            ) from None
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if self.on_wait:
                self.on_wait()
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"{os.getpid()} {time.time():.0f}\n")
        self.handle.flush()
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        return False


def remove_orphans(project: Project, state: State) -> list[Path]:
    """Remove the outputs of editions whose source is gone (a case folder deleted, or one of
    its languages), so that they are neither checked nor published any more.

    Only files this project's builds wrote are removed: the outputs recorded in `state`
    (`<output>/<slug>/<slug>.<lang>.<format>`), and the aggregates a report of a deleted
    case had beside them; then the case's output folder, when nothing else is left in it.
    """
    from ..assess.publish import published
    from ..core.model import FORMATS

    output = project.output.resolve()
    removed: list[Path] = []
    folders: set[Path] = set()
    for key in sorted(state.outputs):
        path = Path(key)
        if path.parent.parent != output or not path.is_relative_to(output):
            continue
        slug = path.parent.name
        parts = path.name.split(".")
        if len(parts) != 3 or parts[0] != slug or parts[2] not in FORMATS or slug == "site":
            continue
        if (project.cases_dir / slug / f"{parts[1]}.md").is_file():
            continue
        state.forget(path)
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(path)
        folders.add(path.parent)
    for folder in sorted(folders):
        if not (project.cases_dir / folder.name).is_dir():
            for path in published(output, folder.name):
                path.unlink()
                removed.append(path)
        try:
            folder.rmdir()  # only when empty: a file we did not make stays, with its folder
        except OSError:
            pass
    return removed


def remove_partials(folder: Path) -> int:
    """Delete temporary files and folders (the site's `.site.part/`) left by a build that
    was killed before it could clean up."""
    import shutil

    count = 0
    if folder.is_dir():
        for part in sorted(folder.rglob(".*.part"), key=lambda p: len(p.parts)):
            if part.is_dir() and not part.is_symlink():
                shutil.rmtree(part, ignore_errors=True)
            elif part.exists() or part.is_symlink():
                part.unlink(missing_ok=True)
            else:
                continue  # inside a folder removed above
            count += 1
    return count
