"""The command line: parse options, call one library function, report diagnostics."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import __version__
from ..core import cache
from .alliance import alliance
from .assess import assess
from .authoring import import_, new, serve
from .common import (
    Abort, _emit, _guard, _plural, _project, _report, _report_held, _split, drafts_option,
    format_option, project_option,
)
from .surveys import survey
from .translations import translations
from ..core.diagnostics import PublisherError

FORMAT_CHOICES = ("pdf", "docx", "html")


def _report_kept(kept, root: Path) -> None:
    """Say which failing editions the site shows as their last good build made them."""
    if not kept:
        return
    click.echo(f"kept on the site as last built ({_plural(len(kept), 'edition')} that failed "
               "to build; fix them to update the site):", err=True)
    for k in kept:
        click.echo(f"  {_shown(k.path, root)}", err=True)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="publisher")
def cli():
    """Turn Markdown case studies, guides and reports into PDF, DOCX and HTML editions."""


@cli.command()
@project_option
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only these languages (comma-separated or repeated).")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True,
              help="text for people, json for tools, github for workflow annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.argument("cases", nargs=-1)
def validate(project_dir, langs, output_format, strict, cases):
    """Check metadata and content of every edition without rendering.

    Prints each problem as FILE:LINE:COLUMN: SEVERITY CODE: MESSAGE with the
    source line and a hint. Exits 0 when clean, 1 on errors, 2 on usage errors.
    Codes listed under `ignore:` in publisher.yaml are not reported.
    """
    from . import report
    from ..validate.edition import validate as run_validate

    project = _guard(_project, project_dir)
    cache.use_for(project)  # parsed Markdown is kept for the next run and the build
    checked = _guard(run_validate, project, cases, _split(langs))
    diagnostics = report.strict(checked.diagnostics) if strict else checked.diagnostics
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    count = len(checked.prepared) + len(checked.failed)
    if output_format == "json":
        click.echo(report.as_json(diagnostics, project.root, editions=count))
    elif output_format == "github":
        for d in diagnostics:
            click.echo(report.github(d, project.root))
    else:
        _report(diagnostics, project.root)
    if output_format != "json":
        click.echo(f"{_plural(count, 'edition')} checked: {_plural(errors, 'error')}, "
                   f"{_plural(warnings, 'warning')}", err=True)
    sys.exit(1 if errors else 0)


@cli.command()
@project_option
@click.option("--to", "formats", multiple=True, metavar="FORMATS",
              help="Formats to build: pdf, docx, html, site (comma-separated; default: the "
                   "project's formats, then the site).")
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only these languages (comma-separated or repeated).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per CPU).")
@click.option("--force", is_flag=True, help="Rebuild even the outputs that are up to date.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON manifest: every output built, skipped or failed, with its time.")
@drafts_option
@click.argument("cases", nargs=-1)
def build(project_dir, formats, langs, jobs, force, as_json, drafts, cases):
    """Validate and build the editions of every case (or of the CASES named).

    Only outputs whose inputs changed since the last build are rendered; the
    others are reported as skipped.
    """
    from ..build.builder import build as run_build
    from ..build.progress import Progress

    formats = _split(formats)
    for fmt in formats:
        if fmt not in (*FORMAT_CHOICES, "site"):
            raise click.BadParameter(f"unknown format {fmt!r}; choose from pdf, docx, html, site",
                                     param_hint="--to")
    project = _guard(_project, project_dir)
    progress = Progress(project.root, quiet=as_json)

    def waiting():
        click.echo("another build of this project is running; waiting for it to finish...",
                   err=True)

    try:
        result = _guard(run_build, project, cases, _split(langs), formats, progress,
                        jobs, force, waiting, drafts=drafts)
    except KeyboardInterrupt:
        progress.close()
        click.echo("interrupted: finished outputs are kept, nothing half-written was left",
                   err=True)
        sys.exit(130)
    progress.close()
    _report(result.diagnostics, project.root)  # for people, on stderr, with --json too
    counts = {s: sum(o.status == s for o in result.outputs) for s in ("built", "skipped", "failed")}
    if as_json:
        errors = sum(d.is_error for d in result.diagnostics)
        click.echo(json.dumps({
            "ok": result.ok,
            "counts": counts,
            "errors": errors,
            "warnings": len(result.diagnostics) - errors,
            # every problem found, validation warnings included (each output lists its own)
            "diagnostics": [d.to_json(project.root) for d in result.diagnostics],
            "outputs": [o.to_json(project.root) for o in result.outputs],
            "held_back": [h.to_json(project.root) for h in result.held],
            "kept_on_site": [k.to_json(project.root) for k in result.kept],
            # outputs of deleted cases or languages, removed from build/
            "removed": [_shown(p, project.root) for p in result.removed],
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{counts['built']} built, {counts['skipped']} up to date, "
                   f"{counts['failed']} failed", err=True)
        _report_held(result.held, project.root)
        _report_kept(result.kept, project.root)
        if result.removed:
            click.echo(f"removed ({_plural(len(result.removed), 'output')} of deleted "
                       "editions or surveys):", err=True)
            for path in result.removed:
                click.echo(f"  {_shown(path, project.root)}", err=True)
    sys.exit(0 if result.ok else 1)


@cli.command()
@project_option
@drafts_option
@format_option
def site(project_dir, drafts, output_format, as_json):
    """Build the catalog site in <output>/site from every valid edition and the built files.

    Drafts and editions with placeholders (TODO) are left out unless --drafts is given."""
    from ..build.planner import BuildLock
    from ..site import build_site

    output_format = "json" if as_json else output_format
    project = _guard(_project, project_dir)

    def waiting():
        click.echo("another build of this project is running; waiting for it to finish...",
                   err=True)

    try:  # the build's lock: never two writers at once
        with BuildLock(project.output, waiting, "PUB705", "the site"):
            out = _guard(build_site, project, drafts=drafts)
    except PublisherError as exc:
        _report(exc.diagnostics, project.root)
        raise Abort(str(exc)) from None
    shown = out.path.relative_to(project.root)
    _emit(out.diagnostics, project.root, output_format,
          f"{out.status}  {shown}  ({out.seconds:.1f} s)", status=out.status, path=str(shown),
          seconds=round(out.seconds, 3),
          held_back=[h.to_json(project.root) for h in out.held],
          kept_on_site=[k.to_json(project.root) for k in out.kept])
    if output_format != "json":
        _report_held(out.held, project.root)
        _report_kept(out.kept, project.root)
    sys.exit(0 if out.status == "built" else 1)


@cli.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(FORMAT_CHOICES), required=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: next to SOURCE with the format's extension).")
@click.option("--lang", metavar="LANG",
              help="Language of the text (default: the front matter's lang, language or "
                   "locale, else found from the text).")
@click.option("--strict", is_flag=True,
              help="Refuse the file on any warning (broken links, missing images...).")
def render(source, fmt, output, lang, strict):
    """Render one Markdown file (front matter optional) to PDF, DOCX or HTML.

    The file may come from GitHub, Jekyll, Hugo, MkDocs, MyST or Quarto: what cannot
    be shown faithfully is reported as a warning with its line, and the output is written.
    """
    from ..build.standalone import render_file

    out, diagnostics = _guard(render_file, source, fmt, output, lang, strict)
    _report(diagnostics, Path.cwd())
    if out is None or out.status == "failed":
        raise Abort(f"could not render {source}")
    click.echo(str(out.path))


@cli.command()
@project_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the JSON Schemas (default: schemas/ of the project).")
@click.option("--reference", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the Markdown field reference to this file.")
def schema(project_dir, out_dir, reference):
    """Write JSON Schemas of publisher.yaml, case.yaml, front matter, the brand file and the
    alliance's records.

    Editors such as VS Code (YAML extension) use them to complete and check metadata.
    """
    from ..load.schemas import reference as field_reference, schema_files
    from ..load.project import find_root
    from ..core.atomic import write_atomically

    if out_dir is None:
        root = find_root(Path(project_dir) if project_dir else Path.cwd()) or Path.cwd()
        out_dir = root / "schemas"
    for name, text in schema_files().items():
        write_atomically(out_dir / name, text.encode("utf-8"))
        click.echo(str(out_dir / name))
    if reference:
        write_atomically(reference, field_reference().encode("utf-8"))
        click.echo(str(reference))


for command in (translations, alliance, survey, assess, new, import_, serve):
    cli.add_command(command)


@cli.command()
@project_option
@format_option
def check(project_dir, output_format, as_json):
    """Check the built outputs: links and anchors resolve, PDFs are tagged with embedded
    fonts, DOCX files open."""
    from ..site.verify import check_outputs

    project = _guard(_project, project_dir)
    found, counts = check_outputs(project.output)
    errors = sum(d.is_error for d in found)
    checked = {fmt: counts.get(fmt, 0) for fmt in ("html", "pdf", "docx")}
    _emit(found, project.root, "json" if as_json else output_format,
          f"checked {checked['html']} HTML, {checked['pdf']} PDF and {checked['docx']} DOCX "
          f"{'file' if sum(checked.values()) == 1 else 'files'}: {_plural(errors, 'error')}",
          checked=checked)
    sys.exit(1 if errors else 0)


@cli.command()
@project_option
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only these languages (comma-separated or repeated).")
@click.option("--pages", default="1-3", show_default=True, metavar="PAGES",
              help="Pages to render, e.g. 1,4-5.")
@click.option("--dpi", type=click.IntRange(20, 600), default=60, show_default=True,
              help="Resolution of the pictures.")
@format_option
@click.argument("cases", nargs=-1)
def proof(project_dir, langs, pages, dpi, output_format, as_json, cases):
    """Build the PDF editions and render chosen pages to PNG under build/proofs/."""
    from ..render.proof import PageSpecError, parse_pages, proof as run_proof

    try:
        chosen = parse_pages(pages)
    except PageSpecError as exc:
        raise click.BadParameter(str(exc), param_hint="--pages") from None
    project = _guard(_project, project_dir)
    result = _guard(run_proof, project, cases, _split(langs), chosen, dpi)
    pictures = [str(p.relative_to(project.root)) for p in result.pictures]
    output_format = "json" if as_json else output_format
    if output_format != "json":
        for picture in pictures:
            click.echo(picture)
    _emit(result.build.diagnostics + result.diagnostics, project.root, output_format,
          f"{_plural(len(pictures), 'picture')} of {_plural(len(chosen), 'page')} written",
          ok=result.ok, pictures=pictures)
    sys.exit(0 if result.ok else 1)


def main():
    cli(prog_name="publisher")
