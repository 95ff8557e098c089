"""Load the alliance's records: alliance.yaml, events/<slug>/, action-plan.yaml.

Nothing here raises on bad input: every problem becomes a diagnostic, a file that
cannot be read is left out, and a field that failed is left at its default. The
checks that need more than one file are in `records.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Diagnostic, error
from ..core.identifiers import slug_ok
from ..core.model import Project
from ..load.kinds import check_mapping
from ..core.yamlio import Located, read_markdown, read_yaml
from .check import check_record
from .fields import ALLIANCE_FIELDS, EVENT_FIELDS, EVENT_TEXT_FIELDS, PLAN_FIELDS
from .model import (
    Activity, Alliance, Event, EventText, FocalPoint, Indicator, Measure, Member, Motive,
    Participants, Period, Plan, Publication, Records, Result, Stage, Text, Value,
)

ALLIANCE_FILE = "alliance.yaml"
PLAN_FILE = "action-plan.yaml"
EVENTS_FOLDER = "events"


@dataclass
class Source:
    """One records file as read: its YAML (with positions) and its checked values."""

    located: Located
    values: dict


@dataclass
class Loaded:
    records: Records
    alliance: Source | None = None
    plan: Source | None = None
    events: dict[str, Source] = field(default_factory=dict)
    cases: dict[str, Located] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def record_files(root: Path) -> list[Path]:
    """Every file the records are read from (the build's fingerprint of the records)."""
    files = [root / ALLIANCE_FILE, root / PLAN_FILE]
    events = root / EVENTS_FOLDER
    if events.is_dir():
        files += [p for p in events.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(events).parts)]
    return sorted(p for p in files if p.is_file())


def _read(path: Path, fields, what: str, languages) -> tuple[Source | None, list[Diagnostic]]:
    located, found = read_yaml(path)
    if located is None:
        return None, found
    values, found = check_record(located, fields, what, languages=languages)
    return Source(located, values), found


def _text(values: dict, key: str) -> Text:
    return Text.of(values.get(key))


def _period(values: dict | None) -> Period:
    values = values or {}
    return Period(values.get("start"), values.get("end"))


def _value(values: dict | None) -> Value | None:
    if not values or "value" not in values or "date" not in values:
        return None
    return Value(values["value"], values["date"], values.get("source", ""),
                 values.get("illustrative", False))


def _alliance(path: Path, v: dict, located: Located) -> Alliance:
    founded = v.get("founded", {})
    members = tuple(Member(
        id=m.get("id", ""), country=m.get("country", ""), name=_text(m, "name"),
        kind=m.get("kind", ""), short_name=_text(m, "short_name"), joined=m.get("joined"),
        url=m.get("url", ""),
        focal_points=tuple(FocalPoint(p.get("name", ""), _text(p, "role"), p.get("public", False))
                           for p in m.get("focal_points", [])),
    ) for m in v.get("members", []))
    stages = tuple(Stage(s["number"], _text(s, "title"), _text(s, "description"))
                   for s in v.get("stages", []) if "number" in s)
    return Alliance(
        path=path, name=_text(v, "name"), founded_date=founded.get("date"), members=members,
        short_name=_text(v, "short_name"), description=_text(v, "description"),
        languages=tuple(v.get("languages") or ()), founded_city=_text(founded, "city"),
        founded_country=founded.get("country", ""), founded_event=founded.get("event", ""),
        method=_text(v, "method"), stages=stages, meta=located)


def _plan(path: Path, v: dict, located: Located) -> Plan:
    activities = []
    for a in v.get("activities", []):
        outputs = a.get("outputs", {})
        activities.append(Activity(
            id=a.get("id", ""), title=_text(a, "title"), stage=a.get("stage", 0),
            type=a.get("type", ""), status=a.get("status", "planned"), lead=a.get("lead", ""),
            partners=tuple(a.get("partners", ())), planned=_period(a.get("planned")),
            actual=_period(a.get("actual")), events=tuple(outputs.get("events", ())),
            publications=tuple(outputs.get("publications", ())),
            surveys=tuple(outputs.get("surveys", ())),
            motivated_by=tuple(Motive(m.get("survey", ""), m.get("question", ""),
                                      m.get("answer", "")) for m in a.get("motivated_by", [])),
            illustrative=a.get("illustrative", False)))
    results = []
    for r in v.get("results", []):
        indicators = []
        for i in r.get("indicators", []):
            m = i.get("measure")
            measure = Measure(m["count"], m.get("type", ""), m.get("activity", ""),
                              m.get("from"), m.get("to"), m.get("member", ""),
                              m.get("language", ""), m.get("survey", ""), m.get("question", ""),
                              str(m.get("wave", "")), str(m.get("baseline_wave", "")),
                              m.get("statistic", "")) if m and "count" in m else None
            indicators.append(Indicator(
                id=i.get("id", ""), title=_text(i, "title"), unit=_text(i, "unit"),
                baseline=_value(i.get("baseline")), target=_value(i.get("target")),
                measure=measure, actual=tuple(x for x in map(_value, i.get("actual", [])) if x),
                level=i.get("level", ""), stage=i.get("stage")))
        results.append(Result(r.get("id", ""), _text(r, "title"), tuple(indicators)))
    return Plan(path=path, title=_text(v, "title"), period=_period(v.get("period")),
                activities=tuple(activities), results=tuple(results), meta=located,
                id=v.get("id", ""))


def _event_texts(project: Project, folder: Path) -> tuple[list[EventText], list[Diagnostic]]:
    texts, found = [], []
    for path in sorted(folder.glob("*.md")):
        lang = path.stem
        if project.languages and lang not in project.languages:
            found.append(error("PUB913", f"event text `{path.name}` is in `{lang}`, which is not "
                               "one of the project's languages", path, 1, 1,
                               "name event texts <lang>.md with one of: "
                               + ", ".join(project.languages)))
            continue
        document, more = read_markdown(path)
        found += more
        if document is None:
            continue
        values, more = check_mapping(document.meta, EVENT_TEXT_FIELDS, "front matter")
        found += more
        texts.append(EventText(lang, path, values.get("title", folder.name),
                               values.get("summary", ""), document.body, document.body_line))
    return texts, found


def _event(project: Project, folder: Path) -> tuple[Event | None, Source | None, list]:
    path = folder / "event.yaml"
    if not path.is_file():
        return None, None, [error("PUB900", "event folder has no event.yaml", folder, hint=(
            "every folder under events/ needs an event.yaml (type, start, end, timezone)"))]
    source, found = _read(path, EVENT_FIELDS, "event.yaml", project.languages)
    if not slug_ok(folder.name):
        found.append(error("PUB913", f"event folder name `{folder.name}` is not a valid slug",
                           path, 1, 1, "use lowercase letters, digits and hyphens, e.g. "
                           "seminar-tashkent-2019"))
    if source is None:
        return None, None, found
    texts, more = _event_texts(project, folder)
    found += more
    if not texts:
        found.append(error("PUB913", "the event has no text: add <lang>.md with its title",
                           path, 1, 1, "e.g. events/" + folder.name + "/en.md with front "
                           "matter `title:` and sections ## Agenda {#agenda}, ## Outcomes "
                           "{#outcomes}"))
    v = source.values
    if "start" not in v or "end" not in v or "type" not in v or "timezone" not in v:
        return None, source, found
    people = v.get("participants", {})
    materials = v.get("materials", {})
    event = Event(
        slug=folder.name, folder=folder, type=v["type"], start=v["start"], end=v["end"],
        timezone=v["timezone"], online=v.get("online", False), city=_text(v, "city"),
        country=v.get("country", ""), venue=_text(v, "venue"), host=v.get("host", ""),
        partners=tuple(v.get("partners", ())), languages=tuple(v.get("languages", ())),
        activity=v.get("activity", ""),
        participants=Participants(people.get("total"), tuple(people.get("by_member", {}).items()),
                                  people.get("illustrative", False), people.get("source", "")),
        files=tuple(materials.get("files", ())),
        publications=tuple(materials.get("publications", ())), survey=v.get("survey", ""),
        texts=tuple(texts), meta=source.located)
    return event, source, found


def _publications(project: Project) -> tuple[list[Publication], dict[str, Located]]:
    """The cases' slugs, types, dates and the event or activity they name (their own
    problems are reported by the editions' validation)."""
    from ..load.project import load_case

    pubs, located = [], {}
    if not project.cases_dir.is_dir():
        return pubs, located
    for folder in sorted(project.cases_dir.iterdir()):
        if not folder.is_dir() or folder.name.startswith((".", "_")):
            continue
        if not (folder / "case.yaml").is_file():
            continue
        case, _ = load_case(project, folder)
        if case is None:
            continue
        languages = tuple(sorted(p.stem for p in folder.glob("*.md")))
        pubs.append(Publication(case.slug, case.type, case.date, case.event, case.activity,
                                languages))
        if case.meta is not None:
            located[case.slug] = case.meta
    return pubs, located


def load_records(project: Project) -> Loaded:
    """Read every records file of the project (each one optional)."""
    root = project.root
    found: list[Diagnostic] = []
    langs = project.languages
    alliance = plan = None
    alliance_source = plan_source = None
    if (root / ALLIANCE_FILE).is_file():
        alliance_source, more = _read(root / ALLIANCE_FILE, ALLIANCE_FIELDS, ALLIANCE_FILE, langs)
        found += more
        if alliance_source and "founded" in alliance_source.values and \
                "date" in alliance_source.values["founded"]:
            alliance = _alliance(root / ALLIANCE_FILE, alliance_source.values,
                                 alliance_source.located)
    if (root / PLAN_FILE).is_file():
        plan_source, more = _read(root / PLAN_FILE, PLAN_FIELDS, PLAN_FILE, langs)
        found += more
        if plan_source:
            plan = _plan(root / PLAN_FILE, plan_source.values, plan_source.located)
    events, event_sources = [], {}
    folder = root / EVENTS_FOLDER
    if folder.is_dir():
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()
                          and not p.name.startswith((".", "_"))):
            event, source, more = _event(project, sub)
            found += more
            if source is not None:
                event_sources[sub.name] = source
            if event is not None:
                events.append(event)
    pubs, cases = _publications(project)
    records = Records(alliance, tuple(sorted(events, key=lambda e: (e.first_day, e.slug))),
                      plan, tuple(pubs))
    return Loaded(records, alliance_source, plan_source, event_sources, cases, found)
