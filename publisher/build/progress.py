"""Build progress: a bar on a terminal, one line per finished output elsewhere.

The build announces how many outputs it plans (`plan`), so both show `[done/total]`, and the
bar an estimate of the time left, from the pace of the outputs rendered so far.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path


def clock(seconds: float) -> str:
    """0:07, 1:05, 1:02:03."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    def __init__(self, root: Path, quiet: bool = False, stream=None, now=time.monotonic):
        self.root = root
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.done = {"built": 0, "skipped": 0, "failed": 0}
        self.total = 0
        self._now = now
        self._started = now()
        self._bar_shown = False

    def plan(self, count: int) -> None:
        """`count` more outputs will be reported."""
        self.total += count

    def __call__(self, out) -> None:
        self.update(out)

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    @property
    def finished(self) -> int:
        return sum(self.done.values())

    def counter(self) -> str:
        total = max(self.total, self.finished)
        width = len(str(total))
        return f"[{self.finished:>{width}}/{total}]"

    def eta(self) -> str:
        """The time left at the pace of the outputs rendered so far ("" before the first)."""
        rendered = self.done["built"] + self.done["failed"]
        left = self.total - self.finished
        if not rendered or left <= 0:
            return ""
        elapsed = self._now() - self._started
        return f"ETA {clock(elapsed / rendered * left)}"

    def update(self, out) -> None:
        self.done[out.status] = self.done.get(out.status, 0) + 1
        if self.quiet:
            return
        if self.tty:
            self._bar(out)
        elif out.status != "skipped":
            self.stream.write(f"{out.status:>7}  {self.counter()}  {self._name(out.path)}  "
                              f"({out.seconds:.1f} s)\n")
            self.stream.flush()

    def line(self, out) -> str:
        eta = self.eta()
        return (f"{self.counter()} {self.done['built']} built, {self.done['skipped']} up to "
                f"date, {self.done['failed']} failed" + (f", {eta}" if eta else "")
                + f"  {self._name(out.path)}")

    def _bar(self, out) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        if out.status == "failed":
            self.stream.write("\r\033[K" + f"  failed  {self._name(out.path)}\n")
        self.stream.write("\r\033[K" + self.line(out)[: width - 1])
        self.stream.flush()
        self._bar_shown = True

    def close(self) -> None:
        if self._bar_shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._bar_shown = False
