"""`publisher translations`: the case x language status matrix, and `sync`."""

from __future__ import annotations

import json
import sys

import click

from .cli import Abort, _guard, _project, _report, _split, project_option

#: how each status is shown in the matrix
CELLS = {"source": "source", "current": "ok", "stale": "stale", "unsynced": "unsynced",
         "missing": "-"}


def _table(statuses, langs) -> str:
    cases = sorted({s.case for s in statuses})
    cell = {(s.case, s.lang): s for s in statuses}

    def show(s):
        text = CELLS[s.status]
        return f"{text} ({len(s.stale_sections)})" if s.status == "stale" else text

    rows = [["case", *langs]] + [[c, *(show(cell[c, lang]) for lang in langs)] for c in cases]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    for s in statuses:
        if s.status == "stale":
            lines.append(f"{s.case}/{s.lang}.md: stale since the {s.source} source changed: "
                         + ", ".join(s.stale_sections))
        elif s.status == "unsynced":
            lines.append(f"{s.case}/{s.lang}.md: no record of its {s.source} source; run "
                         f"`publisher translations sync {s.case} {s.lang}`")
    return "\n".join(lines)


@click.group(invoke_without_command=True)
@project_option
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only these languages (comma-separated or repeated).")
@click.option("--json", "as_json", is_flag=True, help="Print the matrix as JSON.")
@click.option("--case", "cases", multiple=True, metavar="SLUG",
              help="Only these cases (comma-separated or repeated).")
@click.option("--check", is_flag=True,
              help="Exit 1 when an edition is stale, unsynced or missing (for CI).")
@click.pass_context
def translations(ctx, project_dir, langs, as_json, cases, check):
    """Show which translations are up to date, stale or missing (case x language).

    A translation is stale when a section of its source changed since
    `publisher translations sync` recorded it.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .translations import matrix

    project = _guard(_project, project_dir)
    langs = _split(langs) or project.languages
    statuses, diagnostics = _guard(matrix, project, _split(cases), langs)
    _report([d for d in diagnostics if d.is_error], project.root)
    if as_json:
        by_case: dict[str, dict] = {}
        for s in statuses:
            by_case.setdefault(s.case, {})[s.lang] = s.to_json()
        click.echo(json.dumps({"languages": list(langs), "cases": by_case},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(_table(statuses, langs))
    behind = [s for s in statuses if s.status in ("stale", "unsynced", "missing")]
    if check and behind:
        if not as_json:
            click.echo(f"{len(behind)} editions are stale, unsynced or missing", err=True)
        sys.exit(1)


@translations.command()
@project_option
@click.argument("case")
@click.argument("lang")
def sync(project_dir, case, lang):
    """Record that CASE's LANG translation matches its source as it is now.

    Writes the hash of every source section into the translation's front matter
    (`source_sections`), leaving the rest of the file as it was.
    """
    from .translations import sync as run_sync

    project = _guard(_project, project_dir)
    path = _guard(run_sync, project, case, lang)
    click.echo(str(path.relative_to(project.root)))
