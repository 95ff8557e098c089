"""`publisher translations`: the case x language status matrix, and `sync`."""

from __future__ import annotations

import json
import sys

import click

from .common import _guard, _project, _report, _split, project_option

def _table(statuses, langs) -> str:
    cases = sorted({s.case for s in statuses})
    cell = {(s.case, s.lang): s for s in statuses}

    def show(s):
        return f"stale ({len(s.stale_sections)})" if s.status == "stale" else s.status

    rows = [["case", *langs]] + [[c, *(show(cell[c, lang]) for lang in langs)] for c in cases]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    for s in statuses:
        if s.status == "stale":
            lines.append(f"{s.case}/{s.lang}.md: stale since the {s.source} source changed: "
                         + ", ".join(s.stale_sections))
        elif s.status == "unsynced":
            lines.append(f"{s.case}/{s.lang}.md: no record of its {s.source} source; run "
                         f"`publisher translations sync {s.case} {s.lang}`")
    return "\n".join(lines)


class _MatrixGroup(click.Group):
    """`translations [CASE ...]`, naming cases like the other commands do, beside the
    subcommand `translations sync CASE LANG`."""

    def parse_args(self, ctx, args):
        first = self._first_positional(ctx, args)
        if first is not None and first in self.commands:
            rest = super().parse_args(ctx, args)
            ctx.params.setdefault("names", ())
            return rest
        names, options, value_next = [], [], False
        for token in args:
            if value_next or token.startswith("-"):
                options.append(token)
                value_next = not value_next and self._takes_value(ctx, token)
            else:
                names.append(token)
        rest = super().parse_args(ctx, options)
        ctx.params["names"] = tuple(names)
        return rest

    def _takes_value(self, ctx, token: str) -> bool:
        name = token.split("=", 1)[0]
        for param in self.get_params(ctx):
            if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
                return not param.is_flag and "=" not in token
        return False

    def _first_positional(self, ctx, args) -> str | None:
        value_next = False
        for token in args:
            if value_next or token.startswith("-"):
                value_next = not value_next and self._takes_value(ctx, token)
                continue
            return token
        return None

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, "[OPTIONS] [CASE]...\n"
                              f"{ctx.command_path} sync CASE LANG")


@click.group(cls=_MatrixGroup, invoke_without_command=True)
@project_option
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only these languages (comma-separated or repeated).")
@click.option("--json", "as_json", is_flag=True, help="Print the matrix as JSON.")
@click.option("--case", "cases", multiple=True, metavar="SLUG",
              help="Deprecated: name the cases as arguments, `translations CASE ...`.")
@click.option("--check", is_flag=True,
              help="Exit 1 when an edition is stale, unsynced or missing (for CI).")
@click.pass_context
def translations(ctx, project_dir, langs, as_json, cases, check, names=()):
    """Show which translations are up to date, stale or missing (case x language), for
    every case or the CASEs named.

    Each cell is source, ok, stale (n), unsynced, missing, or unplanned (a language the
    case does not declare in `languages:` of its case.yaml). A translation is stale when a
    section of its source changed since `publisher translations sync` recorded it.
    """
    if ctx.invoked_subcommand is not None:
        return
    if cases:
        click.echo("note: --case is deprecated; name the cases as arguments: "
                   f"`publisher translations {' '.join(_split(cases))}`", err=True)
    cases = (*names, *cases)
    from ..i18n.strings import count
    from ..i18n.translations import BEHIND, matrix

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
    behind = [s for s in statuses if s.status in BEHIND]
    if check and behind:
        if not as_json:
            verb = "is" if len(behind) == 1 else "are"
            click.echo(f"{count(len(behind), 'edition')} {verb} stale, unsynced or missing",
                       err=True)
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
    from ..i18n.translations import sync as run_sync

    project = _guard(_project, project_dir)
    path = _guard(run_sync, project, case, lang)
    click.echo(str(path.relative_to(project.root)))
