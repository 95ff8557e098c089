"""Which question, choice or metadata field each column and value of an export names, under
every name a collection tool may give them (names, paths, codes, labels of any language)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .exports import metadata_columns
from .form import Choice, Form, Question
from .privacy import is_personal_column


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _code(name: str) -> str:
    """LimeSurvey's question codes are letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


@dataclass
class Column:
    kind: str  # meta, question, choice, personal, ignored, unknown
    question: Question | None = None
    choice: Choice | None = None
    meta: str = ""
    lang: str = ""  # the language whose label matched the header


class Matcher:
    """The form's questions and choices under every name an export may give them."""

    def __init__(self, form: Form):
        self.form = form
        self.columns: dict[str, Column] = {}
        self.values: dict[str, dict[str, str]] = {}  # list name -> normalized text -> name
        # list -> (normalized label, name), longest first
        self.labels: dict[str, list[tuple[str, str]]] = {}
        groups = {q.path: q for q in form.questions if q.is_group}
        langs = list(form.languages) or [""]
        for q in form.questions:
            if q.is_group or q.kind == "note":
                continue
            keys: list[tuple[str, str]] = [(q.name, ""), (q.path, ""),
                                           ("-".join((*q.group, q.name)), ""),
                                           (_code(q.name), "")]
            for lang in langs:
                label = q.text("label", lang)
                if label:
                    keys.append((label, lang))
                    trail = [groups[p].text("label", lang) or groups[p].name
                             for p in ("/".join(q.group[:i + 1]) for i in range(len(q.group)))
                             if p in groups]
                    if trail:
                        keys.append(("/".join((*trail, label)), lang))
            for key, lang in keys:
                self.columns.setdefault(norm(key), Column("question", q, lang=lang))
            if q.kind in ("select_multiple", "rank"):
                for c in form.options(q):
                    for key, lang in keys:
                        names = [c.name, _code(c.name)] + [c.label(x) for x in langs]
                        for cname in names:
                            for joined in (f"{key}/{cname}", f"{key}[{cname}]",
                                           f"{key} [{cname}]", f"{key}-{cname}"):
                                self.columns.setdefault(norm(joined),
                                                        Column("choice", q, c, lang=lang))
        for list_name, choices in form.choices.items():
            lookup: dict[str, str] = {}
            pairs: list[tuple[str, str]] = []
            for c in choices:
                lookup.setdefault(norm(c.name), c.name)
                for lang in langs:
                    label = c.label(lang)
                    lookup.setdefault(norm(label), c.name)
                    pairs.append((norm(label), c.name))
            self.values[list_name] = lookup
            self.labels[list_name] = sorted(set(pairs), key=lambda p: -len(p[0]))

    def column(self, header: str, source: str) -> Column:
        key = norm(header)
        if is_personal_column(header):
            return Column("personal")
        if key in {norm(m) for m in metadata_columns(source)} or key in (
                "_validation_status", "__version__"):
            return Column("meta", meta=key)
        found = self.columns.get(key)
        if found is not None:
            return found
        if source == "limesurvey" and (key.endswith("time") or key.startswith("grouptime")):
            return Column("ignored")
        if source == "kobo" and key.startswith("_") :
            return Column("ignored")
        return Column("unknown")

    def choice(self, list_name: str, text: str) -> str | None:
        return self.values.get(list_name, {}).get(norm(text))

    def choices(self, list_name: str, text: str, source: str) -> list[str] | None:
        """Choice names in a select_multiple cell, or None when a part matches no choice."""
        lookup = self.values.get(list_name, {})
        words = text.split()
        if all(norm(w) in lookup and lookup[norm(w)] == w for w in words):
            return words
        sep = ", " if source == "google" else " "
        rest, out = norm(text), []
        while rest:
            for label, name in self.labels.get(list_name, ()):
                if label and rest.startswith(label) and (
                        len(rest) == len(label)
                        or rest[len(label):].startswith(sep.strip() or " ")):
                    out.append(name)
                    rest = rest[len(label):].lstrip(", ").lstrip()
                    break
            else:
                return None
        return out
