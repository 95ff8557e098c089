"""Bounds on the work any input can cause: file size, nesting depth, time of external tools.

The project sets them under `limits:` in publisher.yaml (see docs/limits.md); a project
that sets nothing gets the defaults below. Inputs are measured *before* they reach pandoc
or the YAML parser, so that an input past a bound costs a scan of its text, never a hang,
a recursion error or gigabytes of memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    #: the largest Markdown, YAML or bibliography file read, in KiB
    max_file_kb: int = 5120
    #: the deepest nesting of lists, block quotes, divs and HTML elements in Markdown, and of
    #: lists and mappings in YAML
    max_depth: int = 32
    #: the deepest nesting of brackets (links, images, spans): pandoc's reader takes about
    #: twice as long for each level, so this bound is small
    max_brackets: int = 6
    #: the longest run of pandoc or any other external tool, in seconds
    tool_seconds: int = 60


NAMES = tuple(f.name for f in fields(Limits))
DESCRIPTIONS = {
    "max_file_kb": "largest Markdown, YAML or bibliography file read, in KiB",
    "max_depth": "deepest nesting of lists, block quotes, divs and HTML elements in Markdown, "
                 "and of lists and mappings in YAML",
    "max_brackets": "deepest nesting of brackets (links, images, spans) in Markdown",
    "tool_seconds": "longest run of pandoc or another external tool, in seconds",
}

_current = Limits()


def use(limits: Limits) -> None:
    """The bounds this process applies (set when a project is loaded)."""
    global _current
    _current = limits


def current() -> Limits:
    return _current


@dataclass(frozen=True)
class Excess:
    """Where a text first goes past a bound: 1-based line and column of the text."""

    what: str
    line: int
    column: int
    limit: int
    setting: str


_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_FENCE = re.compile(r"[ \t]*(:{3,})[ \t]*(.*)$")
_CODE_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def markdown_excess(text: str, limits: Limits | None = None) -> Excess | None:
    """The first place where Markdown nests deeper than the limits allow, or None.

    One pass over the text. Lists and block quotes are measured by the markers and the
    indentation that open each line, fenced divs (`:::`) and HTML elements by their
    openings and closings, brackets by `[` and `]` within a paragraph.
    """
    limits = limits or _current
    depth_limit, bracket_limit = limits.max_depth, limits.max_brackets
    divs = tags = brackets = 0
    code_fence = ""
    for number, line in enumerate(text.split("\n"), 1):
        fence = _CODE_FENCE.match(line)
        if code_fence:
            if fence and fence.group(1)[0] == code_fence[0] and len(fence.group(1)) >= len(
                    code_fence):
                code_fence = ""
            continue
        if fence:
            code_fence = fence.group(1)
            continue
        if not line.strip():
            brackets = 0  # a link never spans paragraphs
            continue
        # block structure: the markers and indentation that open the line
        position, markers, indent = 0, 0, 0
        while position < len(line):
            char = line[position]
            if char == " ":
                indent += 1
                position += 1
            elif char == "\t":
                indent += 4
                position += 1
            elif char == ">":
                markers += 1
                position += 2 if line.startswith(" ", position + 1) else 1
            else:
                marker = _LIST_MARKER.match(line, position)
                if not marker:
                    break
                markers += 1
                position = marker.end()
            if markers + indent // 4 > depth_limit:
                return Excess("lists or block quotes", number, position + 1, depth_limit,
                              "max_depth")
        fenced = _FENCE.match(line)
        if fenced:
            divs = divs + 1 if fenced.group(2).strip() else max(0, divs - 1)
            if divs > depth_limit:
                return Excess("divs (:::)", number, fenced.start(1) + 1, depth_limit,
                              "max_depth")
            continue
        for tag in _TAG.finditer(line):
            name = tag.group(2).lower()
            if name in _VOID or tag.group(3):
                continue
            tags = max(0, tags - 1) if tag.group(1) else tags + 1
            if tags > depth_limit:
                return Excess("HTML elements", number, tag.start() + 1, depth_limit,
                              "max_depth")
        escaped = False
        for column, char in enumerate(line, 1):
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "[":
                brackets += 1
                if brackets > bracket_limit:
                    return Excess("brackets", number, column, bracket_limit, "max_brackets")
            elif char == "]":
                brackets = max(0, brackets - 1)
    return None


def yaml_excess(text: str, limits: Limits | None = None) -> Excess | None:
    """The first place where YAML nests deeper than `max_depth`: flow collections
    (`[`, `{`) counted outside quotes, block collections by their indentation."""
    limit = (limits or _current).max_depth
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" -")
        if (len(line) - len(stripped)) // 2 > limit:
            return Excess("YAML lists or mappings", number, len(line) - len(stripped) + 1,
                          limit, "max_depth")
        quote = ""
        for column, char in enumerate(line, 1):
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'" and depth:
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] in " \t"):
                break
            elif char in "[{":
                depth += 1
                if depth > limit:
                    return Excess("YAML lists or mappings", number, column, limit, "max_depth")
            elif char in "]}":
                depth = max(0, depth - 1)
    return None
