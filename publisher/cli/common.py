"""What every command group of the command line shares: the project option, the report
of diagnostics, the guard that turns an aborting error into exit status 1."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..core.diagnostics import Diagnostic, PublisherError


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept `--lang ru,en` as well as `--lang ru --lang en`."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _report(diagnostics: list[Diagnostic], root: Path | None, stream=None) -> None:
    from .report import text

    stream = stream or sys.stderr
    color = stream.isatty() and "NO_COLOR" not in os.environ
    for d in diagnostics:
        click.echo(text(d, root, color), file=stream, color=color)


def _project(project_dir: str | None):
    from ..load.project import find_root, load_project

    start = Path(project_dir) if project_dir else Path.cwd()
    root = find_root(start)
    if root is None:
        raise click.UsageError(
            f"no publisher.yaml in {start.resolve()} or any folder above it "
            "(use --project DIR, or `publisher render FILE.md` for a single file)")
    return load_project(root)


class Abort(click.ClickException):
    exit_code = 1

    def show(self, file=None):
        click.echo(f"error: {self.message}", file=file or sys.stderr)


def _guard(func, *args, **kwargs):
    """Run a library call; turn an aborting PublisherError into diagnostics and exit 1."""
    try:
        return func(*args, **kwargs)
    except PublisherError as exc:
        _report(exc.diagnostics, None)
        raise Abort(str(exc)) from None


project_option = click.option(
    "--project", "-C", "project_dir", metavar="DIR", type=click.Path(file_okay=False),
    help="The project folder (default: the nearest folder with publisher.yaml).")


def format_option(func):
    """`--format text|json|github` and `--json` (the same as `--format json`), shared by every
    command that reports problems."""
    func = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(func)
    return click.option(
        "--format", "output_format", type=click.Choice(["text", "json", "github"]),
        default="text", show_default=True,
        help="text for people, json for tools, github for workflow annotations.")(func)


def _emit(diagnostics: list[Diagnostic], root: Path, output_format: str, summary: str,
          **extra) -> None:
    """Report problems in the chosen format: JSON (with `extra`) on stdout; text or GitHub
    annotations, then the one-line summary on stderr."""
    from . import report

    if output_format == "json":
        click.echo(report.as_json(diagnostics, root, **extra))
        return
    if output_format == "github":
        for d in diagnostics:
            click.echo(report.github(d, root))
    else:
        _report(diagnostics, root)
    click.echo(summary, err=True)


drafts_option = click.option(
    "--drafts", is_flag=True,
    help="Put drafts (draft: true) and editions with placeholders on the site, in its feeds, "
         "catalog and zips too (they are always built for preview).")


def _report_held(held, root: Path) -> None:
    """Say which editions were kept off the site, and why."""
    if not held:
        return
    reasons = {"draft": "draft: true", "placeholders": "placeholders (TODO) left"}
    click.echo(f"held back from the site ({_plural(len(held), 'edition')}; --drafts publishes "
               "them):", err=True)
    for h in held:
        try:
            shown = h.path.relative_to(root)
        except ValueError:
            shown = h.path
        click.echo(f"  {shown}: {reasons.get(h.reason, h.reason)}", err=True)


def _plural(number: int, word: str) -> str:
    from ..i18n.strings import count

    return count(number, word)
