"""The PDF edition: pandoc's AST written as Typst, inside a template made from the brand.

Typst compiles in a staging folder that holds only what the edition declares (the
images and attachments it uses, its partner logos, the brand's logos, the template
and the edition's source) and sees only the brand's fonts: a file outside that folder
cannot even be named, and the same sources give the same bytes on every machine.

The PDF is PDF/UA-1 (tagged, with the language of the document and of every `lang`
span, alternative texts for images and equations), and reproducible: the only date
written into it is `SOURCE_DATE_EPOCH` or the edition's date.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core import access, limits, pandoc
from ..i18n import hyphenation
from ..validate import rawtypst
from ..i18n.fonts import TRAILING, replace_characters, stand_in
from ..assess import blocks as data_blocks
from ..core.diagnostics import Diagnostic, error, warning, has_errors
from ..i18n.strings import strings as strings_for
from ..load.imprint import check_case, imprint, source_date
from ..transform.passes import Prepared, raw_html_as_blocks
from ..core.tree import find_in_lines, stringify
from ..core.xmltext import svg_title
from ..core.atomic import write_atomically
from . import RESOURCES, Context, edition_context

PDF_STANDARDS = ["ua-1"]
TEMPLATE = "edition.typ"
#: the face equations are set in when the brand names none (it has an OpenType MATH table)
MATH_FONT = "Noto Sans Math"
_LABEL = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
_CALLOUTS = ("key-facts", "lesson", "callout")


def logo_alt(path: Path) -> str:
    """A logo's alternative text: the SVG's <title>, else its file name in words."""
    title = svg_title(path) if path.suffix.lower() == ".svg" else ""
    if title:
        return title
    return re.sub(r"^partner[-_]", "", path.stem).replace("-", " ").replace("_", " ")


def typst_string(text: str) -> str:
    """`text` as a Typst string literal."""
    out = (str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
           .replace("\r", "").replace("\t", "\\t"))
    return '"' + "".join(ch for ch in out if ch >= " ") + '"'


# --- fonts: the brand's faces only ----------------------------------------------------

def _families(brand) -> list[str]:
    names: list[str] = []
    for key in ("serif", "sans", "mono", "math"):
        for name in brand.fonts.get(key, [MATH_FONT] if key == "math" else []):
            if name not in names:
                names.append(name)
    return names


@functools.cache
def _installed() -> dict[str, tuple[Path, ...]]:
    """Family name (lower case) -> the files of its faces, from one fontconfig listing."""
    if not shutil.which("fc-list"):
        return {}
    out = subprocess.run(["fc-list", "--format", "%{family}|%{file}\n"], capture_output=True,
                         text=True)
    found: dict[str, set[Path]] = {}
    for row in out.stdout.splitlines():
        names, _, file = row.rpartition("|")
        path = Path(file)
        if path.suffix.lower() not in (".ttf", ".otf"):
            continue
        for name in names.split(","):
            found.setdefault(name.strip().lower(), set()).add(path)
    return {name: tuple(sorted(files)) for name, files in found.items()}


def _family_files(family: str) -> tuple[Path, ...]:
    """Every face (regular, bold, italic ...) fontconfig has of exactly `family`."""
    return _installed().get(family.strip().lower(), ())


def font_files(brand) -> tuple[Path, ...]:
    return tuple(f for family in _families(brand) for f in _family_files(family))


def font_folder(brand, scratch: Path) -> Path:
    """A folder of links to the brand's font files: the only fonts Typst is given."""
    files = font_files(brand)
    digest = hashlib.sha256("\n".join(map(str, files)).encode()).hexdigest()[:16]
    folder = scratch / f"fonts-{digest}"
    if folder.is_dir():
        return folder
    scratch.mkdir(parents=True, exist_ok=True)
    part = Path(tempfile.mkdtemp(prefix=".fonts-", dir=scratch))
    for file in files:
        (part / file.name).symlink_to(file)
    try:
        part.rename(folder)
    except OSError:  # made meanwhile by another worker
        shutil.rmtree(part, ignore_errors=True)
    return folder


def _draws(family: str, raw: bytes) -> bool:
    """True when `family`'s regular face has every character of the SVG `raw`."""
    from ..i18n.fonts import _cmap, _invisible, font_file

    path = font_file(family)
    if path is None:
        return False
    points = _cmap(path)
    return all(ord(ch) in points or _invisible(ch) for ch in set(raw.decode("utf-8", "replace")))


_FONT_FAMILY = re.compile(rb"""font-family\s*[=:]\s*(["']?)([^"';>]+)\1""")


def svg_fonts(files: dict[str, Path], data: dict[str, bytes], brand) -> tuple[Path, ...]:
    """Typst draws an SVG's text with the first family of its font list only (no fallback per
    glyph, and PDF/UA refuses a glyph it cannot draw): an SVG figure or chart whose text is
    set in the brand's sans stack is given the font merged from those faces (which has every
    script) instead, and its folder is returned for Typst's fonts. Rewritten SVGs move from
    `files` to `data`."""
    svgs = [n for n in (*files, *data) if n.lower().endswith(".svg")]
    if not svgs:
        return ()
    sans = {f.lower() for f in brand.fonts.get("sans", [])}
    font = None
    for name in svgs:
        raw = data[name] if name in data else files[name].read_bytes()

        def first_is_sans(m, raw=raw) -> bool:
            first = m.group(2).decode("utf-8", "replace").split(",")[0].strip(" '\"").lower()
            return first in sans and not _draws(first, raw)

        if not any(first_is_sans(m) for m in _FONT_FAMILY.finditer(raw)):
            continue
        if font is None:
            from ..charts import font_for

            font = font_for(brand)
            if font.folder is None:
                return ()
        family = font.family.encode("utf-8")

        def merged(m, family=family) -> bytes:
            if not first_is_sans(m):
                return m.group(0)
            quote = m.group(1)
            return m.group(0).replace(quote + m.group(2) + quote, quote + family + quote)

        data[name] = _FONT_FAMILY.sub(merged, raw)
        files.pop(name, None)
    return (font.folder,) if font is not None else ()


def _drawable(brand) -> frozenset[int]:
    """Every code point the regular face of some family given to Typst has (Typst falls
    back from face to face among them, in text, code and mathematics alike)."""
    return _drawable_by(tuple(_families(brand)))


@functools.cache
def _drawable_by(families: tuple[str, ...]) -> frozenset[int]:
    from ..i18n.fonts import _cmap, font_file

    points: set[int] = set()
    for family in families:
        path = font_file(family)
        if path is None:
            continue
        try:
            points |= _cmap(path)
        except Exception:  # noqa: BLE001 - a damaged font draws nothing
            continue
    return frozenset(points)


def font_problems(prepared: Prepared, brand) -> tuple[list[Diagnostic], dict[str, str]]:
    """Characters of the edition's text that no face given to Typst can draw: a warning at
    the first use of each (PUB410), and what the PDF shows instead of each."""
    from ..i18n.fonts import _invisible
    from ..transform.passes import walk

    drawable = _drawable(brand)
    if not drawable:
        return [], {}
    edition = prepared.edition
    parts = [edition.title, edition.subtitle, edition.summary]

    def visit(el):
        if el["t"] == "Str":
            parts.append(el["c"])
        elif el["t"] in ("Code", "CodeBlock") or (el["t"] == "RawBlock"
                                                   and el["c"][0] == "html"):
            parts.append(el["c"][1])  # raw HTML blocks are read as text for the PDF

    walk(prepared.ast["blocks"], visit)
    text = "\n".join(parts)
    missing = sorted({ch for ch in set(text) if not _invisible(ch) and ch not in TRAILING
                      and ord(ch) not in drawable})
    if not missing:
        return [], {}
    try:
        source = edition.path.read_text("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        source = ""
    problems = []
    for ch in missing:
        line, column = find_in_lines(source, ch, 1) if ch in source else (edition.body_line, 1)
        shown = stand_in(ch)
        problems.append(warning(
            "PUB410", f"no font of the brand can draw `{ch}` (U+{ord(ch):04X}); the PDF "
            f"shows `{shown}` instead", edition.path, line, column,
            "replace the character, or add a font that has it to the brand's font stacks"))
    problems.sort(key=lambda d: (d.line or 0, d.column or 0))
    return problems, {ch: stand_in(ch) for ch in missing}


# --- the body: pandoc's AST, rewritten for Typst ----------------------------------------

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


# --- the document ------------------------------------------------------------------

def layout_of(edition) -> str:
    """`book` (covers, imprint, contents) or `plain` (title block and body); book unless the
    edition asks for plain."""
    value = str(getattr(edition, "layout", "") or "book").strip().lower()
    return value if value in ("book", "plain") else "book"


def document_meta(prepared: Prepared, ctx: Context, staged: dict[str, Path]) -> dict:
    """The values the template reads (meta.json); brand files are added to `staged`."""
    edition = prepared.edition
    strings = strings_for(edition.lang)
    context = edition_context(prepared, ctx, strings)
    info = imprint(edition, context["publisher_name"], context["series"])

    def brand_file(path: Path) -> str:
        name = f"_brand/{path.name}"
        staged[name] = path
        return "/" + name

    partners = []
    folder = edition.case.path.resolve()
    for path in info.partners:
        name = path.relative_to(folder).as_posix()
        staged[name] = path
        partners.append({"path": "/" + name, "alt": logo_alt(path)})
    keys = ("contents", "figure", "table", "page_of", "summary", "cite_as", "published",
            "authors", "partners", "references")
    fonts = {k: list(ctx.brand.fonts.get(k, [])) for k in ("serif", "sans", "mono")}
    fonts["math"] = list(ctx.brand.fonts.get("math", [])) or [MATH_FONT]
    return {
        "layout": layout_of(edition),
        "lang": edition.lang,
        "title": edition.title,
        "subtitle": edition.subtitle,
        "running_title": edition.running_title,
        "summary": edition.summary,
        "keywords": list(edition.keywords),
        "authors": context["authors"],
        "country": context["country"] or "",
        "date": context["date"],
        "year": context["year"],
        "series": context["series"] or "",
        "publisher_name": context["publisher_name"],
        "license_text": context["license_text"] or "",
        "disclaimer": context["disclaimer"] or "",
        "translated_from": context["translated_from"],
        "outdated": context["outdated"],
        "has_summary_section": context["has_summary_section"],
        "toc": bool(prepared.toc),
        "isbn": info.isbn,
        "doi": info.doi,
        "cite_as": info.cite_as,
        "partners": partners,
        "logo_inverse": brand_file(ctx.brand.logo_inverse or ctx.brand.logo),
        "logo": brand_file(ctx.brand.logo),
        "strings": {k: strings[k] for k in keys},
        "brand": {"colors": dict(ctx.brand.colors), "fonts": fonts},
    }


def _replaced(value, stand_ins: dict[str, str], key: str = ""):
    """The template's values with `stand_ins` applied to their text (not to paths,
    languages or the brand)."""
    if not stand_ins or key in ("path", "logo", "logo_inverse", "lang", "brand"):
        return value
    if isinstance(value, str):
        return replace_characters(value, stand_ins)
    if isinstance(value, list):
        return [_replaced(v, stand_ins) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v, stand_ins, k) for k, v in value.items()}
    return value


def template_path(ctx: Context) -> Path:
    override = ctx.project.root / "templates" / TEMPLATE
    return override if override.is_file() else RESOURCES / "typst" / TEMPLATE


def make_page(prepared: Prepared, ctx: Context) -> tuple[dict | None, list]:
    """Everything Typst compiles for an edition (None when it cannot be printed): the
    source, the files to stage, the date; and the problems found on the way."""
    warm_up()  # Typst's process starts while the body is written
    edition = prepared.edition
    drawn, stand_ins = font_problems(prepared, ctx.brand)
    problems = check_case(edition.case) + drawn
    if has_errors(problems):
        return None, problems
    moment, notes = source_date(edition)
    body, found = typst_body(prepared, stand_ins)
    problems += notes + found.problems
    if has_errors(problems):
        return None, problems
    files = dict(found.files)
    meta = _replaced(document_meta(prepared, ctx, files), stand_ins)
    source = (f"#import {typst_string('/' + TEMPLATE)}: *\n"
              "#show: edition\n\n" + body)
    return {"source": source, "meta": meta, "files": files, "data": found.data,
            "fonts": svg_fonts(files, found.data, ctx.brand),
            "template": template_path(ctx), "timestamp": int(moment.timestamp())}, problems


def _put(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class TypstFailed(Exception):
    """Typst refused the document (its message and hints), or could not run."""

    code = "PUB302"

    def __init__(self, message: str, hints: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.hints = hints or []


class TypstTimedOut(TypstFailed):
    """The compile ran longer than `limits.tool_seconds` and was stopped."""

    code = "PUB011"


class _Worker:
    """The process Typst compiles in (`_typst_worker`): started on first use or ahead of
    it (`warm_up`), reused, killed when a compile runs past the time limit."""

    #: how long Typst may take to load before the first compile, whatever the limit
    START_SECONDS = 60

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.ready = False
        self.lock = threading.Lock()

    def start(self) -> subprocess.Popen:
        if self.proc is None or self.proc.poll() is not None:
            # run as a script: it needs Typst, not the rest of the package
            self.proc = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("_typst_worker.py"))],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, encoding="utf-8", bufsize=1)
            self.ready = False
        return self.proc

    def answer(self, seconds: float) -> dict | None:
        """The next line the process writes, or None when it writes none in time."""
        assert self.proc is not None and self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], seconds)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        if not line:
            self.stop()
            raise TypstFailed("the Typst process ended without an answer")
        return json.loads(line)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    stream.close()
        self.proc = None

    def compile(self, job: dict, seconds: float) -> dict:
        with self.lock:
            for attempt in (1, 2):  # a process that died meanwhile is replaced once
                proc = self.start()
                try:
                    if not self.ready:
                        if self.answer(self.START_SECONDS) is None:
                            self.stop()
                            raise TypstFailed("Typst did not start")
                        self.ready = True
                    assert proc.stdin is not None
                    proc.stdin.write(json.dumps(job) + "\n")
                    proc.stdin.flush()
                    break
                except (OSError, TypstFailed):
                    self.stop()
                    if attempt == 2:
                        raise
            answer = self.answer(seconds)
            if answer is None:
                self.stop()
                raise TypstTimedOut(f"Typst ran longer than {seconds:g} s and was stopped")
            return answer


_WORKER = _Worker()


def warm_up() -> None:
    """Start the Typst process now, so that it is ready when the first PDF is laid out."""
    with _WORKER.lock:
        _WORKER.start()


def compile_page(page: dict, fonts: Path, scratch: Path) -> bytes:
    """Stage the declared files, compile with Typst inside that folder, return the PDF.
    The compile is stopped past `limits.tool_seconds` (TypstTimedOut)."""
    scratch.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".typst-", dir=scratch))
    try:
        for name, path in page["files"].items():
            _put(path, staging / name)
        for name, data in page["data"].items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        shutil.copyfile(page["template"], staging / TEMPLATE)
        (staging / "meta.json").write_text(json.dumps(page["meta"], ensure_ascii=False),
                                           "utf-8")
        (staging / "main.typ").write_text(page["source"], "utf-8")
        output = Path(tempfile.mkdtemp(prefix=".typst-out-", dir=scratch)) / "out.pdf"
        job = {"root": str(staging), "main": str(staging / "main.typ"),
               "fonts": [str(f) for f in (fonts, *page.get("fonts", ()))],
               "packages": str(staging / "_no-packages"), "standards": PDF_STANDARDS,
               "timestamp": page["timestamp"], "output": str(output)}
        try:
            answer = _WORKER.compile(job, limits.current().tool_seconds)
            if not answer.get("ok"):
                raise TypstFailed(answer.get("message", ""), answer.get("hints"))
            return output.read_bytes()
        finally:
            shutil.rmtree(output.parent, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def render(prepared: Prepared, ctx: Context, target: Path,
           made: tuple[dict | None, list] | None = None) -> list:
    """Lay out the edition and write the PDF; `made` is what `make_page` returned already."""
    edition = prepared.edition
    page, problems = made or make_page(prepared, ctx)
    if page is None:
        return problems
    problems = list(problems)
    try:
        data = compile_page(page, font_folder(ctx.brand, ctx.scratch), ctx.scratch)
    except TypstTimedOut as exc:
        return problems + [error(
            "PUB011", f"PDF layout: {exc.message}", edition.path, edition.body_line, 1,
            "shorten or split the edition, or raise `limits: tool_seconds` in publisher.yaml")]
    except TypstFailed as exc:
        message = (exc.message.strip().splitlines() or [""])[0]
        return problems + [error("PUB302", f"PDF rendering failed: {message}", edition.path,
                                 hint="; ".join(exc.hints))]
    write_atomically(target, data)
    return problems
