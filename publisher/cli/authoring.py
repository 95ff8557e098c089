"""`publisher new`, `publisher import` and `publisher serve`: the author's commands."""

from __future__ import annotations

from pathlib import Path

import click

from .common import Abort, _guard, _plural, _project, _report, project_option


@click.command("new")
@project_option
@click.argument("doc_type", metavar="TYPE")
@click.argument("slug")
@click.option("--lang", required=True, help="Language of the first edition (the source).")
@click.option("--country", default="", help="ISO 3166-1 alpha-2 code, e.g. AZ.")
def new(project_dir, doc_type, slug, lang, country):
    """Start a case, guide or report: cases/SLUG/ from the scaffolds, then validate it.

    TYPE is a document type of the project (case-study or case, guide, report).
    """
    from ..authoring.scaffold import new_case
    from ..validate.edition import validate as run_validate

    project = _guard(_project, project_dir)
    doc_type = {"case": "case-study"}.get(doc_type, doc_type)
    written = _guard(new_case, project, doc_type, slug, lang, country)
    for path in written:
        click.echo(f"created {path.relative_to(project.root)}")
    checked = run_validate(project, (slug,))
    _report(checked.diagnostics, project.root)
    todo = sum(d.code == "PUB120" for d in checked.diagnostics)
    click.echo(f"{_plural(todo, 'placeholder')} to replace; edit cases/{slug}/{lang}.md and run "
               f"`publisher serve` to preview it", err=True)


@click.command("import")
@project_option
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--case", "slug", required=True, help="The case to import into (created if new).")
@click.option("--lang", required=True, help="The language of the draft.")
@click.option("--overwrite", is_flag=True, help="Replace an existing edition in that language.")
@click.option("--type", "doc_type", default=None, metavar="TYPE",
              help="Document type of a new case (case-study or case, guide, report); its "
              "section ids are given to the draft's headings. Default: case.yaml's, else "
              "case-study.")
@click.option("--comments", type=click.Choice(["keep", "drop", "refuse"]), default="keep",
              show_default=True, help="Word comments: keep them as notes (HTML comments) in "
              "the Markdown, leave them out, or refuse a draft that has any.")
@click.option("--changes", type=click.Choice(["keep", "accept", "reject", "refuse"]),
              default="keep", show_default=True, help="Tracked changes: accept them and keep "
              "a note of each in the Markdown, accept or reject them, or refuse the draft.")
def import_(project_dir, source, slug, lang, overwrite, doc_type, comments, changes):
    """Turn a Word draft (.docx) into cases/CASE/LANG.md with its images in media/.

    Word's headings become sections with the document type's ids (found by the scaffold's
    section names in every language, or by position against the source edition); Heading 1
    becomes level 2 when the title stands apart.
    """
    from ..authoring.wordimport import import_docx
    from ..validate.edition import validate as run_validate

    project = _guard(_project, project_dir)
    doc_type = {"case": "case-study"}.get(doc_type or "", doc_type)
    report = _guard(import_docx, project, source, slug, lang, overwrite, doc_type, comments,
                    changes)
    click.echo(f"created {report.edition.relative_to(project.root)}"
               f" with {_plural(len(report.media), 'image')} in cases/{slug}/media/")
    _report(report.notes, project.root)
    checked = run_validate(project, (slug,), (lang,))
    _report(checked.diagnostics, project.root)
    click.echo(f"{_plural(len(report.notes), 'conversion note')}, "
               f"{_plural(sum(d.is_error for d in checked.diagnostics), 'error')} and "
               f"{_plural(sum(not d.is_error for d in checked.diagnostics), 'warning')} "
               "to review", err=True)


@click.command()
@project_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(project_dir, port):
    """Preview the editions at http://127.0.0.1:PORT/, rebuilt and reloaded on every save.

    Problems appear at the top of the page. PDFs: /SLUG/LANG.pdf. Stop with Ctrl-C.
    """
    import time

    from ..authoring.serve import Server

    project = _guard(_project, project_dir)
    try:
        server = Server(project, port=port).start()
    except OSError as exc:
        raise Abort(f"cannot listen on 127.0.0.1:{port}: {exc.strerror} "
                    "(choose another with --port)") from None
    click.echo(f"previewing {project.root} at {server.url} (Ctrl-C to stop)", err=True)
    try:
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        click.echo("stopping the preview", err=True)
    finally:
        server.stop()
