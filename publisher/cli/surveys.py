"""`publisher survey`: check forms, record translations, import responses, print forms."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import Abort, _guard, _project, _report, project_option


def _folder(project, slug: str) -> Path:
    from ..surveys import surveys_dir

    folder = surveys_dir(project.root) / slug
    if not folder.is_dir():
        raise Abort(f"no survey `{slug}` (no folder surveys/{slug}/)")
    return folder


def _form(project, slug: str):
    from ..surveys import load_survey

    form, found = load_survey(_folder(project, slug))
    _report([d for d in found if d.is_error], project.root)
    if form is None:
        raise Abort(f"cannot read the form of `{slug}`")
    return form


@click.group()
def survey():
    """Surveys: XLSForm instruments in surveys/SLUG/ and the responses collected with them."""


@survey.command()
@project_option
@click.argument("slugs", nargs=-1)
def check(project_dir, slugs):
    """Convert each form with pyxform and check its translations and scales.

    Every pyxform error and warning is shown at the cell of form.md (line and column)
    or form.xlsx (sheet and cell) it is about. Exits 1 on errors.
    """
    from ..surveys import check_all, find_surveys
    from ..validate.edition import filter_ignored

    project = _guard(_project, project_dir)
    known = {f.name for f in find_surveys(project.root)}
    for slug in slugs:
        if slug not in known:
            raise Abort(f"no survey `{slug}` (no folder surveys/{slug}/)")
    found = filter_ignored(project, check_all(project.root, slugs))
    _report(found, project.root)
    errors = sum(d.is_error for d in found)
    count = len(slugs) or len(known)
    click.echo(f"{count} surveys checked: {errors} errors, {len(found) - errors} warnings",
               err=True)
    sys.exit(1 if errors else 0)


@survey.command()
@project_option
@click.argument("slug")
@click.argument("lang")
def sync(project_dir, slug, lang):
    """Record that SLUG's LANG texts are translations of the source texts as they are now."""
    from ..surveys.fingerprints import sync as run_sync

    project = _guard(_project, project_dir)
    form = _form(project, slug)
    if lang not in form.languages or lang == form.default_language:
        others = ", ".join(x for x in form.languages if x != form.default_language)
        raise Abort(f"`{lang}` is not a translation of `{slug}` (its translations: "
                    f"{others or 'none'})")
    path = run_sync(form, lang)
    click.echo(str(path.relative_to(project.root)))


@survey.command("import")
@project_option
@click.argument("slug")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source", type=click.Choice(["kobo", "odk", "limesurvey", "google"]),
              default=None, help="The tool that wrote the export (default: detected).")
@click.option("--keep-personal", is_flag=True,
              help="Keep personal answers, in surveys/SLUG/personal/ (git-ignored).")
def import_(project_dir, slug, files, source, keep_personal):
    """Import an export of KoboToolbox, ODK Central, LimeSurvey or Google Forms.

    Writes one table under surveys/SLUG/responses/ with a Frictionless schema beside
    it. Submissions imported before are skipped. For ODK Central, name the CSV files of
    the repeats after the main one. Personal answers are left out unless asked.
    """
    from ..surveys.responses import import_export

    project = _guard(_project, project_dir)
    form = _form(project, slug)
    result = import_export(form, files[0], source, keep_personal, tuple(files[1:]))
    _report(result.diagnostics, project.root)
    if result.table is not None:
        click.echo(str(result.table.relative_to(project.root)))
    if result.personal is not None:
        click.echo(f"personal answers kept in {result.personal.relative_to(project.root)} "
                   "(git-ignored; never published)", err=True)
    errors = sum(d.is_error for d in result.diagnostics)
    click.echo(f"{result.added} submissions added, {result.skipped} already imported "
               f"({result.source or 'unknown source'}"
               f"{', labels in ' + result.language if result.language else ''})", err=True)
    sys.exit(1 if errors or not result.source else 0)


@survey.command("form")
@project_option
@click.argument("slug")
@click.option("--to", "fmt", type=click.Choice(["pdf", "docx", "html", "xlsx", "xform"]),
              required=True, help="pdf, docx or html to print; xlsx or xform to upload.")
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Languages of the printed questionnaire (default: every language of "
                   "the form).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output file (one language) or folder (default: build/surveys/SLUG/).")
def form_(project_dir, slug, fmt, langs, output):
    """Make a printable questionnaire (boxes to tick, scales, skip instructions) in the
    brand, or the XLSX and XForm to upload to KoboToolbox or ODK Central."""
    from ..load.brand import load_brand
    from .common import _split
    from ..surveys import check_survey
    from ..surveys.output import PRINTED, render, target_name

    project = _guard(_project, project_dir)
    form, xform, found = check_survey(_folder(project, slug))
    _report([d for d in found if d.is_error], project.root)
    if form is None:
        raise Abort(f"cannot read the form of `{slug}`")
    brand = _guard(load_brand, project.brand_path)
    langs = _split(langs) or (tuple(form.languages) if fmt in PRINTED else ("",))
    folder = project.output / "surveys" / slug
    failed = False
    for lang in langs:
        target = folder / target_name(form, fmt, lang)
        if output is not None:
            target = output / target.name if output.is_dir() or len(langs) > 1 else output
        problems = render(form, fmt, lang, target, brand, xform)
        _report(problems, project.root)
        failed = failed or bool(problems)
        if not problems:
            try:
                click.echo(str(target.resolve().relative_to(project.root)))
            except ValueError:
                click.echo(str(target))
    sys.exit(1 if failed else 0)


@survey.command()
@project_option
@click.argument("slug")
@click.option("--seed", type=int, default=2019, show_default=True,
              help="Seed of the generator: the same seed makes the same responses.")
def illustrate(project_dir, slug, seed):
    """Add ILLUSTRATIVE responses to SLUG, made up by a seeded generator and labelled so in
    the table, its schema and every count made from it (see docs/surveys.md)."""
    from ..surveys.illustrative import illustrate as run_illustrate

    project = _guard(_project, project_dir)
    form = _form(project, slug)
    for result in run_illustrate(form, project.root, seed):
        _report(result.diagnostics, project.root)
        if result.table is not None:
            click.echo(str(result.table.relative_to(project.root)))
        click.echo(f"{result.added} illustrative submissions added, {result.skipped} there "
                   "already", err=True)
