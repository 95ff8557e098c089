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
from .validate import validate


@dataclass
class Output:
    case: str
    lang: str
    format: str
    path: Path
    status: str  # "built" | "failed"
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


def build(project: Project, slugs=(), langs=(), formats=(), progress=None) -> BuildResult:
    formats = tuple(formats) or (*project.formats, "site")  # the site comes last, by default
    site, formats = "site" in formats, tuple(f for f in formats if f != "site")
    brand = load_brand(project.brand_path)
    checked = validate(project, slugs, langs)
    result = BuildResult(diagnostics=list(checked.diagnostics))
    for edition in checked.failed:
        for fmt in formats:
            result.outputs.append(Output(edition.slug, edition.lang, fmt,
                                         output_path(project, edition, fmt), "failed"))
    ctx = Context(project, brand, project.output / ".cache")
    for prepared in checked.prepared:
        for fmt in formats:
            out = render_one(prepared, ctx, fmt, output_path(project, prepared.edition, fmt))
            result.outputs.append(out)
            result.diagnostics += out.diagnostics
            if progress:
                progress(out)
    if site:
        from .site import build_site
        build_site(project, result, progress)
    return result


def render_file(source: Path, fmt: str, target: Path | None = None) -> tuple[Output | None, list]:
    """Render one Markdown file, inside a project or not, to one format."""
    from .i18n import strings
    from .load import find_root, load_project, load_standalone, standalone_project
    from .transform import prepare

    edition, diagnostics = load_standalone(source)
    if edition is None or any(d.is_error for d in diagnostics):
        return None, diagnostics
    root = find_root(source.parent)
    project = load_project(root) if root else standalone_project(source.parent)
    brand = load_brand(project.brand_path)
    prepared, found = prepare(edition, strings(edition.lang))
    diagnostics += found
    if any(d.is_error for d in found):
        return None, diagnostics
    target = target or source.with_suffix(f".{fmt}")
    scratch = project.output / ".cache" if root else user_cache()
    out = render_one(prepared, Context(project, brand, scratch), fmt, target.resolve())
    return out, diagnostics + out.diagnostics
