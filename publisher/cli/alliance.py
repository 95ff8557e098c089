"""`publisher alliance`: the state of the action plan (activities by status, overdue ones,
upcoming events, indicators)."""

from __future__ import annotations

import json
import sys

import click

from .common import _guard, _project, _report, project_option
from ..core.diagnostics import has_errors


def _text(state: dict) -> str:
    lines = [f"{state['plan'] or 'no action plan'} ({state['period']['start']} to "
             f"{state['period']['end']}), {len(state['members'])} members"]
    for status, ids in state["activities"].items():
        if ids:
            lines.append(f"  {status:<10} {len(ids):>2}  " + ", ".join(ids))
    for item in state["overdue"]:
        mark = " (illustrative dates)" if item["illustrative"] else ""
        lines.append(f"overdue: {item['id']} ({item['status']}, planned end "
                     f"{item['planned_end']}, {item['days_late']} days late){mark}")
    upcoming = state["events"]["upcoming"]
    lines.append(f"events: {state['events']['past']} past, {len(upcoming)} upcoming")
    for event in upcoming:
        lines.append(f"  {event['start']} {event['timezone']}  {event['slug']}: {event['title']}")
    for ind in state["indicators"]:
        def show(value):
            return "-" if value is None else f"{round(value, 2):g}"
        mark = " (illustrative)" if ind["illustrative"] else ""
        lines.append(f"indicator {ind['id']}: baseline {show(ind['baseline'])}, target "
                     f"{show(ind['target'])}, actual {show(ind['actual'])} {ind['unit']}{mark}")
    return "\n".join(lines)


@click.command()
@project_option
@click.option("--json", "as_json", is_flag=True, help="Print the state as JSON.")
@click.option("--check", is_flag=True, help="Exit 1 when an activity is overdue (for CI).")
@click.option("--lang", default="en", show_default=True, help="Language of the titles.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date to judge the plan on (default: today, or SOURCE_DATE_EPOCH's date).")
def alliance(project_dir, as_json, check, lang, today):
    """Show the state of the alliance's action plan: activities by status, overdue ones,
    upcoming events and the indicators' baseline, target and actual values.

    Problems in alliance.yaml, events/ and action-plan.yaml are reported first; exits 1
    on errors, and with --check also when an activity is overdue.
    """
    from ..records import check_records
    from ..records.status import plan_status, survey_measured, today as judged_on

    project = _guard(_project, project_dir)
    loaded, found = _guard(check_records, project)
    _report(found, project.root)
    day = today.date() if today else judged_on()
    measured = survey_measured(project, loaded.records, day) if loaded.records.plan else {}
    state = plan_status(loaded.records, day, lang, measured)
    if as_json:
        state["diagnostics"] = [d.to_json(project.root) for d in found]
        click.echo(json.dumps(state, ensure_ascii=False, indent=2))
    else:
        click.echo(_text(state))
    errors = has_errors(found)
    sys.exit(1 if errors or (check and state["overdue"]) else 0)
