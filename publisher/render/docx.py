"""The DOCX edition: pandoc with a reference document generated from the brand, then
python-docx post-processing (cover, inside cover, contents, header and footer, properties).

The steps, top to bottom:

1. the brand's reference document (``_docx_styles``), cached per brand, script and pandoc;
2. pandoc turns the edition's AST into a DOCX: title block, headings, real footnotes, tables
   with a repeating header row, figures with alt text and a PNG fallback for SVG;
3. python-docx adds what pandoc cannot (``_docx_post``);
4. the package is rewritten with fixed zip times and order, checked the way Word checks a file
   on opening (``_docx_package``), and only then written in place.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from ..core import pandoc
from ..assess import blocks as data_blocks
from ..core.diagnostics import Diagnostic, error, warning, has_errors
from ..i18n.strings import Strings
from ..load.imprint import check_case, cite_as, partner_logo, source_date
from ..i18n.strings import strings as strings_for
from ..core.model import Case, Edition
from ..transform.passes import Prepared, raw_html_as_blocks
from ..core.tree import walk
from ..core.xmltext import svg_title, xml_text
from ..core.atomic import write_atomically
from . import Context
from ._docx_package import check_package, reproducible_zip
from ._docx_scripts import package_fonts
from ._docx_post import (
    Front, Logo, build_front, page_setup, rasterizer, set_document_language, sharpen_svg_fallbacks,
)
from ._docx_styles import SCRIPT_OF_LANGUAGE, build_reference, script_font, word_language

__all__ = ["render", "build_reference", "reference_doc", "script_font", "word_language"]



def reference_doc(ctx: Context, lang: str) -> Path:
    """The brand's reference document for `lang`, cached by the brand's content hash."""
    script = SCRIPT_OF_LANGUAGE.get(lang.split("-")[0], "Latin")
    key = hashlib.sha256(
        f"{ctx.brand.digest()}:{script}:{word_language(lang)}:{pandoc.version()}:"
        f"{_engine_digest()}".encode())
    path = ctx.scratch / f"reference-{key.hexdigest()[:16]}.docx"
    if not path.is_file():
        write_atomically(path, build_reference(ctx.brand, lang))
    return path


def _engine_digest() -> str:
    """A hash of the code that draws the reference document, so a change rebuilds the cache."""
    return hashlib.sha256((Path(__file__).parent / "_docx_styles.py").read_bytes()).hexdigest()


def _meta_str(text: str) -> dict:
    return {"t": "MetaString", "c": xml_text(text)}


def tag_languages(ast: dict) -> None:
    """Turn `lang` attributes of spans and divs into the tags Word's spell checker knows."""

    def visit(el):
        if el["t"] in ("Span", "Div"):
            attr = el["c"][0]
            attr[2] = [[k, word_language(v) if k == "lang" else v] for k, v in attr[2]]

    walk(ast["blocks"], visit)


# --- what the cover shows -------------------------------------------------------------------

def partner_logos(case: Case) -> tuple[list[Logo], list[Diagnostic]]:
    """The partners' logos named in case.yaml, by the one rule of the case check (PUB401)."""
    problems = check_case(case)
    logos = []
    for name in case.partners:
        path = partner_logo(case, name)
        if path is not None:
            alt = (svg_title(path) if path.suffix.lower() == ".svg" else "") or \
                path.stem.replace("-", " ").replace("_", " ")
            logos.append(Logo(path, alt))
    return logos, problems


def citation(edition: Edition, ctx: Context) -> str:
    return cite_as(edition, ctx.brand.name(edition.lang),
                   ctx.brand.series_name(edition.case.type, edition.lang))


def inside_cover(prepared: Prepared, ctx: Context, strings: Strings) -> list[tuple[str, str]]:
    edition = prepared.edition
    case = edition.case
    brand = ctx.brand
    lines = [("InsideCover", f"\u00a9 {case.date.year} {brand.name(edition.lang)}")]
    for text in (brand.localized(brand.license_text, edition.lang),
                 brand.localized(brand.disclaimer, edition.lang)):
        if text:
            lines.append(("InsideCover", " ".join(text.split())))
    if edition.translated_from:
        lines.append(("InsideCover", strings.get(
            "translated_from", language=strings.language(edition.translated_from))))
    lines += [("InsideCoverHeading", strings["cite_as"]),
              ("InsideCover", citation(edition, ctx))]
    if case.isbn:
        lines.append(("InsideCover", f"ISBN {case.isbn}"))
    if case.doi:
        lines.append(("InsideCover", f"DOI {case.doi}"))
    return lines


def front_matter(prepared: Prepared, ctx: Context, strings: Strings,
                 partners: list[Logo]) -> Front:
    edition = prepared.edition
    case = edition.case
    brand = ctx.brand
    logos = []
    if brand.logo:
        alt = svg_title(brand.logo) if brand.logo.suffix.lower() == ".svg" else ""
        logos.append(Logo(brand.logo, alt or brand.name(edition.lang)))
    logos += partners
    return Front(
        logos=logos,
        series=brand.series_name(case.type, edition.lang),
        country=strings.country(case.country),
        inside=inside_cover(prepared, ctx, strings),
        contents_title=strings["contents"],
        toc=[(h.level, h.id, h.text) for h in prepared.toc if h.id],
        running_title=edition.running_title,
        page_of=strings["page_of"],
    )


# --- the renderer ---------------------------------------------------------------------------

_REL_ID = re.compile(rb'r:(?:embed|id|link)="([^"]+)"')
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def share_note_relationships(data: bytes) -> bytes:
    """Give footnotes.xml the relationships its images and links use.

    pandoc writes an image or link inside a footnote with a relationship that
    exists only in document.xml.rels, which Word reports as damage.
    """
    import xml.etree.ElementTree as ET
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        if "word/footnotes.xml" not in names:
            return data
        used = set(_REL_ID.findall(package.read("word/footnotes.xml")))
        if not used:
            return data
        rels_name = "word/_rels/footnotes.xml.rels"
        ET.register_namespace("", _RELS_NS)
        notes = (ET.fromstring(package.read(rels_name)) if rels_name in names
                 else ET.Element(f"{{{_RELS_NS}}}Relationships"))
        have = {r.get("Id").encode() for r in notes}
        missing = used - have
        if not missing:
            return data
        document = ET.fromstring(package.read("word/_rels/document.xml.rels"))
        for rel in document:
            if rel.get("Id").encode() in missing:
                notes.append(rel)
        fixed = ET.tostring(notes, xml_declaration=True, encoding="UTF-8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in package.infolist():
                if info.filename != rels_name:
                    target.writestr(info, package.read(info.filename))
            target.writestr(rels_name, fixed)
    return out.getvalue()


def fit_property(text: str, limit: int = 255) -> str:
    """Word's core properties hold at most 255 characters: cut at a word and mark the cut."""
    text = " ".join(xml_text(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def render(prepared: Prepared, ctx: Context, target: Path) -> list:
    import docx
    from docx.shared import Cm

    edition = prepared.edition
    case = edition.case
    strings = strings_for(edition.lang)
    partners, problems = partner_logos(case)
    if has_errors(problems):
        return problems
    tag = word_language(edition.lang)
    ast = prepared.ast_copy()
    data_blocks.for_format(ast, "docx")
    raw_html_as_blocks(ast)  # Word has no HTML: read it, so its text is not lost
    tag_languages(ast)
    meta = {
        "title": _meta_str(edition.title),
        "lang": _meta_str(tag),
        "date": _meta_str(strings.date(case.date)),
    }
    if edition.subtitle:
        meta["subtitle"] = _meta_str(edition.subtitle)
    if case.authors:
        meta["author"] = {"t": "MetaList", "c": [_meta_str(a.name) for a in case.authors]}
    ast["meta"] = meta
    stamp, notes = source_date(edition)
    problems += notes
    out = pandoc.convert_ast(ast, "docx", [
        "--reference-doc", str(reference_doc(ctx, edition.lang)),
        "--resource-path", str(case.path),
        "-o", "-",
    ], cwd=case.path)

    document = docx.Document(io.BytesIO(share_note_relationships(out)))
    front = front_matter(prepared, ctx, strings, partners)
    if edition.layout != "plain":  # plain: pandoc's title block, then the text
        build_front(document, front, Cm(1.4))
    page_setup(document, front)
    set_document_language(document, tag)
    missing, sharper = sharpen_svg_fallbacks(document)
    svg_logos = any(logo.path.suffix.lower() == ".svg" for logo in front.logos)
    if missing or (svg_logos and not rasterizer()):
        problems.append(warning(
            "PUB502", "SVG images have no PNG copy: Word 2013 and older and some viewers "
            "will show an empty frame, and the cover logos are left out",
            edition.path, edition.body_line, 1,
            "install rsvg-convert (Debian package librsvg2-bin; `make` installs it)"))

    props = document.core_properties
    props.title = fit_property(edition.title)
    props.subject = fit_property(edition.subtitle or edition.summary)
    props.author = fit_property("; ".join(a.name for a in case.authors)
                                or ctx.brand.name(edition.lang))
    props.last_modified_by = fit_property(ctx.brand.name(edition.lang))
    props.keywords = fit_property(", ".join(edition.keywords))
    props.comments = fit_property(edition.summary)
    props.language = edition.lang
    props.category = fit_property(ctx.brand.series_name(case.type, edition.lang))
    identifier = f"https://doi.org/{case.doi}" if case.doi else (f"ISBN {case.isbn}"
                                                                if case.isbn else "")
    if identifier:
        props.identifier = identifier
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    body_face = (ctx.brand.fonts.get("serif") or ["Noto Serif"])[0]
    replace = {**sharper, **package_fonts(buffer.getvalue(), body_face,
                                          list(ctx.brand.fonts.values()))}
    data = reproducible_zip(buffer.getvalue(), stamp, replace)
    broken = check_package(data)
    if broken:
        return problems + [error(
            "PUB503", f"the DOCX would not open cleanly in Word: {broken[0]}"
            + (f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""),
            edition.path, hint="this is a bug in publisher; the previous DOCX is kept")]
    write_atomically(target, data)
    return problems
