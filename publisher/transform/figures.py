"""Each language its own figures: the variant of an image for an edition's language."""

from __future__ import annotations

import functools
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..core import access
from ..core.diagnostics import Diagnostic, warning
from ..core.model import Edition
from ..core.tree import position, walk
from ..i18n.strings import language_name

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
