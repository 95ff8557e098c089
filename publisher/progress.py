"""Build progress: a bar on a terminal, one line per finished output elsewhere."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


class Progress:
    def __init__(self, root: Path, quiet: bool = False, stream=None):
        self.root = root
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.done = {"built": 0, "skipped": 0, "failed": 0}
        self._bar_shown = False

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def update(self, out) -> None:
        self.done[out.status] = self.done.get(out.status, 0) + 1
        if self.quiet:
            return
        if self.tty:
            self._bar(out)
        elif out.status != "skipped":
            self.stream.write(f"{out.status:>7}  {self._name(out.path)}  ({out.seconds:.1f} s)\n")
            self.stream.flush()

    def _bar(self, out) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        total = sum(self.done.values())
        label = (f" {self.done['built']} built, {self.done['skipped']} up to date, "
                 f"{self.done['failed']} failed  {self._name(out.path)}")
        if out.status == "failed":
            self.stream.write("\r\033[K" + f"  failed  {self._name(out.path)}\n")
        line = f"[{total:>4}]" + label
        self.stream.write("\r\033[K" + line[: width - 1])
        self.stream.flush()
        self._bar_shown = True

    def close(self) -> None:
        if self._bar_shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._bar_shown = False
