"""Diagnostics: what every stage reports instead of raising on bad input."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


#: Every code the engine can report, with a one-line description.
#: Codes are stable: a code is never reused for another meaning.
CODES: dict[str, str] = {
    "PUB001": "a YAML file or front matter block cannot be parsed",
    "PUB002": "a file cannot be read as UTF-8 text",
    "PUB003": "front matter starts with `---` but never closes",
    "PUB004": "a project, case or brand file is missing",
    "PUB101": "a required field is missing",
    "PUB102": "a field has the wrong type",
    "PUB103": "a field has a value outside its allowed values",
    "PUB104": "an unknown field (probably misspelled)",
    "PUB105": "a date is not a valid YYYY-MM-DD date",
    "PUB106": "a language that the project does not list",
    "PUB107": "a translation names a source edition that does not exist",
    "PUB108": "a case has no edition in its source language",
    "PUB201": "a referenced file (image, attachment) does not exist",
    "PUB202": "a resource points outside the project, at a remote URL or at a forbidden scheme",
    "PUB301": "a renderer refused to fetch a resource outside the project",
    "PUB302": "a renderer failed on an edition",
    "PUB401": "a partner logo listed in case.yaml is missing, not an image or outside the case",
    "PUB402": "an ISBN with a wrong length or check digit",
    "PUB403": "a DOI that is not of the form 10.NNNN/suffix",
    "PUB404": "SOURCE_DATE_EPOCH is not a number of seconds (the edition's date is used)",
    "PUB405": "a bibliography file is missing, outside the case, or cannot be read",
    "PUB406": "a citation key that the bibliography does not contain",
    "PUB407": "an image in the PDF has no alternative text",
    "PUB408": "proof pictures cannot be made (pdftoppm missing or failing)",
    "PUB409": "a proof page beyond the last page of the PDF",
    "PUB410": "a character that no installed font can draw (it would print as an empty box)",
    "PUB411": "a character drawn with a font outside the brand's font stacks",
}


@dataclass(frozen=True)
class Diagnostic:
    """One finding, pointing at the exact place in the original file."""

    code: str
    severity: Severity
    message: str
    path: Path | None = None
    line: int = 0
    column: int = 0
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self, relative_to: Path | None = None) -> str:
        if self.path is None:
            return "publisher"
        path = self.path
        if relative_to is not None:
            try:
                path = path.resolve().relative_to(relative_to.resolve())
            except ValueError:
                pass
        parts = [str(path)]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self, relative_to: Path | None = None) -> str:
        text = f"{self.location(relative_to)}: {self.severity} {self.code}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_json(self, relative_to: Path | None = None) -> dict:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.location(relative_to).split(":")[0] if self.path else None,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }


def error(code: str, message: str, path=None, line=0, column=0, hint="") -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, path, line, column, hint)


def warning(code: str, message: str, path=None, line=0, column=0, hint="") -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, path, line, column, hint)


def has_errors(diagnostics) -> bool:
    return any(d.is_error for d in diagnostics)


class PublisherError(Exception):
    """Aborts a command; carries the diagnostics that explain why."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None):
        super().__init__(message)
        self.diagnostics = list(diagnostics or [])
