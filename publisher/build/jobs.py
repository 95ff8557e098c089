"""One edition's job: loaded, checked, then rendered into each of its formats, in whichever
process runs it (the build's own or a worker of the pool)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..core import cache
from ..core.diagnostics import CODES, Diagnostic, error, has_errors
from ..core.model import Project
from ..load.brand import load_brand
from ..render import Context, renderer
from ..transform.passes import Prepared
from .outputs import Output


def render_one(prepared: Prepared, ctx: Context, fmt: str, target: Path, **options) -> Output:
    edition = prepared.edition
    started = time.perf_counter()
    try:
        problems = renderer(fmt).render(prepared, ctx, target, **options)
    except Exception as exc:  # a renderer bug or a tool failure must not stop the others
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        code = getattr(exc, "code", "PUB302")  # PUB011: a tool ran out of time
        problems = [error(code if code in CODES else "PUB302",
                          f"{fmt.upper()} rendering failed: {message}", edition.path)]
    status = "failed" if has_errors(problems) else "built"
    return Output(edition.slug, edition.lang, fmt, target, status,
                  time.perf_counter() - started, problems)


@dataclass(frozen=True)
class Job:
    """One edition and the formats of it that must be rendered."""

    case_dir: Path
    edition_path: Path
    targets: tuple[tuple[str, Path], ...]  # (format, output path)


_WORKER: dict = {}

def _context(root: Path) -> tuple[Project, Context]:
    from ..load.project import load_project

    if _WORKER.get("root") != root:
        project = load_project(root)
        brand = load_brand(project.brand_path)
        cache.use_for(project)
        _WORKER.update(root=root, project=project,
                       ctx=Context(project, brand, project.output / ".cache"))
    return _WORKER["project"], _WORKER["ctx"]


def check_job(job: Job, ctx: Context) -> tuple[Prepared | None, list[Output], list[Diagnostic]]:
    """Load, parse and check one edition: its prepared AST, or the outputs that failed."""
    from ..load.project import load_case, load_edition
    from ..validate.edition import check_edition

    project = ctx.project
    case, found = load_case(project, job.case_dir)
    edition, more = load_edition(project, case, job.edition_path) if case else (None, [])
    if edition is None:
        return None, [], found + more
    prepared = None
    try:
        prepared, diagnostics = check_edition(project, edition, ctx.brand)
    except Exception as exc:  # pandoc itself failed on this edition
        diagnostics = [error("PUB302", f"cannot parse the edition: {exc}", edition.path)]
    if prepared is None or has_errors(diagnostics):
        why = [d for d in diagnostics if d.is_error]
        return None, [Output(edition.slug, edition.lang, fmt, target, "failed", 0.0, why)
                      for fmt, target in job.targets], diagnostics
    return prepared, [], diagnostics


def run_job(root: Path, job: Job, ctx: Context | None = None,
            ) -> tuple[list[Output], list[Diagnostic]]:
    """Parse and check one edition, then render each requested format."""
    ctx = ctx or _context(root)[1]
    prepared, failed, diagnostics = check_job(job, ctx)
    if prepared is None:
        return failed, diagnostics
    targets = dict(job.targets)
    if "pdf" not in targets or len(targets) == 1:
        return [render_one(prepared, ctx, fmt, target) for fmt, target in job.targets], diagnostics
    # Typst and pandoc run in processes of their own: the PDF is laid out from a thread
    # while the other formats are written here
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="publisher-pdf") as pool:
        pdf = pool.submit(render_one, prepared, ctx, "pdf", targets["pdf"])
        others = {fmt: render_one(prepared, ctx, fmt, target)
                  for fmt, target in job.targets if fmt != "pdf"}
        others["pdf"] = pdf.result()
    return [others[fmt] for fmt, _ in job.targets], diagnostics
