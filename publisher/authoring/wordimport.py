"""`publisher import`: a Word draft turned into cases/<slug>/<lang>.md with its media, its
front matter and, for a new case, a case.yaml to complete."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..core import pandoc
from . import review, word, wordblocks
from .scaffold import DEFAULT_SECTIONS
from .tidy import clean_imported
from ..core.diagnostics import Diagnostic, PublisherError, error
from ..core.identifiers import slug_ok
from ..core.model import Project
from ..core.tree import stringify, walk
from ..core.yamlio import flow, quoted, yaml_text


@dataclass
class ImportReport:
    edition: Path | None = None
    media: list[Path] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)


def _meta_text(meta: dict, key: str) -> str:
    value = meta.get(key)
    if not value:
        return ""
    if value["t"] == "MetaList":
        return ", ".join(stringify(v) for v in value["c"])
    return stringify(value)


def import_docx(project: Project, source: Path, slug: str, lang: str,
                overwrite: bool = False, doc_type: str | None = None,
                comments: str = "keep", changes: str = "keep") -> ImportReport:
    """Convert a Word draft into cases/<slug>/<lang>.md with its media and front matter.

    `comments`: keep (as notes in the Markdown), drop or refuse; `changes` (tracked
    changes): keep (accepted, and noted in the Markdown), accept, reject or refuse. Every
    comment, change and other loss is a note at its place in the draft."""
    report = ImportReport()
    folder = project.cases_dir / slug
    target = folder / f"{lang}.md"
    problems = []
    if not slug_ok(slug):
        problems.append(error("PUB114", f"`{slug}` is not a valid slug",
                              hint="use lowercase letters, digits and hyphens"))
    if project.languages and lang not in project.languages:
        problems.append(error("PUB106", f"language `{lang}` is not one of the project's "
                              "languages", hint="languages: " + ", ".join(project.languages)))
    if target.exists() and not overwrite:
        problems.append(error("PUB802", f"cases/{slug}/{lang}.md already exists", target,
                              hint="pass --overwrite to replace it"))
    case_yaml: dict = {}
    if (folder / "case.yaml").is_file():
        try:
            case_yaml = YAML(typ="safe").load((folder / "case.yaml").read_text("utf-8")) or {}
        except Exception:
            case_yaml = {}
        case_yaml = case_yaml if isinstance(case_yaml, dict) else {}
    declared = str(case_yaml.get("type") or "")
    if doc_type and doc_type not in project.types:
        problems.append(error("PUB801", f"unknown document type `{doc_type}`",
                              hint="types: " + ", ".join(project.types)))
    elif doc_type and declared and doc_type != declared:
        problems.append(error("PUB152", f"--type {doc_type} differs from the type of "
                              f"cases/{slug}, `{declared}`", folder / "case.yaml",
                              hint="leave out --type, or change `type:` in case.yaml"))
    found = word.scan(source)
    problems += [d for d in review.revision_notes(found, source, comments, changes)
                 if d.is_error]
    if problems:
        raise PublisherError("cannot import the draft", problems)
    doc_type = declared or doc_type or "case-study"
    expected = list(DEFAULT_SECTIONS.get(doc_type, ["summary"]))
    if doc_type in project.types:
        expected += [s for s in project.types[doc_type].sections if s not in expected]
    source_lang = str(case_yaml.get("source_language") or "")
    source_sections = _source_sections(project, folder, source_lang, lang)
    report.notes += review.revision_notes(found, source, comments, changes)
    report.notes += wordblocks.smartart_notes(found, source)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            reading = source
            if found.prepared is not None:
                reading = Path(tmp) / "draft.docx"
                reading.write_bytes(found.prepared)
            media_dir = Path(tmp) / "media"
            ast = json.loads(pandoc.run(["-f", "docx+styles", "-t", "json",
                                         "--track-changes=all",
                                         f"--extract-media={media_dir}", str(reading)], b""))
            ast, notes = clean_imported(ast, lang, source, found, expected,
                                        source_sections, comments, changes)
            report.notes += notes
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "media").mkdir(exist_ok=True)
            _relink_media(ast, media_dir, folder, report)
            body = pandoc.run(["-f", "json", "-t",
                               "markdown-auto_identifiers-grid_tables-simple_tables-multiline_tables"
                               "-raw_attribute-bracketed_spans-native_spans-native_divs"
                               "+pipe_tables", "--wrap=none", "--markdown-headings=atx"],
                              json.dumps(ast).encode("utf-8")).decode("utf-8")
    except pandoc.PandocError as exc:
        raise PublisherError("cannot read the draft", [error(
            "PUB803", f"pandoc cannot read {source.name}: {exc}", source,
            hint="save the draft as .docx (Word 2007 or later) and try again")]) from None
    meta = ast.get("meta", {})
    title = _meta_text(meta, "title") or source.stem.replace("_", " ").replace("-", " ")
    front = {"title": title}
    for key in ("subtitle", "abstract"):
        if _meta_text(meta, key):
            front["subtitle" if key == "subtitle" else "summary"] = _meta_text(meta, key)
    props = _core_properties(source)
    if props.get("keywords"):
        front["keywords"] = [k.strip() for k in re.split(r"[;,]", props["keywords"]) if k.strip()]
    if props.get("subject") and "subtitle" not in front:
        front["subtitle"] = props["subject"]
    if props.get("comments") and "summary" not in front:
        front["summary"] = props["comments"]
    if (folder / "case.yaml").is_file():
        if source_lang and source_lang != lang and (folder / f"{source_lang}.md").is_file():
            front["translated_from"] = source_lang
    else:
        required = project.types[doc_type].required if doc_type in project.types else ()
        _write_case_yaml(folder, lang, props, _meta_text(meta, "author"), doc_type, required)
    header = _front_matter(front)
    target.write_text(header + "\n" + body.strip() + "\n", "utf-8")
    report.edition = target
    return report


def _source_sections(project: Project, folder: Path, source_lang: str,
                     lang: str) -> list[tuple[int, str]]:
    """(level, id) of the source edition's sections, when the draft is a translation."""
    if not source_lang or source_lang == lang or not (folder / f"{source_lang}.md").is_file():
        return []
    from ..load.project import load_case, load_edition
    from ..i18n.translations import INTRO, META, sections_of

    try:
        case, _ = load_case(project, folder)
        if case is None:
            return []
        edition, _ = load_edition(project, case, folder / f"{source_lang}.md")
        if edition is None:
            return []
        return [(s.level, s.id) for s in sections_of(edition) if s.id not in (META, INTRO)]
    except Exception:  # an unreadable source edition: validate reports it
        return []


def _relink_media(ast: dict, media_dir: Path, folder: Path, report) -> None:
    """Move extracted images into the case's media/ and point the images at them."""
    def visit(el):
        if el["t"] != "Image":
            return
        src = Path(el["c"][2][0])
        try:
            rel = src.resolve().relative_to(media_dir.resolve())
        except ValueError:
            return
        name = rel.name
        dest = folder / "media" / name
        stem, suffix, n = dest.stem, dest.suffix, 1
        while dest.exists():
            dest = folder / "media" / f"{stem}-{n}{suffix}"
            n += 1
        shutil.copyfile(media_dir / rel, dest)
        report.media.append(dest)
        el["c"][2][0] = f"media/{dest.name}"
        el["c"][0][2] = [kv for kv in el["c"][0][2] if kv[0] not in ("width", "height")]

    walk(ast["blocks"], visit)


def _core_properties(source: Path) -> dict:
    try:
        import docx

        props = docx.Document(str(source)).core_properties
    except Exception:
        return {}
    return {k: getattr(props, k) or "" for k in
            ("title", "subject", "keywords", "comments", "author", "language")} | {
        "created": props.created}


def _front_matter(front: dict) -> str:
    """The edition's front matter, every value a quoted text (a list of them on one line)."""
    data = {key: flow([quoted(v) for v in value]) if isinstance(value, list) else quoted(value)
            for key, value in front.items()}
    return "---\n" + yaml_text(data) + "---\n"


def _write_case_yaml(folder: Path, lang: str, props: dict, authors: str,
                     doc_type: str = "case-study", required: tuple[str, ...] = ()) -> None:
    created = props.get("created")
    names = [a.strip() for a in re.split(r"[;,]", authors or props.get("author") or "")
             if a.strip()] or ["TODO: Full Name"]
    data = CommentedMap(type=doc_type)
    if doc_type == "case-study" or "country" in required:
        data["country"] = "TODO"
        data.yaml_add_eol_comment("ISO 3166-1 alpha-2 code", "country", column=15)
    if doc_type == "case-study" or "agency" in required:
        data["agency"] = quoted("TODO: the agency or body whose experience this describes")
    data["authors"] = [{"name": quoted(n)} for n in names]
    data["date"] = created.date() if created else dt.date.today()
    data["topics"] = flow(["TODO"])
    data["license"] = "CC-BY-4.0"
    data["source_language"] = lang
    (folder / "case.yaml").write_text(yaml_text(
        data, "Filled from the Word draft; check every value. Fields: docs/fields.md"), "utf-8")
