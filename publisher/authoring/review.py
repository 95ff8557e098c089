"""The comments and tracked changes of a Word draft (what Word's Review tab holds): a note
for each, and their marks in pandoc's AST applied or taken out as the import's options say."""

from __future__ import annotations

from pathlib import Path

from .word import Scan, aside, quote

_CHANGE_WORDS = {"insertion": "insertion", "deletion": "deletion", "move": "move",
                 "formatting": "formatting change"}


def revision_notes(found: Scan, source: Path, comments: str, changes: str) -> list:
    """A note per comment and tracked change, an error each when the option refuses them."""
    from ..core.diagnostics import error, warning

    out = []
    for f in found.of("comment"):
        who = f" by {f.author}" if f.author else ""
        text = f"a comment{who}{aside(f.place)}"
        if comments == "refuse":
            out.append(error("PUB155", f"{text}: {quote(f.text)}", source, f.place.paragraph,
                             hint="resolve the comments in Word, or pass --comments keep "
                             "(as notes in the Markdown) or --comments drop"))
        elif comments == "keep":
            out.append(warning("PUB155", f"{text} was kept as a note in the Markdown: "
                               f"{quote(f.text)}", source, f.place.paragraph,
                               hint="resolve it, then delete the <!-- Comment … --> note"))
        else:
            out.append(warning("PUB155", f"{text} was left out: {quote(f.text)}", source,
                               f.place.paragraph,
                               hint="pass --comments keep to keep comments as notes"))
    for f in found.of("insertion", "deletion", "move", "formatting"):
        who = f" by {f.author}" if f.author else ""
        text = f"a tracked {_CHANGE_WORDS[f.kind]}{who}{aside(f.place)}"
        words = f": {quote(f.text)}" if f.text else ""
        if changes == "refuse":
            out.append(error("PUB156", text + words, source, f.place.paragraph,
                             hint="accept or reject the changes in Word, or pass --changes "
                             "keep, accept or reject"))
            continue
        if f.kind == "formatting":
            done = "is imported as the text now looks"
        elif changes == "reject":
            done = "was rejected"
        else:
            done = "was accepted" + (" and noted in the Markdown" if changes == "keep" else "")
        out.append(warning("PUB156", f"{text} {done}{words}", source, f.place.paragraph,
                           hint="check the passage" + (
                               "; delete the <!-- Tracked changes … --> note when done"
                               if changes == "keep" and f.kind != "formatting" else "")))
    return out


def _comment_text(text: str) -> str:
    """Text that an HTML comment can hold."""
    text = " ".join(text.split())
    while "--" in text:
        text = text.replace("--", "- -")
    return text.rstrip("-")


def revisions(blocks: list, comments: str, changes: str) -> None:
    """Apply the tracked changes that pandoc's reader marks (`--track-changes=all`) and take
    out the comments; with `keep`, each block is followed by an HTML comment (shown in no
    edition) that records its comments and changes."""
    from ..core.tree import stringify

    def by(attrs) -> str:
        values = dict(attrs)
        parts = [p for p in (values.get("author", ""), values.get("date", "")[:10]) if p]
        return f" ({', '.join(parts)})" if parts else ""

    def rewrite(node, notes: list):
        if isinstance(node, dict):
            if isinstance(node.get("c"), list):
                node["c"] = rewrite(node["c"], notes)
            return node
        if not isinstance(node, list):
            return node
        out = []
        items = list(node)
        for index, item in enumerate(items):
            if not (isinstance(item, dict) and item.get("t") == "Span"):
                out.append(rewrite(item, notes))
                continue
            (_, classes, attrs), content = item["c"]
            if "insertion" in classes or "deletion" in classes:
                inserted = "insertion" in classes
                shown = inserted != (changes == "reject")
                if changes == "keep":
                    verb = "inserted" if inserted else "deleted"
                    notes.append(f"{verb} “{stringify(content)}”{by(attrs)}")
                if shown:
                    out.extend(rewrite(content, notes))
            elif "comment-start" in classes:
                ident = dict(attrs).get("id")
                anchored = []
                for later in items[index + 1:]:
                    if isinstance(later, dict) and later.get("t") == "Span" and \
                            "comment-end" in later["c"][0][1] and \
                            dict(later["c"][0][2]).get("id") == ident:
                        break
                    anchored.append(later)
                if comments == "keep":
                    on = stringify(anchored).strip()
                    notes.append(f"Comment{by(attrs)}" + (f" on “{on}”" if on else "")
                                 + f": {stringify(content)}")
            elif any(c in classes for c in ("comment-end", "paragraph-insertion",
                                            "paragraph-deletion")):
                continue
            else:
                out.append(rewrite(item, notes))
        return out

    result = []
    for block in blocks:
        notes: list[str] = []
        result.append(rewrite(block, notes))
        comment_notes = [n for n in notes if n.startswith("Comment")]
        change_notes = [n for n in notes if not n.startswith("Comment")]
        lines = [_comment_text(n) for n in comment_notes]
        if change_notes:
            lines.append(_comment_text("Tracked changes, accepted: " + "; ".join(change_notes)))
        if lines:
            result.append({"t": "RawBlock", "c": ["html", "<!-- " + "\n".join(lines) + " -->"]})
    blocks[:] = result
