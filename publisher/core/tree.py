"""pandoc's JSON AST: walking it, its text, and where a text stands in the edition's source.

A leaf of the core: it imports nothing of publisher but the model, so that every pass,
check and renderer can use it without importing the transform stage.
"""

from __future__ import annotations

from .model import Edition


def walk(node, visit):
    """Call ``visit`` on every element (dict with a "t" key), in document order."""
    stack = [node]
    pop, push = stack.pop, stack.extend
    while stack:  # strings and numbers are pushed too, and dropped when popped: cheaper
        current = pop()
        kind = type(current)
        if kind is dict:
            if "t" in current:
                visit(current)
                content = current.get("c")
                if content is not None and type(content) is not str:
                    stack.append(content)
            else:
                push(reversed(list(current.values())))
        elif kind is list:
            push(reversed(current))


def stringify(node) -> str:
    parts: list[str] = []

    def visit(el):
        t = el["t"]
        if t == "Str":
            parts.append(el["c"])
        elif t in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif t in ("Code", "Math"):
            parts.append(el["c"][1])

    walk(node, visit)
    return "".join(parts)


def find_in_lines(text: str, needle: str, first_line: int = 1) -> tuple[int, int]:
    """(line, column) of the first line of `text` that holds `needle`, counted from
    `first_line`; (first_line, 1) when none does (a needle of several lines never does)."""
    index = text.find(needle) if "\n" not in needle else -1
    if index < 0:
        return first_line, 1
    start = text.rfind("\n", 0, index) + 1
    return first_line + text.count("\n", 0, start), index - start + 1


def position(edition: Edition, needle: str) -> tuple[int, int]:
    """Where `needle` first appears in the edition's Markdown body."""
    return find_in_lines(edition.body, needle, edition.body_line)
