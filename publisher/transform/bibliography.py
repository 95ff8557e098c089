"""Citations and the bibliography: pandoc's citeproc run on the edition's AST.

Optional per case: `bibliography: references.json` in case.yaml (CSL JSON, CSL
YAML or BibTeX, inside the case folder). Citations (`[@key]`) become formatted
author-date references linked to their entry, and the list of works cited is
placed in a `::: {#refs}` div (or at the end, under a localized heading).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..core import access, limits, pandoc
from ..core.diagnostics import Diagnostic, error
from ..i18n.strings import Strings
from ..core.model import Edition
from ..core.tree import position

FORMATS = {".json": "CSL JSON", ".yaml": "CSL YAML", ".yml": "CSL YAML", ".bib": "BibTeX",
           ".bibtex": "BibTeX"}
_NOT_FOUND = re.compile(r"citation (\S+) not found")


def _meta_string(text: str) -> dict:
    return {"t": "MetaString", "c": text}


def bibliography_file(edition: Edition) -> tuple[Path | None, list[Diagnostic]]:
    """The case's bibliography file, checked to be a supported file inside the case folder."""
    case = edition.case
    name = case.bibliography
    if not name:
        return None, []
    located = case.meta
    source = located.path if located is not None else case.path / "case.yaml"
    line, column = located.value_position("bibliography") if located is not None else (1, 1)
    path, refused = access.locate(case.path, name, "bibliography")
    hint = "put the file in the case folder, e.g. `bibliography: references.json`"
    if refused is not None and refused.code != "PUB201":
        return None, [error("PUB405", f"bibliography `{name}` must be a file inside the case "
                            "folder" + (f" ({refused.message})" if refused.code == "PUB230"
                                        else ""), source, line, column, hint)]
    if path is None:
        return None, [error("PUB405", f"bibliography `{name}` does not exist", source, line,
                            column, hint)]
    if path.suffix.lower() not in FORMATS:
        return None, [error("PUB405", f"bibliography `{name}` has an unknown format", source,
                            line, column, "use CSL JSON (.json), CSL YAML (.yaml) or BibTeX "
                            "(.bib)")]
    return path, []


def has_refs_div(ast: dict) -> bool:
    found = False

    def visit(blocks):
        nonlocal found
        for block in blocks:
            if block.get("t") == "Div":
                if block["c"][0][0] == "refs":
                    found = True
                visit(block["c"][1])

    visit(ast["blocks"])
    return found


def apply(ast: dict, edition: Edition, strings: Strings) -> tuple[dict, list[Diagnostic]]:
    """Run citeproc over `ast` when the case has a bibliography; return the new AST."""
    path, diagnostics = bibliography_file(edition)
    if path is None:
        return ast, diagnostics
    ast = dict(ast)
    ast_meta = ast.get("meta", {})
    meta = dict(ast_meta)
    meta["bibliography"] = _meta_string(path.name if path.parent == edition.case.path.resolve()
                                        else str(path))
    meta["lang"] = _meta_string(edition.lang)
    meta["link-citations"] = {"t": "MetaBool", "c": True}
    meta["link-bibliography"] = {"t": "MetaBool", "c": False}
    if not has_refs_div(ast):
        meta["reference-section-title"] = _meta_string(strings["references"])
    ast["meta"] = meta
    located = edition.case.meta
    source = located.path if located is not None else edition.path
    line, column = (located.value_position("bibliography") if located is not None else (1, 1))
    try:
        out, messages = pandoc.run_with_messages(
            ["-f", "json", "-t", "json", "--citeproc"], json.dumps(ast).encode("utf-8"),
            cwd=edition.case.path.resolve())
    except pandoc.TimedOut:
        seconds = limits.current().tool_seconds
        return ast, [error("PUB011", f"citations: pandoc ran longer than {seconds} s and was "
                           "stopped", source, line, column,
                           "raise `limits: {tool_seconds: ...}` in publisher.yaml")]
    except pandoc.PandocError as failed:
        messages = str(failed)
        first = messages.strip().splitlines()[0] if messages.strip() else "citeproc failed"
        return ast, [error("PUB405", f"cannot read bibliography `{path.name}`: {first}",
                           source, line, column,
                           f"check that the file is valid {FORMATS[path.suffix.lower()]}")]
    for key in dict.fromkeys(_NOT_FOUND.findall(messages)):
        at_line, at_column = position(edition, f"@{key}")
        diagnostics.append(error(
            "PUB406", f"citation `@{key}` is not in the bibliography `{path.name}`",
            edition.path, at_line, at_column,
            "add the work to the bibliography, fix the key, or write \\@ for a literal @"))
    result = json.loads(out)
    # leave the metadata as parsed: the settings above were for citeproc only
    result["meta"] = {k: v for k, v in result.get("meta", {}).items()
                      if k not in meta or k in ast_meta}
    return result, diagnostics
