"""Checks on an edition's body: structure, references, footnotes, raw HTML.

Semantics come from pandoc's AST; positions come from a light scan of the
Markdown source (pandoc's markdown reader reports none), so every diagnostic
points at the line and column an author can find.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from . import rawhtml
from . import rawtypst
from ..core.diagnostics import Diagnostic, error, warning
from .links import link_position, link_problem
from ..core.model import Edition
from ..core.tree import stringify, walk
from .source import (Source, SourceHeading, blank_comments, finding_position, locate_text,
                     raw_position, scan, source_sections)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_STRAY_CLOSE = re.compile(r"^\s*(</\s*[A-Za-z][A-Za-z0-9-]*\s*>\s*)+$")


def _ids(ast: dict) -> list[str]:
    found: list[str] = []

    def visit(el):
        c = el.get("c")
        if el["t"] == "Header":
            found.append(c[1][0])
        elif el["t"] in ("Div", "Span", "Figure", "Table", "CodeBlock") and c[0][0]:
            found.append(c[0][0])
        elif el["t"] in ("Image", "Link") and c[0][0]:
            found.append(c[0][0])

    walk(ast["blocks"], visit)
    return [i for i in found if i]


_TODO = re.compile(r"\bTODO\b")


def placeholders(path, text: str, yaml: bool = False) -> list[Diagnostic]:
    """A warning for every TODO left from a scaffold (outside comments)."""
    found = []
    in_comment = False
    for number, line in enumerate(text.split("\n"), start=1):
        if yaml:
            visible = re.sub(r"\s#.*$", "", line) if not line.lstrip().startswith("#") else ""
        else:
            visible, in_comment = blank_comments(line, in_comment)
        m = _TODO.search(visible)
        if m:
            found.append(warning("PUB120", "placeholder still to replace", path, number,
                                 m.start() + 1, "write the real text instead of TODO"))
    return found


def _close_ids(wanted: str, ids: list[str]) -> str:
    """The hint of a link to a missing id: the closest ids, in a stable order (by likeness,
    else the ids of the same beginning in document order)."""
    known = list(dict.fromkeys(ids))
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"`#{i}`" for i in close) + "?"
    same_start = [i for i in known if i.startswith(wanted[:2])][:3]
    if same_start:
        return "ids that exist: " + ", ".join(same_start)
    return "give the target a {#id} or fix the link"


#: ids offered when neither the source edition nor the heading gives one
_EXAMPLE_IDS = ("context", "overview", "approach", "results", "lessons", "next-steps")


def _ascii_id(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _unplain_id(edition: Edition, src: Source, h: SourceHeading) -> Diagnostic:
    """PUB214 with an id to use that this edition does not use yet: the id of the source's
    section at the same place, else one made of the heading's Latin letters, else an
    example."""
    taken = {x.id for x in src.headings if x.id}
    sections = [x for x in src.headings if x.level in (2, 3)]
    place = sections.index(h)
    theirs = source_sections(edition)
    suggestion, why = "", ""
    if place < len(theirs):
        level, ident = theirs[place]
        if ident and level == h.level and _ID.match(ident) and ident not in taken:
            suggestion = ident
            why = " (the id of the source's section at this place)"
    if not suggestion:
        own = _ascii_id(h.text)
        suggestion = own if own and own not in taken and _ID.match(own) else next(
            (i for i in _EXAMPLE_IDS if i not in taken), "section")
    heading = f"{'#' * h.level} {h.text} {{#{suggestion}}}"
    message = (f"section `{h.text}` has no explicit id" if h.id is None else
               f"section id `{h.id}` is not a plain lowercase ASCII id")
    return warning("PUB214", message, edition.path, h.line, h.column,
                   f"write `{heading}`{why}: letters a-z, digits and hyphens, the same id in "
                   "every language")
#: problems that do not stop `publisher render` of a file written for another tool (the
#: image is replaced by its alt text, the link or heading shows as written): warnings there
LENIENT_CODES = ("PUB140", "PUB141", "PUB142", "PUB201", "PUB202", "PUB211", "PUB215",
                 "PUB216")


def soften(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The errors of `LENIENT_CODES` as warnings (PUB201 and PUB202 only for images)."""
    from dataclasses import replace

    from ..core.diagnostics import Severity

    out = []
    for d in diagnostics:
        image = d.message.startswith("image ") or " of <img> " in d.message
        if d.is_error and d.code in LENIENT_CODES and (image or d.code not in (
                "PUB201", "PUB202")):
            d = replace(d, severity=Severity.WARNING,
                        hint=(d.hint + "; " if d.hint else "") + (
                            "it is shown as its alternative text" if image else
                            "it is rendered as written"))
        out.append(d)
    return out


def _has_raw_html(inlines: list) -> bool:
    return sum(1 for el in inlines if el.get("t") == "RawInline"
               and el["c"][0].lower() in ("html", "html5", "html4")) >= 2


def _raw_run(inlines: list) -> str:
    """The source text from the first raw HTML inline to the last, when text that looks
    like a tag lies between them (else "": each raw piece is judged on its own)."""
    raw = [i for i, el in enumerate(inlines) if el.get("t") == "RawInline"]
    first, last = raw[0], raw[-1]
    middle = inlines[first:last + 1]
    if not any(el.get("t") == "Str" and "<" in el["c"] for el in middle):
        return ""
    parts = []
    for el in middle:
        t = el.get("t")
        if t == "RawInline":
            parts.append(el["c"][1])
        elif t in ("Space", "SoftBreak"):
            parts.append(" ")
        elif t == "Quoted":
            mark = "'" if el["c"][0]["t"] == "SingleQuote" else '"'
            parts.append(mark + stringify(el["c"][1]) + mark)
        else:
            parts.append(stringify(el))
    return "".join(parts)


def _visible_text(ast: dict) -> str:
    """The text pandoc did not read as code, one string per word."""
    words: list[str] = []
    walk(ast["blocks"], lambda el: words.append(el["c"]) if el["t"] == "Str" else None)
    return "\n".join(words)


def check_body(edition: Edition, ast: dict, required_sections=(), has_translations=False,
               ) -> list[Diagnostic]:
    src = scan(edition)
    path = edition.path
    found: list[Diagnostic] = []

    # headings: no level-1 heading, no skipped level, explicit language-independent ids
    previous = 1
    for h in src.headings:
        if h.level == 1:
            found.append(warning("PUB212", f"level-1 heading `{h.text}` in the body", path,
                                 h.line, h.column, "the title comes from the front matter; "
                                 "start sections at `##`"))
        elif h.level > previous + 1:
            found.append(error("PUB211", f"heading level jumps from {previous} to {h.level}",
                               path, h.line, h.column,
                               f"use {'#' * (previous + 1)} here, or add the missing level"))
        previous = max(h.level, 2) if h.level == 1 else h.level
        if h.level in (2, 3) and has_translations and (h.id is None or not _ID.match(h.id)):
            found.append(_unplain_id(edition, src, h))

    # empty sections: a heading followed by a heading of the same or a higher level
    for a, b in zip(src.headings, src.headings[1:], strict=False):
        between = src.lines[a.line - src.first_line + 1: b.line - src.first_line]
        if b.level <= a.level and not any(t.strip() for t in between):
            found.append(warning("PUB219", f"section `{a.text}` is empty", path, a.line,
                                 a.column, "write its text or remove the heading"))

    # ids: unique; internal links must resolve
    ids = _ids(ast)
    # pandoc renames a heading's own id (`context-1`) when a `{#context}` takes it: the
    # author meant one id for two sections, as before
    from ..transform.dialects.anchors import github_slug

    explicit = {h.id for h in src.headings if h.id}
    ids += [github_slug(h.text) for h in src.headings
            if h.id is None and github_slug(h.text) in explicit]
    seen: set[str] = set()
    uses: dict[str, int] = {}
    for ident in ids:
        uses[ident] = uses.get(ident, 0) + 1
        if ident in seen:
            # the n-th element with this id is the n-th `{#id}` in the source (or the last one:
            # the first may be an id pandoc made from a heading's text)
            written = src.find_all(re.compile(r"(?<=[{\s])#" + re.escape(ident) + r"(?=[\s}])"))
            line, column = (written[min(uses[ident], len(written)) - 1] if written
                            else src.find("#" + ident))
            found.append(error("PUB213", f"id `{ident}` is used more than once", path, line,
                               column, "ids must be unique within an edition"))
        seen.add(ident)

    def report(finding, line, column):
        diagnostic = error(finding.code, finding.message, path, line, column, finding.hint)
        if diagnostic not in found:
            found.append(diagnostic)

    links_seen: dict[str, int] = {}

    def visit(el):
        t = el["t"]
        attr = (el["c"][0] if t in ("Span", "Div", "Link", "Image", "Figure", "Table", "Code",
                                    "CodeBlock") else el["c"][1] if t == "Header" else None)
        if attr and attr[2]:
            # pandoc keeps these attributes on its own elements: the raw-HTML judge decides
            tag = {"Link": "a", "Image": "img", "Span": "span"}.get(t, "div")
            for finding in rawhtml.judge_attributes(tag, attr[2], edition.case.path):
                key = next((k for k, _ in attr[2] if k.lower() in finding.message.lower()),
                           attr[2][0][0])
                line, column = src.find(key + "=")
                report(finding, line, column)
        if t == "Link":
            attr, _, (url, _) = el["c"]
            # a citation of an unknown key links to #ref-KEY: PUB406 already reports it
            if (url.startswith("#") and url[1:] and url[1:] not in seen
                    and not url.startswith("#ref-")):
                line, column = src.find(f"({url}")
                found.append(error("PUB215", f"link to `{url}`, which is not an id in this "
                                   "edition", path, line, column, _close_ids(url[1:], ids)))
            problem = link_problem(url)
            if problem is not None:
                nth = links_seen.get(url, 0)
                links_seen[url] = nth + 1
                line, column = (link_position(src.lines, src.first_line, url, nth)
                                or (edition.body_line, 1))
                found.append(error(problem.code, problem.message, path, line, column,
                                   problem.hint))
            if rawhtml.script_url(url):
                line, column = locate_text(edition, src, url, url[-12:])
                found.append(error("PUB220", "a javascript: URL is not allowed", path, line,
                                   column, "editions may not embed files or run scripts"))
        elif t == "Image":
            alt = stringify(el["c"][1]).strip()
            if not alt:
                line, column = src.find(el["c"][2][0])
                found.append(warning("PUB203", "image without alternative text", path, line,
                                     max(1, column - 4), "describe the image between the "
                                     "brackets: ![What the figure shows](media/file.svg)"))
        elif t in ("RawBlock", "RawInline"):
            fmt, raw = el["c"][0].lower(), el["c"][1]
            line, column = raw_position(edition, src, raw, el["c"][0])
            if fmt in rawhtml.REFUSED_FORMATS:
                found.append(error("PUB233", f"a raw `{{={el['c'][0]}}}` block is not allowed: "
                                   f"it holds {rawhtml.REFUSED_FORMATS[fmt]} that no check can "
                                   "judge", path, line, column, "write it in Markdown; the "
                                   "renderers make the Word and PDF markup"))
                return
            if _STRAY_CLOSE.match(raw) and t == "RawBlock":
                found.append(warning("PUB237", f"raw HTML `{raw.strip()[:40]}` closes elements "
                                     "it never opened", path, line, column, "remove the "
                                     "closing tags; on the site they are dropped"))
            # any other format is judged as HTML: several of them reach the HTML writer
            for finding in rawhtml.judge(raw, edition.case.path):
                report(finding, *finding_position(src, finding.message, line, column))
        if t in ("Para", "Plain") and _has_raw_html(el["c"]):
            # CommonMark leaves a tag it cannot read as text between raw tags; a browser
            # may still read the run as one piece of HTML (mutation XSS): judge it whole
            run = _raw_run(el["c"])
            if run:
                line, column = raw_position(edition, src, run, "html")
                for finding in rawhtml.judge(run, edition.case.path):
                    report(finding, *finding_position(src, finding.message, line, column))

    walk(ast["blocks"], visit)
    found += rawtypst.check(edition, ast)

    # footnotes: every reference defined, every definition used
    defined = {name for name, _, _ in src.note_defs}
    used = {name for name, _, _ in src.note_refs}
    shown = _visible_text(ast)
    for name, line, column in src.note_refs:
        if name not in defined and f"[^{name}]" in shown:  # else pandoc read it as code
            found.append(error("PUB216", f"footnote `[^{name}]` has no definition", path, line,
                               column, f"add a line `[^{name}]: text of the note`"))
    for name, line, column in src.note_defs:
        if name not in used:
            found.append(warning("PUB217", f"footnote `[^{name}]` is defined but never used",
                                 path, line, column, f"cite it with [^{name}] or remove it"))

    # what other tools would have expanded and we show as written: one warning per kind
    from ..transform.dialects.literal import literal_constructs

    for code, name, example, line, column, count, shows, hint in literal_constructs(
            src.lines, src.first_line):
        times = f" ({count} times)" if count > 1 else ""
        found.append(warning(code, f"{name} `{example}`{times} {shows}", path, line, column,
                             hint))

    # required sections of the document type
    for section in required_sections:
        if section not in seen:
            found.append(error("PUB218", f"required section `{section}` is missing", path,
                               edition.body_line, 1, f"a {edition.case.type} needs a section "
                               f"with the id `{section}`, e.g. `## Title {{#{section}}}`"))
    return found
