"""The problems of an edition in its preview: a panel of them at the top of the page, and a
mark in front of each block that has one."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..i18n.strings import count
from ..core.diagnostics import Diagnostic
from .reload import RELOAD_JS

PANEL_CSS = """.publisher-problems { font: 14px/1.4 sans-serif; background: #fff4e5;
  border-bottom: 3px solid #c8553d; padding: .75rem 1.25rem; margin: 0; }
.publisher-problems li { margin: .25rem 0; white-space: pre-wrap; }
.publisher-problems .error { color: #8a1c0c; } .publisher-problems .warning { color: #6b4a00; }
.publisher-problems a { color: inherit; text-decoration: none; }
.publisher-problems a:hover { text-decoration: underline; }
.publisher-mark { font: 14px/1.4 sans-serif; margin: .5rem 0; padding: .4rem .75rem;
  border-left: 4px solid #c8553d; background: #fff4e5; color: #8a1c0c; }
.publisher-mark.warning { border-left-color: #b7791f; color: #6b4a00; }
.publisher-mark p { margin: .15rem 0; } .publisher-mark .hint { color: #444; }"""

#: the marks put into the Markdown before the preview renders it, replaced by the problems
_MARK = re.compile(r'<div id="publisher-mark-(\d+)" class="publisher-mark">\s*</div>')
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")

_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*')


def unshowable(diagnostic: Diagnostic) -> bool:
    """An error of the boundary of what an edition may read or run: an edition with one is
    not shown at all. (A missing or remote image is shown as its alternative text.)"""
    from ..core.access import UNIGNORABLE

    if not diagnostic.is_error:
        return False
    image = diagnostic.message.startswith("image ") or " of <img> " in diagnostic.message
    if diagnostic.code in ("PUB201", "PUB202") and image:
        return False
    return diagnostic.code in UNIGNORABLE or diagnostic.code == "PUB220"


def mark_places(body: str, lines: list[int]) -> dict[int, int]:
    """For each body line index in `lines`, the index of the line its block starts on (a
    mark goes there, on a line of its own): the line after the last blank line above it,
    outside fenced code (a line inside a fence belongs to the block of its opening fence)."""
    text = body.split("\n")
    opened: list[int | None] = []
    fence = None
    start = None
    for index, line in enumerate(text):
        m = _FENCE.match(line)
        if fence is None and m:
            fence, start = m.group(1), index
            opened.append(index)
            continue
        opened.append(start if fence is not None else None)
        if fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(
                fence) and not line.strip()[len(m.group(1)):].strip():
            fence = None
    places = {}
    for wanted in lines:
        index = min(max(wanted, 0), max(len(text) - 1, 0))
        if index < len(opened) and opened[index] is not None:
            index = opened[index]
        while index > 0 and text[index - 1].strip() and opened[index - 1] is None:
            index -= 1
        places[wanted] = index
    return places


def _indent_for(text: list[str], index: int) -> str:
    """The indentation that keeps a mark inside the list item its block belongs to."""
    if index >= len(text):
        return ""
    line = text[index]
    indent = line[:len(line) - len(line.lstrip(" "))]
    if len(indent) <= 3:
        return indent
    for above in reversed(text[:index]):
        if above.strip() and len(above) - len(above.lstrip(" ")) < len(indent):
            return indent if _LIST_ITEM.match(above) else ""
    return ""


def marked_text(edition, diagnostics: list[Diagnostic]) -> tuple[str, dict[int, list[int]]]:
    """The edition's body with a mark in front of each block that has a problem, and the
    numbers (in `diagnostics`) of each mark's problems."""
    numbers = _markable(edition, diagnostics)
    at: dict[int, list[int]] = {}
    for n, place in numbers.items():
        at.setdefault(place, []).append(n)
    text = edition.body.split("\n")
    marks = {}
    for place in sorted(at, reverse=True):
        indent = _indent_for(text, place)
        mark = len(marks)
        marks[mark] = at[place]
        text[place:place] = [f"{indent}::: {{#publisher-mark-{mark} .publisher-mark}}",
                             f"{indent}:::", ""]
    return "\n".join(text), marks


def _markable(edition, diagnostics: list[Diagnostic]) -> dict[int, int]:
    """Number of each diagnostic of the edition's body -> the body line of its block."""
    body_lines = {n: d.line - edition.body_line for n, d in enumerate(diagnostics)
                  if d.path == edition.path and d.line and d.line >= edition.body_line}
    places = mark_places(edition.body, sorted(set(body_lines.values())))
    return {n: places[line] for n, line in body_lines.items()}


def show_marks(page: str, marks: dict[int, list[int]], diagnostics: list[Diagnostic]) -> str:
    """The rendered page with each mark replaced by its problems."""

    def problem(m) -> str:
        items = "".join(
            f'<p><a href="#publisher-problem-{n}"><strong>{diagnostics[n].severity} '
            f"{diagnostics[n].code}</strong></a> (line {diagnostics[n].line}): "
            f"{html.escape(diagnostics[n].message)}"
            + (f' <span class="hint">({html.escape(diagnostics[n].hint)})</span>'
               if diagnostics[n].hint else "") + "</p>"
            for n in marks.get(int(m.group(1)), ()))
        worst = ("error" if any(diagnostics[n].is_error for n in marks.get(
            int(m.group(1)), ())) else "warning")
        ids = " ".join(str(n) for n in marks.get(int(m.group(1)), ()))
        first = marks.get(int(m.group(1)), [0])[0]
        return (f'<div class="publisher-mark {worst}" id="publisher-at-{first}" '
                f'role="note" data-problems="{ids}">{items}</div>')

    return _MARK.sub(problem, page)


def decorate(page: str, diagnostics: list[Diagnostic], root: Path, marked: bool = False,
             summary: str = "") -> str:
    """The page without its own Content Security Policy (the preview sends one), with the
    panel of problems (paths relative to `root`) and the reload script."""
    page = _CSP.sub("", page, count=1)
    panel = ""
    if diagnostics:
        # each problem marked in the text links to its mark
        places = {int(one): first for first, ids in re.findall(
            r'<div class="publisher-mark [a-z]+" id="publisher-at-(\d+)" role="note" '
            r'data-problems="([0-9 ]*)"', page) for one in ids.split()} if marked else {}
        items = "".join(
            f'<li class="{d.severity}" id="publisher-problem-{n}">'
            + (f'<a href="#publisher-at-{places[n]}">' if n in places else "")
            + html.escape(d.format(root))
            + ("</a>" if n in places else "") + "</li>"
            for n, d in enumerate(diagnostics))
        errors = sum(d.is_error for d in diagnostics)
        head = summary or (f"{count(errors, 'error')}, "
                           f"{count(len(diagnostics) - errors, 'warning')}")
        panel = (f'<aside class="publisher-problems" id="publisher-problems" role="alert">'
                 f"<strong>{html.escape(head)}</strong><ul>{items}</ul></aside>")
    extra = f"<style>{PANEL_CSS}</style><script>{RELOAD_JS}</script>"
    page = page.replace("</head>", extra + "</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + panel, page, count=1)
