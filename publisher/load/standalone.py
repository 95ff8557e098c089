"""A Markdown file of no project, read as a one-edition case (written for any tool)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..core.diagnostics import Diagnostic
from ..core.model import FORMATS, Edition, Project
from ..core.paths import RESOURCES
from ..core.yamlio import read_markdown
from .fields import STANDALONE_FIELDS
from .kinds import check_mapping
from .project import case_from, edition_from


def standalone_project(folder: Path) -> Project:
    """The project used to render a Markdown file that belongs to no project."""
    folder = folder.resolve()
    return Project(
        root=folder,
        name="",
        languages=(),
        formats=FORMATS,
        output=folder,
        cases_dir=folder,
        brand_path=RESOURCES / "brand.yaml",
        types={},
        standalone=True,
    )


def load_standalone(path: Path, lang: str | None = None,
                    ) -> tuple[Edition | None, list[Diagnostic]]:
    """Read any Markdown file, front matter optional, as a one-edition case.

    The file may have been written for another tool: front matter fields of the wrong
    kind are left out with a warning, unknown fields are ignored (unless close to one
    of ours), and without a `title` the first level-1 heading is the title. The language
    is `lang`, else the front matter's `lang`, `language` or `locale`, else the one the
    text is written in.
    """
    from dataclasses import replace

    from ..i18n import detect as language
    from ..core.diagnostics import Severity

    path = path.resolve()
    document, diagnostics = read_markdown(path)
    if document is None:
        return None, diagnostics
    values, found = check_mapping(document.meta, STANDALONE_FIELDS, "front matter")
    for d in found:
        if d.code == "PUB104" and not d.hint.startswith("did you mean"):
            continue  # another tool's field (permalink, weight...): no effect here
        if d.code == "PUB103" and d.message.startswith("`layout`"):
            continue  # Jekyll's and Hugo's `layout` names a template of theirs
        if d.is_error and d.code in ("PUB101", "PUB102", "PUB103", "PUB105"):
            d = replace(d, severity=Severity.WARNING,
                        hint=(d.hint + "; " if d.hint else "") + "the field is ignored")
        diagnostics.append(d)
    if "author" in values and values["author"] and "authors" not in values:
        values["authors"] = [{"name": values["author"]}]
    values.setdefault("date", dt.date.fromtimestamp(path.stat().st_mtime))
    values.setdefault("type", "report")
    case = case_from(path.stem, path.parent, values, document.meta)
    if "title" not in values:
        heading = first_title(document.body)
        if heading is not None:
            index, title = heading
            values["title"] = title
            lines = document.body.split("\n")
            lines[index] = ""  # the heading is the title now; every other line stays put
            document = replace(document, body="\n".join(lines))
        else:
            values["title"] = path.stem.split(".")[0].replace("-", " ").replace(
                "_", " ").strip().capitalize()
    raw = document.meta.data if document.meta is not None else {}
    lang = (lang or language.from_front_matter(dict(raw) if hasattr(raw, "items") else {})
            or language.detect(document.body))
    return edition_from(case, lang, path, values, document), diagnostics


_FIRST_H1 = re.compile(r"^ {0,3}#(?!#)[ \t]*(.+?)[ \t]*(?:\{[^}]*\})?[ \t#]*$")


def first_title(body: str) -> tuple[int, str] | None:
    """(line index, text) of the body's first level-1 heading outside code, if any."""
    fence = None
    for index, line in enumerate(body.split("\n")):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = None if fence == mark else (fence or mark)
            continue
        if fence:
            continue
        m = _FIRST_H1.match(line)
        if m and m.group(1).strip():
            return index, m.group(1).strip()
    return None
