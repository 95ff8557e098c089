"""The alliance's records, declared once: alliance.yaml, events/<slug>/event.yaml and
action-plan.yaml. Validation, the JSON Schemas and docs/fields.md read these declarations.

The kinds of `publisher.load.fields` are used as they are; `records.check` adds
`PerLanguage` (a text per language, or one text for every language), `Int` and `Number`,
`Counts`, `DateTime` (YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the event's time zone), and
the nested `Record` (a mapping) and `Records` (a list of mappings) with fields of their own.
"""

from __future__ import annotations

from ..load.kinds import Bool, Choice, Date, Str, TextList
from .check import Counts, DateTime, Int, Number, PerLanguage, Record, Records


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
    Str("name", "the person's name (published only when `public` is true)",
        required=True),
    PerLanguage("role", "the person's role, per language"),
    Bool("public", "the person agreed to have the name published", default=False),
)

MEMBER_FIELDS = (
    Str("id", "short id of the member, used by events and the action plan "
        "(lowercase letters, digits, hyphens)", required=True),
    Str("country", "ISO 3166-1 alpha-2 code of the member's country (the country of "
        "the seat for an international organisation)", required=True),
    PerLanguage("name", "the agency's name, per language", required=True),
    PerLanguage("short_name", "a short name, per language"),
    Choice("kind", "kind of member", required=True, choices=MEMBER_KINDS),
    Date("joined", "date the member joined, YYYY-MM-DD"),
    Str("url", "the member's website"),
    Records("focal_points", "contact people", fields=FOCAL_POINT_FIELDS),
)

FOUNDED_FIELDS = (
    Date("date", "founding date, YYYY-MM-DD", required=True),
    PerLanguage("city", "city, per language"),
    Str("country", "ISO 3166-1 alpha-2 code"),
    Str("event", "slug of the founding event (a folder under events/)"),
)

STAGE_FIELDS = (
    Int("number", "stage number, 1 to 4", required=True),
    PerLanguage("title", "the stage's name, per language", required=True),
    PerLanguage("description", "what happens in the stage, per language"),
)

ALLIANCE_FIELDS = (
    PerLanguage("name", "the alliance's name, per language", required=True),
    PerLanguage("short_name", "a short name, per language"),
    PerLanguage("description", "one paragraph about the alliance, per language"),
    TextList("languages", "languages the records are written in: a text missing in "
             "one of them is reported (default: every language of the project)"),
    Record("founded", "when, where and at which event the alliance was founded",
           required=True, fields=FOUNDED_FIELDS),
    PerLanguage("method", "the learning method, per language"),
    Records("stages", "the stages of the method", fields=STAGE_FIELDS),
    Records("members", "the member agencies", required=True, fields=MEMBER_FIELDS),
)

PARTICIPANTS_FIELDS = (
    Int("total", "number of participants (default: the sum of `by_member`)"),
    Counts("by_member", "number of participants per member id"),
    Bool("illustrative", "the figures were not published: they are shown as "
         "illustrative", default=False),
    Str("source", "where the figures come from"),
)

MATERIALS_FIELDS = (
    TextList("files", "files in the event folder (programme, presentations)",
             default=[]),
    TextList("publications", "publications (case slugs) presented or produced",
             default=[]),
)

EVENT_FIELDS = (
    Choice("type", "kind of event", required=True, choices=EVENT_TYPES),
    DateTime("start", "start: YYYY-MM-DD (all day) or YYYY-MM-DDTHH:MM local time",
             required=True),
    DateTime("end", "end, in the same form as `start` (a date is the last day)",
             required=True),
    Str("timezone", "IANA time zone of the place, e.g. Asia/Tashkent", required=True),
    Bool("online", "the event took place online", default=False),
    PerLanguage("city", "city, per language"),
    Str("country", "ISO 3166-1 alpha-2 code of the host country"),
    PerLanguage("venue", "venue, per language"),
    Str("host", "id of the host member"),
    TextList("partners", "ids of the partner members", default=[]),
    TextList("languages", "working languages of the event", default=[]),
    Str("activity", "id of the action-plan activity the event serves"),
    Record("participants", "who took part", fields=PARTICIPANTS_FIELDS),
    Record("materials", "files and publications of the event",
           fields=MATERIALS_FIELDS),
    Str("survey", "id of the feedback survey used after the event"),
)

EVENT_TEXT_FIELDS = (
    Str("title", "title of the event", required=True),
    Str("summary", "one-paragraph summary", default=""),
)

PERIOD_FIELDS = (
    Date("start", "first day, YYYY-MM-DD"),
    Date("end", "last day, YYYY-MM-DD"),
)

OUTPUTS_FIELDS = (
    TextList("events", "event slugs", default=[]),
    TextList("publications", "publication (case) slugs", default=[]),
    TextList("surveys", "survey ids", default=[]),
)

MOTIVE_FIELDS = (
    Str("survey", "id of the needs survey", required=True),
    Str("question", "name of the question", required=True),
    Str("answer", "the answer that motivated the activity"),
)

ACTIVITY_FIELDS = (
    Str("id", "short id of the activity", required=True),
    PerLanguage("title", "title, per language", required=True),
    Int("stage", "stage of the method, 1 to 4", required=True),
    Choice("type", "kind of activity", required=True, choices=ACTIVITY_TYPES),
    Str("lead", "id of the lead member"),
    TextList("partners", "ids of partner members", default=[]),
    Record("planned", "planned dates", fields=PERIOD_FIELDS),
    Record("actual", "actual dates", fields=PERIOD_FIELDS),
    Choice("status", "where the activity stands", required=True, choices=STATUSES),
    Record("outputs", "what the activity produced", fields=OUTPUTS_FIELDS),
    Records("motivated_by", "needs-survey answers that motivated the activity",
            fields=MOTIVE_FIELDS),
    Bool("illustrative", "dates or status were not published: shown as illustrative",
         default=False),
)

VALUE_FIELDS = (
    Number("value", "the value", required=True),
    Date("date", "date of the value, YYYY-MM-DD", required=True),
    Str("source", "where the value comes from"),
    Bool("illustrative", "the value was not published", default=False),
)

#: a value entered by hand: a baseline's or target's fields, with the source required
ENTERED_FIELDS = tuple(
    Str("source", "where the value comes from (a report, a survey, a count)", required=True)
    if f.name == "source" else f for f in VALUE_FIELDS)

MEASURE_FIELDS = (
    Choice("count", "what is counted, or the survey statistic computed",
           required=True, choices=MEASURES + SURVEY_MEASURES),
    Str("type", "only events, activities or publications of this type"),
    Str("activity", "only what serves this activity"),
    Date("from", "first day counted"),
    Date("to", "last day counted"),
    Str("member", "participants: only those of this member (by id)"),
    Str("language", "publications: only those with an edition in this language"),
    Str("survey", "mean, top-two-box, change: the survey (a folder under surveys/)"),
    Str("question", "mean, top-two-box, change: the question's name in the form"),
    Str("wave", "mean, top-two-box: only this wave; change: the follow-up wave"),
    Str("baseline_wave", "change: the wave the follow-up is compared with"),
    Choice("statistic", "change: the statistic compared", choices=STATISTICS),
)

INDICATOR_FIELDS = (
    Str("id", "short id of the indicator", required=True),
    PerLanguage("title", "title, per language", required=True),
    PerLanguage("unit", "unit of the values, per language (e.g. seminars); required"),
    Choice("level", "what it measures: a Kirkpatrick level, or outputs counted",
           choices=LEVELS),
    Int("stage", "the stage of the method it belongs to, 1 to 4"),
    Record("baseline", "value at the start", fields=VALUE_FIELDS),
    Record("target", "value aimed at", fields=VALUE_FIELDS),
    Record("measure", "how the actual value is computed from the records",
           fields=MEASURE_FIELDS),
    Records("actual", "actual values entered by hand, each with a date and source",
            fields=ENTERED_FIELDS),
)

RESULT_FIELDS = (
    Str("id", "short id of the result", required=True),
    PerLanguage("title", "the expected result, per language", required=True),
    Records("indicators", "how the result is measured", fields=INDICATOR_FIELDS),
)

PLAN_FIELDS = (
    Str("id", "short id of the plan, named by a document's "
        "`::: {.indicators plan=…}` block"),
    PerLanguage("title", "title of the plan, per language", required=True),
    Record("period", "the plan's period", required=True, fields=PERIOD_FIELDS),
    Records("activities", "the plan's activities", required=True,
            fields=ACTIVITY_FIELDS),
    Bool("illustrative", "the plan's period was not published: shown as illustrative",
         default=False),
    Records("results", "expected results and their indicators (result, indicator, "
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
