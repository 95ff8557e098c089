"""`[@key]` and `@key` as pandoc citations, for citeproc."""

from __future__ import annotations

import re

from .inlines import closing_bracket, flatten, inline_lists, replace_inlines, unflatten

_KEY = r"[\w][\w:.#$%&+?<>~/-]*[\w]|[\w]"
_IN_TEXT = re.compile(rf"(?<![\w@.\[])(-?)@({_KEY})")
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>{_KEY})(?P<suffix>.*)$", re.S)


def citations(ast: dict, keep=lambda key: True) -> int:
    """`[@key, p. 3; @other]` and `@key` become pandoc citations (for citeproc).

    `keep(key)` says whether `@key` is a citation (cross-references such as `@fig-x`
    are turned into links before). Returns how many citations were made.
    """
    count = 0
    for inlines in list(inline_lists(ast["blocks"])):
        if not any(el.get("t") == "Str" and "@" in el["c"] for el in inlines):
            continue
        text, others = flatten(inlines)
        out, pos, i = [], 0, 0
        changed = False
        while i < len(text):
            ch = text[i]
            if ch == "[" and "@" in text[i:i + 200]:
                end = closing_bracket(text, i)
                items = _bracketed(text[i + 1:end], others, keep) if end > 0 else None
                if items:
                    count += len(items)
                    out.extend(unflatten(text[pos:i], others))
                    out.append(_cite(items, unflatten(text[i:end + 1], others), count))
                    pos = i = end + 1
                    changed = True
                    continue
            if ch == "@" or (ch == "-" and text[i + 1:i + 2] == "@"):
                m = _IN_TEXT.match(text, i)
                if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "@.")) \
                        and keep(m.group(2)):
                    count += 1
                    out.extend(unflatten(text[pos:i], others))
                    mode = "SuppressAuthor" if m.group(1) else "AuthorInText"
                    item: tuple[str, str, list, list] = (m.group(2), mode, [], [])
                    out.append(_cite([item], unflatten(m.group(0), others), count))
                    pos = i = m.end()
                    changed = True
                    continue
            i += 1
        if changed:
            out.extend(unflatten(text[pos:], others))
            replace_inlines(inlines, out)
    return count


def _bracketed(inner: str, others: list, keep) -> list | None:
    items = []
    for part in inner.split(";"):
        m = _ITEM.match(part)
        if not m or not keep(m.group("key")):
            return None
        before = m.group("prefix")
        if (before and (before[-1].isalnum() or before[-1] in "@.")) or "@" in before:
            return None  # an address (a@b.org), not a citation
        prefix = before.strip()
        suffix = m.group("suffix")
        mode = "SuppressAuthor" if m.group("suppress") else "NormalCitation"
        suffix_inlines = unflatten(suffix.rstrip(), others)
        items.append((m.group("key"), mode, unflatten(prefix, others), suffix_inlines))
    return items


def _cite(items, shown: list, number: int) -> dict:
    return {"t": "Cite", "c": [[{
        "citationId": key, "citationPrefix": prefix, "citationSuffix": suffix,
        "citationMode": {"t": mode}, "citationNoteNum": number, "citationHash": 0,
    } for key, mode, prefix, suffix in items], shown]}
