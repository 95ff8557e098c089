"""The worker processes editions are rendered in: bound to the build that started them,
warmed up once, replaced after a number of editions, and killed when the build is stopped."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.lifetime import exit_with_parent
from ..render import renderer
from .jobs import Job, run_job


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


def _pool_worker(parent: int) -> None:
    """Initializer of a pool worker: bound to its build, then warmed up.

    A Ctrl-C reaches the whole process group; only the build decides what happens then
    (it stops its workers itself), so a worker ignores it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent(parent)
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


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


def run_pool(root: Path, work: list[Job], workers: int, recycle_after: int, collect) -> None:
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
