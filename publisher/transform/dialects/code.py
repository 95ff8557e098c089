"""A code block's file name shown above it, as the tools it was written for show it."""

from __future__ import annotations

import re

from .inlines import unflatten


def code_titles(ast: dict) -> None:
    """A code block's file name (```` ```jsx src/App.js ````, `title="app.py"`) is shown
    above it, as the tools it was written for show it."""

    def name_of(block) -> str | None:
        pairs = dict(block["c"][0][2])
        for key in ("title", "filename", "file"):
            if pairs.get(key):
                return pairs[key]
        info = pairs.get("info", "")
        words = [w for w in info.split() if re.search(r"[./]\w", w)]
        return words[0] if words else None

    def visit(blocks: list) -> None:
        i = 0
        while i < len(blocks):
            block = blocks[i]
            t = block.get("t")
            if t == "CodeBlock":
                name = name_of(block)
                if name and dict(block["c"][0][2]).get("directive") and " " in name:
                    blocks.insert(i, {"t": "Plain", "c": [{"t": "Strong", "c": unflatten(
                        name, [])}]})
                    i += 1
                elif name:
                    blocks.insert(i, {"t": "Plain", "c": [
                        {"t": "Code", "c": [["", ["code-title"], []], name]}]})
                    i += 1
            elif t == "Div":
                visit(block["c"][1])
            elif t in ("BlockQuote",):
                visit(block["c"])
            elif t in ("BulletList", "OrderedList"):
                items = block["c"] if t == "BulletList" else block["c"][1]
                for item in items:
                    visit(item)
            i += 1

    visit(ast["blocks"])
