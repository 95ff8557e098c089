"""Lists of inlines read as flat text, and `^[...]` inline notes."""

from __future__ import annotations

_PUA = 0xF0000  # inline elements stand in the flattened text as private-use characters


def flatten(inlines: list) -> tuple[str, list]:
    """The inline list as text: Str as is, Space as " ", SoftBreak as "\\n", others as one
    private-use character each (their index in the returned list)."""
    parts: list[str] = []
    others: list[dict] = []
    for el in inlines:
        t = el.get("t")
        if t == "Str":
            parts.append(el["c"])
        elif t == "Space":
            parts.append(" ")
        elif t == "SoftBreak":
            parts.append("\n")
        else:
            parts.append(chr(_PUA + len(others)))
            others.append(el)
    return "".join(parts), others


def unflatten(text: str, others: list) -> list:
    out: list = []
    word: list[str] = []

    def flush():
        if word:
            out.append({"t": "Str", "c": "".join(word)})
            word.clear()

    for ch in text:
        code = ord(ch)
        if ch == " ":
            flush()
            out.append({"t": "Space"})
        elif ch == "\n":
            flush()
            out.append({"t": "SoftBreak"})
        elif code >= _PUA and code - _PUA < len(others):
            flush()
            out.append(others[code - _PUA])
        else:
            word.append(ch)
    flush()
    return out


_INLINE_HOLDERS = {"Para": None, "Plain": None, "Emph": None, "Strong": None,
                   "Underline": None, "Strikeout": None, "Superscript": None,
                   "Subscript": None, "SmallCaps": None, "Header": 2, "Span": 1, "Link": 1,
                   "Quoted": 1}


def inline_lists(node):
    """Yield every list of inlines in the AST (paragraphs, emphasis, spans, links...)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            t = current.get("t")
            if t in _INLINE_HOLDERS:
                where = _INLINE_HOLDERS[t]
                content = current["c"] if where is None else current["c"][where]
                yield content
            if "t" in current:
                c = current.get("c")
                if isinstance(c, (list, dict)):
                    stack.append(c)
            else:
                stack.extend(current.values())


def replace_inlines(inlines: list, new: list) -> None:
    inlines[:] = new


def closing_bracket(text: str, start: int) -> int:
    """Index of the `]` closing the `[` at `start`, or -1."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def inline_notes(ast: dict) -> int:
    """`^[text]` becomes a footnote, as pandoc's own Markdown reads it. Returns how many."""
    count = 0
    for inlines in list(inline_lists(ast["blocks"])):
        if not any(el.get("t") == "Str" and "^[" in el["c"] for el in inlines):
            continue
        text, others = flatten(inlines)
        out, pos = [], 0
        while True:
            start = text.find("^[", pos)
            if start < 0:
                break
            end = closing_bracket(text, start + 1)
            if end < 0:
                break
            out.extend(unflatten(text[pos:start], others))
            body = unflatten(text[start + 2:end], others)
            out.append({"t": "Note", "c": [{"t": "Para", "c": body}]})
            count += 1
            pos = end + 1
        if pos:
            out.extend(unflatten(text[pos:], others))
            replace_inlines(inlines, out)
    return count
