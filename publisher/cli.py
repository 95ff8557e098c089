"""The command line: parse options, call one library function, report diagnostics."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import Diagnostic, PublisherError

FORMAT_CHOICES = ("pdf", "docx", "html")


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept `--lang ru,en` as well as `--lang ru --lang en`."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _report(diagnostics: list[Diagnostic], root: Path | None, stream=None) -> None:
    stream = stream or sys.stderr
    for d in diagnostics:
        click.echo(d.format(root), file=stream)


def _project(project_dir: str | None):
    from .load import find_root, load_project

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="publisher")
def cli():
    """Turn Markdown case studies, guides and reports into PDF, DOCX and HTML editions."""


@cli.command()
@project_option
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only these languages (comma-separated or repeated).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print diagnostics.")
@click.argument("cases", nargs=-1)
def validate(project_dir, langs, output_format, cases):
    """Check metadata and content of every edition without rendering.

    Prints one line per problem as FILE:LINE:COLUMN: SEVERITY CODE: MESSAGE and
    exits 1 when there is an error.
    """
    from .validate import validate as run_validate

    project = _guard(_project, project_dir)
    checked = _guard(run_validate, project, cases, _split(langs))
    diagnostics = checked.diagnostics
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    count = len(checked.prepared) + len(checked.failed)
    if output_format == "json":
        click.echo(json.dumps({
            "editions": count, "errors": errors, "warnings": warnings,
            "diagnostics": [d.to_json(project.root) for d in diagnostics]},
            ensure_ascii=False, indent=2))
    else:
        _report(diagnostics, project.root)
        click.echo(f"{count} editions checked: {errors} errors, {warnings} warnings",
                   err=True)
    sys.exit(1 if errors else 0)


@cli.command()
@project_option
@click.option("--to", "formats", multiple=True, metavar="FORMATS",
              help="Formats to build: pdf, docx, html (comma-separated; default: the project's).")
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only these languages (comma-separated or repeated).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON manifest of every output.")
@click.argument("cases", nargs=-1)
def build(project_dir, formats, langs, as_json, cases):
    """Validate and build the editions of every case (or of the CASES named)."""
    from .build import build as run_build

    formats = _split(formats)
    for fmt in formats:
        if fmt not in FORMAT_CHOICES:
            raise click.BadParameter(f"unknown format {fmt!r}; choose from pdf, docx, html",
                                     param_hint="--to")
    project = _guard(_project, project_dir)

    def progress(out):
        if not as_json:
            click.echo(f"{out.status:>6}  {out.path.relative_to(project.root)}"
                       f"  ({out.seconds:.1f} s)", err=True)

    result = _guard(run_build, project, cases, _split(langs), formats, progress)
    _report(result.diagnostics, project.root)
    built = sum(o.status == "built" for o in result.outputs)
    failed = sum(o.status == "failed" for o in result.outputs)
    if as_json:
        click.echo(json.dumps({
            "ok": result.ok,
            "outputs": [o.to_json(project.root) for o in result.outputs],
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{built} built, {failed} failed", err=True)
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(FORMAT_CHOICES), required=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: next to SOURCE with the format's extension).")
def render(source, fmt, output):
    """Render one Markdown file (front matter optional) to PDF, DOCX or HTML."""
    from .build import render_file

    out, diagnostics = _guard(render_file, source, fmt, output)
    _report(diagnostics, Path.cwd())
    if out is None or out.status == "failed":
        raise Abort(f"could not render {source}")
    click.echo(str(out.path))


@cli.command()
@project_option
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only these languages (comma-separated or repeated).")
@click.option("--pages", default="1-3", show_default=True, metavar="PAGES",
              help="Pages to render, e.g. 1,4-5.")
@click.option("--dpi", type=click.IntRange(20, 600), default=60, show_default=True,
              help="Resolution of the pictures.")
@click.argument("cases", nargs=-1)
def proof(project_dir, langs, pages, dpi, cases):
    """Build the PDF editions and render chosen pages to PNG under build/proofs/."""
    from .proof import PageSpecError, parse_pages, proof as run_proof

    try:
        chosen = parse_pages(pages)
    except PageSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--pages") from None
    project = _guard(_project, project_dir)
    result = _guard(run_proof, project, cases, _split(langs), chosen, dpi)
    _report(result.build.diagnostics + result.diagnostics, project.root)
    for picture in result.pictures:
        click.echo(str(picture.relative_to(project.root)))
    sys.exit(0 if result.ok else 1)


def main():
    cli(prog_name="publisher")
