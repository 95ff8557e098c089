"""Typst compiling a PDF: the declared files staged in a folder of their own, compiled in a
worker process that is reused between editions and stopped past the time limit."""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..core import limits

PDF_STANDARDS = ["ua-1"]
TEMPLATE = "edition.typ"


def _put(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class TypstFailed(Exception):
    """Typst refused the document (its message and hints), or could not run."""

    code = "PUB302"

    def __init__(self, message: str, hints: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.hints = hints or []


class TypstTimedOut(TypstFailed):
    """The compile ran longer than `limits.tool_seconds` and was stopped."""

    code = "PUB011"


def _launch(command: list[str]) -> subprocess.Popen:
    """Start the Typst process from a thread that lives as long as this process.

    The process binds its life to the thread that started it (PR_SET_PDEATHSIG, see
    `core.lifetime`), and a PDF is laid out from a thread that ends with its edition: started
    there, Typst would be killed and started again for every edition of a build."""
    def start() -> subprocess.Popen:
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
                                bufsize=1)

    if threading.current_thread() is threading.main_thread():
        return start()
    global _LAUNCHER
    with _LAUNCHER_LOCK:
        if _LAUNCHER is None:
            _LAUNCHER = ThreadPoolExecutor(1, thread_name_prefix="publisher-typst-start")
    return _LAUNCHER.submit(start).result()


_LAUNCHER: ThreadPoolExecutor | None = None
_LAUNCHER_LOCK = threading.Lock()


class _Worker:
    """The process Typst compiles in (`_typst_worker`): started on first use or ahead of
    it (`warm_up`), reused, killed when a compile runs past the time limit."""

    #: how long Typst may take to load before the first compile, whatever the limit
    START_SECONDS = 60

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.ready = False
        self.lock = threading.Lock()

    def start(self) -> subprocess.Popen:
        if self.proc is None or self.proc.poll() is not None:
            # run as a script: it needs Typst, not the rest of the package
            self.proc = _launch([sys.executable,
                                 str(Path(__file__).with_name("_typst_worker.py"))])
            self.ready = False
        return self.proc

    def answer(self, seconds: float) -> dict | None:
        """The next line the process writes, or None when it writes none in time."""
        assert self.proc is not None and self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], seconds)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        if not line:
            self.stop()
            raise TypstFailed("the Typst process ended without an answer")
        return json.loads(line)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    stream.close()
        self.proc = None

    def compile(self, job: dict, seconds: float) -> dict:
        with self.lock:
            for attempt in (1, 2):  # a process that died meanwhile is replaced once
                proc = self.start()
                try:
                    if not self.ready:
                        if self.answer(self.START_SECONDS) is None:
                            self.stop()
                            raise TypstFailed("Typst did not start")
                        self.ready = True
                    assert proc.stdin is not None
                    proc.stdin.write(json.dumps(job) + "\n")
                    proc.stdin.flush()
                    break
                except (OSError, TypstFailed):
                    self.stop()
                    if attempt == 2:
                        raise
            answer = self.answer(seconds)
            if answer is None:
                self.stop()
                raise TypstTimedOut(f"Typst ran longer than {seconds:g} s and was stopped")
            return answer


_WORKER = _Worker()
# stopped and waited for at exit, so that it never outlives its parent and its memory counts
# as the parent's (a benchmark's peak figures)
atexit.register(_WORKER.stop)


def warm_up() -> None:
    """Start the Typst process now, so that it is ready when the first PDF is laid out."""
    with _WORKER.lock:
        _WORKER.start()


def compile_page(page: dict, fonts: Path, scratch: Path) -> bytes:
    """Stage the declared files, compile with Typst inside that folder, return the PDF.
    The compile is stopped past `limits.tool_seconds` (TypstTimedOut)."""
    scratch.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".typst-", dir=scratch))
    try:
        for name, path in page["files"].items():
            _put(path, staging / name)
        for name, data in page["data"].items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        shutil.copyfile(page["template"], staging / TEMPLATE)
        (staging / "meta.json").write_text(json.dumps(page["meta"], ensure_ascii=False),
                                           "utf-8")
        (staging / "main.typ").write_text(page["source"], "utf-8")
        output = Path(tempfile.mkdtemp(prefix=".typst-out-", dir=scratch)) / "out.pdf"
        job = {"root": str(staging), "main": str(staging / "main.typ"),
               "fonts": [str(f) for f in (fonts, *page.get("fonts", ()))],
               "packages": str(staging / "_no-packages"), "standards": PDF_STANDARDS,
               "timestamp": page["timestamp"], "output": str(output)}
        try:
            answer = _WORKER.compile(job, limits.current().tool_seconds)
            if not answer.get("ok"):
                raise TypstFailed(answer.get("message", ""), answer.get("hints"))
            return output.read_bytes()
        finally:
            shutil.rmtree(output.parent, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
