"""Diagnostics: what every stage reports instead of raising on bad input."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


#: Every code the engine can report, with a one-line description.
#: Codes are stable: a code is never reused for another meaning.
CODES: dict[str, str] = {
    "PUB001": "a YAML file or front matter block cannot be parsed",
    "PUB002": "a file cannot be read as UTF-8 text",
    "PUB003": "front matter starts with `---` but never closes",
    "PUB004": "a project, case or brand file is missing",
    "PUB005": "a tab character in YAML indentation",
    "PUB006": "no space after the colon of a `key:value` line",
    "PUB007": "a file is larger than `limits.max_file_kb`",
    "PUB008": "a file contains a NUL byte",
    "PUB009": "Markdown nests lists, block quotes, divs, HTML or brackets past `limits`",
    "PUB010": "YAML nests lists or mappings deeper than `limits.max_depth`",
    "PUB011": "pandoc, Typst or another external tool ran longer than `limits.tool_seconds`",
    "PUB101": "a required field is missing",
    "PUB102": "a field has the wrong type",
    "PUB103": "a field has a value outside its allowed values",
    "PUB104": "an unknown field (probably misspelled)",
    "PUB105": "a date is not a valid YYYY-MM-DD date",
    "PUB106": "a language that the project does not list",
    "PUB107": "a translation names a source edition that does not exist",
    "PUB108": "a case has no edition in its source language",
    "PUB109": "an edition's front matter sets a field that belongs in case.yaml",
    "PUB110": "a country that is not an ISO 3166-1 alpha-2 code",
    "PUB111": "a licence that is not an SPDX id (a warning when only its spelling differs)",
    "PUB112": "an ISBN with a wrong length or check digit",
    "PUB113": "a DOI that is not of the form 10.NNNN/suffix",
    "PUB114": "a case folder name that is not a valid slug, or two cases with the same slug",
    "PUB120": "a placeholder (TODO) is still in the text",
    "PUB121": "a figure with words has no variant in the edition's language (warning)",
    "PUB122": "the brand has no text in a language the project declares (warning)",
    "PUB130": "a path in publisher.yaml or the brand lies outside the project, or is hidden",
    "PUB131": "a path in publisher.yaml or the brand is not of the expected kind",
    "PUB140": "a link with an unknown scheme (`htps://`)",
    "PUB141": "a link that is not a well-formed address (`https:/x`, `htps//x`, no host name)",
    "PUB142": "a link to a web address written without `https://` (`www.egov.kz`)",
    "PUB150": "an imported Word heading was given a section id by its position (warning)",
    "PUB151": "an imported Word heading matches no section and was given a made-up id "
              "(warning)",
    "PUB152": "`import --type` differs from the type in the case's case.yaml",
    "PUB155": "a comment of the Word draft: kept as a note, left out, or refused "
              "(`import --comments`)",
    "PUB156": "a tracked change of the Word draft: accepted, rejected, or refused "
              "(`import --changes`)",
    "PUB157": "a SmartArt graphic of the Word draft became a list of its words (warning)",
    "PUB158": "a Word table that a pipe table cannot hold became a list table (warning)",
    "PUB159": "an equation of the Word draft that cannot be written as Typst math (warning)",
    "PUB201": "a referenced file (image, attachment) does not exist",
    "PUB202": "a resource points outside the project, at a remote URL or at a forbidden scheme",
    "PUB203": "an image without alternative text",
    "PUB211": "a heading level is skipped (## then ####)",
    "PUB212": "a level-1 heading in the body (the title comes from the front matter)",
    "PUB213": "an id used more than once in an edition",
    "PUB214": "a section of a translated case without a plain, language-independent id",
    "PUB215": "an internal link to an id that does not exist",
    "PUB216": "a footnote reference without a definition",
    "PUB217": "a footnote definition that is never used",
    "PUB218": "a section required by the document type is missing",
    "PUB219": "an empty section",
    "PUB220": "raw HTML or a link that could run a script or embed a file",
    "PUB230": "a resource names a dotfile or a version-control folder",
    "PUB231": "an image that is not an image file (SVG, PNG, JPEG, GIF, WebP)",
    "PUB233": "a raw block of a format no check can judge (`{=openxml}`, `{=typst}`)",
    "PUB234": "raw HTML with `<meta http-equiv>` (a redirect or a policy change)",
    "PUB235": "an SVG image that reads other files or runs scripts",
    "PUB236": "CSS in raw HTML or an attribute that loads a resource",
    "PUB237": "raw HTML that closes elements it never opened (dropped on the site)",
    "PUB250": "a site generator's template tag (`{% … %}`) that shows literally (warning)",
    "PUB251": "a template expression or shortcode (`{{ … }}`) that shows literally (warning)",
    "PUB252": "a kramdown attribute list (`{: .class}`) that shows literally (warning)",
    "PUB253": "an MDX component (`<Intro>`) or comment (`{/* … */}`) not rendered (warning)",
    "PUB254": "a MyST role (`{ref}` before code) that shows literally (warning)",
    "PUB255": "a MyST target (`(label)=`) not in front of a heading (warning)",
    "PUB256": "a MyST or Quarto directive other than an admonition, shown as code (warning)",
    "PUB801": "`publisher new` was given an unknown document type",
    "PUB802": "`publisher new` or `import` would overwrite an existing case or edition",
    "PUB803": "pandoc cannot read the Word draft",
    "PUB804": "a part of the Word draft could not be converted faithfully",
    "PUB810": "`publisher check` found nothing to check",
    "PUB811": "a built page links to a file that does not exist",
    "PUB812": "a built page links to an anchor that does not exist",
    "PUB813": "a built PDF cannot be opened",
    "PUB814": "a built PDF is not tagged",
    "PUB815": "a built PDF has a font that is not embedded",
    "PUB816": "a built DOCX cannot be opened",
    "PUB301": "a renderer refused to fetch a resource outside the project",
    "PUB302": "a renderer failed on an edition",
    "PUB303": "the output folder cannot be written (read-only, or a file in its place)",
    "PUB502": "SVG images get no PNG copy in the DOCX because rsvg-convert is missing",
    "PUB503": "a generated DOCX failed the package check and was not written",
    "PUB601": "a character that no font of the brand's stacks can draw",
    "PUB602": "a font family named by the brand is not installed",
    "PUB603": "a translation lacks a section of its source",
    "PUB604": "a translation has a section its source does not have",
    "PUB605": "a translation section has a different number of figures, tables or footnotes",
    "PUB606": "a translation is stale or does not record the source it was made from",
    "PUB701": "brand colors fail the WCAG AA contrast the site needs",
    "PUB702": "raw HTML that could run a script or style was removed from a site page",
    "PUB703": "the site's search index cannot be built",
    "PUB704": "`site_url` is not set, so the site has no sitemap and uses relative addresses",
    "PUB705": "the site cannot be written",
    "PUB720": "a case's topic is not in the project's topic vocabulary (topics.yaml)",
    "PUB721": "topics.yaml: a topic id that is not a slug, or labels that are not text",
    "PUB722": "a topic has no label in a language of the project",
    "PUB723": "a topic has a label in a language the project does not have",
    "PUB401": "a partner logo listed in case.yaml is missing, not an image or outside the case",
    "PUB404": "SOURCE_DATE_EPOCH is not a number of seconds (the edition's date is used)",
    "PUB405": "a bibliography file is missing, outside the case, or cannot be read",
    "PUB406": "a citation key that the bibliography does not contain",
    "PUB407": "an image in the PDF has no alternative text",
    "PUB408": "proof pictures cannot be made (pdftoppm missing or failing)",
    "PUB409": "a proof page beyond the last page of the PDF",
    "PUB410": "a character that no font of the brand can draw (the PDF shows a stand-in)",
    "PUB900": "a records file is missing or unusable (an event folder without event.yaml)",
    "PUB901": "an unknown member id",
    "PUB902": "an unknown event slug",
    "PUB903": "an unknown action-plan activity id",
    "PUB904": "an event names a publication that does not exist",
    "PUB905": "an id used twice (member, activity, result, indicator)",
    "PUB906": "an event, activity or period that ends before it starts",
    "PUB907": "an unknown IANA time zone",
    "PUB908": "an activity's output (event, publication, survey) does not exist",
    "PUB909": "an activity marked done without an actual date",
    "PUB910": "an indicator without a unit",
    "PUB911": "a text of the records is missing in one of their languages",
    "PUB912": "an event's material file is missing or lies outside the event folder",
    "PUB913": "an event folder or text that cannot be used (bad slug, language, no text)",
    "PUB914": "an indicator's measure that cannot be computed",
    "PUB915": "an unknown survey or question (checked once the project has surveys)",
    "PUB916": "a records id that is not made of lowercase letters, digits and hyphens",
    "PUB930": "a survey has no readable form (form.md or form.xlsx), or has both",
    "PUB931": "a table of a survey's form.md is malformed (a cell beyond the columns, a "
              "repeated column or sheet)",
    "PUB932": "pyxform cannot convert the form (placed on the cell it names)",
    "PUB933": "pyxform warns about the form (placed on the cell it names)",
    "PUB934": "a label, hint or choice label is missing or empty in a language of the form",
    "PUB935": "a translated text is stale: its source-language text changed since `survey sync`",
    "PUB936": "a form's translations record no source texts (run `publisher survey sync`)",
    "PUB937": "questions that share a scale offer different choice lists",
    "PUB938": "a form's settings give no form_id, version or default_language",
    "PUB939": "a survey folder name that is not a valid slug",
    "PUB940": "a survey export cannot be read, or the tool that wrote it cannot be told",
    "PUB941": "a column of a survey export that matches no question of the form",
    "PUB942": "a value of a survey export that matches no choice of its question",
    "PUB943": "a survey export holds submissions of another form version",
    "PUB944": "a row of a survey export without a submission id",
    "PUB945": "a value of a survey export that is not of its question's type",
    "PUB946": "a repeat row of a survey export whose parent submission is unknown",
    "PUB947": "`surveys.min_cell_size` in publisher.yaml is not a whole number of at least 1",
    "PUB950": "a questionnaire cannot be made (unknown language or format, the form does not "
              "convert, the PDF engine failed)",
    "PUB980": "a data block names a survey that does not exist",
    "PUB981": "a data block names a question its survey does not ask, or one that cannot be "
              "charted",
    "PUB982": "a data block groups by something other than member, event or wave, or by a "
              "grouping its survey does not record",
    "PUB983": "a data block lacks a required attribute (survey, question or plan)",
    "PUB984": "an `.indicators` block names a plan or result that does not exist",
    "PUB985": "a data block would quote free text without `quotes=true`, or a personal field",
    "PUB986": "a data block's `minimum` or `limit` is not a whole number",
    "PUB987": "a data block has an attribute it does not know (warning)",
    "PUB988": "a chart cannot be drawn (vl-convert missing or failing)",
    "PUB989": "a data block's survey has no responses yet (warning)",
    "PUB990": "an indicator's survey measure names a survey or question that does not exist",
    "PUB991": "an indicator does not say what it measures (Kirkpatrick level or outputs; warning)",
    "PUB992": "an indicator's survey measure lacks the survey, question or waves it needs",
    "PUB993": "the aggregates behind a report cannot be written",
    "PUB420": "raw Typst (`{=typst}`) in an edition",
    "PUB421": "raw Typst in an edition that imports a Typst package (`@preview/...`)",
}


@dataclass(frozen=True)
class Diagnostic:
    """One finding, pointing at the exact place in the original file."""

    code: str
    severity: Severity
    message: str
    path: Path | None = None
    line: int = 0
    column: int = 0
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self, relative_to: Path | None = None) -> str:
        if self.path is None:
            return "publisher"
        path = self.path
        if relative_to is not None:
            try:
                path = path.resolve().relative_to(relative_to.resolve())
            except ValueError:
                pass
        parts = [str(path)]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self, relative_to: Path | None = None) -> str:
        text = f"{self.location(relative_to)}: {self.severity} {self.code}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_json(self, relative_to: Path | None = None) -> dict:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "path": self.location(relative_to).split(":")[0] if self.path else None,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }


def error(code: str, message: str, path=None, line=0, column=0, hint="") -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, path, line, column, hint)


def warning(code: str, message: str, path=None, line=0, column=0, hint="") -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, path, line, column, hint)


def has_errors(diagnostics) -> bool:
    return any(d.is_error for d in diagnostics)


class PublisherError(Exception):
    """Aborts a command; carries the diagnostics that explain why."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None):
        super().__init__(message)
        self.diagnostics = list(diagnostics or [])
