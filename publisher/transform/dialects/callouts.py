"""Admonitions of MyST, Quarto, MkDocs and GitHub as our callouts, titles in bold."""

from __future__ import annotations

from .inlines import unflatten

#: admonition names of MyST, Quarto, MkDocs and GitHub, by the callout we show
ADMONITIONS = {
    "note": "note", "seealso": "note", "info": "note", "abstract": "note", "summary": "note",
    "tldr": "note", "todo": "note", "example": "note", "quote": "note", "cite": "note",
    "tip": "tip", "hint": "tip", "success": "tip", "check": "tip", "done": "tip",
    "important": "important", "attention": "important", "question": "important",
    "help": "important", "faq": "important",
    "warning": "warning", "caution": "warning", "danger": "warning", "error": "warning",
    "failure": "warning", "fail": "warning", "missing": "warning", "bug": "warning",
    "admonition": "note",
}


def alerts_as_callouts(ast: dict) -> None:
    """GitHub alerts (`> [!NOTE]`, read by pandoc as a div with a title) become callouts."""
    for block in _divs(ast["blocks"]):
        attr, content = block["c"]
        classes = attr[1]
        if (len(classes) == 1 and classes[0] in ("note", "tip", "important", "warning",
                                                 "caution") and content
                and content[0].get("t") == "Div" and content[0]["c"][0][1] == ["title"]):
            kind = ADMONITIONS.get(classes[0], "note")
            attr[1] = ["callout", f"callout-{kind}"]
        quarto = [c for c in classes if c.startswith("callout-")]
        if quarto and "callout" not in classes:  # Quarto: ::: {.callout-tip}
            kind = ADMONITIONS.get(quarto[0][len("callout-"):], "note")
            attr[1] = ["callout", f"callout-{kind}"] + [
                c for c in classes if c not in quarto]
            if content and content[0].get("t") == "Header":  # its title
                heading = content.pop(0)
                content.insert(0, {"t": "Div", "c": [["", ["title"], []], [
                    {"t": "Para", "c": heading["c"][2]}]]})


def callout_titles(ast: dict) -> None:
    """A callout's `title="..."` becomes its first line, in bold, as the reader should see it."""
    # each callout changes only its own first block: the order they are met in does not matter
    for block in _divs(ast["blocks"]):
        attr, content = block["c"]
        if "callout" not in attr[1]:
            continue
        title = next((v for k, v in attr[2] if k == "title"), None)
        if title is not None:
            attr[2] = [kv for kv in attr[2] if kv[0] != "title"]
            words = unflatten(title, [])
            content.insert(0, {"t": "Div", "c": [["", ["title"], []],
                                                 [{"t": "Para", "c": words}]]})
        if content and content[0].get("t") == "Div" and content[0]["c"][0][1] == ["title"]:
            for inner in content[0]["c"][1]:
                if inner.get("t") in ("Para", "Plain"):
                    inner["c"] = [{"t": "Strong", "c": inner["c"]}]


def _divs(blocks: list):
    """Every div of `blocks`, nested ones included, each before the divs it holds (which
    are read after the caller has seen it: a div it changes is walked as changed)."""
    for block in blocks:
        if block.get("t") == "Div":
            yield block
            yield from _divs(block["c"][1])
