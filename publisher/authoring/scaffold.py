"""`publisher new`: a new case folder made from the scaffolds, in the author's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.diagnostics import PublisherError, error
from ..core.identifiers import slug_ok
from ..core.model import Project
from ..render import _environment

DEFAULT_SECTIONS = {
    "case-study": ["summary", "context", "reform", "results", "lessons", "references"],
    "guide": ["summary", "steps", "references"],
    "report": ["summary", "background", "findings", "references"],
}


def scaffold_text(lang: str) -> dict[str, str]:
    """The scaffolds' comments, placeholders and guidance in `lang` (English where it has
    none), keyed as in resources/scaffold-text.yaml."""
    from ..i18n.strings import scaffold_texts

    return {key: texts.get(lang) or texts["en"] for key, texts in scaffold_texts().items()}


def section_title(section: str, lang: str) -> str:
    from ..i18n.strings import section_title as localized

    return (localized(section, lang) or localized(section, "en")
            or section.replace("-", " ").capitalize())


def new_case(project: Project, doc_type: str, slug: str, lang: str, country: str = "",
             today: dt.date | None = None) -> list[Path]:
    """Create cases/<slug>/ with case.yaml and <lang>.md from the scaffolds."""
    problems = []
    if doc_type not in project.types:
        problems.append(error("PUB801", f"unknown document type `{doc_type}`",
                              hint="types: " + ", ".join(project.types)))
    if not slug_ok(slug):
        problems.append(error("PUB114", f"`{slug}` is not a valid slug",
                              hint="use lowercase letters, digits and hyphens, e.g. "
                              "georgia-data-exchange"))
    if project.languages and lang not in project.languages:
        problems.append(error("PUB106", f"language `{lang}` is not one of the project's "
                              "languages", hint="languages: " + ", ".join(project.languages)))
    folder = project.cases_dir / slug
    if folder.exists():
        problems.append(error("PUB802", f"cases/{slug} already exists", folder,
                              hint="choose another slug, or edit the existing case"))
    if problems:
        raise PublisherError("cannot create the case", problems)
    required = list(project.types[doc_type].sections)
    sections = DEFAULT_SECTIONS.get(doc_type, ["summary"])
    sections += [s for s in required if s not in sections]
    env = _environment(project.root)
    text = scaffold_text(lang)
    context = {
        "doc_type": doc_type, "lang": lang, "country": country.upper(),
        "date": (today or dt.date.today()).isoformat(), "text": text,
        "sections": [{"id": s, "title": section_title(s, lang),
                      "guidance": "TODO: " + text.get(f"section_{s}", text["section_other"])}
                     for s in sections],
    }
    texts = {name: env.get_template(template).render(**context)
             for template, name in (("scaffolds/case.yaml.j2", "case.yaml"),
                                    ("scaffolds/edition.md.j2", f"{lang}.md"))}
    (folder / "media").mkdir(parents=True)
    written = []
    for name, text in texts.items():
        (folder / name).write_text(text.rstrip("\n") + "\n", "utf-8")
        written.append(folder / name)
    return written
