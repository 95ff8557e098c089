"""An edition reads only its declared resources: the checks, the stand-ins, the files."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..core import access
from ..core.diagnostics import Diagnostic, error
from ..core.model import Edition
from ..core.tree import position, walk
from ..i18n.strings import Strings


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
