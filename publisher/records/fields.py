"""The alliance's records, declared once: alliance.yaml, events/<slug>/event.yaml and
action-plan.yaml. Validation, the JSON Schemas and docs/fields.md read these declarations.

The kinds of `publisher.load.fields` are used as they are; three are added here:
`text` (a text per language, or one text for every language), `int` and `number`,
`datetime` (YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the event's time zone), and nested
`record` (a mapping) and `records` (a list of mappings) with fields of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..load.fields import Field


@dataclass(frozen=True)
class Nested(Field):
    """A field whose value is a mapping (`record`) or a list of mappings (`records`)."""

    fields: tuple[Field, ...] = ()


MEMBER_KINDS = ("national-agency", "academy", "international-organisation")
EVENT_TYPES = ("founding-meeting", "seminar", "expert-meeting", "study-visit", "online-meeting",
               "conference")
ACTIVITY_TYPES = ("meeting", "seminar", "case-study", "expert-meeting", "survey", "assessment",
                  "guide", "report", "dissemination")
STATUSES = ("planned", "ongoing", "done", "postponed", "cancelled")
STAGES = (1, 2, 3, 4)
#: what an indicator's actual value can be computed from (see records.measures)
MEASURES = ("events", "participants", "publications", "activities")
#: measures computed from survey responses by the assessment (publisher.assess.indicators)
SURVEY_MEASURES = ("mean", "top-two-box", "change")
#: what an indicator measures: a level of Kirkpatrick's model, or outputs counted
LEVELS = ("reaction", "learning", "behaviour", "results", "outputs")
STATISTICS = ("mean", "top-two-box")

FOCAL_POINT_FIELDS = (
    Field("name", "str", "the person's name (published only when `public` is true)",
          required=True),
    Field("role", "text", "the person's role, per language"),
    Field("public", "bool", "the person agreed to have the name published", default=False),
)

MEMBER_FIELDS = (
    Field("id", "str", "short id of the member, used by events and the action plan "
          "(lowercase letters, digits, hyphens)", required=True),
    Field("country", "str", "ISO 3166-1 alpha-2 code of the member's country (the country of "
          "the seat for an international organisation)", required=True),
    Field("name", "text", "the agency's name, per language", required=True),
    Field("short_name", "text", "a short name, per language"),
    Field("kind", "str", "kind of member", required=True, choices=MEMBER_KINDS),
    Field("joined", "date", "date the member joined, YYYY-MM-DD"),
    Field("url", "str", "the member's website"),
    Nested("focal_points", "records", "contact people", fields=FOCAL_POINT_FIELDS),
)

FOUNDED_FIELDS = (
    Field("date", "date", "founding date, YYYY-MM-DD", required=True),
    Field("city", "text", "city, per language"),
    Field("country", "str", "ISO 3166-1 alpha-2 code"),
    Field("event", "str", "slug of the founding event (a folder under events/)"),
)

STAGE_FIELDS = (
    Field("number", "int", "stage number, 1 to 4", required=True),
    Field("title", "text", "the stage's name, per language", required=True),
    Field("description", "text", "what happens in the stage, per language"),
)

ALLIANCE_FIELDS = (
    Field("name", "text", "the alliance's name, per language", required=True),
    Field("short_name", "text", "a short name, per language"),
    Field("description", "text", "one paragraph about the alliance, per language"),
    Field("languages", "list[str]", "languages the records are written in: a text missing in "
          "one of them is reported (default: every language of the project)"),
    Nested("founded", "record", "when, where and at which event the alliance was founded",
           required=True, fields=FOUNDED_FIELDS),
    Field("method", "text", "the learning method, per language"),
    Nested("stages", "records", "the stages of the method", fields=STAGE_FIELDS),
    Nested("members", "records", "the member agencies", required=True, fields=MEMBER_FIELDS),
)

PARTICIPANTS_FIELDS = (
    Field("total", "int", "number of participants (default: the sum of `by_member`)"),
    Field("by_member", "counts", "number of participants per member id"),
    Field("illustrative", "bool", "the figures were not published: they are shown as "
          "illustrative", default=False),
    Field("source", "str", "where the figures come from"),
)

MATERIALS_FIELDS = (
    Field("files", "list[str]", "files in the event folder (programme, presentations)",
          default=[]),
    Field("publications", "list[str]", "publications (case slugs) presented or produced",
          default=[]),
)

EVENT_FIELDS = (
    Field("type", "str", "kind of event", required=True, choices=EVENT_TYPES),
    Field("start", "datetime", "start: YYYY-MM-DD (all day) or YYYY-MM-DDTHH:MM local time",
          required=True),
    Field("end", "datetime", "end, in the same form as `start` (a date is the last day)",
          required=True),
    Field("timezone", "str", "IANA time zone of the place, e.g. Asia/Tashkent", required=True),
    Field("online", "bool", "the event took place online", default=False),
    Field("city", "text", "city, per language"),
    Field("country", "str", "ISO 3166-1 alpha-2 code of the host country"),
    Field("venue", "text", "venue, per language"),
    Field("host", "str", "id of the host member"),
    Field("partners", "list[str]", "ids of the partner members", default=[]),
    Field("languages", "list[str]", "working languages of the event", default=[]),
    Field("activity", "str", "id of the action-plan activity the event serves"),
    Nested("participants", "record", "who took part", fields=PARTICIPANTS_FIELDS),
    Nested("materials", "record", "files and publications of the event",
           fields=MATERIALS_FIELDS),
    Field("survey", "str", "id of the feedback survey used after the event"),
)

EVENT_TEXT_FIELDS = (
    Field("title", "str", "title of the event", required=True),
    Field("summary", "str", "one-paragraph summary", default=""),
)

PERIOD_FIELDS = (
    Field("start", "date", "first day, YYYY-MM-DD"),
    Field("end", "date", "last day, YYYY-MM-DD"),
)

OUTPUTS_FIELDS = (
    Field("events", "list[str]", "event slugs", default=[]),
    Field("publications", "list[str]", "publication (case) slugs", default=[]),
    Field("surveys", "list[str]", "survey ids", default=[]),
)

MOTIVE_FIELDS = (
    Field("survey", "str", "id of the needs survey", required=True),
    Field("question", "str", "name of the question", required=True),
    Field("answer", "str", "the answer that motivated the activity"),
)

ACTIVITY_FIELDS = (
    Field("id", "str", "short id of the activity", required=True),
    Field("title", "text", "title, per language", required=True),
    Field("stage", "int", "stage of the method, 1 to 4", required=True),
    Field("type", "str", "kind of activity", required=True, choices=ACTIVITY_TYPES),
    Field("lead", "str", "id of the lead member"),
    Field("partners", "list[str]", "ids of partner members", default=[]),
    Nested("planned", "record", "planned dates", fields=PERIOD_FIELDS),
    Nested("actual", "record", "actual dates", fields=PERIOD_FIELDS),
    Field("status", "str", "where the activity stands", required=True, choices=STATUSES),
    Nested("outputs", "record", "what the activity produced", fields=OUTPUTS_FIELDS),
    Nested("motivated_by", "records", "needs-survey answers that motivated the activity",
           fields=MOTIVE_FIELDS),
    Field("illustrative", "bool", "dates or status were not published: shown as illustrative",
          default=False),
)

VALUE_FIELDS = (
    Field("value", "number", "the value", required=True),
    Field("date", "date", "date of the value, YYYY-MM-DD", required=True),
    Field("source", "str", "where the value comes from"),
    Field("illustrative", "bool", "the value was not published", default=False),
)

ENTERED_FIELDS = (
    Field("value", "number", "the value", required=True),
    Field("date", "date", "date of the value, YYYY-MM-DD", required=True),
    Field("source", "str", "where the value comes from (a report, a survey, a count)",
          required=True),
    Field("illustrative", "bool", "the value was not published", default=False),
)

MEASURE_FIELDS = (
    Field("count", "str", "what is counted, or the survey statistic computed",
          required=True, choices=MEASURES + SURVEY_MEASURES),
    Field("type", "str", "only events, activities or publications of this type"),
    Field("activity", "str", "only what serves this activity"),
    Field("from", "date", "first day counted"),
    Field("to", "date", "last day counted"),
    Field("member", "str", "participants: only those of this member (by id)"),
    Field("language", "str", "publications: only those with an edition in this language"),
    Field("survey", "str", "mean, top-two-box, change: the survey (a folder under surveys/)"),
    Field("question", "str", "mean, top-two-box, change: the question's name in the form"),
    Field("wave", "str", "mean, top-two-box: only this wave; change: the follow-up wave"),
    Field("baseline_wave", "str", "change: the wave the follow-up is compared with"),
    Field("statistic", "str", "change: the statistic compared", choices=STATISTICS),
)

INDICATOR_FIELDS = (
    Field("id", "str", "short id of the indicator", required=True),
    Field("title", "text", "title, per language", required=True),
    Field("unit", "text", "unit of the values, per language (e.g. seminars); required"),
    Field("level", "str", "what it measures: a Kirkpatrick level, or outputs counted",
          choices=LEVELS),
    Field("stage", "int", "the stage of the method it belongs to, 1 to 4"),
    Nested("baseline", "record", "value at the start", fields=VALUE_FIELDS),
    Nested("target", "record", "value aimed at", fields=VALUE_FIELDS),
    Nested("measure", "record", "how the actual value is computed from the records",
           fields=MEASURE_FIELDS),
    Nested("actual", "records", "actual values entered by hand, each with a date and source",
           fields=ENTERED_FIELDS),
)

RESULT_FIELDS = (
    Field("id", "str", "short id of the result", required=True),
    Field("title", "text", "the expected result, per language", required=True),
    Nested("indicators", "records", "how the result is measured", fields=INDICATOR_FIELDS),
)

PLAN_FIELDS = (
    Field("id", "str", "short id of the plan, named by a document's "
          "`::: {.indicators plan=…}` block"),
    Field("title", "text", "title of the plan, per language", required=True),
    Nested("period", "record", "the plan's period", required=True, fields=PERIOD_FIELDS),
    Nested("activities", "records", "the plan's activities", required=True,
           fields=ACTIVITY_FIELDS),
    Field("illustrative", "bool", "the plan's period was not published: shown as illustrative",
          default=False),
    Nested("results", "records", "expected results and their indicators (result, indicator, "
           "baseline, target, actual: the IATI shape)", fields=RESULT_FIELDS),
)

#: the three files, for the JSON Schemas and the field reference
FILES = {
    "alliance": ("alliance.yaml", "the alliance: names, founding, method, members",
                 ALLIANCE_FIELDS),
    "event": ("events/<slug>/event.yaml", "one event of the alliance", EVENT_FIELDS),
    "event-text": ("front matter of events/<slug>/<lang>.md", "an event's text in one language",
                   EVENT_TEXT_FIELDS),
    "action-plan": ("action-plan.yaml", "the action plan: activities, results, indicators",
                    PLAN_FIELDS),
}
