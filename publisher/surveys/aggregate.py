"""Counts of survey answers that are safe to publish.

Eight agencies sending two or three people each are easy to recognise, so no published number
may rest on fewer than `min_cell_size` respondents (default 5, set in ``publisher.yaml``)::

    surveys:
      min_cell_size: 5

- a question answered by fewer respondents than that is not counted at all;
- a count below it (but above zero) is suppressed, and when exactly one count of a
  single-choice question is suppressed, the next smallest is too, since the total would
  give it away;
- every suppression comes with a note saying why.

The assessment's charts and tables take their numbers from here, never from the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, error
from .form import Form

DEFAULT_MIN_CELL_SIZE = 5


@dataclass(frozen=True)
class Count:
    name: str  # the choice name
    label: str  # in the language asked for
    n: int | None  # None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.n is None


@dataclass
class Tally:
    question: str
    respondents: int | None  # None when the question itself is suppressed
    counts: list[Count] = field(default_factory=list)
    min_cell_size: int = DEFAULT_MIN_CELL_SIZE
    illustrative: bool = False

    @property
    def suppressed(self) -> bool:
        return self.respondents is None or any(c.suppressed for c in self.counts)

    @property
    def note(self) -> str:
        """Why numbers are missing, in English; the caller may translate it by `min_cell_size`."""
        parts = []
        if self.respondents is None:
            parts.append(f"Fewer than {self.min_cell_size} respondents answered; "
                         "no counts are shown.")
        elif any(c.suppressed for c in self.counts):
            parts.append(f"Counts below {self.min_cell_size} are not shown, so that no "
                         "respondent can be recognised.")
        if self.illustrative:
            parts.append("Illustrative data, not collected from anyone.")
        return " ".join(parts)


def suppress(counts: dict[str, int], min_cell_size: int, single_choice: bool
             ) -> dict[str, int | None]:
    """The counts with each one below `min_cell_size` (and above 0) replaced by None; for a
    single-choice question whose total is published, never exactly one."""
    out: dict[str, int | None] = {k: (None if 0 < v < min_cell_size else v)
                                  for k, v in counts.items()}
    hidden = [k for k, v in out.items() if v is None]
    if single_choice and len(hidden) == 1:
        shown = sorted((v, k) for k, v in out.items() if v)
        if shown:
            out[shown[0][1]] = None
    return out


def tally(form: Form, rows: list[dict[str, str]], question: str, lang: str = "",
          min_cell_size: int = DEFAULT_MIN_CELL_SIZE) -> Tally:
    """How many respondents chose each choice of a select question."""
    q = form.question(question)
    if q is None or not q.list_name:
        raise ValueError(f"`{question}` is not a select question of `{form.slug}`")
    lang = lang or form.default_language
    answered = [r for r in rows if r.get(q.name, "").strip()]
    result = Tally(q.name, len(answered), min_cell_size=min_cell_size,
                   illustrative=any(r.get("_illustrative") for r in rows))
    options = form.options(q)
    raw = {c.name: 0 for c in options}
    for r in answered:
        for name in r[q.name].split():
            if name in raw:
                raw[name] += 1
    if len(answered) < min_cell_size:
        result.respondents = None
        result.counts = [Count(c.name, c.label(lang, form.default_language), None)
                         for c in options]
        return result
    safe = suppress(raw, min_cell_size, q.kind == "select_one")
    result.counts = [Count(c.name, c.label(lang, form.default_language), safe[c.name])
                     for c in options]
    return result


def min_cell_size(root: Path) -> tuple[int, list[Diagnostic]]:
    """`surveys.min_cell_size` of the project's publisher.yaml (default 5)."""
    from ..core.yamlio import parse_yaml, read_text

    path = Path(root) / "publisher.yaml"
    text, found = read_text(path)
    if text is None:
        return DEFAULT_MIN_CELL_SIZE, []
    located, found = parse_yaml(text, path)
    if located is None or not isinstance(located.data, dict):
        return DEFAULT_MIN_CELL_SIZE, []
    settings = located.data.get("surveys")
    if not isinstance(settings, dict) or "min_cell_size" not in settings:
        return DEFAULT_MIN_CELL_SIZE, []
    value = settings["min_cell_size"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        line, column = located.value_position("min_cell_size", settings)
        return DEFAULT_MIN_CELL_SIZE, [error(
            "PUB947", f"`min_cell_size` must be a whole number of at least 1, not `{value}`",
            path, line, column, f"the default, {DEFAULT_MIN_CELL_SIZE}, is used")]
    return value, []
