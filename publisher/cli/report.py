"""Reporters for diagnostics: text for people, JSON for tools, GitHub annotations for CI."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.diagnostics import Diagnostic, Severity

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


#: the most characters of a source line shown under a diagnostic
SHOWN = 100


def _source_line(d: Diagnostic) -> str | None:
    from ..core import limits

    if d.path is None or not d.line or d.path.suffix in (".xlsx", ".xls", ".docx"):
        return None  # a workbook's place (sheet and cell) or a Word file's
        # (paragraph and heading) is named in the message
    try:
        if d.path.stat().st_size > limits.current().max_file_kb * 1024:
            return None  # a file too large to read (PUB007) is not read to show a line
        lines = d.path.read_text("utf-8", errors="replace").replace("\r\n", "\n").split("\n")
    except OSError:
        return None
    if d.line > len(lines):
        return None
    return lines[d.line - 1].replace("\t", " ")


def text(d: Diagnostic, root: Path | None, color: bool) -> str:
    """`file:line:col: severity CODE: message`, the source line, a caret, the hint."""
    head = f"{d.location(root)}: {d.severity} {d.code}: {d.message}"
    if color:
        head = (click.style(d.location(root) + ":", bold=True) + " "
                + click.style(f"{d.severity} {d.code}:", fg=_COLORS[d.severity], bold=True)
                + f" {d.message}")
    out = [head]
    source = _source_line(d)
    if source is not None and source.strip():
        gutter = f"{d.line:>5} | "
        offset = max(d.column - 1, 0)
        if len(source) > SHOWN:  # a window of a long line, around the column
            start = max(0, min(offset - SHOWN // 2, len(source) - SHOWN))
            source = ("…" if start else "") + source[start:start + SHOWN] + (
                "…" if start + SHOWN < len(source) else "")
            offset = offset - start + (1 if start else 0)
        out.append(gutter + source)
        caret = " " * (len(gutter) - 2) + "| " + " " * offset + "^"
        out.append(click.style(caret, fg=_COLORS[d.severity]) if color else caret)
    if d.hint:
        hint = "hint: " + d.hint
        out.append("  " + (click.style(hint, fg="cyan") if color else hint))
    return "\n".join(out)


def github(d: Diagnostic, root: Path | None) -> str:
    """A workflow command that GitHub shows as an annotation on the line."""
    def esc(value: str, prop: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if prop else value

    kind = "error" if d.is_error else "warning"
    props = []
    if d.path is not None:
        props.append(f"file={esc(d.location(root).split(':')[0], True)}")
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
    props.append(f"title={esc(d.code, True)}")
    message = d.message + (f" (hint: {d.hint})" if d.hint else "")
    return f"::{kind} {','.join(props)}::{esc(message)}"


def as_json(diagnostics: list[Diagnostic], root: Path | None, **extra) -> str:
    errors = sum(d.is_error for d in diagnostics)
    return json.dumps({**extra, "errors": errors, "warnings": len(diagnostics) - errors,
                       "diagnostics": [d.to_json(root) for d in diagnostics]},
                      ensure_ascii=False, indent=2)


def strict(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Warnings become errors."""
    from dataclasses import replace

    return [replace(d, severity=Severity.ERROR) for d in diagnostics]
