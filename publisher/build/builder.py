"""Build: plan what is out of date, render every selected edition into every selected format, then
the site."""

from __future__ import annotations

from pathlib import Path

from ..core import cache
from ..core.model import Edition, Project
from ..load.brand import load_brand
from ..render import Context
from .jobs import Job, run_job
from .outputs import BuildResult, Output
from .pool import default_jobs, run_pool


def output_path(project: Project, edition: Edition, fmt: str) -> Path:
    return project.output / edition.slug / edition.output_name(fmt)


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
            from ..surveys.forms import build_forms, remove_orphan_forms

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
    from ..validate.edition import brand_gaps, case_checks, filter_ignored, refused, topic_checks

    project = ctx.project
    editions, diagnostics = load_editions(project, tuple(slugs), tuple(langs))
    # the checks `validate` makes of each case: what validation refuses is not built
    diagnostics = filter_ignored(project, diagnostics + case_checks(editions)
                                 + missing_family_diagnostics(ctx.brand)
                                 + brand_gaps(project, ctx.brand) + topic_checks(project))
    result = BuildResult(diagnostics=list(diagnostics))
    if hasattr(progress, "plan"):  # a Progress: it shows done/total and the time left
        progress.plan(len(editions) * len(formats))
    refused_paths = refused(editions, diagnostics)
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
        if edition.path in refused_paths:
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
        run_pool(project.root, work, min(jobs, len(work)), recycle_after, collect)
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
