"""`publisher assess`: the action plan's indicators with their level, stage, values and status."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from .common import _guard, _project, _report, project_option
from ..core.diagnostics import has_errors

MARKS = {"on-track": "on track", "at-risk": "at risk", "off-track": "off track",
         "no-data": "no data"}


def _table(assessed, lang: str) -> str:
    from ..assess.indicators import format_value

    rows = [("indicator", "level", "stage", "baseline", "target", "actual", "status")]
    for a in assessed:
        change = a.indicator.measure is not None and a.indicator.measure.count == "change"
        rows.append((a.id, a.level or "-", str(a.stage or "-"),
                     format_value(a.baseline, a, lang, change),
                     format_value(a.target, a, lang, change),
                     format_value(a.actual, a, lang, change),
                     MARKS[a.status] + (" (illustrative)" if a.illustrative else "")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for r in rows:
        cells = [c.rjust(w) if 3 <= i <= 5 else c.ljust(w) for i, (c, w) in
                 enumerate(zip(r, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@click.command()
@project_option
@click.option("--json", "as_json", is_flag=True, help="Print the indicators as JSON.")
@click.option("--check", is_flag=True,
              help="Exit 1 when an indicator is off track or has no data (for CI).")
@click.option("--lang", default="en", show_default=True, help="Language of the titles.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date to judge the indicators on (default: today).")
def assess(project_dir, as_json, check, lang, today):
    """Show every indicator of the action plan: its Kirkpatrick level (or outputs), stage,
    baseline, target, actual value computed from the records and surveys, and status
    (on track, at risk, off track, no data).

    Problems in the records and in the indicators' measures are reported first; exits 1
    on errors, and with --check also when an indicator is off track or has no data.
    """
    from ..assess import indicators
    from ..assess.sources import data_for
    from ..records import check_records

    project = _guard(_project, project_dir)
    loaded, found = _guard(check_records, project)
    data = data_for(project)
    found = found + indicators.check(loaded, data)
    _report(found, project.root)
    day = today.date() if today else dt.date.today()
    assessed = indicators.assess(loaded.records, data, day)
    if as_json:
        click.echo(json.dumps({"today": day.isoformat(),
                               "indicators": [a.to_json(lang) for a in assessed],
                               "diagnostics": [d.to_json(project.root) for d in found]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(_table(assessed, lang) if assessed else "the action plan has no indicators")
    errors = has_errors(found)
    failing = [a for a in assessed if a.status in ("off-track", "no-data")]
    sys.exit(1 if errors or (check and failing) else 0)
