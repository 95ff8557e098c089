"""A form as a printed questionnaire: numbered questions, boxes, scales and skip instructions.

The model here is shared by the PDF, DOCX and HTML questionnaires. Skip logic becomes
instructions a respondent can follow on paper: where a question's ``relevant`` (or its
group's) asks for certain answers to an earlier single-choice question, and the questions
skipped for the other answers follow that question directly, the earlier question says
"if you answered No, go to question 7"; otherwise the question itself says when to answer it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import strings
from .form import Form, Question

_EQUALS = re.compile(r"^\$\{(\w[\w.-]*)\}\s*(=|!=)\s*'([^']*)'$")
_SELECTED = re.compile(r"^(not\(\s*)?selected\(\s*\$\{(\w[\w.-]*)\}\s*,\s*'([^']*)'\s*\)(\s*\))?$")
_REFERENCE = re.compile(r"\$\{(\w[\w.-]*)\}")


@dataclass
class Option:
    name: str
    label: str
    instruction: str = ""  # "→ go to question 7"


@dataclass
class Item:
    kind: str  # "section", "note" or "question"
    text: str
    number: int = 0
    hint: str = ""
    style: str = ""  # single, multiple, scale, text, long, number, date
    options: list[Option] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)
    name: str = ""


@dataclass
class Questionnaire:
    lang: str
    title: str
    subtitle: str
    items: list[Item]
    closing: str
    rtl: bool = False


def _condition(expression: str) -> tuple[str, bool, set[str]] | None:
    """(question, is-equal, values) of a simple `relevant`, or None when it is not simple.

    Understood: ``${q} = 'a'``, ``${q} != 'a'``, ``selected(${q}, 'a')``, ``not(selected(...))``
    and ``or`` of those on one question."""
    parts = [p.strip() for p in re.split(r"\s+or\s+", expression.strip())]
    source, positive, values = None, None, set()
    for part in parts:
        part = part.strip("() ") if part.count("(") != part.count(")") else part
        match = _EQUALS.match(part)
        if match:
            name, equal, value = match.group(1), match.group(2) == "=", match.group(3)
        else:
            match = _SELECTED.match(part)
            if not match:
                return None
            name, equal, value = match.group(2), not match.group(1), match.group(3)
        if source not in (None, name) or positive not in (None, equal):
            return None
        source, positive = name, equal
        values.add(value)
    if source is None or (not positive and len(values) > 1):
        return None
    return source, bool(positive), values


def _style(form: Form, q: Question) -> str:
    if q.kind == "select_one":
        options = form.options(q)
        scaled = q.scale or "likert" in q.get("appearance") or (
            4 <= len(options) <= 11 and all(c.name.lstrip("-").isdigit() for c in options))
        return "scale" if scaled else "single"
    if q.kind in ("select_multiple", "rank"):
        return "multiple"
    if q.kind in ("integer", "decimal", "range"):
        return "number"
    if q.kind in ("date", "datetime"):
        return "date"
    if q.kind == "text" and "multiline" in q.get("appearance"):
        return "long"
    return "text"


def build(form: Form, lang: str) -> Questionnaire:
    """The questionnaire of `form` in `lang` (texts missing in it fall back to the source)."""
    default = form.default_language
    say = lambda key, **v: strings.text(lang, key, **v)  # noqa: E731
    items: list[Item] = []
    numbers: dict[str, int] = {}
    conditions: dict[str, list[str]] = {}  # question -> relevant expressions (own, groups')
    group_relevant: dict[str, str] = {}
    for q in form.questions:
        if q.is_group:
            if q.get("relevant"):
                group_relevant[q.path] = q.get("relevant")
            label = q.text("label", lang, default)
            if label:
                items.append(Item("section", label, name=q.name))
            continue
        if q.kind == "note":
            items.append(Item("note", q.text("label", lang, default), name=q.name))
            continue
        if not q.answered:
            continue
        number = len(numbers) + 1
        numbers[q.name] = number
        item = Item("question", q.label(lang, default), number, q.text("hint", lang, default),
                    _style(form, q), name=q.name)
        item.options = [Option(c.name, c.label(lang, default)) for c in form.options(q)]
        if item.style in ("single", "scale"):
            item.instructions.append(say("tick_one"))
        elif item.style == "multiple":
            item.instructions.append(say("tick_all"))
        elif item.style == "number":
            item.instructions.append(say("number"))
        exprs = [group_relevant[p] for p in ("/".join(q.group[:i + 1])
                                             for i in range(len(q.group))) if p in group_relevant]
        if q.get("relevant"):
            exprs.append(q.get("relevant"))
        conditions[q.name] = exprs
        items.append(item)
    questions = [i for i in items if i.kind == "question"]
    by_name = {i.name: i for i in questions}
    last = len(questions)
    # which later questions each answer of a single-choice question skips
    skipped: dict[tuple[str, str], set[int]] = {}
    pending: dict[int, list[tuple[str, set[str]]]] = {}
    for item in questions:
        for expr in conditions.get(item.name, ()):
            cond = _condition(expr)
            source = by_name.get(cond[0]) if cond else None
            src_q = form.question(cond[0]) if cond else None
            if source is not None and src_q is not None and src_q.kind == "select_multiple" \
                    and cond[1] and source.number < item.number:
                answer = f" {say('or')} ".join(o.label for o in source.options
                                               if o.name in cond[2])
                item.instructions.insert(0, say("only_if", answer=answer, n=source.number))
                continue
            if source is None or src_q is None or src_q.kind != "select_one" \
                    or source.number >= item.number:
                item.instructions.insert(0, say("only_if_expr", condition=_readable(
                    expr, numbers, lang)))
                continue
            _, positive, values = cond
            allowed = {o.name for o in source.options if (o.name in values) == positive}
            for o in source.options:
                if o.name not in allowed:
                    skipped.setdefault((source.name, o.name), set()).add(item.number)
            pending.setdefault(item.number, []).append((source.name, allowed))
    as_goto: set[tuple[str, str]] = set()
    for (name, option_name), numbers_skipped in skipped.items():
        source = by_name[name]
        if numbers_skipped != set(range(source.number + 1, max(numbers_skipped) + 1)):
            continue  # not a run right after the question: said at each question instead
        target = max(numbers_skipped) + 1
        option = next(o for o in source.options if o.name == option_name)
        option.instruction = (say("goto", answer=option.label, n=target) if target <= last
                              else say("goto_end", answer=option.label))
        as_goto.add((name, option_name))
    for item in questions:
        for name, allowed in reversed(pending.get(item.number, [])):
            source = by_name[name]
            if all((name, o.name) in as_goto for o in source.options if o.name not in allowed):
                continue
            answer = f" {say('or')} ".join(o.label for o in source.options
                                           if o.name in allowed)
            item.instructions.insert(0, say("only_if", answer=answer, n=source.number))
    version = form.version
    subtitle = say("form", id=form.form_id, version=version) if version else form.form_id
    return Questionnaire(lang, form.title_in(lang), subtitle, items, say("thanks"))


def _readable(expression: str, numbers: dict[str, int], lang: str) -> str:
    word = strings.text(lang, "question")
    return _REFERENCE.sub(lambda m: f"{word} {numbers[m.group(1)]}" if m.group(1) in numbers
                          else m.group(0), expression)
