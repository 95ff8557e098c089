"""A content-addressed store of intermediate results, kept under build/.cache/objects.

What goes in is a pure function of its key (pandoc's JSON AST of a text, the
HTML of an AST, the PNG copy of an SVG at a given size), so an entry never goes
stale: a changed input, or another pandoc, gives another key. Worker processes
share the folder; entries are written to a temporary file and renamed, so a
reader sees a whole entry or none. The least recently used entries are removed
when the folder grows past a limit.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_FOLDER: Path | None = None
LIMIT = 4000  # entries; about 100 KB each for a parsed edition


def use(folder: Path | None) -> None:
    """Turn the store on (a folder) or off (None) for this process."""
    global _FOLDER
    _FOLDER = folder


def use_for(project) -> None:
    """Keep the store in the project's build folder."""
    use(project.output / ".cache" / "objects")


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _path(name: str) -> Path | None:
    return _FOLDER / name[:2] / name if _FOLDER else None


def get(name: str) -> bytes | None:
    path = _path(name)
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


def put(name: str, data: bytes) -> None:
    from ..core.atomic import write_atomically

    path = _path(name)
    if path is None:
        return
    try:
        write_atomically(path, data)
    except OSError:  # a full disk or a read-only build folder costs speed, not the build
        pass


def prune(limit: int = LIMIT) -> int:
    """Remove the least recently used entries beyond `limit`; returns how many went."""
    if _FOLDER is None or not _FOLDER.is_dir():
        return 0
    entries = []
    for path in _FOLDER.glob("*/*"):
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
