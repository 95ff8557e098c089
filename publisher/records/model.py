"""The alliance's records as immutable values: members, events, the action plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ..core.yamlio import Located


@dataclass(frozen=True)
class Text:
    """A text per language; `""` holds a text that is the same in every language."""

    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, mapping: dict | None) -> Text:
        return cls(tuple((mapping or {}).items()))

    def __bool__(self) -> bool:
        return bool(self.values)

    def pick(self, lang: str, fallbacks: tuple[str, ...] = ("en", "ru")) -> tuple[str, str]:
        """The text for `lang` and the language it is in ("" when language-neutral)."""
        texts = dict(self.values)
        for code in (lang, "", *fallbacks, *texts):
            if code in texts:
                return texts[code], code
        return "", ""

    def get(self, lang: str) -> str:
        return self.pick(lang)[0]

    def languages(self) -> set[str]:
        return {code for code, _ in self.values}


@dataclass(frozen=True)
class FocalPoint:
    name: str
    role: Text
    public: bool


@dataclass(frozen=True)
class Member:
    id: str
    country: str
    name: Text
    kind: str
    short_name: Text = Text()
    joined: dt.date | None = None
    url: str = ""
    focal_points: tuple[FocalPoint, ...] = ()

    def public_focal_points(self) -> tuple[FocalPoint, ...]:
        return tuple(p for p in self.focal_points if p.public)


@dataclass(frozen=True)
class Stage:
    number: int
    title: Text
    description: Text = Text()


@dataclass(frozen=True)
class Alliance:
    path: Path
    name: Text
    founded_date: dt.date
    members: tuple[Member, ...]
    short_name: Text = Text()
    description: Text = Text()
    languages: tuple[str, ...] = ()
    founded_city: Text = Text()
    founded_country: str = ""
    founded_event: str = ""
    method: Text = Text()
    stages: tuple[Stage, ...] = ()
    meta: Located | None = field(default=None, compare=False, repr=False)

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)


@dataclass(frozen=True)
class EventText:
    """An event's Markdown in one language: title, summary, and the body (agenda, outcomes)."""

    lang: str
    path: Path
    title: str
    summary: str
    body: str
    body_line: int


@dataclass(frozen=True)
class Participants:
    total: int | None = None
    by_member: tuple[tuple[str, int], ...] = ()
    illustrative: bool = False
    source: str = ""

    @property
    def count(self) -> int | None:
        if self.total is not None:
            return self.total
        return sum(n for _, n in self.by_member) if self.by_member else None


@dataclass(frozen=True)
class Event:
    slug: str
    folder: Path
    type: str
    start: dt.date | dt.datetime  # naive: local time in `timezone`; a date for all-day events
    end: dt.date | dt.datetime
    timezone: str
    online: bool = False
    city: Text = Text()
    country: str = ""
    venue: Text = Text()
    host: str = ""
    partners: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    activity: str = ""
    participants: Participants = Participants()
    files: tuple[str, ...] = ()
    publications: tuple[str, ...] = ()
    survey: str = ""
    texts: tuple[EventText, ...] = ()
    meta: Located | None = field(default=None, compare=False, repr=False)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    def local(self, which: str) -> dt.date | dt.datetime:
        """`start` or `end` as an aware datetime in the event's zone (a date when all day)."""
        value = getattr(self, which)
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=ZoneInfo(self.timezone))
        return value

    @property
    def first_day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        return self.end.date() if isinstance(self.end, dt.datetime) else self.end

    def text(self, lang: str, fallbacks: tuple[str, ...] = ("en", "ru")) -> EventText | None:
        by_lang = {t.lang: t for t in self.texts}
        for code in (lang, *fallbacks):
            if code in by_lang:
                return by_lang[code]
        return self.texts[0] if self.texts else None


@dataclass(frozen=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None

    def __bool__(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class Motive:
    """A needs-survey answer that motivated an activity (checked once surveys exist)."""

    survey: str
    question: str
    answer: str = ""


@dataclass(frozen=True)
class Activity:
    id: str
    title: Text
    stage: int
    type: str
    status: str
    lead: str = ""
    partners: tuple[str, ...] = ()
    planned: Period = Period()
    actual: Period = Period()
    events: tuple[str, ...] = ()
    publications: tuple[str, ...] = ()
    surveys: tuple[str, ...] = ()
    motivated_by: tuple[Motive, ...] = ()
    illustrative: bool = False

    def overdue(self, today: dt.date) -> bool:
        """Not done, not cancelled, and its planned end has passed."""
        return (self.status in ("planned", "ongoing") and self.planned.end is not None
                and self.planned.end < today)


@dataclass(frozen=True)
class Value:
    value: float
    date: dt.date
    source: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class Measure:
    """How an indicator's actual value is computed from the records (see `measures`)."""

    count: str
    type: str = ""
    activity: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    member: str = ""
    language: str = ""
    survey: str = ""
    question: str = ""
    wave: str = ""
    baseline_wave: str = ""
    statistic: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    title: Text
    unit: Text
    baseline: Value | None = None
    target: Value | None = None
    measure: Measure | None = None
    actual: tuple[Value, ...] = ()
    level: str = ""  # reaction, learning, behaviour, results, outputs
    stage: int | None = None


@dataclass(frozen=True)
class Result:
    id: str
    title: Text
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Plan:
    path: Path
    title: Text
    period: Period
    activities: tuple[Activity, ...]
    results: tuple[Result, ...] = ()
    meta: Located | None = field(default=None, compare=False, repr=False)
    id: str = ""

    def activity(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)


@dataclass(frozen=True)
class Publication:
    """What the records need of a publication: its slug, date, type and where it came from."""

    slug: str
    type: str
    date: dt.date
    event: str = ""
    activity: str = ""
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Records:
    """Everything the alliance keeps, read from one project."""

    alliance: Alliance | None = None
    events: tuple[Event, ...] = ()
    plan: Plan | None = None
    publications: tuple[Publication, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.alliance or self.events or self.plan)

    def event(self, slug: str) -> Event | None:
        return next((e for e in self.events if e.slug == slug), None)

    def publication(self, slug: str) -> Publication | None:
        return next((p for p in self.publications if p.slug == slug), None)

    def events_of(self, activity_id: str) -> list[Event]:
        """The events that serve an activity: named by it or naming it."""
        named = set(self.plan.activity(activity_id).events) if self.plan and \
            self.plan.activity(activity_id) else set()
        return [e for e in self.events if e.activity == activity_id or e.slug in named]

    def publications_of_event(self, slug: str) -> list[str]:
        """Publications an event produced or presented: from both sides of the link."""
        event = self.event(slug)
        listed = list(event.publications) if event else []
        listed += [p.slug for p in self.publications if p.event == slug and p.slug not in listed]
        return listed

    def origin_of(self, publication_slug: str) -> tuple[Event | None, Activity | None]:
        """The event and activity a publication came from (named by its case.yaml, or by
        the event's materials and the activity's outputs)."""
        pub = self.publication(publication_slug)
        event = self.event(pub.event) if pub and pub.event else next(
            (e for e in self.events if publication_slug in e.publications), None)
        activity = None
        if self.plan:
            activity = (self.plan.activity(pub.activity) if pub and pub.activity else None) or \
                next((a for a in self.plan.activities if publication_slug in a.publications),
                     None)
        return event, activity
