"""Build: render every selected edition into every selected format."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from . import cache
from ..load.brand import load_brand
from ..core.diagnostics import CODES, Diagnostic, error, has_errors
from ..core.model import Edition, Project
from ..render import Context, renderer
from .outputs import BuildResult, Output
from ..transform.passes import Prepared


def user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "publisher"


def output_path(project: Project, edition: Edition, fmt: str) -> Path:
    return project.output / edition.slug / edition.output_name(fmt)


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


# --- worker side: everything a process needs stays warm between jobs ---------------

_WORKER: dict = {}


def _warm_up(formats: tuple[str, ...] = ("html", "pdf", "docx")) -> None:
    """Import the renderers once per worker process, with what they load on first use."""
    for fmt in formats:
        renderer(fmt)
    if "pdf" in formats:
        from ..i18n import hyphenation
        from ..render.typst_compile import warm_up

        warm_up()

        hyphenation.register()
    if "docx" in formats:
        import docx  # noqa: F401


def _exit_with_parent(parent: int) -> None:
    """End this worker process when the build that started it ends, however it ends.

    A build killed with SIGKILL cannot stop its workers: they would go on rendering the
    jobs they had been given and write outputs without holding the build's lock. Linux
    kills the worker with its parent (PR_SET_PDEATHSIG); elsewhere a thread watches.
    """
    import signal
    import sys
    import threading

    try:
        import ctypes

        if not sys.platform.startswith("linux"):
            raise OSError("no prctl")
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # 1 = PR_SET_PDEATHSIG
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        def watch():
            while os.getppid() == parent:
                time.sleep(0.2)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="publisher-parent").start()
    if os.getppid() != parent:  # it died before the watch began
        os._exit(1)


def _pool_worker(parent: int) -> None:
    """Initializer of a pool worker: bound to its build, then warmed up.

    A Ctrl-C reaches the whole process group; only the build decides what happens then
    (it stops its workers itself), so a worker ignores it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(parent)
    _warm_up()


def _stop_pool(pool, batch: list[Job]) -> None:
    """End an interrupted pool at once: kill its workers instead of waiting for them (a
    worker stopped while it reads its next job can leave the pool waiting forever), then
    remove the partial files those workers were writing."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
    for job in batch:
        for _, target in job.targets:
            for partial in target.parent.glob(f".{target.name}.*.part"):
                partial.unlink(missing_ok=True)


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


# --- the planner and the pool ------------------------------------------------------

def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


def build(project: Project, slugs=(), langs=(), formats=(), progress=None, jobs: int | None = None,
          force: bool = False, on_wait=None, recycle_after: int = 25,
          drafts: bool = False) -> BuildResult:
    """Build what is out of date; never replace a good output with a failed one.

    Drafts are built like any edition but kept off the site unless `drafts` is true."""
    from .planner import BuildLock, Fingerprints, State, remove_orphans, remove_partials

    formats = tuple(formats) or (*project.formats, "site")  # the site comes last, by default
    site, formats = "site" in formats, tuple(f for f in formats if f != "site")
    jobs = jobs or default_jobs()
    brand = load_brand(project.brand_path)
    with BuildLock(project.output, on_wait):
        ctx = Context(project, brand, project.output / ".cache")
        cache.use_for(project)
        remove_partials(project.output)
        state = State.load(project.output / ".cache" / "state.json")
        removed = remove_orphans(project, state)
        prints = Fingerprints(project, brand)
        if site and hasattr(progress, "plan"):
            progress.plan(1)
        try:
            result, editions = _build_editions(ctx, slugs, langs, formats, progress, jobs,
                                               force, recycle_after, state, prints)
        finally:
            state.save()
        result.removed = removed
        if not slugs and formats:  # the surveys' questionnaires, in every language of each form
            from ..surveys.output import build_forms, remove_orphan_forms

            result.removed += remove_orphan_forms(project.root, project.output)
            result.outputs += [Output(m.slug, m.lang, m.format, m.path, m.status, m.seconds,
                                      m.diagnostics) for m in build_forms(
                project.root, project.output, langs, formats, brand, force)]
        if formats:  # the numbers behind each report's charts: CSV with its table schema
            from ..assess.publish import write_aggregates

            result.diagnostics += write_aggregates(project, editions)
        if site:
            _site(project, prints, state, result, progress, force, drafts)
    order = {(e.slug, e.lang): i for i, e in enumerate(editions)}
    rank = {fmt: i for i, fmt in enumerate(formats)}
    result.outputs.sort(key=lambda o: (o.format == "site", order.get((o.case, o.lang), 0),
                                       rank.get(o.format, len(rank))))
    return result


def _build_editions(ctx: Context, slugs, langs, formats, progress, jobs: int, force: bool,
                    recycle_after: int, state, prints) -> tuple[BuildResult, list]:
    """Plan the editions' outputs, then render those that are out of date."""
    from ..i18n.fonts import missing_family_diagnostics
    from ..load.project import load_editions
    from ..validate.edition import brand_gaps, case_checks, filter_ignored, topic_checks

    project = ctx.project
    editions, diagnostics = load_editions(project, tuple(slugs), tuple(langs))
    # the checks `validate` makes of each case: what validation refuses is not built
    diagnostics = filter_ignored(project, diagnostics + case_checks(editions)
                                 + missing_family_diagnostics(ctx.brand)
                                 + brand_gaps(project, ctx.brand) + topic_checks(project))
    result = BuildResult(diagnostics=list(diagnostics))
    if hasattr(progress, "plan"):  # a Progress: it shows done/total and the time left
        progress.plan(len(editions) * len(formats))
    bad_files = {d.path for d in diagnostics if d.is_error}
    bad_cases = {d.path.parent for d in diagnostics
                 if d.is_error and d.path and d.path.name == "case.yaml"}
    fingerprints: dict[Path, str] = {}
    work: list[Job] = []
    # an edition that could not even be read (too large, front matter too deep...) is failed
    # in every format, so that the manifest names it
    loaded = {e.path for e in editions}
    for path in dict.fromkeys(d.path for d in diagnostics if d.is_error and d.path):
        if path.suffix == ".md" and path.parent.parent == project.cases_dir and path not in loaded:
            why = [d for d in diagnostics if d.is_error and d.path == path]
            slug, lang = path.parent.name, path.stem
            for fmt in formats:
                out = Output(slug, lang, fmt, project.output / slug / f"{slug}.{lang}.{fmt}",
                             "failed", 0.0, why)
                result.outputs.append(out)
                if progress:
                    progress(out)
    for edition in editions:
        if edition.path in bad_files or edition.case.path in bad_cases:
            why = [d for d in diagnostics if d.is_error and d.path in (
                edition.path, edition.case.path / "case.yaml")]
            for fmt in formats:
                out = Output(edition.slug, edition.lang, fmt,
                             output_path(project, edition, fmt), "failed", 0.0, why)
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

    seen = set(result.diagnostics)

    def collect(outputs, found):
        for d in [*found, *(d for out in outputs for d in out.diagnostics)]:
            if d not in seen:  # a failed edition's reasons are on each of its outputs
                seen.add(d)
                result.diagnostics.append(d)
        for out in outputs:
            result.outputs.append(out)
            if out.status == "built":
                state.record(out.path, fingerprints[out.path])
            if progress:
                progress(out)

    if jobs == 1 or len(work) <= 1:
        for job in work:
            collect(*run_job(project.root, job, ctx))
    else:
        _run_pool(project.root, work, min(jobs, len(work)), recycle_after, collect)
    if work:
        cache.prune()
    return result, editions


def _site(project: Project, prints, state, result: BuildResult, progress, force: bool,
          drafts: bool = False) -> None:
    """Rebuild the catalog site only when a case, an output or the engine changed."""
    from ..site import SITE_FOLDER, build_site

    target = project.output / SITE_FOLDER
    with_drafts = "+drafts" if drafts else ""  # a site with drafts is another site
    fingerprint = prints.site(state) + with_drafts
    if not force and state.fresh(target / "index.html", fingerprint):
        from ..load.project import load_editions
        from ..validate.edition import holds

        out = Output("", "", "site", target, "skipped")
        out.held = [] if drafts else holds(load_editions(project)[0])
        from ..site.gather import kept_on_site

        out.kept = kept_on_site(project)
        result.outputs.append(out)
        if progress:
            progress(out)
        return
    out = build_site(project, result, progress, drafts)
    if out.status == "built":
        state.record(target / "index.html", prints.site(state) + with_drafts)
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
        pool = ProcessPoolExecutor(max_workers=min(workers, len(batch)), initializer=_pool_worker,
                                   initargs=(os.getpid(),),
                                   mp_context=multiprocessing.get_context("spawn"))
        try:
            futures = [pool.submit(run_job, root, job) for job in batch]
            for future in as_completed(futures):
                collect(*future.result())
        except BaseException:
            _stop_pool(pool, batch)
            raise
        pool.shutdown(wait=True)


def choose_layout(edition, outside_project: bool) -> str:
    """The layout `render` gives a file: the front matter's, else plain outside a project
    or for a short document, else book."""
    from ..core.model import SHORT_WORDS

    data = edition.meta.data if edition.meta is not None else {}
    chosen = data.get("layout") if hasattr(data, "get") else None
    if chosen in ("book", "plain"):
        return chosen
    return "plain" if outside_project or len(edition.body.split()) < SHORT_WORDS else "book"


def foreign_characters(prepared, diagnostics: list) -> list:
    """For a file written elsewhere, a character the brand's fonts lack is a warning: it is
    drawn with another installed font, or, where none has it, replaced by a visible stand-in
    (`[U+1F389]`) in every format. (`--strict` makes it an error again.)"""
    import dataclasses

    from ..core.diagnostics import Severity
    from ..i18n.fonts import installed_anywhere, stand_in
    from ..transform.passes import replace_characters

    out, replaced = [], {}
    for d in diagnostics:
        if d.code == "PUB601" and d.is_error:
            char = d.message.split("`")[1] if d.message.count("`") >= 2 else ""
            if char and installed_anywhere(char):
                hint = "it is drawn with another installed font"
            else:
                replaced[char] = stand_in(char)
                hint = f"no installed font has it: it shows as `{stand_in(char)}`"
            d = dataclasses.replace(d, severity=Severity.WARNING, hint=hint)
        out.append(d)
    if replaced:
        replace_characters(prepared.ast, {c: s for c, s in replaced.items() if c})
    return out


def render_file(source: Path, fmt: str, target: Path | None = None, lang: str | None = None,
                strict: bool = False) -> tuple[Output | None, list]:
    """Render one Markdown file, inside a project or not, to one format.

    The file may have been written for another tool: every check runs before layout
    and reports everything at once; broken internal links, skipped heading levels and
    unusable images are warnings (the image shows as its alt text), unless `strict`,
    when every warning refuses the file. `lang` overrides the front matter and the
    language found in the text.
    """
    import dataclasses

    from ..validate import preflight
    from ..validate.body import check_body, soften
    from ..core.diagnostics import Severity
    from ..i18n.strings import strings
    from ..load.project import find_root, load_project
    from ..load.standalone import load_standalone, standalone_project
    from ..transform.resources import replace_unusable_images
    from ..validate.edition import prepare_or_report

    if fmt == "pdf":  # Typst's process loads while the file is read and checked
        from ..render.typst_compile import warm_up

        warm_up()
    edition, diagnostics = load_standalone(source, lang)
    if edition is None or has_errors(diagnostics):
        return None, diagnostics
    root = find_root(source.parent)
    project = load_project(root) if root else standalone_project(source.parent)
    # the store of the project's builds (or the user's): an unchanged text is not parsed
    # again, nor its Typst written again, nor the faces' character maps read again
    cache.use(project.output / ".cache" / "objects" if root else user_cache() / "objects")
    brand = load_brand(project.brand_path)
    edition = dataclasses.replace(edition, layout=choose_layout(edition, root is None))
    prepared, found = prepare_or_report(edition)
    if prepared is None:
        return None, diagnostics + found
    found += check_body(edition, prepared.ast)
    replace_unusable_images(prepared.ast, edition, strings(edition.lang))
    found = soften(found)
    if not has_errors(found):
        prepared, more = preflight.check_one(project, prepared, brand, None)
        found += foreign_characters(prepared, more)
    diagnostics += found
    if strict:
        diagnostics = [dataclasses.replace(d, severity=Severity.ERROR) for d in diagnostics]
    if has_errors(diagnostics):
        return None, diagnostics
    target = target or source.with_suffix(f".{fmt}")
    scratch = project.output / ".cache" if root else user_cache()
    out = render_one(prepared, Context(project, brand, scratch), fmt, target.resolve())
    cache.prune()
    return out, diagnostics + out.diagnostics
