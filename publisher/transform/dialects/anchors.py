"""Other tools' anchors and cross-references pointed at our ids."""

from __future__ import annotations

import re

from .inlines import inline_lists, replace_inlines


def github_slug(text: str) -> str:
    """The anchor GitHub (and pandoc's gfm_auto_identifiers) makes of a heading's text."""
    text = text.strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def kramdown_slug(text: str) -> str:
    """The anchor kramdown (Jekyll) makes: ASCII letters, digits, spaces and hyphens kept,
    spaces as hyphens, without leading non-letters."""
    slug = re.sub(r"[^a-zA-Z0-9 -]", "", text.strip()).lower().replace(" ", "-")
    slug = re.sub(r"^[^a-z]+", "", slug)
    return slug or "section"


def _targets(ast: dict) -> tuple[dict[str, str], dict[str, list], dict[str, int]]:
    """Every id with the words a link to it should show, and the number of each figure
    and table (in document order)."""
    from ...core.tree import stringify, walk

    aliases: dict[str, str] = {}
    texts: dict[str, list] = {}
    numbers: dict[str, int] = {}
    counters = {"Figure": 0, "Table": 0}

    def visit(el):
        t = el["t"]
        c = el.get("c")
        if t in counters:
            counters[t] += 1
            ident = c[0][0]
            if not ident and t == "Figure":  # pandoc keeps an image's id on the image
                content = c[2]
                image = (content[0]["c"][0] if content and content[0].get("t") == "Plain"
                         and content[0]["c"] and content[0]["c"][0].get("t") == "Image"
                         else None)
                ident = image["c"][0][0] if image else ""
            if ident:
                numbers[ident] = counters[t]
                aliases.setdefault(ident, ident)
        elif t == "Header":
            ident, words = c[1][0], c[2]
            if ident:
                texts[ident] = words
                aliases.setdefault(ident, ident)
                shown = stringify(words)
                for alias in (github_slug(shown), kramdown_slug(shown), ident.lower()):
                    aliases.setdefault(alias, ident)
        elif t in ("Div", "Span", "CodeBlock", "Image", "Link") and c[0][0]:
            aliases.setdefault(c[0][0], c[0][0])

    walk(ast["blocks"], visit)
    return aliases, texts, numbers


_XREF = re.compile(r"^(fig|tbl|sec|eq|lst|thm|lem|cor|prp|exm|exr|def|nte|tip|wrn|imp|cau)-")


def resolve_links(ast: dict, labels: dict[str, str]) -> None:
    """Links in other tools' anchor styles are pointed at our ids; MyST's `[](#x)` and
    Quarto's `@fig-x`, `@tbl-x`, `@sec-x` become links that show the target's title or
    number. `labels` gives the words for "Figure" and "Table" in the edition's language."""
    from urllib.parse import unquote

    aliases, texts, numbers = _targets(ast)

    def target(fragment: str) -> str | None:
        for candidate in (fragment, unquote(fragment), unquote(fragment).lower()):
            if candidate in aliases:
                return aliases[candidate]
        return None

    def shown(ident: str) -> list:
        if ident in texts:
            return list(texts[ident])
        if ident in numbers:
            word = labels["figure"] if ident.startswith("fig") else labels["table"]
            return [{"t": "Str", "c": word}, {"t": "Space"},
                    {"t": "Str", "c": str(numbers[ident])}]
        return [{"t": "Str", "c": ident}]

    from ...core.tree import walk

    def visit(el):
        if el["t"] != "Link":
            return
        url = el["c"][2][0]
        if not url.startswith("#") or len(url) < 2:
            return
        found = target(url[1:])
        if found is not None:
            el["c"][2][0] = "#" + found
            if not el["c"][1]:
                el["c"][1] = shown(found)

    walk(ast["blocks"], visit)

    # Quarto cross-references: @fig-x where fig-x is an id of this document
    for inlines in list(inline_lists(ast["blocks"])):
        if not any(el.get("t") == "Str" and "@" in el["c"] for el in inlines):
            continue
        out, changed = [], False
        for el in inlines:
            if el.get("t") == "Str" and "@" in el["c"]:
                parts = re.split(r"(?<![\w@])@([A-Za-z][\w:-]*[\w])", el["c"])
                if len(parts) > 1:
                    for index, part in enumerate(parts):
                        if index % 2 == 0:
                            if part:
                                out.append({"t": "Str", "c": part})
                        elif _XREF.match(part) and part in aliases:
                            out.append({"t": "Link", "c": [["", ["cross-reference"], []],
                                                           shown(aliases[part]),
                                                           ["#" + aliases[part], ""]]})
                            changed = True
                        else:
                            out.append({"t": "Str", "c": "@" + part})
                    continue
            out.append(el)
        if changed:
            replace_inlines(inlines, out)


def is_cross_reference(key: str) -> bool:
    return bool(_XREF.match(key))
