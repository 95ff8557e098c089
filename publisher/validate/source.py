"""A light scan of an edition's Markdown source: headings, notes, and where a text is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.model import Edition
from ..core.tree import position

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*(?:\{([^}]*)\})?[ \t]*$")
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


@dataclass
class SourceHeading:
    level: int
    text: str
    id: str | None
    line: int
    column: int


@dataclass
class Source:
    """What a scan of the Markdown source finds, with 1-based positions in the file."""

    headings: list[SourceHeading] = field(default_factory=list)
    note_refs: list[tuple[str, int, int]] = field(default_factory=list)
    note_defs: list[tuple[str, int, int]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    first_line: int = 1

    def find(self, needle: str, start: int = 0, after: str = "") -> tuple[int, int]:
        """Line and column of the first occurrence of `needle` outside code blocks, in any
        letter case; with `after`, of the first `needle` that follows `after` on its line."""
        folded = needle.casefold()
        lead = after.casefold()
        for index, text in enumerate(self.lines[start:], start):
            text = text.casefold()
            begin = text.find(lead) if lead else 0
            if begin < 0:
                continue
            column = text.find(folded, begin)
            if column >= 0:
                return self.first_line + index, column + 1
        return self.first_line, 1


    def find_all(self, pattern: re.Pattern) -> list[tuple[int, int]]:
        """Line and column of every match of `pattern` outside code blocks, in order."""
        return [(self.first_line + index, m.start() + 1)
                for index, text in enumerate(self.lines) for m in pattern.finditer(text)]


def raw_position(edition: Edition, src: Source, raw: str, fmt: str) -> tuple[int, int]:
    """Where a raw block or inline starts: its first line outside code, else inside a fenced
    raw block (```{=html5}), else the fence itself."""
    import html

    needle = raw.strip().split("\n")[0][:40]
    # pandoc rewrites the attributes of raw tags (quotes become &#39;): try shorter needles
    return locate_text(edition, src, needle, html.unescape(needle), needle[:12],
                       needle.split(" ")[0] if " " in needle else "", "{=" + fmt)


def finding_position(src: Source, message: str, line: int, column: int) -> tuple[int, int]:
    """The place of what a raw-HTML finding names (`onclick`, an address) on or after the
    raw HTML's start, in any letter case; else the start."""
    named = [n for n in re.findall(r"`([^`]{2,})`", message) if not n.startswith(("<", "="))]
    index = line - src.first_line
    for name in reversed(named):  # the address is named last, the attribute first
        folded = name.casefold()
        for offset, text in enumerate(src.lines[index:index + 50]):
            at = text.casefold().find(folded, column - 1 if offset == 0 else 0)
            if at >= 0:
                return line + offset, at + 1
    return line, column


def locate_text(edition: Edition, src: Source, *needles: str) -> tuple[int, int]:
    """Where the first of `needles` that the source holds is: outside code blocks first,
    then anywhere in the body (fenced raw blocks, comments)."""

    for needle in needles:
        if not needle:
            continue
        for index, text in enumerate(src.lines):
            column = text.find(needle)
            if column >= 0:
                return src.first_line + index, column + 1
    for needle in needles:
        if needle and needle in edition.body:
            return position(edition, needle)
    return src.first_line, 1


def blank_comments(text: str, inside: bool) -> tuple[str, bool]:
    """Replace the HTML comments of one line by spaces, keeping every column in place.

    `inside` says whether the line starts inside a comment; the second value
    says whether it ends inside one.
    """
    out, rest = [], text
    while rest:
        if inside:
            end = rest.find("-->")
            if end < 0:
                out.append(" " * len(rest))
                break
            out.append(" " * (end + 3))
            rest, inside = rest[end + 3:], False
        else:
            start = rest.find("<!--")
            if start < 0:
                out.append(rest)
                break
            out.append(rest[:start] + "    ")
            rest, inside = rest[start + 4:], True
    return "".join(out), inside


def _blank_code_spans(text: str) -> str:
    """Inline code replaced by spaces (columns kept): `[^1]` in code is not a reference.
    The code of a MyST role (``{ref}`label` ``) is kept: the role shows as written."""
    if "`" not in text:
        return text
    return _CODE_SPAN.sub(lambda m: m.group(0) if m.start() and text[m.start() - 1] == "}"
                          else " " * len(m.group(0)), text)


def scan(edition: Edition) -> Source:
    from ..transform.dialects.rewrite import normalize

    source = Source(first_line=edition.body_line)
    fence = None
    comment = False
    for index, text in enumerate(normalize(edition.body).split("\n")):
        line = edition.body_line + index
        if comment or "<!--" in text:
            # guidance comments (as in the scaffolds) are not content
            text, comment = blank_comments(text, comment)
        m = _FENCE.match(text)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            source.lines.append("")
            continue
        if m:
            fence = m.group(1)
            source.lines.append(text if "{" in text[m.end():m.end() + 3] else "")
            continue
        text = _blank_code_spans(text)
        source.lines.append(text)
        h = _ATX.match(text)
        if h:
            attrs = (h.group(3) or "").split()
            ident = next((a[1:] for a in attrs if a.startswith("#")), None)
            source.headings.append(SourceHeading(len(h.group(1)), h.group(2), ident, line, 1))
            continue
        d = _NOTE_DEF.match(text)
        if d:
            source.note_defs.append((d.group(1), line, 1))
            text = text[d.end():]
            offset = d.end()
        else:
            offset = 0
        for r in _NOTE_REF.finditer(text):
            source.note_refs.append((r.group(1), line, offset + r.start() + 1))
    return source


def source_sections(edition: Edition) -> list[tuple[int, str | None]]:
    """(level, id) of the level-2 and -3 headings of the edition's source, in order; empty
    for a source edition or when the source cannot be read."""
    source = edition.translated_from or edition.case.source_language
    if not source or source == edition.lang:
        return []
    try:
        text = (edition.case.path / f"{source}.md").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    found, fence = [], None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if fence or m:
            if m and (fence is None or m.group(1)[0] == fence[0]):
                fence = None if fence else m.group(1)
            continue
        h = _ATX.match(line)
        if h and len(h.group(1)) in (2, 3):
            ident = next((a[1:] for a in (h.group(3) or "").split() if a.startswith("#")), None)
            found.append((len(h.group(1)), ident))
    return found
