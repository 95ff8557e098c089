"""pandoc's AST rewritten for pandoc's Typst writer: staged images and attachments, languages,
callouts, captions, equations' alternative texts, and what Typst would refuse made safe."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..assess import blocks as data_blocks
from ..core import access, pandoc
from ..core.diagnostics import Diagnostic, error, warning
from ..core.tree import find_in_lines, stringify
from ..i18n import hyphenation
from ..i18n.fonts import replace_characters
from ..transform.passes import Prepared, raw_html_as_blocks
from ..validate import rawtypst

_LABEL = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
_CALLOUTS = ("key-facts", "lesson", "callout")


def typst_string(text: str) -> str:
    """`text` as a Typst string literal."""
    out = (str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
           .replace("\r", "").replace("\t", "\\t"))
    return '"' + "".join(ch for ch in out if ch >= " ") + '"'


class _Body:
    """Rewrites an AST copy for pandoc's Typst writer and gathers what the PDF reads.

    Images and attachments become calls with the staged path and an alternative text;
    `lang` spans and divs set the text language; callouts, captions and the
    bibliography call the template's functions; equations get their TeX as alt text;
    words of languages Typst has no patterns for get soft hyphens.

    What Typst would refuse, and `render` lets through with a warning of its own, is
    written so that it compiles: a link to a label that does not exist is its text; a
    heading that skips levels gets the next level in the tagged structure (PDF/UA-1 allows
    no gap) and keeps the look of the level it was written at; characters no font has are
    replaced by `stand_ins`.
    """

    def __init__(self, prepared: Prepared, stand_ins: dict[str, str] | None = None):
        self.edition = prepared.edition
        self.folder = self.edition.case.path.resolve()
        self.files: dict[str, Path] = {}  # staged name -> source file
        self.data: dict[str, bytes] = {}  # staged name -> bytes of a data: URL
        self.problems: list[Diagnostic] = []
        self.stand_ins = stand_ins or {}
        self.labels: set[str] = set()
        #: (written level, level in the structure) of the headings open above the current
        #: one; the title (level 1) is always first
        self.levels: list[tuple[int, int]] = [(1, 1)]

    def find_labels(self, blocks: list) -> None:
        """The ids the Typst text will carry as labels: headings, spans and tables (pandoc
        writes them), divs, figures and code blocks (written here)."""
        from ..transform.passes import walk

        def visit(el):
            t = el["t"]
            if t in ("Header", "Span", "Table", "Div", "Figure", "CodeBlock"):
                ident = (el["c"][1] if t == "Header" else el["c"][0])[0]
                if ident and (t in ("Header", "Span", "Table") or _LABEL.match(ident)):
                    self.labels.add(ident)

        walk(blocks, visit)

    def structural_level(self, level: int) -> int:
        """The level a heading written at `level` has in the tagged structure: at most one
        below the nearest heading above it that was written at a smaller level."""
        while len(self.levels) > 1 and self.levels[-1][0] >= level:
            self.levels.pop()
        structural = min(level, self.levels[-1][1] + 1)
        self.levels.append((level, structural))
        return structural

    def position(self, needle: str) -> tuple[int, int]:
        return find_in_lines(self.edition.body, needle, self.edition.body_line)

    # resources ------------------------------------------------------------------
    def stage(self, target: str, what: str) -> str | None:
        """The staged name of a resource, or None (with a PUB301) when it may not be read."""
        parts = urlsplit(target)
        if parts.scheme == "data":
            head, _, payload = target[5:].partition(",")
            kind = head.split(";")[0].split("/")[-1].replace("svg+xml", "svg") or "bin"
            try:
                raw = (base64.b64decode(payload) if head.endswith(";base64")
                       else unquote(payload).encode("utf-8"))
            except ValueError:
                raw = b""
            name = f"_data/{hashlib.sha256(raw).hexdigest()[:16]}.{kind}"
            self.data[name] = raw
            return name
        path, refused = access.locate(self.folder, target, what)
        if path is None:
            line, column = self.position(target)
            reason = refused.message if refused else f"{what} `{target}` names no file"
            problem = error("PUB301", f"refused to read {what} `{target}`: {reason}",
                            self.edition.path, line, column,
                            refused.hint if refused else "link to a file inside the case folder")
            if problem not in self.problems:
                self.problems.append(problem)
            return None
        path = path.resolve()
        name = path.relative_to(self.folder).as_posix()
        self.files[name] = path
        return name

    def image_call(self, el: dict, caption: str = "") -> str | None:
        attr, alt_inlines, (target, title) = el["c"]
        name = self.stage(target, "image")
        if name is None:
            return None
        alt = stringify(alt_inlines).strip() or title.strip() or caption.strip()
        if not alt:
            line, column = self.position(target)
            self.problems.append(warning(
                "PUB407", f"image `{target}` has no alternative text; screen readers will "
                "skip it", self.edition.path, line, column,
                "describe the image in the brackets: ![What the figure shows](media/x.svg)"))
            alt = Path(name).stem.replace("-", " ").replace("_", " ")
        width = dict(attr[2]).get("width", "")
        size = ""
        if re.fullmatch(r"\d+(\.\d+)?(%|mm|cm|in|pt|em)", width):
            size = f", width: {width}"
        return f"fitted-image({typst_string('/' + name)}, {typst_string(alt)}{size})"

    # the walk ----------------------------------------------------------------------
    def blocks(self, blocks: list, lang: str) -> list:
        out = []
        for block in blocks:
            out.extend(self.block(block, lang))
        return out

    def inlines(self, inlines: list, lang: str) -> list:
        out = []
        for el in inlines:
            out.extend(self.inline(el, lang))
        return out

    def refuse_raw(self, el: dict) -> bool:
        if not rawtypst.is_raw_typst(el):
            return False
        text = el["c"][1]
        self.problems.append(rawtypst.problem(text, self.edition.path,
                                              *rawtypst.position(self.edition, text)))
        return True

    def block(self, el: dict, lang: str) -> list:
        t = el["t"]
        c = el.get("c")
        if t == "RawBlock":
            return [] if self.refuse_raw(el) else [el]
        if t in ("Para", "Plain"):
            el["c"] = self.inlines(c, lang)
        elif t == "Header":
            c[2] = self.inlines(c[2], None)  # headings are never hyphenated
            written = c[0]
            c[0] = self.structural_level(written)
            if c[0] != written:  # tagged at its place in the structure, drawn as written
                return [_raw_block(f"#heading-look({written})["), el, _raw_block("]")]
        elif t == "CodeBlock":
            c[1] = replace_characters(c[1], self.stand_ins)
            if c[0][0] and _LABEL.match(c[0][0]):  # a listing that links point to
                return [_raw_block("#block["), el, _raw_block(f"] <{c[0][0]}>")]
        elif t == "Div":
            return self.div(el, lang)
        elif t == "Figure":
            return self.figure(el, lang)
        elif t in ("BlockQuote",):
            el["c"] = self.blocks(c, lang)
        elif t in ("BulletList",):
            el["c"] = [self.blocks(item, lang) for item in c]
        elif t == "OrderedList":
            c[1] = [self.blocks(item, lang) for item in c[1]]
        elif t == "DefinitionList":
            el["c"] = [[self.inlines(term, lang), [self.blocks(d, lang) for d in defs]]
                       for term, defs in c]
        elif t == "LineBlock":
            el["c"] = [self.inlines(line, lang) for line in c]
        elif t == "Table":
            self.table(el, lang)
        return [el]

    def div(self, el: dict, lang: str) -> list:
        (ident, classes, attrs), content = el["c"]
        inner_lang = dict(attrs).get("lang") or lang
        body = self.blocks(content, inner_lang)
        opens, closes = [], []
        kind = next((k for k in _CALLOUTS if k in classes), None)
        if kind:
            opens.append(f"#callout({typst_string(kind)})[")
        elif "csl-bib-body" in classes:
            opens.append("#bib-list[")
        elif "csl-entry" in classes:
            opens.append("#bib-entry[")
        else:
            opens.append("#block[")
        if dict(attrs).get("lang"):
            opens.append(f"#text(lang: {typst_string(inner_lang)})[")
            closes.append("]")
        closes.append("]" + (f" <{ident}>" if _LABEL.match(ident) else ""))
        return [_raw_block("".join(opens)), *body, _raw_block("".join(closes))]

    def figure(self, el: dict, lang: str) -> list:
        (ident, _, _), (_, caption_blocks), content = el["c"]
        images = [i for b in content if b["t"] in ("Plain", "Para") for i in b["c"]
                  if i["t"] == "Image"]
        others = [i for b in content if b["t"] in ("Plain", "Para") for i in b["c"]
                  if i["t"] not in ("Image", "Space", "SoftBreak")]
        if len(images) != 1 or others:  # not a single image: its content as it is
            el["c"][2] = self.blocks(content, lang)
            return [el]
        caption = stringify(caption_blocks)
        call = self.image_call(images[0], re.sub(r"^\S+ \d+\.\s*", "", caption))
        if call is None:
            return []
        label = f" <{ident}>" if _LABEL.match(ident) else ""
        captions = [b for b in self.blocks(caption_blocks, lang)]
        return [_raw_block(f"#figure({call}, caption: ["), *captions,
                _raw_block("])" + label)]

    def table(self, el: dict, lang: str) -> None:
        def cells(rows):
            for row in rows:
                for cell in row[1]:
                    cell[4] = self.blocks(cell[4], lang)
        _, caption, _, head, bodies, foot = el["c"]
        caption[1] = self.blocks(caption[1], lang)
        cells(head[1])
        for body in bodies:
            cells(body[2])
            cells(body[3])
        cells(foot[1])

    def inline(self, el: dict, lang: str | None) -> list:
        t = el["t"]
        c = el.get("c")
        if t == "Str":
            c = el["c"] = replace_characters(c, self.stand_ins)
            if lang and hyphenation.needs_soft_hyphens(lang):
                el["c"] = hyphenation.soft_hyphens(c, lang)
            return [el]
        if t == "RawInline":
            return [] if self.refuse_raw(el) else [el]
        if t == "Code":
            c[1] = replace_characters(c[1], self.stand_ins)
            return [el]
        if t == "Math":
            kind, tex = c
            block = "true" if kind["t"] == "DisplayMath" else "false"
            return [_raw_inline(f"#math.equation(alt: {typst_string(tex.strip())}, "
                                f"block: {block}, "), el, _raw_inline(".body)")]
        if t == "Image":
            call = self.image_call(el)
            return [_raw_inline(f"#box({call})")] if call else []
        if t == "Span":
            (_, classes, attrs), content = c
            inner = dict(attrs).get("lang") or lang
            if "caption-label" in classes:  # "Figure 1": never broken
                return [_raw_inline("#caption-label["), *self.inlines(content, None),
                        _raw_inline("]")]
            body = self.inlines(content, inner)
            if dict(attrs).get("lang"):
                return [_raw_inline(f"#text(lang: {typst_string(inner)})["), *body,
                        _raw_inline("]")]
            c[1] = body
            return [el]
        if t == "Link":
            attr, content, (url, _) = c
            content = self.inlines(content, lang)
            rel = {w.lower() for w in (dict(attr[2]).get("rel") or "").split()}
            if "attachment" in rel or url.lower().startswith("file:"):
                name = self.stage(url, "attachment")
                if name is None:
                    return content
                described = stringify(content).strip() or Path(name).name
                return [*content, _raw_inline(
                    f"#pdf.attach({typst_string('/' + name)}, "
                    f"description: {typst_string(described)})")]
            if url.startswith("#") and not ({url[1:], unquote(url[1:])} & self.labels):
                return content  # a target that is not there (render has warned): its text
            c[1] = content
            return [el]
        if t == "Note":
            el["c"] = self.blocks(c, lang)
            return [el]
        if t in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript",
                 "SmallCaps"):
            el["c"] = self.inlines(c, lang)
        elif t == "Quoted":
            c[1] = self.inlines(c[1], lang)
        elif t == "Cite":
            c[1] = self.inlines(c[1], lang)
        return [el]


def _raw_block(text: str) -> dict:
    return {"t": "RawBlock", "c": ["typst", text]}


def _raw_inline(text: str) -> dict:
    return {"t": "RawInline", "c": ["typst", text]}


def typst_body(prepared: Prepared,
               stand_ins: dict[str, str] | None = None) -> tuple[str, _Body]:
    body = _Body(prepared, stand_ins)
    ast = prepared.ast_copy()
    data_blocks.for_format(ast, "pdf")  # charts as SVG; their data tables stay in the HTML
    raw_html_as_blocks(ast)  # Typst has no HTML: read it, so its text and tables are not lost
    body.find_labels(ast["blocks"])
    ast["blocks"] = body.blocks(ast["blocks"], prepared.edition.lang)
    out = pandoc.convert_ast(ast, "typst-citations", ["--wrap=none"], stored=True)
    return out.decode("utf-8"), body
