"""What a build reports: one Output per edition and format (and the site), and the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, has_errors


@dataclass
class Output:
    case: str
    lang: str
    format: str
    path: Path
    status: str  # "built" | "skipped" | "failed"
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    held: list = field(default_factory=list)  # the site's: editions kept off it (validate.Held)
    kept: list = field(default_factory=list)  # the site's: failing editions it kept (site.Kept)

    def to_json(self, root: Path) -> dict:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        return {
            "case": self.case or None,  # the site belongs to no case and no language
            "lang": self.lang or None,
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
    #: outputs of editions or survey forms whose source was deleted, removed by this build
    removed: list[Path] = field(default_factory=list)

    @property
    def held(self) -> list:
        """The editions kept off the site (drafts, placeholders), when the site was made."""
        return [h for o in self.outputs for h in o.held]

    @property
    def kept(self) -> list:
        """The editions that failed to build, kept on the site as they last were."""
        return [k for o in self.outputs for k in o.kept]

    @property
    def ok(self) -> bool:
        return all(o.status != "failed" for o in self.outputs) and not has_errors(
            self.diagnostics)
