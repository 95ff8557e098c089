"""Build: render every selected edition into every selected format."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .brand import load_brand
from .diagnostics import Diagnostic, error
from .model import Edition, Project
from .render import Context, renderer
from .transform import Prepared


@dataclass
class Output:
    case: str
    lang: str
    format: str
    path: Path
    status: str  # "built" | "skipped" | "failed"
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def to_json(self, root: Path) -> dict:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return {
            "case": self.case,
            "lang": self.lang,
            "format": self.format,
            "path": str(shown),
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "diagnostics": [d.to_json(root) for d in self.diagnostics],
        }


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(o.status != "failed" for o in self.outputs) and not any(
            d.is_error for d in self.diagnostics)


def user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publisher"


def output_path(project: Project, edition: Edition, fmt: str) -> Path:
    return project.output / edition.slug / edition.output_name(fmt)


def render_one(prepared: Prepared, ctx: Context, fmt: str, target: Path) -> Output:
    edition = prepared.edition
    started = time.perf_counter()
    try:
        problems = renderer(fmt).render(prepared, ctx, target)
    except Exception as exc:  # a renderer bug or a tool failure must not stop the others
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        problems = [error("PUB302", f"{fmt.upper()} rendering failed: {message}", edition.path)]
    status = "failed" if any(d.is_error for d in problems) else "built"
    return Output(edition.slug, edition.lang, fmt, target, status,
                  time.perf_counter() - started, problems)


@dataclass(frozen=True)
class Job:
    """One edition and the formats of it that must be rendered."""

    case_dir: Path
    edition_path: Path
    targets: tuple[tuple[str, Path], ...]  # (format, output path)


# --- worker side: everything a process needs stays warm between jobs ---------------

_WORKER: dict = {}


def _warm_up() -> None:
    """Import the renderers once per worker process (WeasyPrint alone costs ~0.6 s)."""
    for fmt in ("html", "pdf", "docx"):
        renderer(fmt)
    import weasyprint  # noqa: F401
    import docx  # noqa: F401


def _context(root: Path) -> tuple[Project, Context]:
    from .load import load_project

    if _WORKER.get("root") != root:
        project = load_project(root)
        brand = load_brand(project.brand_path)
        _WORKER.update(root=root, project=project,
                       ctx=Context(project, brand, project.output / ".cache"))
    return _WORKER["project"], _WORKER["ctx"]


def run_job(root: Path, job: Job, ctx: Context | None = None,
            ) -> tuple[list[Output], list[Diagnostic]]:
    """Parse and check one edition, then render each requested format."""
    from .load import load_case, load_edition
    from .validate import check_edition

    project, ctx = (ctx.project, ctx) if ctx else _context(root)
    case, found = load_case(project, job.case_dir)
    edition, more = load_edition(project, case, job.edition_path) if case else (None, [])
    if edition is None:
        return [], found + more
    prepared = None
    try:
        prepared, diagnostics = check_edition(project, edition, ctx.brand)
    except Exception as exc:  # pandoc itself failed on this edition
        diagnostics = [error("PUB302", f"cannot parse the edition: {exc}", edition.path)]
    if prepared is None or any(d.is_error for d in diagnostics):
        return [Output(edition.slug, edition.lang, fmt, target, "failed")
                for fmt, target in job.targets], diagnostics
    outputs = [render_one(prepared, ctx, fmt, target) for fmt, target in job.targets]
    return outputs, diagnostics


# --- the planner and the pool ------------------------------------------------------

def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


def build(project: Project, slugs=(), langs=(), formats=(), progress=None, jobs: int | None = None,
          force: bool = False, on_wait=None, recycle_after: int = 25) -> BuildResult:
    """Build what is out of date; never replace a good output with a failed one."""
    from .load import load_editions
    from .planner import BuildLock, Fingerprints, State, remove_partials

    formats = tuple(formats) or (*project.formats, "site")  # the site comes last, by default
    site, formats = "site" in formats, tuple(f for f in formats if f != "site")
    jobs = jobs or default_jobs()
    brand = load_brand(project.brand_path)
    with BuildLock(project.output, on_wait):
        remove_partials(project.output)
        from .fonts import missing_family_diagnostics
        from .validate import filter_ignored

        editions, diagnostics = load_editions(project, tuple(slugs), tuple(langs))
        diagnostics = filter_ignored(project, diagnostics + missing_family_diagnostics(brand))
        result = BuildResult(diagnostics=list(diagnostics))
        bad_files = {d.path for d in diagnostics if d.is_error}
        bad_cases = {d.path.parent for d in diagnostics
                     if d.is_error and d.path and d.path.name == "case.yaml"}
        state = State.load(project.output / ".cache" / "state.json")
        prints = Fingerprints(project, brand)
        fingerprints: dict[Path, str] = {}
        work: list[Job] = []
        for edition in editions:
            if edition.path in bad_files or edition.case.path in bad_cases:
                for fmt in formats:
                    out = Output(edition.slug, edition.lang, fmt,
                                 output_path(project, edition, fmt), "failed")
                    result.outputs.append(out)
                    if progress:
                        progress(out)
                continue
            targets = []
            for fmt in formats:
                target = output_path(project, edition, fmt)
                fingerprints[target] = prints.edition(edition, fmt)
                if not force and state.fresh(target, fingerprints[target]):
                    out = Output(edition.slug, edition.lang, fmt, target, "skipped")
                    result.outputs.append(out)
                    if progress:
                        progress(out)
                else:
                    targets.append((fmt, target))
            if targets:
                work.append(Job(edition.case.path, edition.path, tuple(targets)))

        def collect(outputs, found):
            result.diagnostics += found
            for out in outputs:
                result.outputs.append(out)
                result.diagnostics += out.diagnostics
                if out.status == "built":
                    state.record(out.path, fingerprints[out.path])
                if progress:
                    progress(out)

        try:
            if jobs == 1 or len(work) <= 1:
                ctx = Context(project, brand, project.output / ".cache")
                for job in work:
                    collect(*run_job(project.root, job, ctx))
            else:
                _run_pool(project.root, work, min(jobs, len(work)), recycle_after, collect)
        finally:
            state.save()
        if site:
            _site(project, prints, state, result, progress, force)
    order = {(e.slug, e.lang): i for i, e in enumerate(editions)}
    rank = {fmt: i for i, fmt in enumerate(formats)}
    result.outputs.sort(key=lambda o: (o.format == "site", order.get((o.case, o.lang), 0),
                                       rank.get(o.format, len(rank))))
    return result


def _site(project: Project, prints, state, result: BuildResult, progress, force: bool) -> None:
    """Rebuild the catalog site only when a case, an output or the engine changed."""
    from .site import SITE_FOLDER, build_site

    target = project.output / SITE_FOLDER
    fingerprint = prints.site(state)
    if not force and state.fresh(target / "index.html", fingerprint):
        out = Output("", "", "site", target, "skipped")
        result.outputs.append(out)
        if progress:
            progress(out)
        return
    out = build_site(project, result, progress)
    if out.status == "built":
        state.record(target / "index.html", prints.site(state))
        state.save()
    else:
        state.forget(target / "index.html")


def _run_pool(root: Path, work: list[Job], workers: int, recycle_after: int, collect) -> None:
    """Render in worker processes that are replaced after `recycle_after` editions each.

    Recycling is done by running the work in batches, one fresh pool per batch:
    ProcessPoolExecutor's own max_tasks_per_child can hang on Python 3.11 when a
    worker retires while tasks are still queued.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # big editions first, so the pool does not end waiting on one long PDF
    work = sorted(work, key=lambda j: -j.edition_path.stat().st_size)
    size = max(1, workers * recycle_after)
    for start in range(0, len(work), size):
        batch = work[start:start + size]
        pool = ProcessPoolExecutor(max_workers=min(workers, len(batch)), initializer=_warm_up,
                                   mp_context=multiprocessing.get_context("spawn"))
        try:
            futures = [pool.submit(run_job, root, job) for job in batch]
            for future in as_completed(futures):
                collect(*future.result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


def render_file(source: Path, fmt: str, target: Path | None = None) -> tuple[Output | None, list]:
    """Render one Markdown file, inside a project or not, to one format."""
    from .i18n import strings
    from .load import find_root, load_project, load_standalone, standalone_project
    from .checks import check_body
    from .transform import prepare

    edition, diagnostics = load_standalone(source)
    if edition is None or any(d.is_error for d in diagnostics):
        return None, diagnostics
    root = find_root(source.parent)
    project = load_project(root) if root else standalone_project(source.parent)
    brand = load_brand(project.brand_path)
    prepared, found = prepare(edition, strings(edition.lang))
    found += check_body(edition, prepared.ast)
    diagnostics += found
    if any(d.is_error for d in found):
        return None, diagnostics
    target = target or source.with_suffix(f".{fmt}")
    scratch = project.output / ".cache" if root else user_cache()
    out = render_one(prepared, Context(project, brand, scratch), fmt, target.resolve())
    return out, diagnostics + out.diagnostics
