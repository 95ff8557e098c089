"""Proofs: chosen pages of the PDF editions as PNG pictures, for a quick look (poppler)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..core import limits
from ..build.builder import build
from ..build.outputs import BuildResult
from ..core.diagnostics import Diagnostic, error, warning, has_errors
from ..core.model import Project

DEFAULT_PAGES = "1-3"


class PageSpecError(ValueError):
    pass


def parse_pages(spec: str) -> list[int]:
    """"1,3-5" -> [1, 3, 4, 5]; page numbers start at 1."""
    pages: list[int] = []
    for part in (p.strip() for p in spec.split(",")):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            raise PageSpecError(f"`{part}` is not a page or a range like 3-5")
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if first < 1 or last < first:
            raise PageSpecError(f"`{part}` is not a page range (pages start at 1)")
        pages += [p for p in range(first, last + 1) if p not in pages]
    return pages


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True,
                         timeout=limits.current().tool_seconds)
    m = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(m.group(1)) if m else 0


@dataclass
class ProofResult:
    build: BuildResult
    pictures: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.build.ok and not has_errors(self.diagnostics)


def proof(project: Project, slugs=(), langs=(), pages: list[int] | None = None,
          dpi: int = 60) -> ProofResult:
    """Build the PDF editions, then write the chosen pages to build/proofs/<slug>/."""
    pages = pages or parse_pages(DEFAULT_PAGES)
    result = ProofResult(build(project, slugs, langs, ("pdf",)))
    # up-to-date PDFs are proofed too: the pictures are what the editor asked for
    built = [o for o in result.build.outputs if o.status in ("built", "skipped")]
    if built and not (shutil.which("pdftoppm") and shutil.which("pdfinfo")):
        result.diagnostics.append(error(
            "PUB408", "pdftoppm and pdfinfo are needed for proofs", None, 0, 0,
            "install poppler-utils (run `make`, which installs it)"))
        return result
    for out in built:
        folder = project.output / "proofs" / out.case
        folder.mkdir(parents=True, exist_ok=True)
        count = page_count(out.path)
        for page in pages:
            if page > count:
                result.diagnostics.append(warning(
                    "PUB409", f"page {page} asked for, but {out.path.name} has {count} pages",
                    out.path))
                continue
            stem = folder / f"{out.path.stem}.p{page:02d}"
            try:
                proc = subprocess.run(
                    ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                     "-singlefile", str(out.path), str(stem)], capture_output=True, text=True,
                    timeout=limits.current().tool_seconds)
            except subprocess.TimeoutExpired:
                result.diagnostics.append(error(
                    "PUB011", f"pdftoppm ran longer than {limits.current().tool_seconds} s "
                    f"on page {page}", out.path))
                continue
            if proc.returncode != 0:
                result.diagnostics.append(error(
                    "PUB408", f"pdftoppm failed on page {page}: {proc.stderr.strip()}",
                    out.path))
                continue
            result.pictures.append(stem.parent / f"{stem.name}.png")
    return result
