"""Transform: small single-purpose passes over pandoc's JSON AST.

Markdown is parsed once (``parse``); each pass reads or rewrites the AST; the
renderers then serialize it.
"""

from __future__ import annotations

import functools
import pickle
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..core import access, pandoc
from . import bibliography
from .dialects import reader
from .dialects.anchors import resolve_links
from .dialects.citations import citations
from ..assess import blocks as data_blocks
from ..core.diagnostics import Diagnostic, error, warning
from ..i18n.strings import Strings, language_name
from ..core.model import Edition
from ..i18n.typography import localize_quotes, uzbek_letters
from ..core.tree import position, stringify, walk



def _attr_get(attr, key: str) -> str | None:
    for k, v in attr[2]:
        if k == key:
            return v
    return None


# --- pass: numbered, localized captions -------------------------------------

def number_captions(ast: dict, strings: Strings) -> None:
    """Prefix figure and table captions with a localized, numbered label."""
    counters = {"Figure": 0, "Table": 0}
    labels = {"Figure": strings["figure"], "Table": strings["table"]}

    def visit(el):
        if el["t"] not in counters:
            return
        if el["t"] == "Table" and "chart-data" in el["c"][0][1]:
            return  # the data behind a chart (HTML only) is part of its figure
        counters[el["t"]] += 1
        caption_blocks = el["c"][1][1]
        label = [{"t": "Str", "c": labels[el["t"]]}, {"t": "Space"},
                 {"t": "Str", "c": str(counters[el["t"]])}]
        span = {"t": "Span", "c": [["", ["caption-label"], []], label]}
        prefix = [span, {"t": "Str", "c": "."}, {"t": "Space"}]
        if caption_blocks and caption_blocks[0]["t"] in ("Plain", "Para"):
            caption_blocks[0]["c"][:0] = prefix
        else:
            caption_blocks.insert(0, {"t": "Plain", "c": prefix[:2]})

    walk(ast["blocks"], visit)


# --- pass: table of contents --------------------------------------------------

@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


def headings(ast: dict, max_level: int = 3) -> list[Heading]:
    """The headings of the contents, in order: those of the body and of its divs (a
    section written inside `::: {.key-facts}` or a raw-HTML block is a section too)."""
    found: list[Heading] = []

    def visit(blocks):
        for block in blocks:
            if block["t"] == "Div":
                visit(block["c"][1])
            elif block["t"] == "Header" and block["c"][0] <= max_level:
                level, attr, inlines = block["c"]
                if "unnumbered" in attr[1] and "unlisted" in attr[1]:
                    continue
                found.append(Heading(level, attr[0], stringify(inlines)))

    visit(ast["blocks"])
    return found


# --- pass: an edition reads only its declared resources ----------------------

def rel_words(attr) -> set[str]:
    """The words of an element's `rel` attribute, lowercased (as a browser reads it)."""
    return {word.lower() for key, value in attr[2] if key.lower() == "rel"
            for word in value.split()}


def check_target(edition: Edition, target: str, what: str, kinds=None) -> Diagnostic | None:
    """A resource the renderers would fetch must be one `access.locate` allows."""
    _, refused = access.locate(edition.case.path, target, what, kinds)
    if refused is None:
        return None
    line, column = position(edition, target)
    hint = refused.hint
    if refused.code == "PUB201":
        close = similar_file(edition.case.path.resolve(), unquote(urlsplit(target).path))
        hint = f"did you mean `{close}`?" if close else hint
    return error(refused.code, refused.message, edition.path, line, column, hint)


def similar_file(folder: Path, rel: str) -> str:
    """The file of the case folder whose path is closest to `rel` (a misspelt name, a wrong
    folder or case), or "" when none is close. Hidden files are never offered."""
    import difflib

    try:
        known = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                       if p.is_file() and not any(part.startswith(".") for part in
                                                  p.relative_to(folder).parts))[:2000]
    except OSError:
        return ""
    close = difflib.get_close_matches(rel, known, n=1, cutoff=0.75)
    if not close:  # the right name in another folder, or another case of letters
        by_name = {PurePosixPath(k).name.lower(): k for k in known}
        names = difflib.get_close_matches(PurePosixPath(rel).name.lower(), by_name, n=1,
                                          cutoff=0.75)
        close = [by_name[names[0]]] if names else []
    return close[0] if close else ""


def check_resources(ast: dict, edition: Edition) -> list[Diagnostic]:
    """Images and attachment links (raw HTML is judged with the body, in `checks`)."""
    diagnostics: list[Diagnostic] = []

    def add(found):
        if found is not None and found not in diagnostics:
            diagnostics.append(found)

    def visit(el):
        t = el["t"]
        if t == "Image":
            add(check_target(edition, el["c"][2][0], "image", access.IMAGES))
        elif t == "Link":
            attr, _, (url, _) = el["c"]
            if "attachment" in rel_words(attr) or url.lower().startswith("file:"):
                add(check_target(edition, url, "attachment"))

    walk(ast["blocks"], visit)
    return diagnostics


# --- pass: each language its own figures ----------------------------------------

_FIGURE_TEXT = re.compile(rb"<(?:[\w-]+:)?(?:text|tspan|textPath|foreignObject)\b[^>]*>\s*[^<\s]")
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
_SVG_LANG = re.compile(rb"""\s(?:xml:)?lang\s*=\s*["']([A-Za-z]{2,3})""")


@functools.lru_cache(maxsize=256)
def _figure_words(path: Path, _stamp: tuple) -> tuple[bool, str]:
    try:
        with path.open("rb") as handle:
            data = handle.read(8 << 20)
    except OSError:
        return False, ""
    root = _SVG_ROOT.search(data)
    lang = _SVG_LANG.search(root.group(0)) if root else None
    return _FIGURE_TEXT.search(data) is not None, lang.group(1).decode().lower() if lang else ""


def figure_words(path: Path) -> tuple[bool, str]:
    """Whether an SVG draws words, and the language it declares for them (`xml:lang` on its
    root, "" when it does not say). A raster image cannot be told: taken as without words."""
    if path.suffix.lower() != ".svg":
        return False, ""
    try:
        stat = path.stat()
    except OSError:
        return False, ""
    return _figure_words(path, (stat.st_mtime_ns, stat.st_size))


def _split_variant(target: str, languages: tuple[str, ...]) -> tuple[PurePosixPath, str, str]:
    """`media/timeline.ru.svg` -> (media/timeline.svg, "ru", ".svg"); no language -> ""."""
    path = PurePosixPath(target)
    base, _, tail = path.stem.rpartition(".")
    if base and tail in languages:
        return path.with_name(base + path.suffix), tail, path.suffix
    return path, "", path.suffix


def variant_path(target: str, lang: str, languages: tuple[str, ...]) -> str:
    """The name of the `lang` variant of a figure: media/timeline.svg -> media/timeline.ru.svg."""
    plain, _, suffix = _split_variant(target, languages)
    return str(plain.with_name(f"{plain.stem}.{lang}{suffix}"))


def figure_variant(folder: Path, target: str, lang: str, source_lang: str,
                   languages: tuple[str, ...]) -> tuple[str, str]:
    """The file an edition in `lang` shows for the image `target` (relative to the case
    folder), and the language of that file's words.

    `media/timeline.svg` becomes `media/timeline.ru.svg` for a Russian edition when that file
    exists; otherwise the file as written (or `timeline.<source>.svg` when only variants
    exist). A name that already ends in a language (`timeline.en.svg`) is read the same way,
    as a request for the figure in any language. The language is "" for a file whose name
    does not say it. Only files inside the case folder are candidates.
    """
    _, written, _ = _split_variant(target, languages)
    candidates = [(lang, variant_path(target, lang, languages))]
    if written:
        candidates.append((written, target))
    else:
        candidates += [("", target), (source_lang, variant_path(target, source_lang, languages))]
    inside = folder.resolve()
    for figure_lang, candidate in candidates:
        path = folder / candidate
        if path.is_file() and path.resolve().is_relative_to(inside):
            return candidate, figure_lang
    return target, written


def localize_figures(ast: dict, edition: Edition, languages: tuple[str, ...]) -> list[Diagnostic]:
    """Point every local image at its variant in the edition's language (PUB121 when a figure
    with words in another language is shown instead). The words of a figure are in the
    language its name ends with (`timeline.ru.svg`), else the one its SVG root declares
    (`xml:lang="en"`), else the case's source language."""
    folder = edition.case.path
    lang, source = edition.lang, edition.case.source_language or edition.lang
    found: list[Diagnostic] = []

    def visit(el):
        if el["t"] != "Image":
            return
        target = el["c"][2][0]
        parts = urlsplit(target)
        if parts.scheme or target.startswith("//") or not parts.path:
            return
        rel = unquote(parts.path)
        _, refused = access.locate(folder, rel, "image", access.IMAGES)
        if refused is not None and refused.code != "PUB201":
            return  # reported by check_resources; a missing file may have variants
        chosen, figure_lang = figure_variant(folder, rel, lang, source, languages)
        if chosen != rel:
            el["c"][2][0] = chosen + (f"#{parts.fragment}" if parts.fragment else "")
        words, declared = figure_words(folder / chosen)
        figure_lang = figure_lang or declared or source
        if words and figure_lang != lang:
            wanted = variant_path(rel, lang, languages)
            found.append(warning(
                "PUB121", f"figure `{rel}` has words in {language_name(figure_lang)} and no "
                f"{language_name(lang)} variant", edition.path, *position(edition, rel),
                f"translate its text into `{wanted}`: it is chosen automatically for the {lang} "
                "edition"))

    walk(ast["blocks"], visit)
    return found


# --- the pipeline --------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """An edition after transform: the AST every renderer consumes."""

    edition: Edition
    ast: dict
    toc: tuple[Heading, ...]
    stale: tuple[str, ...] = ()  # ids of source sections changed since this translation

    def ast_copy(self) -> dict:
        # a pickle round trip: the AST is plain data, and this is 4x faster than deepcopy
        return pickle.loads(pickle.dumps(self.ast, pickle.HIGHEST_PROTOCOL))


def parse(edition: Edition) -> dict:
    return reader.parse(edition.body)


def prepare(edition: Edition, strings: Strings) -> tuple[Prepared, list[Diagnostic]]:
    from ..i18n.strings import available_languages

    ast = parse(edition)
    resolve_links(ast, {"figure": strings["figure"], "table": strings["table"]})
    diagnostics = localize_figures(ast, edition, tuple(available_languages()))
    diagnostics += check_resources(ast, edition)
    if edition.case.bibliography:
        citations(ast)
    ast, cited = bibliography.apply(ast, edition, strings)
    diagnostics += cited
    diagnostics += data_blocks.apply(ast, edition)
    number_captions(ast, strings)
    localize_quotes(ast, edition.lang)
    if edition.lang.split("-")[0] == "uz":
        uzbek_letters(ast)
    return Prepared(edition, ast, tuple(headings(ast))), diagnostics


def _image_note(alt: list, target: str, strings: Strings) -> dict:
    """What stands in place of an image that is not included: its alt text and a note."""
    shown = urlsplit(target).netloc or target
    note = strings.get("image_not_included", target=shown)
    words = alt or [{"t": "Str", "c": PurePosixPath(urlsplit(target).path).name or target}]
    return {"t": "Span", "c": [["", ["image-not-included"], [["title", target]]],
                               [{"t": "Str", "c": "["}, *words, {"t": "Str", "c": "]"},
                                {"t": "Space"}, {"t": "Emph", "c": [{"t": "Str", "c": note}]}]]}


_RAW_IMG = re.compile(r"<\s*img\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)/?\s*>", re.I | re.S)
_RAW_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^"'\s>]+))""", re.I)
_RAW_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^"'\s>]+))""", re.I)


def _first(match) -> str:
    return next((v for v in match.groups() if v is not None), "") if match else ""


def replace_unusable_images(ast: dict, edition: Edition, strings: Strings) -> None:
    """An image that is remote, missing or outside the case folder is never fetched: it is
    replaced by its alt text and a visible note, in Markdown and in raw HTML alike, so that
    every format shows the same. Run after the checks of the body (they judge the raw
    HTML as written and report each image)."""

    def unusable(target: str) -> bool:
        if not target or urlsplit(target).scheme == "data":
            return False
        return check_target(edition, target, "image") is not None

    def raw_pieces(raw: str) -> list | None:
        pieces, pos = [], 0
        for m in _RAW_IMG.finditer(raw):
            src = _first(_RAW_SRC.search(m.group(1)))
            if not unusable(src):
                continue
            if raw[pos:m.start()]:
                pieces.append({"t": "RawInline", "c": ["html", raw[pos:m.start()]]})
            alt = _first(_RAW_ALT.search(m.group(1)))
            words = [w for part in alt.split() for w in ({"t": "Str", "c": part},
                                                          {"t": "Space"})][:-1]
            pieces.append(_image_note(words, src, strings))
            pos = m.end()
        if not pos:
            return None
        if raw[pos:]:
            pieces.append({"t": "RawInline", "c": ["html", raw[pos:]]})
        return pieces

    def inlines(items: list) -> list:
        out = []
        for el in items:
            t = el.get("t")
            if t == "Image" and unusable(el["c"][2][0]):
                out.append(_image_note(el["c"][1], el["c"][2][0], strings))
            elif t == "RawInline" and el["c"][0] == "html" and "<" in el["c"][1]:
                out.extend(raw_pieces(el["c"][1]) or [el])
            else:
                out.append(el)
        return out

    def visit(el):
        t = el["t"]
        if t in ("Para", "Plain"):
            el["c"] = inlines(el["c"])
        elif t in ("Span", "Link", "Emph", "Strong"):
            where = 1 if t in ("Span", "Link") else None
            if where is None:
                el["c"] = inlines(el["c"])
            else:
                el["c"][where] = inlines(el["c"][where])
        elif t == "RawBlock" and el["c"][0] == "html":
            pieces = raw_pieces(el["c"][1])
            if pieces is not None:
                el["t"], el["c"] = "Plain", pieces
        elif t == "Figure":
            content = el["c"][2]
            if (content and content[0].get("t") == "Plain" and content[0]["c"]
                    and content[0]["c"][0].get("t") == "Image"
                    and unusable(content[0]["c"][0]["c"][2][0])):
                image = content[0]["c"][0]
                el["t"], el["c"] = "Para", [_image_note(image["c"][1], image["c"][2][0],
                                                        strings)]

    walk(ast["blocks"], visit)


def raw_html_as_blocks(ast: dict) -> None:
    """Raw HTML blocks read by pandoc's HTML reader, for formats that cannot show HTML
    (DOCX): their text, tables and headings stay. One pandoc run for all of them; raw
    HTML was checked (scripts, frames, resources) before, when the edition was prepared."""
    import json

    found: list[dict] = []

    def visit(el):
        if el["t"] == "RawBlock" and el["c"][0] == "html" and re.search(r"\w", re.sub(
                r"<[^>]*>", "", el["c"][1])):
            found.append(el)

    walk(ast["blocks"], visit)
    if not found:
        return
    marker = "\ue000raw-block-{}\ue000"
    html = "".join(f"<p>{marker.format(i)}</p>\n{el['c'][1]}\n" for i, el in enumerate(found))
    try:
        parsed = json.loads(pandoc.run(["-f", "html-native_divs-native_spans", "-t", "json"],
                                       html.encode("utf-8")))
    except (pandoc.PandocError, ValueError):
        return
    by_index: dict[int, list] = {}
    current = None
    for block in parsed["blocks"]:
        text = stringify(block) if block.get("t") == "Para" else ""
        if text.startswith("\ue000raw-block-"):
            current = by_index.setdefault(int(text.strip("\ue000").split("-")[-1]), [])
        elif current is not None:
            current.append(block)
    for i, el in enumerate(found):
        if i in by_index:
            el["t"], el["c"] = "Div", [["", ["raw-html"], []], by_index[i]]


def replace_characters(ast: dict, stand_ins: dict[str, str]) -> None:
    """Replace each character of `stand_ins` in the text and the code of the AST with
    what it maps to (`fonts.stand_in`)."""
    from ..i18n.fonts import replace_characters as replaced

    def visit(el):
        t = el["t"]
        if t == "Str":
            el["c"] = replaced(el["c"], stand_ins)
        elif t in ("Code", "CodeBlock"):
            el["c"][1] = replaced(el["c"][1], stand_ins)

    walk(ast["blocks"], visit)


def media_files(ast: dict, edition: Edition) -> list[Path]:
    """Local files the edition's images refer to, as `access.locate` allows them."""
    files: list[Path] = []

    def visit(el):
        if el["t"] == "Image":
            path, _ = access.locate(edition.case.path, el["c"][2][0], "image", access.IMAGES)
            if path is not None and path not in files:
                files.append(path)

    walk(ast["blocks"], visit)
    return files
