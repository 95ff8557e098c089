"""What a chart is drawn from: one question's aggregate, already in the edition's language.

This is the whole interface between the data (surveys, records) and the charts:
the charts never see a response. An aggregate has a kind, the question's label,
its categories in order (choices, scale points, or bins of a number) and one
series per row of the chart: all respondents, or one member, event or wave.
A count that the aggregation suppressed (fewer respondents than the minimum)
arrives as None and is drawn as a gap with a note; a series with too few
respondents has `suppressed` set and shows no numbers at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: the kinds of chart, by the kind of question
KINDS = ("likert", "single", "multiple", "number", "text")


@dataclass(frozen=True)
class Series:
    """One row of a chart: its label, how many answered, and a count per category."""

    key: str  # "" for all respondents; else the member id, event slug or wave id
    label: str
    n: int  # respondents in this series who answered the question
    counts: tuple[int | None, ...] = ()  # per category; None: suppressed
    suppressed: bool = False  # fewer respondents than the minimum: nothing is shown
    mean: float | None = None  # numbers and scales: the mean answer

    def share(self, index: int) -> float | None:
        count = self.counts[index] if index < len(self.counts) else None
        if count is None or self.suppressed or not self.n:
            return None
        return count / self.n


@dataclass(frozen=True)
class Aggregate:
    """One question, aggregated for one edition language."""

    kind: str  # one of KINDS
    question: str  # the question's name in the form
    title: str  # the question's label in the edition's language
    categories: tuple[str, ...] = ()  # labels, in the scale's or the form's order
    series: tuple[Series, ...] = ()
    minimum: int = 5  # the smallest count published
    by: str = ""  # "", "member", "event" or "wave": what the series are
    by_label: str = ""  # that grouping's name in the edition's language
    quotes: tuple[str, ...] = ()  # free text answers, when the author opted in
    illustrative: bool = False  # made-up data: every output says so
    survey: str = ""
    survey_title: str = ""
    notes: tuple[str, ...] = field(default=())  # extra notes printed under the chart
    keys: tuple[str, ...] = ()  # the categories' names (choice names, bin labels), if known

    @property
    def respondents(self) -> int:
        return sum(s.n for s in self.series) if self.by else (
            self.series[0].n if self.series else 0)

    @property
    def any_suppressed(self) -> bool:
        return any(s.suppressed or any(c is None for c in s.counts) for s in self.series)

    def fingerprint(self) -> str:
        """Everything the chart depends on, as text (for the build store's key)."""
        return repr(self)
