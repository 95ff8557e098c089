"""The one place that runs pandoc (the binary shipped in the pypandoc-binary wheel)."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from . import cache
from . import limits
from .diagnostics import PublisherError, error

#: the pandoc major version whose JSON AST the transform passes are written for
SUPPORTED_MAJOR = 3
#: GitHub's Markdown (CommonMark) with attributes, fenced divs, bracketed spans, footnotes,
#: math and definition lists; front matter is ours, emoji shortcodes stay text. What the
#: reader lacks of the project's syntax (table captions, inline notes, citations) is
#: restored by `dialects`.
READER = ("commonmark_x-yaml_metadata_block-emoji+implicit_figures+tex_math_gfm"
          "+autolink_bare_uris")


@functools.cache
def executable() -> str:
    spec = importlib.util.find_spec("pypandoc")
    if spec and spec.origin:
        bundled = Path(spec.origin).parent / "files" / "pandoc"
        if bundled.is_file():
            return str(bundled)
    found = shutil.which("pandoc")
    if not found:
        raise PublisherError("pandoc not found", [error(
            "PUB302", "pandoc is not installed", hint="run `make` to install pypandoc-binary")])
    return found


@functools.cache
def version() -> tuple[int, ...]:
    """pandoc's version; kept in the build store by the executable's path, size and time
    (asking pandoc is a process of its own, in every command)."""
    exe = executable()
    try:
        stat = os.stat(exe)
        stored: str | None = cache.key("pandoc-version", exe, str(stat.st_size),
                                       str(stat.st_mtime_ns))
    except OSError:
        stored = None
    held = cache.get(stored) if stored else None
    if held is not None and held.startswith(b"pandoc "):
        first = held.decode("utf-8", "replace")
    else:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
        first = out.stdout.split("\n", 1)[0]  # "pandoc 3.9"
        if stored and first.startswith("pandoc "):
            cache.put(stored, first.encode("utf-8"))
    numbers = tuple(int(x) for x in first.split()[-1].split(".") if x.isdigit())
    if not numbers or numbers[0] != SUPPORTED_MAJOR:
        raise PublisherError("unsupported pandoc", [error(
            "PUB302", f"pandoc {first} is not supported; publisher needs pandoc "
            f"{SUPPORTED_MAJOR}.x", hint="run `make` to install the pinned pypandoc-binary")])
    return numbers


class PandocError(Exception):
    code = "PUB302"


class TimedOut(PandocError):
    """pandoc ran longer than `limits.tool_seconds` and was stopped."""

    code = "PUB011"


class TooDeep(PandocError):
    """The Markdown nests past a bound of `limits`; pandoc was not started."""

    code = "PUB009"

    def __init__(self, excess):
        super().__init__(f"{excess.what} nested more than {excess.limit} deep")
        self.excess = excess


def run(args: list[str], data: bytes, cwd: Path | None = None) -> bytes:
    return run_with_messages(args, data, cwd)[0]


def run_with_messages(args: list[str], data: bytes, cwd: Path | None = None) -> tuple[bytes, str]:
    """pandoc's output and what it printed on stderr (its warnings), within the time limit."""
    version()
    seconds = limits.current().tool_seconds
    try:
        proc = subprocess.run([executable(), *args], input=data, capture_output=True, cwd=cwd,
                              timeout=seconds)
    except subprocess.TimeoutExpired:  # run() has killed it
        raise TimedOut(f"pandoc ran longer than {seconds} s and was stopped") from None
    if proc.returncode != 0:
        raise PandocError(proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout, proc.stderr.decode("utf-8", "replace")


_PARSED_LIMIT = 512  # texts the process's store remembers parsed


def parse_markdown(text: str) -> dict:
    """Markdown to pandoc's JSON AST (a fresh copy each call; the same text is parsed once).

    Validation parses a source edition for itself and again for each of its
    translations' status: the process's store (`cache.current()`) remembers the
    parse, which saves those extra pandoc processes. When the store has a folder
    (`cache.use_for`: build, validate, site), the result is also kept on disk, so
    that a text left unchanged is not parsed again by the next command or by
    another worker.
    """
    excess = limits.markdown_excess(text)
    if excess:
        raise TooDeep(excess)
    data = text.encode("utf-8")
    key = hashlib.sha256(data).digest()
    store = cache.current()
    out = store.recall(key)
    if out is not None:
        return json.loads(out)
    stored = cache.key("parse", repr(version()), READER, data)
    out = store.get(stored)
    try:
        ast = json.loads(out) if out is not None else None
    except ValueError:  # a damaged entry: parse again
        ast = None
    if out is None or ast is None:
        out = run(["-f", READER, "-t", "json"], data)
        ast = json.loads(out)
        store.put(stored, out)
    store.remember(key, out, _PARSED_LIMIT)
    return ast


def convert_ast(ast: dict, to: str, args: Sequence[str] = (), cwd: Path | None = None,
                stored: bool = False) -> bytes:
    """Write the AST in format `to`. With `stored`, the result is kept in the build's store
    (`cache`): only for output that depends on nothing but the AST (HTML, not DOCX, which
    embeds the files it links to)."""
    data = json.dumps(ast).encode("utf-8")
    name = cache.key("convert", repr(version()), to, *args, data) if stored else ""
    out = cache.get(name) if stored else None
    if out is None:
        out = run(["-f", "json", "-t", to, *args], data, cwd=cwd)
        if stored:
            cache.put(name, out)
    return out
