"""The numbers behind a report's charts and tables, published beside it: CSV and its schema.

For every report whose source edition has data blocks, `build/<slug>/<slug>.aggregates.csv`
holds one row per number a chart or table shows (a count and its share, by block, group and
answer), exactly as suppressed there, and `<slug>.aggregates.schema.json` is its Frictionless
Table Schema. Raw responses are never written: free text appears only as the quotes an author
opted in to, and never a personal field. The site copies both files beside the report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from ..core import cache
from ..core.diagnostics import Diagnostic, error, has_errors

COLUMNS = (
    ("block", "string", "the id of the chart or table in the report"),
    ("survey", "string", "the survey (its folder under surveys/)"),
    ("question", "string", "the question's name in the form"),
    ("kind", "string", "likert, single, multiple, number or text"),
    ("by", "string", "what the groups are: member, event, wave, or empty for all respondents"),
    ("group", "string", "the group's id (empty for all respondents)"),
    ("group_label", "string", "the group's name, in the report's source language"),
    ("respondents", "integer", "respondents in the group who answered; empty when too few"),
    ("answer", "string", "the choice's name, or the bin of a number"),
    ("answer_label", "string", "the answer's label, in the report's source language"),
    ("count", "integer", "how many respondents gave the answer; empty when suppressed"),
    ("share", "number", "count / respondents, from 0 to 1; empty when suppressed"),
    ("mean", "number", "the group's mean answer (scale points 1…N, or the number)"),
    ("suppressed", "boolean", "the number rests on fewer respondents than the minimum"),
)


def rows_of(aggregates: list[tuple[str, object]]) -> list[list[str]]:
    out = []
    for block, agg in aggregates:
        for s in agg.series:
            respondents = "" if s.suppressed else str(s.n)
            mean = "" if s.mean is None or s.suppressed else f"{s.mean:.4f}"
            if agg.kind == "text":
                for quote in agg.quotes:
                    out.append([block, agg.survey, agg.question, agg.kind, agg.by, s.key,
                                s.label, respondents, "", quote, "", "", "", "false"])
                continue
            for i, label in enumerate(agg.categories):
                count = s.counts[i] if i < len(s.counts) and not s.suppressed else None
                share = s.share(i)
                key = agg.keys[i] if i < len(agg.keys) else label
                out.append([block, agg.survey, agg.question, agg.kind, agg.by, s.key, s.label,
                            respondents, key, label, "" if count is None else str(count),
                            "" if share is None else f"{share:.4f}", mean,
                            "true" if count is None else "false"])
    return out


def table_schema(slug: str, surveys: list[str], minimum: int, illustrative: bool) -> dict:
    schema = {
        "fields": [{"name": name, "type": kind, "description": text}
                   for name, kind, text in COLUMNS],
        "missingValues": [""],
        "x-publisher": {"report": slug, "surveys": surveys, "min_cell_size": minimum,
                        "aggregates_only": True},
    }
    if illustrative:
        schema["x-publisher"]["illustrative"] = True
        schema["description"] = "ILLUSTRATIVE: counted from responses made by a generator"
    return schema


def aggregates_of(edition, project) -> list[tuple[str, object]]:
    """The aggregate of every `.chart` and `.table` block of an edition, by block id."""
    from ..core import pandoc
    from .blocks import Places, data_class, _blocks, _resolve
    from .sources import data_for

    ast = pandoc.parse_markdown(edition.body)
    data = data_for(project)
    places = Places(edition)
    used: set[str] = set()
    found: list[tuple[str, object]] = []
    for block in _blocks(ast["blocks"]):
        kind = data_class(block)
        if kind is None:
            continue
        places.next()
        if kind == "indicators":
            continue
        made, problems = _resolve(kind, block, edition, data, places, used, want_aggregate=True)
        if made is not None and not has_errors(problems):
            found.append(made)
    return found


def write_aggregates(project, editions) -> list[Diagnostic]:
    """Write the aggregates of every report among `editions` whose text has data blocks."""
    from ..core.atomic import write_atomically
    from .blocks import mentions_blocks

    found: list[Diagnostic] = []
    sources = {}
    for e in editions:
        if e.lang == e.case.source_language and mentions_blocks(e.body):
            sources[e.case.slug] = e
    for slug, edition in sources.items():
        folder = project.output / slug
        targets = [folder / f"{slug}.aggregates.csv", folder / f"{slug}.aggregates.schema.json"]
        made = _made_key(project, edition)
        if _fresh(made, targets):  # the same text, data, settings and code: the same files
            continue
        try:
            aggregates = aggregates_of(edition, project)
            if not aggregates:
                continue
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow([name for name, _, _ in COLUMNS])
            writer.writerows(rows_of(aggregates))
            surveys = sorted({a.survey for _, a in aggregates})
            minimum = max(a.minimum for _, a in aggregates)
            schema = table_schema(slug, surveys, minimum, any(a.illustrative
                                                              for _, a in aggregates))
            files = (text.getvalue().encode("utf-8"),
                     (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode())
            for target, data in zip(targets, files):
                if not (target.is_file() and target.read_bytes() == data):
                    write_atomically(target, data)
            cache.put(made, _digest_of(files))
        except OSError as exc:
            found.append(error("PUB993", f"the aggregates of `{slug}` cannot be written: {exc}",
                               edition.path))
    return found


def _made_key(project, edition) -> str:
    """What the aggregate files of an edition are made from: its text, the project's data
    files and settings, and the code that counts."""
    from .counting import code_digest
    from .sources import digest

    settings = project.root / "publisher.yaml"
    return cache.key("aggregate-files", code_digest(), digest(project.root),
                     edition.case.slug, edition.body,
                     settings.read_text("utf-8") if settings.is_file() else "")


def _digest_of(files) -> bytes:
    h = hashlib.sha256()
    for data in files:
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest().encode()


def _fresh(made: str, targets: list[Path]) -> bool:
    stored = cache.get(made)
    if stored is None or not all(t.is_file() for t in targets):
        return False
    try:
        return _digest_of([t.read_bytes() for t in targets]) == stored
    except OSError:
        return False


def published(output: Path, slug: str) -> list[Path]:
    """The aggregate files of a report in the build folder (for the site)."""
    folder = output / slug
    return [p for p in (folder / f"{slug}.aggregates.csv",
                        folder / f"{slug}.aggregates.schema.json") if p.is_file()]
