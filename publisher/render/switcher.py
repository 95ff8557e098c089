"""The language switcher: links from an HTML edition to its siblings in other languages."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n.strings import strings
from ..core.model import Edition, Project


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str  # the language's own name ("Қазақ тілі"), so every reader finds theirs
    href: str  # relative to the edition; a script adds the #id of the section in view
    current: bool


def languages_of(edition: Edition, project: Project) -> list[str]:
    """The languages the edition's case exists in, in the project's order."""
    found = {p.stem for p in edition.case.path.glob("*.md")}
    order = list(project.languages) or sorted(found)
    return [lang for lang in order if lang in found]


def links(edition: Edition, project: Project) -> list[LanguageLink]:
    if project.standalone:
        return []
    langs = languages_of(edition, project)
    if len(langs) < 2:
        return []
    return [LanguageLink(lang, strings(lang).autonym(), f"{edition.slug}.{lang}.html",
                         lang == edition.lang) for lang in langs]
