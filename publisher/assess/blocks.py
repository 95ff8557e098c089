"""The data blocks of a document, resolved in the transform stage.

    ::: {.chart survey=seminar-feedback question=usefulness by=member}
    :::
    ::: {.table survey=needs-2019 question=topics}
    :::
    ::: {.indicators plan=alliance-ii}
    :::

A `.chart` becomes a numbered figure (the question's label as caption, unless the
block holds a caption of its own), its image the chart's SVG, with alt text written
from the data, a note (source, respondents, suppression, illustrative data) and the
data table; a `.table` becomes a numbered table of the same numbers; `.indicators`
the action plan's indicator table. A free-text question is quoted only with
`quotes=true`, and never when it is personal. Every problem is a diagnostic placed
on the attribute's value in the Markdown, and the block is left out.

The AST is the same for every format; `for_format` then keeps the data table for
HTML only and gives DOCX the PNG copy of each chart.
"""

from __future__ import annotations

import base64
import difflib
import json
import re
from pathlib import Path

from ..core.diagnostics import Diagnostic, error, warning
from .counting import stored_aggregate
from .shown import shown_as

CLASSES = ("chart", "table", "indicators")
ATTRIBUTES = {
    "chart": ("survey", "question", "by", "quotes", "limit", "minimum"),
    "table": ("survey", "question", "by", "quotes", "limit", "minimum"),
    "indicators": ("plan", "result"),
}
_OPENING = re.compile(r"^\s*:{3,}\s*\{(?P<attrs>[^}]*)\}")
_CLASS = re.compile(r"(?<![\w-])\.(chart|table|indicators)(?![\w-])")


def _attr(el) -> tuple[str, list[str], dict[str, str]]:
    ident, classes, pairs = el["c"][0]
    return ident, classes, {k: v for k, v in pairs}


def data_class(el) -> str | None:
    if el.get("t") != "Div":
        return None
    classes = el["c"][0][1]
    return next((c for c in classes if c in CLASSES), None)


def counted_as(el) -> str:
    """The element type a data block stands for in translation parity counts."""
    t = el["t"]
    if t == "Div":
        kind = data_class(el)
        if kind == "chart" or "quotes" in el["c"][0][1]:
            return "Figure"
        if kind in ("table", "indicators"):
            return "Table"
    elif t == "Table" and "chart-data" in el["c"][0][1]:
        return "ChartData"
    return t


def has_blocks(ast: dict) -> bool:
    return any(data_class(b) for b in _blocks(ast["blocks"]))


def _blocks(blocks):
    """Every block, nested ones included, in document order."""
    for block in blocks:
        yield block
        t, c = block.get("t"), block.get("c")
        if t in ("Div",):
            yield from _blocks(c[1])
        elif t == "BlockQuote":
            yield from _blocks(c)
        elif t in ("BulletList",):
            for item in c:
                yield from _blocks(item)
        elif t == "OrderedList":
            for item in c[1]:
                yield from _blocks(item)


def mentions_blocks(text: str) -> bool:
    """A quick look at the Markdown: could it hold a data block? (For fingerprints.)"""
    return any(_OPENING.match(line) and _CLASS.search(line) for line in text.split("\n"))


class Places:
    """Where each data block's opening line is in the edition file, in document order."""

    def __init__(self, edition):
        self.path = edition.path
        self.lines = []
        for offset, line in enumerate(edition.body.split("\n")):
            m = _OPENING.match(line)
            if m and _CLASS.search(m.group("attrs")):
                self.lines.append((edition.body_line + offset, line))
        self.index = -1

    def next(self):
        self.index += 1

    def at(self, key: str | None = None, on_key: bool = False) -> tuple[int, int]:
        """The line and column of `key`'s value (or of the key itself) in the opening."""
        if not 0 <= self.index < len(self.lines):
            return 0, 0
        number, line = self.lines[self.index]
        if key:
            m = re.search(rf"(?<![\w-]){re.escape(key)}\s*=\s*\"?", line)
            if m:
                return number, (m.start() if on_key else m.end()) + 1
        return number, (line.find("{") + 1) or 1

    def error(self, code, message, key=None, hint=""):
        return error(code, message, self.path, *self.at(key), hint)

    def warning(self, code, message, key=None, hint="", on_key=False):
        return warning(code, message, self.path, *self.at(key, on_key), hint)


def _suggest(value: str, known) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    known = list(known)
    return ("known: " + ", ".join(f"`{k}`" for k in known[:12])) if known else ""


def _unique(ident: str, used: set) -> str:
    base, n = ident, 2
    while ident in used:
        ident = f"{base}-{n}"
        n += 1
    used.add(ident)
    return ident


# --- the pass -------------------------------------------------------------------

def apply(ast: dict, edition, project=None) -> list[Diagnostic]:
    """Replace every data block of the AST (in place); the diagnostics of those that fail."""
    if not has_blocks(ast):
        return []
    from .sources import data_for

    if project is None:
        project = _project_of(edition)
    places = Places(edition)
    data = data_for(project) if project is not None else None
    found: list[Diagnostic] = []
    used: set[str] = set()

    def resolve(blocks: list) -> list:
        out = []
        for block in blocks:
            kind = data_class(block)
            if kind is None:
                if block["t"] == "Div":
                    block["c"][1] = resolve(block["c"][1])
                out.append(block)
                continue
            places.next()
            made, problems = _resolve(kind, block, edition, data, places, used)
            found.extend(problems)
            out.extend(made)
        return out

    ast["blocks"] = resolve(ast["blocks"])
    return found


def _project_of(edition):
    from ..core.diagnostics import PublisherError
    from ..load.project import find_root, load_project

    root = find_root(edition.case.path)
    if root is None:
        return None
    try:
        return load_project(root)
    except PublisherError:
        return None


def _resolve(kind, block, edition, data, places, used, want_aggregate=False,
             ) -> tuple[list, list[Diagnostic]]:
    """The blocks a data block becomes, and its problems; with `want_aggregate`, the pair
    (block id, aggregate) instead of the blocks (for the published aggregates)."""
    from .aggregate import DEFAULT_MINIMUM, GROUPINGS, question_of

    ident, classes, attrs = _attr(block)
    found: list[Diagnostic] = []
    for key in attrs:
        if key not in ATTRIBUTES[kind]:
            found.append(places.warning("PUB987", f"`.{kind}` has no attribute `{key}`", key,
                                        _suggest(key, ATTRIBUTES[kind]), on_key=True))
    if kind == "indicators":
        from .indicators import indicator_blocks

        made, problems = indicator_blocks(attrs, block, edition, data, places)
        return made, found + problems
    survey_slug, name = attrs.get("survey", ""), attrs.get("question", "")
    if not survey_slug or not name:
        missing = "survey" if not survey_slug else "question"
        return [], found + [places.error(
            "PUB983", f"`.{kind}` needs a `{missing}=` attribute", None,
            f"e.g. ::: {{.{kind} survey=seminar-feedback question=usefulness}}")]
    survey = data.survey(survey_slug) if data is not None else None
    if survey is None:
        return [], found + [places.error("PUB980", f"unknown survey `{survey_slug}`", "survey",
                                         _suggest(survey_slug, data.survey_slugs() if data
                                                  else []))]
    question = question_of(survey.form, name)
    if question is None:
        known = [q.name for q in survey.form.answered]
        what = "a question that cannot be charted" if survey.form.question(name) else \
            "an unknown question"
        return [], found + [places.error("PUB981", f"`{name}` is {what} of survey "
                                         f"`{survey_slug}`", "question", _suggest(name, known))]
    by = attrs.get("by", "")
    if by and by not in GROUPINGS:
        return [], found + [places.error("PUB982", f"unknown grouping `by={by}`", "by",
                                         "by=member, by=event or by=wave")]
    if by and not any(by in r or (r.get("_form_version") and by == "wave")
                      for r in survey.rows[:1]) and survey.form.question(by) is None:
        return [], found + [places.error(
            "PUB982", f"survey `{survey_slug}` records no `{by}` for its responses", "by",
            f"add a `{by}` question to the form to group its answers by {by}")]
    quotes = attrs.get("quotes", "").lower() in ("true", "yes", "1")
    if question.kind == "text":
        if question.personal:
            return [], found + [places.error(
                "PUB985", f"`{name}` is a personal field: its answers are never published",
                "question")]
        if not quotes:
            return [], found + [places.error(
                "PUB985", f"`{name}` is free text: quoting answers needs `quotes=true`",
                "question", "add quotes=true to publish the answers as written")]
    try:
        floor = data.minimum() if data is not None else DEFAULT_MINIMUM
        minimum = max(floor, int(attrs.get("minimum", floor)))  # raised, never lowered
        limit = max(1, int(attrs.get("limit", 6)))
    except ValueError:
        return [], found + [places.error("PUB986", "`minimum` and `limit` must be whole numbers",
                                         "minimum" if "minimum" in attrs else "limit")]
    lang = edition.lang
    fallback = survey.form.default_language or "en"
    groups = _groups(survey, by, lang, data) if by else None
    title = survey.form.title_in(lang)
    options = dict(by=by, groups=groups, minimum=minimum, fallback_lang=fallback,
                   survey=survey_slug, survey_title=title, illustrative=survey.illustrative,
                   quotes=quotes, limit=limit)
    agg = stored_aggregate(data, survey, question, lang, options)
    if not survey.rows:
        found.append(places.warning("PUB989", f"survey `{survey_slug}` has no responses yet",
                                    "survey", "import them with `publisher survey import`"))
    ident = _unique(ident or f"{kind}-{name.replace('/', '-')}" + (f"-{by}" if by else ""),
                    used)
    if want_aggregate:
        return (ident, agg), found
    made = shown_as(agg, kind, ident, block, data, lang, places, found)
    return made, found


def _groups(survey, by: str, lang: str, data) -> dict[str, str]:
    """Labels of a grouping's values: the choices of the form's question of that name (as
    the respondents saw them), else the records' members and events."""
    q = survey.form.question(by)
    options = survey.form.options(q) if q is not None else []
    if options:
        return {c.name: c.label(lang, survey.form.default_language) for c in options}
    return data.groups(by, lang)


# --- per format -------------------------------------------------------------------

def for_format(ast: dict, fmt: str) -> None:
    """Adapt the data blocks to one format (in place): the data tables stay in HTML only,
    DOCX gets each chart as PNG; the chart's spec never reaches an output."""
    def visit(blocks: list) -> list:
        out = []
        for block in blocks:
            if block.get("t") == "Div":
                if "chart-data" in block["c"][0][1] and fmt != "html":
                    continue
                block["c"][1] = visit(block["c"][1])
            elif block.get("t") == "Figure" and "chart" in block["c"][0][1]:
                for plain in block["c"][2]:
                    for inline in plain.get("c", []):
                        if inline.get("t") == "Image":
                            _image_for(inline, fmt)
            out.append(block)
        return out

    ast["blocks"] = visit(ast["blocks"])


def _image_for(image: dict, fmt: str) -> None:
    attr = image["c"][0]
    pairs = dict(attr[2])
    spec, families = pairs.pop("chart-spec", None), pairs.pop("chart-font", "")
    attr[2] = list(pairs.items())
    if fmt != "docx" or spec is None:
        return
    from .. import charts
    from ..charts import engine

    font = charts.chart_font_of(tuple(f for f in families.split("|") if f))
    png = engine.png(json.loads(spec), font)
    image["c"][2][0] = "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def chart_files(ast: dict, write) -> None:
    """Give each chart image its own file: `write(name, bytes)` stores it, the image then
    points at `charts/<hash>.svg` (for pages whose policy refuses data: URLs)."""
    import hashlib

    def visit(el):
        if el.get("t") != "Image" or "chart" not in el["c"][0][1]:
            return
        url = el["c"][2][0]
        prefix = "data:image/svg+xml;base64,"
        if not url.startswith(prefix):
            return
        data = base64.b64decode(url[len(prefix):])
        name = f"charts/{hashlib.sha256(data).hexdigest()[:16]}.svg"
        write(name, data)
        el["c"][2][0] = name

    from ..core.tree import walk

    walk(ast["blocks"], visit)


def data_digest(root: Path) -> str:
    from .sources import digest

    return digest(root)
