"""The author's tools: a new case from a scaffold, and a Word draft turned into an edition."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from ..core import pandoc
from . import review, word, wordblocks
from ..core.diagnostics import Diagnostic, PublisherError, error, warning
from ..core.identifiers import slug_ok
from ..core.model import Project
from ..render import _environment
from ..core.tree import stringify, walk

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


# --- import of a Word draft ---------------------------------------------------------------

@dataclass
class ImportReport:
    edition: Path | None = None
    media: list[Path] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)


def _ascii_id(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _meta_text(meta: dict, key: str) -> str:
    value = meta.get(key)
    if not value:
        return ""
    if value["t"] == "MetaList":
        return ", ".join(stringify(v) for v in value["c"])
    return stringify(value)


def _caption_labels() -> list[str]:
    from ..i18n.strings import LOCALES_DIR, _catalog

    labels = set()
    for path in LOCALES_DIR.glob("*.yaml"):
        catalog = _catalog(path.stem)
        labels.update(v for k, v in catalog.items() if k in ("figure", "table"))
    return sorted(labels, key=len, reverse=True)


def _strip_caption_label(blocks: list) -> None:
    """Remove a "Figure 3. " label our own DOCX editions put before captions."""
    if not blocks or blocks[0]["t"] not in ("Plain", "Para"):
        return
    inlines = blocks[0]["c"]
    text = stringify(inlines[:4])
    for label in _caption_labels():
        if re.match(rf"^{re.escape(label)} \d+\.", text):
            # Str label, Space, Str "N.", Space -> drop the first four inlines
            count = 4 if len(inlines) > 3 and inlines[3]["t"] == "Space" else 3
            del inlines[:count]
            return


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
            ast, notes = _clean_imported(ast, lang, source, found, expected,
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


#: paragraph styles of our own DOCX editions' cover, inside cover and contents
_FRONT_STYLES = {"Cover Logos", "Cover Series", "Cover Country", "Inside Cover",
                 "Inside Cover Heading", "toc 1", "toc 2", "toc 3", "TOC Heading"}
_META_STYLES = {"Title": "title", "Subtitle": "subtitle", "Author": "author", "Date": "date",
                "Abstract": "abstract"}


def _style(block) -> str | None:
    if block["t"] == "Div":
        return dict(block["c"][0][2]).get("custom-style")
    return None


def _take_front(ast: dict) -> None:
    """Move title-page paragraphs into metadata; drop our own cover and contents."""
    meta = ast.setdefault("meta", {})
    kept = []
    for block in ast["blocks"]:
        style = _style(block)
        if style in _META_STYLES:
            key = _META_STYLES[style]
            inlines = [i for b in block["c"][1] if b["t"] in ("Para", "Plain") for i in b["c"]]
            if key not in meta and inlines:
                meta[key] = {"t": "MetaInlines", "c": inlines}
            continue
        if style in _FRONT_STYLES:
            continue
        if block["t"] == "Header" and "TOC-Heading" in block["c"][1][1]:
            continue
        kept.append(block)
    ast["blocks"] = kept


def _clean_imported(ast: dict, lang: str, source: Path, found: word.Scan | None = None,
                    expected: list[str] | None = None,
                    source_sections: list[tuple[int, str]] | None = None,
                    comments: str = "keep", changes: str = "keep"):
    """Give headings section ids, drop our own caption labels, and note what did not
    convert."""
    found = found or word.Scan()
    _take_front(ast)
    ast["blocks"] = _unwrap_styles(ast["blocks"])
    notes: list[Diagnostic] = []
    wordblocks.smartart(ast["blocks"], found.diagrams)
    notes += _sections(ast, lang, source, found, expected or [], source_sections or [])

    def visit(el):
        t = el["t"]
        if t in ("Figure", "Table"):
            _strip_caption_label(el["c"][1][1])
        elif t == "Image":
            if not stringify(el["c"][1]).strip():
                notes.append(warning("PUB203", "an image has no alternative text", source,
                                     hint="describe it in the Markdown: ![What it shows](...)"))
        elif t in ("RawBlock", "RawInline"):
            notes.append(warning("PUB804", f"content pandoc could not convert "
                                 f"({el['c'][0]}) was kept as raw text", source,
                                 hint="check the imported edition where this appears"))

    walk(ast["blocks"], visit)
    notes += wordblocks.equations(ast["blocks"], found, source)
    notes += wordblocks.complex_tables(ast["blocks"], found, source)
    review.revisions(ast["blocks"], comments, changes)
    return ast, notes


# --- section ids of imported headings -------------------------------------------------------

def _heading_key(text: str) -> str:
    """A heading's words for comparison: no numbering ("2.", "II."), no punctuation, folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"^\s*(?:\d+(?:\.\d+)*|[ivxlc]+)[.)]?\s+", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _names(expected: list[str], lang: str) -> dict[str, str]:
    """The scaffolds' localized title of each expected section id, the draft's language
    first, then the other languages; a title two sections share in a language is skipped."""
    from ..i18n.strings import available_languages

    out: dict[str, str] = {}
    for language in [lang] + [x for x in available_languages() if x != lang]:
        seen: dict[str, str] = {}
        for section in expected:
            key = _heading_key(section_title_in(section, language))
            if key:
                seen[key] = "" if key in seen else section
        for key, section in seen.items():
            if section and key not in out:
                out[key] = section
    return out


def section_title_in(section: str, lang: str) -> str:
    from ..i18n.strings import section_title as localized

    return localized(section, lang)


def _align(headings: list[dict], candidates: list[str], eligible) -> None:
    """Give unnamed headings the candidate ids at the same position between two headings
    whose ids are known, where both runs have the same length."""
    index = {c: j for j, c in enumerate(candidates)}
    anchors = [(-1, -1)] + [(i, index[h["id"]]) for i, h in enumerate(headings)
                            if h["id"] in index] + [(len(headings), len(candidates))]
    used = {h["id"] for h in headings}
    for (i1, j1), (i2, j2) in zip(anchors, anchors[1:]):
        if j2 <= j1:
            continue
        gap = [h for h in headings[i1 + 1:i2] if not h["id"]]
        free = [c for c in candidates[j1 + 1:j2] if c not in used]
        if len(gap) == len(headings[i1 + 1:i2]) and len(gap) == len(free):
            for h, c in zip(gap, free):
                if eligible(h):
                    h["id"], h["how"] = c, "position"
                    used.add(c)


def _sections(ast: dict, lang: str, source: Path, found: word.Scan, expected: list[str],
              source_sections: list[tuple[int, str]]) -> list[Diagnostic]:
    """Headings at our levels (the body starts at level 2, the title being separate) with
    the document type's section ids: by the scaffolds' localized names, by position against
    the source edition or the type's sections, else from the words of a Latin heading."""
    meta = ast.setdefault("meta", {})
    blocks = ast["blocks"]
    headers = [b for b in blocks if b["t"] == "Header"]
    if not found.title_paragraph and headers and blocks[0] is headers[0] \
            and headers[0]["c"][0] == 1 and sum(h["c"][0] == 1 for h in headers) == 1 \
            and ("title" not in meta or _heading_key(stringify(meta["title"]))
                 == _heading_key(stringify(headers[0]["c"][2]))):
        # no separate title: the one heading 1 that opens the document is the title
        meta["title"] = {"t": "MetaInlines", "c": headers[0]["c"][2]}
        del blocks[0]
        headers = headers[1:]
    top = min((h["c"][0] for h in headers), default=2)
    if top < 2:
        for h in headers:
            h["c"][0] = min(h["c"][0] + 2 - top, 6)
    # the Word place of each heading: the scan's headings in order, matched by their words
    places: list[word.Place] = []
    pending = list(found.headings)
    for h in headers:
        key = _heading_key(stringify(h["c"][2]))
        match = next((i for i, s in enumerate(pending) if _heading_key(s.text) == key), None)
        if match is None:
            places.append(word.Place())
        else:
            places.append(pending[match].place)
            del pending[:match + 1]
    names = _names(expected, lang)
    items = []
    for h, place in zip(headers, places):
        level, attr, inlines = h["c"]
        text = stringify(inlines)
        own = attr[0] if attr[0] and slug_ok(attr[0]) and attr[0] != _auto_id(text) else ""
        items.append({"header": h, "level": level, "text": text, "place": place,
                      "id": own, "how": "bookmark" if own else "",
                      "ascii": _ascii_id(text)})
    source_top = [i for lvl, i in source_sections if lvl == 2]
    top_items = [x for x in items if x["level"] == 2]
    for x in top_items:
        if not x["id"] and _heading_key(x["text"]) in names:
            x["id"], x["how"] = names[_heading_key(x["text"])], "name"
    if source_top:
        _align(top_items, source_top, lambda h: True)
    else:
        _align(top_items, expected, lambda h: not h["ascii"])
    # subsections: by position under the same section of the source edition
    parent = ""
    groups: dict[str, list[dict]] = {}
    for x in items:
        if x["level"] == 2:
            parent = x["id"] or x["ascii"]
        elif x["level"] == 3:
            x["parent"] = parent
            groups.setdefault(parent, []).append(x)
    source_groups: dict[str, list[str]] = {}
    parent = ""
    for lvl, ident in source_sections:
        if lvl == 2:
            parent = ident
        elif lvl == 3:
            source_groups.setdefault(parent, []).append(ident)
    for key, group in groups.items():
        if source_groups.get(key):
            _align(group, source_groups[key], lambda h: True)
    notes: list[Diagnostic] = []
    used: set[str] = set()
    counters: dict[str, int] = {}
    for x in items:
        ident = x["id"] if x["id"] not in used else ""
        if not ident and x["ascii"] and x["ascii"] not in used and slug_ok(x["ascii"]):
            ident, x["how"] = x["ascii"], "words"
        if not ident:
            stem = x.get("parent") or "section"
            counters[stem] = counters.get(stem, 0) + 1
            ident = f"{stem}-{counters[stem]}"
            while ident in used:
                counters[stem] += 1
                ident = f"{stem}-{counters[stem]}"
            x["how"] = "made"
        used.add(ident)
        attr = x["header"]["c"][1]
        attr[0], attr[1], attr[2] = ident, [], []
        where = x["place"].describe(of_heading=True)
        at = f" ({where})" if where else ""
        if x["how"] == "position":
            notes.append(warning(
                "PUB150", f"the heading “{x['text']}”{at} was given the section id `{ident}` "
                "by its position", source, x["place"].paragraph,
                hint=f"check that it is the `{ident}` section, and change the id in the "
                "Markdown if it is not"))
        elif x["how"] == "made":
            choices = [s for s in (source_top if x["level"] == 2 else []) or
                       (expected if x["level"] == 2 else []) if s not in used]
            notes.append(warning(
                "PUB151", f"the heading “{x['text']}”{at} matches no section of the document "
                f"type and was given the id `{ident}`", source, x["place"].paragraph,
                hint="give it a language-independent id" + (
                    ": " + ", ".join(choices) if choices else " in Latin letters")))
    return notes


def _auto_id(text: str) -> str:
    """The identifier pandoc's reader makes of a heading's words (ours replace it)."""
    text = re.sub(r"[^\w\s-]", "", text.casefold())
    return re.sub(r"\s+", "-", text.strip()).lstrip("0123456789-.")


def _unwrap_styles(blocks: list) -> list:
    """Replace divs and spans that only carried a Word style by their content."""
    def fix(node):
        if isinstance(node, list):
            out = []
            for item in node:
                item = fix(item)
                if (isinstance(item, dict) and item.get("t") in ("Div", "Span")
                        and not item["c"][0][0] and not item["c"][0][1]
                        and not item["c"][0][2]):
                    out.extend(item["c"][1])
                else:
                    out.append(item)
            return out
        if isinstance(node, dict):
            if "c" in node:
                node["c"] = fix(node["c"])
            return node
        return node

    def strip_style(el):
        # Word paragraph and character styles survive as custom-style attributes: drop them
        if el["t"] in ("Div", "Span", "Figure", "Table"):
            el["c"][0][2] = [kv for kv in el["c"][0][2] if kv[0] != "custom-style"]

    walk(blocks, strip_style)
    return fix(blocks)


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


def _yaml_scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _front_matter(front: dict) -> str:
    lines = ["---"]
    for key, value in front.items():
        if isinstance(value, list):
            lines.append(f"{key}: [" + ", ".join(_yaml_scalar(v) for v in value) + "]")
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _write_case_yaml(folder: Path, lang: str, props: dict, authors: str,
                     doc_type: str = "case-study", required: tuple[str, ...] = ()) -> None:
    created = props.get("created")
    date = created.date().isoformat() if created else dt.date.today().isoformat()
    names = [a.strip() for a in re.split(r"[;,]", authors or props.get("author") or "")
             if a.strip()] or ["TODO: Full Name"]
    text = ["# Filled from the Word draft; check every value. Fields: docs/fields.md",
            f"type: {doc_type}"]
    if doc_type == "case-study" or "country" in required:
        text += ["country: TODO  # ISO 3166-1 alpha-2 code"]
    if doc_type == "case-study" or "agency" in required:
        text += ['agency: "TODO: the agency or body whose experience this describes"']
    text += ["authors:"]
    text += [f"  - name: {_yaml_scalar(n)}" for n in names]
    text += [f"date: {date}", "topics: [TODO]", "license: CC-BY-4.0",
             f"source_language: {lang}"]
    (folder / "case.yaml").write_text("\n".join(text) + "\n", "utf-8")
