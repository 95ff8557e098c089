"""Section ids for the headings of an imported Word draft: by the scaffolds' localized names,
by position against the source edition or the document type, else from a heading's words."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from . import word
from ..core.diagnostics import Diagnostic, warning
from ..core.identifiers import slug_ok
from ..core.tree import stringify


def _ascii_id(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _heading_key(text: str) -> str:
    """A heading's words for comparison: no numbering ("2.", "II."), no punctuation, folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"^\s*(?:\d+(?:\.\d+)*|[ivxlc]+)[.)]?\s+", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _names(expected: list[str], lang: str) -> dict[str, str]:
    """The scaffolds' localized title of each expected section id, the draft's language
    first, then the other languages; a title two sections share in a language is skipped."""
    from ..i18n.strings import available_languages

    out: dict[str, str] = {}
    for language in [lang] + [x for x in available_languages() if x != lang]:
        seen: dict[str, str] = {}
        for section in expected:
            key = _heading_key(section_title_in(section, language))
            if key:
                seen[key] = "" if key in seen else section
        for key, section in seen.items():
            if section and key not in out:
                out[key] = section
    return out


def section_title_in(section: str, lang: str) -> str:
    from ..i18n.strings import section_title as localized

    return localized(section, lang)


def _align(headings: list[dict], candidates: list[str], eligible) -> None:
    """Give unnamed headings the candidate ids at the same position between two headings
    whose ids are known, where both runs have the same length."""
    index = {c: j for j, c in enumerate(candidates)}
    anchors = [(-1, -1)] + [(i, index[h["id"]]) for i, h in enumerate(headings)
                            if h["id"] in index] + [(len(headings), len(candidates))]
    used = {h["id"] for h in headings}
    for (i1, j1), (i2, j2) in zip(anchors, anchors[1:]):
        if j2 <= j1:
            continue
        gap = [h for h in headings[i1 + 1:i2] if not h["id"]]
        free = [c for c in candidates[j1 + 1:j2] if c not in used]
        if len(gap) == len(headings[i1 + 1:i2]) and len(gap) == len(free):
            for h, c in zip(gap, free):
                if eligible(h):
                    h["id"], h["how"] = c, "position"
                    used.add(c)


def section_ids(ast: dict, lang: str, source: Path, found: word.Scan, expected: list[str],
                source_sections: list[tuple[int, str]]) -> list[Diagnostic]:
    """Headings at our levels (the body starts at level 2, the title being separate) with
    the document type's section ids: by the scaffolds' localized names, by position against
    the source edition or the type's sections, else from the words of a Latin heading."""
    meta = ast.setdefault("meta", {})
    blocks = ast["blocks"]
    headers = [b for b in blocks if b["t"] == "Header"]
    if not found.title_paragraph and headers and blocks[0] is headers[0] \
            and headers[0]["c"][0] == 1 and sum(h["c"][0] == 1 for h in headers) == 1 \
            and ("title" not in meta or _heading_key(stringify(meta["title"]))
                 == _heading_key(stringify(headers[0]["c"][2]))):
        # no separate title: the one heading 1 that opens the document is the title
        meta["title"] = {"t": "MetaInlines", "c": headers[0]["c"][2]}
        del blocks[0]
        headers = headers[1:]
    top = min((h["c"][0] for h in headers), default=2)
    if top < 2:
        for h in headers:
            h["c"][0] = min(h["c"][0] + 2 - top, 6)
    # the Word place of each heading: the scan's headings in order, matched by their words
    places: list[word.Place] = []
    pending = list(found.headings)
    for h in headers:
        key = _heading_key(stringify(h["c"][2]))
        match = next((i for i, s in enumerate(pending) if _heading_key(s.text) == key), None)
        if match is None:
            places.append(word.Place())
        else:
            places.append(pending[match].place)
            del pending[:match + 1]
    names = _names(expected, lang)
    items = []
    for h, place in zip(headers, places):
        level, attr, inlines = h["c"]
        text = stringify(inlines)
        own = attr[0] if attr[0] and slug_ok(attr[0]) and attr[0] != _auto_id(text) else ""
        items.append({"header": h, "level": level, "text": text, "place": place,
                      "id": own, "how": "bookmark" if own else "",
                      "ascii": _ascii_id(text)})
    source_top = [i for lvl, i in source_sections if lvl == 2]
    top_items = [x for x in items if x["level"] == 2]
    for x in top_items:
        if not x["id"] and _heading_key(x["text"]) in names:
            x["id"], x["how"] = names[_heading_key(x["text"])], "name"
    if source_top:
        _align(top_items, source_top, lambda h: True)
    else:
        _align(top_items, expected, lambda h: not h["ascii"])
    # subsections: by position under the same section of the source edition
    parent = ""
    groups: dict[str, list[dict]] = {}
    for x in items:
        if x["level"] == 2:
            parent = x["id"] or x["ascii"]
        elif x["level"] == 3:
            x["parent"] = parent
            groups.setdefault(parent, []).append(x)
    source_groups: dict[str, list[str]] = {}
    parent = ""
    for lvl, ident in source_sections:
        if lvl == 2:
            parent = ident
        elif lvl == 3:
            source_groups.setdefault(parent, []).append(ident)
    for key, group in groups.items():
        if source_groups.get(key):
            _align(group, source_groups[key], lambda h: True)
    notes: list[Diagnostic] = []
    used: set[str] = set()
    counters: dict[str, int] = {}
    for x in items:
        ident = x["id"] if x["id"] not in used else ""
        if not ident and x["ascii"] and x["ascii"] not in used and slug_ok(x["ascii"]):
            ident, x["how"] = x["ascii"], "words"
        if not ident:
            stem = x.get("parent") or "section"
            counters[stem] = counters.get(stem, 0) + 1
            ident = f"{stem}-{counters[stem]}"
            while ident in used:
                counters[stem] += 1
                ident = f"{stem}-{counters[stem]}"
            x["how"] = "made"
        used.add(ident)
        attr = x["header"]["c"][1]
        attr[0], attr[1], attr[2] = ident, [], []
        where = x["place"].describe(of_heading=True)
        at = f" ({where})" if where else ""
        if x["how"] == "position":
            notes.append(warning(
                "PUB150", f"the heading “{x['text']}”{at} was given the section id `{ident}` "
                "by its position", source, x["place"].paragraph,
                hint=f"check that it is the `{ident}` section, and change the id in the "
                "Markdown if it is not"))
        elif x["how"] == "made":
            choices = [s for s in (source_top if x["level"] == 2 else []) or
                       (expected if x["level"] == 2 else []) if s not in used]
            notes.append(warning(
                "PUB151", f"the heading “{x['text']}”{at} matches no section of the document "
                f"type and was given the id `{ident}`", source, x["place"].paragraph,
                hint="give it a language-independent id" + (
                    ": " + ", ".join(choices) if choices else " in Latin letters")))
    return notes


def _auto_id(text: str) -> str:
    """The identifier pandoc's reader makes of a heading's words (ours replace it)."""
    text = re.sub(r"[^\w\s-]", "", text.casefold())
    return re.sub(r"\s+", "-", text.strip()).lstrip("0123456789-.")
