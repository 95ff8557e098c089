"""Load: find the project, read every case and edition into the immutable model.

Nothing here raises on bad input: problems become diagnostics, and a case or
edition that cannot be read is left out of the result.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..core.diagnostics import Diagnostic, PublisherError, error, has_errors
from ..core import access, identifiers, limits
from ..core.model import DEFAULT_TYPES, FORMATS, Author, Case, DocType, Edition, Project
from .case_values import case_value_checks, declared_languages
from .fields import CASE_FIELDS, EDITION_FIELDS, PROJECT_FIELDS
from .kinds import check_mapping
from ..core.yamlio import Located, parse_yaml, read_markdown, read_text

CONFIG_NAME = "publisher.yaml"


def find_root(start: Path) -> Path | None:
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_project(root: Path) -> Project:
    """Read ``publisher.yaml``; abort with diagnostics when it is unusable."""
    root = root.resolve()
    path = root / CONFIG_NAME
    text, diagnostics = read_text(path)
    if text is None:
        raise PublisherError(f"cannot read {CONFIG_NAME}", diagnostics)
    located, diagnostics = parse_yaml(text, path)
    if located is None:
        raise PublisherError(f"cannot parse {CONFIG_NAME}", diagnostics)
    values, diagnostics = check_mapping(located, PROJECT_FIELDS, CONFIG_NAME)
    for fmt in values.get("formats", []):
        if fmt not in FORMATS:
            line, column = located.value_position("formats")
            diagnostics.append(error("PUB103", f"unknown format `{fmt}`", path, line, column,
                                     "formats: " + ", ".join(FORMATS)))
    types = {}
    raw_types = values.get("types") or list(DEFAULT_TYPES)
    if isinstance(raw_types, list):
        raw_types = {name: {} for name in raw_types}
    for name, spec in raw_types.items():
        base = DEFAULT_TYPES.get(name, DocType(name))
        types[name] = DocType(name, tuple(spec.get("required", base.required)),
                              tuple(spec.get("sections", base.sections)))
    places = {}
    for key, kinds, kind in (("output", (), "place"), ("cases", (), "folder"),
                             ("brand", (".yaml", ".yml"), "file")):
        if key not in values:
            continue
        place, refused = access.confine(root, root, values[key], f"`{key}:`", kinds, kind)
        if refused is not None and refused.code != "PUB004":  # a missing brand: load_brand
            line, column = located.value_position(key)
            diagnostics.append(error(refused.code, refused.message, path, line, column,
                                     refused.hint))
        places[key] = place
    if places.get("output") is not None and places["output"] == places.get("cases"):
        line, column = located.value_position("output")
        diagnostics.append(error("PUB131", "`output:` and `cases:` name the same folder", path,
                                 line, column, "build into a folder of its own, e.g. build"))
    bounds = _limits(located, located.data.get("limits"), diagnostics)
    if has_errors(diagnostics):
        raise PublisherError(f"{CONFIG_NAME} has errors", diagnostics)
    # the bounds apply to everything this process reads and runs for the project
    limits.use(bounds)
    return Project(
        root=root,
        name=values["name"],
        languages=tuple(values["languages"]),
        formats=tuple(values["formats"]),
        output=root / values["output"],
        cases_dir=root / values["cases"],
        brand_path=root / values["brand"],
        types=types,
        site_url=values.get("site_url", ""),
        ignore=tuple(values.get("ignore", ())),
        limits=bounds,
    )


def _limits(located: Located, raw, diagnostics: list[Diagnostic]) -> limits.Limits:
    """`limits:` of publisher.yaml: whole numbers above zero, known names only."""
    if not raw:
        return limits.Limits()
    if not isinstance(raw, CommentedMap):
        line, column = located.value_position("limits")
        diagnostics.append(error("PUB102", "`limits` must be a mapping", located.path, line,
                                 column, "limits: {max_file_kb: 5120, tool_seconds: 60}"))
        return limits.Limits()
    chosen = {}
    for key, value in raw.items():
        line, column = located.value_position(key, raw)
        if key not in limits.NAMES:
            diagnostics.append(error("PUB104", f"unknown limit `{key}`", located.path, line,
                                     column, "limits: " + ", ".join(limits.NAMES)))
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            diagnostics.append(error("PUB102", f"limit `{key}` must be a whole number above 0",
                                     located.path, line, column,
                                     f"{key}: {getattr(limits.Limits(), key)} (the default)"))
        else:
            chosen[key] = value
    return limits.Limits(**chosen)


def case_from(slug: str, folder: Path, values: dict, located) -> Case:
    return Case(
        slug=slug,
        path=folder,
        type=values.get("type", "report"),
        country=values.get("country", ""),
        agency=values.get("agency", ""),
        authors=tuple(Author(a["name"], a.get("affiliation", ""))
                      for a in values.get("authors", [])),
        date=values.get("date") or dt.date.today(),
        topics=tuple(values.get("topics", ())),
        license=values.get("license", "CC-BY-4.0"),
        source_language=values.get("source_language", ""),
        partners=tuple(values.get("partners", ())),
        isbn=values.get("isbn", ""),
        doi=values.get("doi", ""),
        bibliography=values.get("bibliography", ""),
        event=values.get("event", ""),
        activity=values.get("activity", ""),
        languages=tuple(values.get("languages", ())),
        meta=located,
    )


def edition_from(case: Case, lang: str, path: Path, values: dict, document) -> Edition:
    return Edition(
        case=case,
        lang=lang,
        path=path,
        title=values.get("title", path.stem),
        body=document.body,
        body_line=document.body_line,
        subtitle=values.get("subtitle", ""),
        short_title=values.get("short_title", ""),
        summary=values.get("summary", ""),
        keywords=tuple(values.get("keywords", ())),
        translated_from=values.get("translated_from", "") or "",
        translators=tuple(values.get("translators", ())),
        draft=bool(values.get("draft", False)),
        meta=document.meta,
        layout=values.get("layout") or "book",
    )


def load_case(project: Project, folder: Path) -> tuple[Case | None, list[Diagnostic]]:
    path = folder / "case.yaml"
    if not path.is_file():
        return None, [error("PUB004", "case folder has no case.yaml", folder, hint=(
            "every folder under cases/ needs a case.yaml with the shared metadata"))]
    text, diagnostics = read_text(path)
    if text is None:
        return None, diagnostics
    located, diagnostics = parse_yaml(text, path)
    if located is None:
        return None, diagnostics
    values, diagnostics = check_mapping(located, CASE_FIELDS, "case.yaml")
    if "type" in values and project.types and values["type"] not in project.types:
        line, column = located.value_position("type")
        diagnostics.append(error("PUB103", f"document type `{values['type']}` is not enabled "
                                 "in publisher.yaml", path, line, column,
                                 "enabled: " + ", ".join(project.types)))
    source = values.get("source_language")
    if source and project.languages and source not in project.languages:
        line, column = located.value_position("source_language")
        diagnostics.append(error("PUB106", f"language `{source}` is not one of the project's "
                                 "languages", path, line, column,
                                 "languages: " + ", ".join(project.languages)))
    diagnostics += case_value_checks(project, located, values)
    diagnostics += declared_languages(project, located, values)
    if not project.standalone and isinstance(values.get("topics"), list):
        from . import topics

        diagnostics += topics.case_topics(project.root, project.languages, located,
                                          values["topics"])
    from ..validate.body import placeholders

    diagnostics += placeholders(path, text, yaml=True)
    if not identifiers.slug_ok(folder.name):
        diagnostics.append(error("PUB114", f"case folder name `{folder.name}` is not a valid "
                                 "slug", path, 1, 1, "use lowercase letters, digits and hyphens, "
                                 "e.g. georgia-data-exchange"))
    return case_from(folder.name, folder, values, located), diagnostics


def load_edition(project: Project, case: Case, path: Path,
                 ) -> tuple[Edition | None, list[Diagnostic]]:
    lang = path.stem
    document, diagnostics = read_markdown(path)
    if document is None:
        return None, diagnostics
    shared = tuple(f.name for f in CASE_FIELDS)
    values, diagnostics = check_mapping(document.meta, EDITION_FIELDS, "front matter",
                                        skip=shared)
    for key in document.meta.data:
        if key in shared:
            line, column = document.meta.key_position(key)
            diagnostics.append(error("PUB109", f"`{key}` is shared by every edition of a case",
                                     path, line, column, f"set `{key}` once in case.yaml and "
                                     "remove it here"))
    if project.languages and lang not in project.languages:
        diagnostics.append(error("PUB106", f"edition language `{lang}` (from the file name) is "
                                 "not one of the project's languages", path, 1, 1,
                                 "name editions <lang>.md with one of: "
                                 + ", ".join(project.languages)))
    source = values.get("translated_from")
    if source:
        if source == lang:
            line, column = document.meta.value_position("translated_from")
            diagnostics.append(error("PUB107", f"edition `{lang}` says it was translated from "
                                     "itself", path, line, column))
        elif not (case.path / f"{source}.md").is_file():
            line, column = document.meta.value_position("translated_from")
            diagnostics.append(error("PUB107", f"translated from `{source}`, but the case has no "
                                     f"{source}.md", path, line, column,
                                     "fix `translated_from` or add the source edition"))
    return edition_from(case, lang, path, values, document), diagnostics


def load_editions(
    project: Project,
    slugs: tuple[str, ...] = (),
    langs: tuple[str, ...] = (),
) -> tuple[list[Edition], list[Diagnostic]]:
    """Every edition of the selected cases and languages, sorted by case then language."""
    diagnostics: list[Diagnostic] = []
    if not project.cases_dir.is_dir():
        return [], [error("PUB004", "the cases folder does not exist", project.cases_dir)]
    folders = sorted(p for p in project.cases_dir.iterdir() if p.is_dir()
                     and not p.name.startswith((".", "_")))
    known = {p.name for p in folders}
    lowered: dict[str, Path] = {}
    for folder in folders:
        other = lowered.setdefault(folder.name.lower(), folder)
        if other is not folder:
            diagnostics.append(error("PUB114", f"cases `{other.name}` and `{folder.name}` have "
                                     "the same slug", folder, hint="rename one of the folders"))
    for slug in slugs:
        if slug not in known:
            diagnostics.append(error("PUB004", f"no case named `{slug}`", project.cases_dir,
                                     hint="cases: " + ", ".join(sorted(known))))
    editions: list[Edition] = []
    for folder in folders:
        if slugs and folder.name not in slugs:
            continue
        case, found = load_case(project, folder)
        diagnostics += found
        if case is None:
            continue
        source = case.source_language
        if source and case.meta and not (folder / f"{source}.md").is_file():
            line, column = case.meta.value_position("source_language")
            diagnostics.append(error("PUB108", f"source language is `{source}` but the case has "
                                     f"no {source}.md", folder / "case.yaml", line, column,
                                     f"add {source}.md or correct `source_language`"))
        found_editions, found = case_editions(project, case, langs)
        diagnostics += found
        editions += found_editions
    return editions, diagnostics


def case_editions(project: Project, case: Case, langs: tuple[str, ...] = (),
                  ) -> tuple[list[Edition], list[Diagnostic]]:
    """The editions of one case (its `<lang>.md` files), sorted by language: those of
    `langs` only, when it names any."""
    editions: list[Edition] = []
    diagnostics: list[Diagnostic] = []
    for path in sorted(case.path.glob("*.md")):
        if langs and path.stem not in langs:
            continue
        edition, found = load_edition(project, case, path)
        diagnostics += found
        if edition is not None:
            editions.append(edition)
    return editions, diagnostics
