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

from . import pandoc
from .diagnostics import Diagnostic, PublisherError, error, warning
from .identifiers import slug_ok
from .model import Project
from .render import _environment
from .transform import stringify, walk

DEFAULT_SECTIONS = {
    "case-study": ["summary", "context", "reform", "results", "lessons", "references"],
    "guide": ["summary", "steps", "references"],
    "report": ["summary", "background", "findings", "references"],
}


def scaffold_text(lang: str) -> dict[str, str]:
    """The scaffolds' comments, placeholders and guidance in `lang` (English where it has
    none), keyed as in resources/scaffold-text.yaml."""
    from .i18n import scaffold_texts

    return {key: texts.get(lang) or texts["en"] for key, texts in scaffold_texts().items()}


def section_title(section: str, lang: str) -> str:
    from .i18n import section_title as localized

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
    from .i18n import LOCALES_DIR, _catalog

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
                overwrite: bool = False) -> ImportReport:
    """Convert a Word draft into cases/<slug>/<lang>.md with its media and front matter."""
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
    if problems:
        raise PublisherError("cannot import the draft", problems)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            ast = json.loads(pandoc.run(["-f", "docx+styles", "-t", "json",
                                         f"--extract-media={tmp}", str(source)], b""))
            media_dir = Path(tmp)
            ast, notes, renames = _clean_imported(ast, lang, source)
            report.notes += notes
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "media").mkdir(exist_ok=True)
            _relink_media(ast, media_dir, folder, renames, report)
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
        case_yaml = YAML(typ="safe").load((folder / "case.yaml").read_text("utf-8")) or {}
        source_lang = case_yaml.get("source_language")
        if source_lang and source_lang != lang and (folder / f"{source_lang}.md").is_file():
            front["translated_from"] = source_lang
    else:
        _write_case_yaml(folder, lang, props, _meta_text(meta, "author"))
    header = _front_matter(front)
    target.write_text(header + "\n" + body.strip() + "\n", "utf-8")
    report.edition = target
    return report


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


def _clean_imported(ast: dict, lang: str, source: Path):
    """Give headings ids, drop our own caption labels, and note what did not convert."""
    _take_front(ast)
    ast["blocks"] = _unwrap_styles(ast["blocks"])
    notes: list[Diagnostic] = []
    used: set[str] = set()
    counter = 0
    renames: dict[str, str] = {}

    def visit(el):
        nonlocal counter
        t = el["t"]
        if t == "Header":
            level, attr, inlines = el["c"]
            counter += 1
            ident = attr[0] if attr[0] and slug_ok(attr[0]) else _ascii_id(stringify(inlines))
            if not ident or ident in used or not slug_ok(ident):
                ident = f"section-{counter}"
            used.add(ident)
            attr[0] = ident
            attr[1] = []
            attr[2] = []
        elif t in ("Figure", "Table"):
            _strip_caption_label(el["c"][1][1])
        elif t == "Image":
            if not stringify(el["c"][1]).strip():
                notes.append(warning("PUB203", "an image has no alternative text", source,
                                     hint="describe it in the Markdown: ![What it shows](...)"))
        elif t in ("RawBlock", "RawInline"):
            notes.append(warning("PUB804", f"content pandoc could not convert "
                                 f"({el['c'][0]}) was kept as raw text", source,
                                 hint="check the imported edition where this appears"))
        elif t == "Math":
            notes.append(warning("PUB804", "an equation was converted to TeX math", source,
                                 hint="check it renders as expected"))

    walk(ast["blocks"], visit)
    return ast, notes, renames


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


def _relink_media(ast: dict, media_dir: Path, folder: Path, renames, report) -> None:
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


def _write_case_yaml(folder: Path, lang: str, props: dict, authors: str) -> None:
    created = props.get("created")
    date = created.date().isoformat() if created else dt.date.today().isoformat()
    names = [a.strip() for a in re.split(r"[;,]", authors or props.get("author") or "")
             if a.strip()] or ["TODO: Full Name"]
    text = ["# Filled from the Word draft; check every value. Fields: docs/fields.md",
            "type: case-study", "country: TODO  # ISO 3166-1 alpha-2 code",
            'agency: "TODO: the agency or body whose experience this describes"', "authors:"]
    text += [f"  - name: {_yaml_scalar(n)}" for n in names]
    text += [f"date: {date}", "topics: [TODO]", "license: CC-BY-4.0",
             f"source_language: {lang}"]
    (folder / "case.yaml").write_text("\n".join(text) + "\n", "utf-8")
