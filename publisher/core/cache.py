"""A content-addressed store of intermediate results, kept under build/.cache/objects.

What goes in is a pure function of its key (pandoc's JSON AST of a text, the
HTML of an AST, the PNG copy of an SVG at a given size), so an entry never goes
stale: a changed input, or another pandoc, gives another key. Worker processes
share the folder; entries are written to a temporary file and renamed, so a
reader sees a whole entry or none. The least recently used entries are removed
when the folder grows past a limit.

A `Store` is the state of one command or worker process: its folder (or none, when
nothing is kept on disk) and what it remembers in memory (the texts pandoc parsed).
The process has one current store: a command or a worker makes it with `use_for`
(or `use`) when it starts, and `get`, `put` and `prune` act on it. `using` makes a
fresh store current for a `with` block and puts the previous one back after it (a
test, a benchmark), so no one resets the store by hand.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

LIMIT = 4000  # entries; about 100 KB each for a parsed edition


class Store:
    """A folder of entries (or none) and a memory of recent results, for one process."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self._memory: dict[bytes, bytes] = {}

    def recall(self, name: bytes) -> bytes | None:
        """What this process kept in memory under `name`."""
        return self._memory.get(name)

    def remember(self, name: bytes, data: bytes, limit: int) -> None:
        """Keep `data` in memory; past `limit` entries, the oldest goes."""
        if len(self._memory) >= limit:
            self._memory.pop(next(iter(self._memory)))
        self._memory[name] = data

    def _path(self, name: str) -> Path | None:
        return self.folder / name[:2] / name if self.folder else None

    def get(self, name: str) -> bytes | None:
        path = self._path(name)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            os.utime(path)  # recently used: kept by prune()
        except OSError:
            pass
        return data

    def put(self, name: str, data: bytes) -> None:
        from .atomic import write_atomically

        path = self._path(name)
        if path is None:
            return
        try:
            write_atomically(path, data)
        except OSError:  # a full disk or a read-only build folder costs speed, not the build
            pass

    def prune(self, limit: int = LIMIT) -> int:
        """Remove the least recently used entries beyond `limit`; returns how many went."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        entries = []
        for path in self.folder.glob("*/*"):
            try:
                entries.append((path.stat().st_mtime, path))
            except OSError:
                continue
        if len(entries) <= limit:
            return 0
        entries.sort()
        removed = 0
        for _, path in entries[:len(entries) - limit]:
            path.unlink(missing_ok=True)
            removed += 1
        return removed


_current = Store()  # until a command or worker says where its store is: memory only


def current() -> Store:
    """The store of this process."""
    return _current


def use(folder: Path | None) -> Store:
    """Make the store in `folder` (None: memory only) this process's store. The same
    folder keeps the same store, and what it remembers."""
    global _current
    if _current.folder != folder:
        _current = Store(folder)
    return _current


def use_for(project) -> Store:
    """Keep the store in the project's build folder."""
    return use(project.output / ".cache" / "objects")


@contextlib.contextmanager
def using(folder: Path | None) -> Iterator[Store]:
    """A fresh store in `folder` (None: memory only) for the `with` block, then the
    previous store again."""
    global _current
    previous, _current = _current, Store(folder)
    try:
        yield _current
    finally:
        _current = previous


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def get(name: str) -> bytes | None:
    return _current.get(name)


def put(name: str, data: bytes) -> None:
    _current.put(name, data)


def prune(limit: int = LIMIT) -> int:
    """Remove the current store's least recently used entries beyond `limit`."""
    return _current.prune(limit)
