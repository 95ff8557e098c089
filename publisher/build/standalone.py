"""Render one Markdown file, inside a project or not, to one format (`publisher render`)."""

from __future__ import annotations

import os
from pathlib import Path

from ..core import cache
from ..core.diagnostics import has_errors
from ..load.brand import load_brand
from ..render import Context
from .jobs import render_one
from .outputs import Output


def user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publisher"


def choose_layout(edition, outside_project: bool) -> str:
    """The layout `render` gives a file: the front matter's, else plain outside a project
    or for a short document, else book."""
    from ..core.model import SHORT_WORDS

    data = edition.meta.data if edition.meta is not None else {}
    chosen = data.get("layout") if hasattr(data, "get") else None
    if chosen in ("book", "plain"):
        return chosen
    return "plain" if outside_project or len(edition.body.split()) < SHORT_WORDS else "book"


def foreign_characters(prepared, diagnostics: list) -> list:
    """For a file written elsewhere, a character the brand's fonts lack is a warning: it is
    drawn with another installed font, or, where none has it, replaced by a visible stand-in
    (`[U+1F389]`) in every format. (`--strict` makes it an error again.)"""
    import dataclasses

    from ..core.diagnostics import Severity
    from ..i18n.fonts import installed_anywhere, stand_in
    from ..transform.passes import replace_characters

    out, replaced = [], {}
    for d in diagnostics:
        if d.code == "PUB601" and d.is_error:
            char = d.message.split("`")[1] if d.message.count("`") >= 2 else ""
            if char and installed_anywhere(char):
                hint = "it is drawn with another installed font"
            else:
                replaced[char] = stand_in(char)
                hint = f"no installed font has it: it shows as `{stand_in(char)}`"
            d = dataclasses.replace(d, severity=Severity.WARNING, hint=hint)
        out.append(d)
    if replaced:
        replace_characters(prepared.ast, {c: s for c, s in replaced.items() if c})
    return out


def render_file(source: Path, fmt: str, target: Path | None = None, lang: str | None = None,
                strict: bool = False) -> tuple[Output | None, list]:
    """Render one Markdown file, inside a project or not, to one format.

    The file may have been written for another tool: every check runs before layout
    and reports everything at once; broken internal links, skipped heading levels and
    unusable images are warnings (the image shows as its alt text), unless `strict`,
    when every warning refuses the file. `lang` overrides the front matter and the
    language found in the text.
    """
    import dataclasses

    from ..validate import preflight
    from ..validate.body import check_body, soften
    from ..core.diagnostics import Severity
    from ..i18n.strings import strings
    from ..load.project import find_root, load_project
    from ..load.standalone import load_standalone, standalone_project
    from ..transform.resources import replace_unusable_images
    from ..validate.edition import prepare_or_report

    if fmt == "pdf":  # Typst's process loads while the file is read and checked
        from ..render.typst_compile import warm_up

        warm_up()
    edition, diagnostics = load_standalone(source, lang)
    if edition is None or has_errors(diagnostics):
        return None, diagnostics
    root = find_root(source.parent)
    project = load_project(root) if root else standalone_project(source.parent)
    # the store of the project's builds (or the user's): an unchanged text is not parsed
    # again, nor its Typst written again, nor the faces' character maps read again
    cache.use(project.output / ".cache" / "objects" if root else user_cache() / "objects")
    brand = load_brand(project.brand_path)
    edition = dataclasses.replace(edition, layout=choose_layout(edition, root is None))
    prepared, found = prepare_or_report(edition)
    if prepared is None:
        return None, diagnostics + found
    found += check_body(edition, prepared.ast)
    replace_unusable_images(prepared.ast, edition, strings(edition.lang))
    found = soften(found)
    if not has_errors(found):
        prepared, more = preflight.check_one(project, prepared, brand, None)
        found += foreign_characters(prepared, more)
    diagnostics += found
    if strict:
        diagnostics = [dataclasses.replace(d, severity=Severity.ERROR) for d in diagnostics]
    if has_errors(diagnostics):
        return None, diagnostics
    target = target or source.with_suffix(f".{fmt}")
    scratch = project.output / ".cache" if root else user_cache()
    out = render_one(prepared, Context(project, brand, scratch), fmt, target.resolve())
    cache.prune()
    return out, diagnostics + out.diagnostics
