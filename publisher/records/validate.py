"""Checks across the records files: ids, references, dates, time zones, translations.

Every check runs, in one pass; each finding points at the exact value in its file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from pathlib import Path

from ..core.diagnostics import Diagnostic, error, warning
from ..core.identifiers import countries, slug_ok
from ..core.model import Project
from .check import NODE, Nested, at_item, at_start, at_value
from .fields import ALLIANCE_FIELDS, EVENT_FIELDS, EVENT_TYPES, PLAN_FIELDS, STAGES
from .load import Loaded, Source, load_records

SURVEYS_FOLDER = "surveys"
#: case slugs the site's alliance pages use (<lang>/alliance/)
RESERVED_SLUGS = ("alliance",)


@functools.cache
def time_zones() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


def did_you_mean(value: str, known, what: str) -> str:
    close = difflib.get_close_matches(str(value), sorted(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    known = sorted(known)
    if not known:
        return f"no {what} is declared yet"
    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f"known {what}: {shown}"


class _Checker:
    def __init__(self, project: Project, loaded: Loaded):
        self.project = project
        self.loaded = loaded
        self.records = loaded.records
        self.found: list[Diagnostic] = []
        alliance = loaded.alliance
        self.members = {m["id"] for m in (alliance.values.get("members", []) if alliance else [])
                        if "id" in m}
        self.events = set(loaded.events)
        plan = loaded.plan
        self.activities = {a["id"] for a in (plan.values.get("activities", []) if plan else [])
                           if "id" in a}
        self.publications = {p.slug for p in self.records.publications}
        surveys = project.root / SURVEYS_FOLDER
        self.surveys = ({p.name for p in surveys.iterdir() if p.is_dir()}
                        if surveys.is_dir() else None)
        declared = alliance.values.get("languages") if alliance else None
        self.languages = tuple(declared or project.languages)

    def add(self, code, message, source: Source, where, hint="", severity=error):
        self.found.append(severity(code, message, source.located.path, *where, hint))

    # -- references ------------------------------------------------------------------------

    def member(self, source: Source, values: dict, key: str, index: int | None = None,
               value: str | None = None, where=None):
        member_id = value if value is not None else values.get(key)
        if not member_id or member_id in self.members:
            return
        where = where or (at_item(source.located, values, key, index) if index is not None
                          else at_value(source.located, values, key))
        hint = (did_you_mean(member_id, self.members, "members") if self.loaded.alliance
                else "there is no alliance.yaml declaring the members")
        self.add("PUB901", f"unknown member `{member_id}`", source, where, hint)

    def members_list(self, source: Source, values: dict, key: str):
        for index, member_id in enumerate(values.get(key, [])):
            self.member(source, values, key, index, member_id)

    def event(self, source: Source, values: dict, key: str, code="PUB902", what="event"):
        slug = values.get(key)
        if slug and slug not in self.events:
            self.add(code, f"unknown {what} `{slug}`", source, at_value(source.located, values,
                     key), did_you_mean(slug, self.events, "events (folders under events/)"))

    def activity(self, source: Source, values: dict, key: str):
        activity_id = values.get(key)
        if activity_id and activity_id not in self.activities:
            hint = (did_you_mean(activity_id, self.activities, "activities")
                    if self.loaded.plan else "there is no action-plan.yaml")
            self.add("PUB903", f"unknown activity `{activity_id}`", source,
                     at_value(source.located, values, key), hint)

    def publication_list(self, source: Source, values: dict, key: str, code: str, what: str):
        for index, slug in enumerate(values.get(key, [])):
            if slug not in self.publications:
                self.add(code, f"{what} names publication `{slug}`, which does not exist",
                         source, at_item(source.located, values, key, index),
                         did_you_mean(slug, self.publications, "publications (folders under "
                                      "cases/)"))

    def survey(self, source: Source, values: dict, key: str, index: int | None = None,
               value: str | None = None, code: str = "PUB915"):
        """Surveys are checked only once the project has a surveys/ folder."""
        survey_id = value if value is not None else values.get(key)
        if not survey_id or self.surveys is None or survey_id in self.surveys:
            return
        where = (at_item(source.located, values, key, index) if index is not None
                 else at_value(source.located, values, key))
        self.add(code, f"unknown survey `{survey_id}`", source, where,
                 did_you_mean(survey_id, self.surveys, "surveys (folders under surveys/)"))

    def question(self, source: Source, values: dict):
        """The question a needs-survey answer comes from, once the survey's form is readable."""
        from ..surveys import load_survey, surveys_dir

        survey, question = values.get("survey"), values.get("question")
        if not survey or not question or not self.surveys or survey not in self.surveys:
            return
        form, _ = load_survey(surveys_dir(self.project.root) / survey)
        if form is None:  # the survey's own check reports why
            return
        asked = form.question(question)
        if asked is None:
            names = [q.name for q in form.questions if getattr(q, "name", "")]
            self.add("PUB915", f"survey `{survey}` has no question `{question}`", source,
                     at_value(source.located, values, "question"),
                     did_you_mean(question, names, "questions"))
            return
        answer = values.get("answer")
        kind = asked.type.split()
        if answer and len(kind) > 1 and kind[0] in ("select_one", "select_multiple"):
            names = [c.name for c in form.choices.get(kind[1], [])]
            if names and answer not in names:
                self.add("PUB915", f"`{answer}` is not an answer of question `{question}`",
                         source, at_value(source.located, values, "answer"),
                         did_you_mean(answer, names, "answers"))

    # -- shared checks ---------------------------------------------------------------------

    def ids(self, source: Source, items: list[dict], what: str):
        seen: dict[str, int] = {}
        for item in items:
            ident = item.get("id")
            if ident is None:
                continue
            where = at_value(source.located, item, "id")
            if not slug_ok(ident):
                self.add("PUB916", f"{what} id `{ident}` is not made of lowercase letters, "
                         "digits and hyphens", source, where, "e.g. uz-apa or seminar-2019")
            if ident in seen:
                self.add("PUB905", f"duplicate {what} id `{ident}` (first on line "
                         f"{seen[ident]})", source, where, "each id may be used only once")
            else:
                seen[ident] = where[0]

    def country(self, source: Source, values: dict, key: str = "country"):
        code = values.get(key)
        if code and code not in countries():
            hint = (f"did you mean `{code.upper()}`?" if code.upper() in countries()
                    else "use an ISO 3166-1 alpha-2 code such as AZ, AM, GE, KZ, KG, UZ, EE")
            self.add("PUB110", f"`{code}` is not an ISO 3166 country code", source,
                     at_value(source.located, values, key), hint)

    def period(self, source: Source, values: dict | None, what: str):
        if not values:
            return
        start, end = values.get("start"), values.get("end")
        if start and end and _day(end) < _day(start):
            self.add("PUB906", f"{what} ends ({end}) before it starts ({start})", source,
                     at_value(source.located, values, "end"), "check the two dates")

    def translations(self, source: Source, values: dict, fields):
        """A text missing in one of the records' languages (a warning naming it)."""
        for f in fields:
            value = values.get(f.name)
            if value is None:
                continue
            if f.kind == "text" and "" not in value:
                missing = [lang for lang in self.languages if lang not in value]
                for lang in missing:
                    self.add("PUB911", f"`{f.name}` has no {lang} text", source,
                             at_value(source.located, values, f.name),
                             f"add `{lang}: ...` under `{f.name}`", warning)
            elif isinstance(f, Nested) and f.kind == "record":
                self.translations(source, value, f.fields)
            elif isinstance(f, Nested) and f.kind == "records":
                for item in value:
                    self.translations(source, item, f.fields)

    # -- the files -------------------------------------------------------------------------

    def alliance(self, source: Source):
        v = source.values
        members = v.get("members", [])
        self.ids(source, members, "member")
        for m in members:
            self.country(source, m)
        founded = v.get("founded", {})
        self.country(source, founded)
        if founded.get("event"):
            self.event(source, founded, "event")
        for stage in v.get("stages", []):
            if "number" in stage and stage["number"] not in STAGES:
                self.add("PUB103", f"stage {stage['number']} is not one of 1 to 4", source,
                         at_value(source.located, stage, "number"))
        for lang in v.get("languages") or ():
            if self.project.languages and lang not in self.project.languages:
                self.add("PUB106", f"language `{lang}` is not one of the project's languages",
                         source, at_value(source.located, v, "languages"),
                         "languages: " + ", ".join(self.project.languages))
        self.translations(source, v, ALLIANCE_FIELDS)

    def event_file(self, slug: str, source: Source):
        v = source.values
        located = source.located
        zone = v.get("timezone")
        if zone and zone not in time_zones():
            self.add("PUB907", f"unknown time zone `{zone}`", source,
                     at_value(located, v, "timezone"),
                     did_you_mean(zone, time_zones(), "IANA time zones")
                     if difflib.get_close_matches(zone, time_zones(), n=1, cutoff=0.6)
                     else "use an IANA time zone name such as Asia/Tashkent or Asia/Bishkek")
        start, end = v.get("start"), v.get("end")
        if start is not None and end is not None:
            if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
                self.add("PUB102", "`start` and `end` must both be dates or both dates with a "
                         "time", source, at_value(located, v, "end"))
            elif end < start:
                self.add("PUB906", f"the event ends ({end}) before it starts ({start})", source,
                         at_value(located, v, "end"), "check `start` and `end`")
        self.country(source, v)
        self.member(source, v, "host")
        self.members_list(source, v, "partners")
        self.activity(source, v, "activity")
        self.survey(source, v, "survey")
        people = v.get("participants", {})
        for member_id in people.get("by_member", {}):
            self.member(source, people, "by_member", value=member_id,
                        where=located.key_position(member_id, people.get("by_member" + NODE)))
        materials = v.get("materials", {})
        folder = located.path.parent.resolve()
        for index, name in enumerate(materials.get("files", [])):
            target = (folder / name).resolve()
            where = at_item(located, materials, "files", index)
            if folder not in target.parents or any(p.startswith(".") for p in Path(name).parts):
                self.add("PUB912", f"material `{name}` lies outside the event folder", source,
                         where, "put the file in the event's folder and name it relative to it")
            elif not target.is_file():
                self.add("PUB912", f"material `{name}` does not exist in the event folder",
                         source, where, "add the file or remove it from `materials`")
        self.publication_list(source, materials, "publications", "PUB904", "the event")
        self.translations(source, v, EVENT_FIELDS)
        event = self.records.event(slug)
        if event is not None:
            have = {t.lang for t in event.texts}
            for lang in self.languages:
                if have and lang not in have:
                    self.add("PUB911", f"the event has no {lang} text ({lang}.md)", source,
                             (1, 1), f"add events/{slug}/{lang}.md with its title", warning)

    def plan(self, source: Source):
        v = source.values
        located = source.located
        self.period(source, v.get("period"), "the plan")
        activities = v.get("activities", [])
        self.ids(source, activities, "activity")
        for a in activities:
            if "stage" in a and a["stage"] not in STAGES:
                self.add("PUB103", f"stage {a['stage']} is not one of 1 to 4", source,
                         at_value(located, a, "stage"), "stages: 1 founding, 2-3 sustained "
                         "contact, 4 applying the lessons")
            self.member(source, a, "lead")
            self.members_list(source, a, "partners")
            self.period(source, a.get("planned"), f"activity `{a.get('id')}` (planned)")
            self.period(source, a.get("actual"), f"activity `{a.get('id')}` (actual)")
            if a.get("status") == "done" and not (a.get("actual") or {}).get("end") and not (
                    a.get("actual") or {}).get("start"):
                self.add("PUB909", f"activity `{a.get('id')}` is done but has no actual date",
                         source, at_value(located, a, "status"),
                         "add `actual: {start: YYYY-MM-DD, end: YYYY-MM-DD}`")
            outputs = a.get("outputs", {})
            for index, slug in enumerate(outputs.get("events", [])):
                if slug not in self.events:
                    self.add("PUB908", f"output event `{slug}` does not exist", source,
                             at_item(located, outputs, "events", index),
                             did_you_mean(slug, self.events, "events"))
            self.publication_list(source, outputs, "publications", "PUB908",
                                  f"activity `{a.get('id')}`")
            for index, survey in enumerate(outputs.get("surveys", [])):
                self.survey(source, outputs, "surveys", index, survey, code="PUB908")
            for motive in a.get("motivated_by", []):
                self.survey(source, motive, "survey")
                self.question(source, motive)
        results = v.get("results", [])
        self.ids(source, results, "result")
        indicators = [i for r in results for i in r.get("indicators", [])]
        self.ids(source, indicators, "indicator")
        for i in indicators:
            if not i.get("unit") and "unit" not in (i.get(NODE) or {}):
                self.add("PUB910", f"indicator `{i.get('id')}` has no unit", source,
                         at_start(located, i), "add `unit:` (what the values count, e.g. "
                         "seminars), per language")
            measure = i.get("measure")
            if measure:
                self.activity(source, measure, "activity")
                if measure.get("from") and measure.get("to") and measure["to"] < measure["from"]:
                    self.add("PUB906", f"the measure of `{i.get('id')}` ends before it starts",
                             source, at_value(located, measure, "to"))
                kind = measure.get("type")
                if kind and measure.get("count") in ("events", "participants") and \
                        kind not in EVENT_TYPES:
                    self.add("PUB914", f"`{kind}` is not an event type", source,
                             at_value(located, measure, "type"),
                             did_you_mean(kind, EVENT_TYPES, "event types"))
        self.translations(source, v, PLAN_FIELDS)

    def cases(self):
        for slug, located in self.loaded.cases.items():
            if slug in RESERVED_SLUGS:
                self.found.append(error(
                    "PUB913", f"a case named `{slug}` would take the place of the alliance's "
                    "pages on the site", located.path, 1, 1, "rename the case folder"))
            source = Source(located, {NODE: located.data, **{
                k: str(located.data[k]) for k in ("event", "activity")
                if isinstance(located.data.get(k), str)}})
            self.event(source, source.values, "event")
            self.activity(source, source.values, "activity")

    def run(self) -> list[Diagnostic]:
        if self.loaded.alliance:
            self.alliance(self.loaded.alliance)
        for slug, source in self.loaded.events.items():
            self.event_file(slug, source)
        if self.loaded.plan:
            self.plan(self.loaded.plan)
        if self.records:
            self.cases()
        elif self.loaded.cases:
            for located in self.loaded.cases.values():
                for key in ("event", "activity"):
                    if located.data.get(key):
                        self.found.append(warning(
                            "PUB900", f"case.yaml names an {key}, but the project keeps no "
                            "alliance records to find it in", located.path,
                            *located.value_position(key), "add alliance.yaml, events/ and "
                            f"action-plan.yaml, or remove `{key}`"))
        return self.found


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def check_records(project: Project, loaded: Loaded | None = None,
                  ) -> tuple[Loaded, list[Diagnostic]]:
    """Load the records (unless given) and run every check; the codes the project ignores
    are left out."""
    loaded = loaded or load_records(project)
    found = loaded.diagnostics + _Checker(project, loaded).run()
    found = [d for d in found if d.code not in project.ignore]
    return loaded, found
