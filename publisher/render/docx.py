"""The DOCX edition: pandoc with a reference document generated from the brand."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

from ..brand import Brand
from ..i18n import strings as strings_for
from ..transform import Prepared
from .. import pandoc
from . import Context, write_atomically

#: scripts whose letters the brand's first (Latin and Cyrillic) face cannot draw
SCRIPT_OF_LANGUAGE = {"hy": "Armenian", "ka": "Georgian"}


def script_font(stack: list[str], lang: str) -> str:
    """The face of a brand stack that draws the script of `lang`."""
    script = SCRIPT_OF_LANGUAGE.get(lang.split("-")[0])
    if script:
        for name in stack:
            if script.lower() in name.lower():
                return name
    return stack[0] if stack else "Noto Serif"


def _hex(color: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(color.lstrip("#")[:6].upper())


def _set_fonts(style, face: str) -> None:
    """Set the face on every script slot (ASCII, high ANSI, complex script, East Asian)."""
    from docx.oxml.ns import qn

    style.font.name = face
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), face)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def build_reference(brand: Brand, lang: str) -> bytes:
    """Pandoc's default reference document, restyled from the brand with python-docx."""
    import docx
    from docx.shared import Pt

    default = pandoc.run(["--print-default-data-file", "reference.docx"], b"")
    document = docx.Document(io.BytesIO(default))
    serif = script_font(brand.fonts.get("serif", []), lang)
    sans = script_font(brand.fonts.get("sans", []), lang)
    mono = (brand.fonts.get("mono") or ["Noto Sans Mono"])[0]
    primary, text, muted = (_hex(brand.colors[k]) for k in ("primary", "text", "muted"))
    styles = document.styles
    for style in styles:
        if style.type != 1 and style.name not in ("Hyperlink", "Verbatim Char"):
            continue
        name = style.name
        if name.startswith("Heading") or name in ("Title", "Subtitle", "TOC Heading",
                                                   "Abstract Title"):
            _set_fonts(style, sans)
            style.font.color.rgb = primary
        elif name in ("Caption", "Table Caption", "Image Caption", "Author", "Date"):
            _set_fonts(style, sans)
            style.font.color.rgb = muted
        elif name == "Verbatim Char":
            _set_fonts(style, mono)
        elif name == "Hyperlink":
            style.font.color.rgb = primary
        else:
            _set_fonts(style, serif)
            style.font.color.rgb = text
    styles["Normal"].font.size = Pt(10.5)
    styles["Title"].font.size = Pt(26)
    for level, size in ((1, 18), (2, 16), (3, 13), (4, 11.5)):
        styles[f"Heading {level}"].font.size = Pt(size)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def reference_doc(ctx: Context, lang: str) -> Path:
    """The brand's reference document for `lang`, cached by the brand's content hash."""
    script = SCRIPT_OF_LANGUAGE.get(lang.split("-")[0], "Latin")
    key = hashlib.sha256(f"{ctx.brand.digest()}:{script}:{pandoc.version()}".encode())
    path = ctx.scratch / f"reference-{key.hexdigest()[:16]}.docx"
    if not path.is_file():
        write_atomically(path, build_reference(ctx.brand, lang))
    return path


def _meta_str(text: str) -> dict:
    return {"t": "MetaString", "c": text}


def render(prepared: Prepared, ctx: Context, target: Path) -> list:
    import docx

    edition = prepared.edition
    case = edition.case
    strings = strings_for(edition.lang)
    ast = prepared.ast_copy()
    meta = {
        "title": _meta_str(edition.title),
        "lang": _meta_str(edition.lang),
        "date": _meta_str(strings.date(case.date)),
    }
    if edition.subtitle:
        meta["subtitle"] = _meta_str(edition.subtitle)
    if case.authors:
        meta["author"] = {"t": "MetaList", "c": [_meta_str(a.name) for a in case.authors]}
    ast["meta"] = meta
    out = pandoc.convert_ast(ast, "docx", [
        "--reference-doc", str(reference_doc(ctx, edition.lang)),
        "--resource-path", str(case.path),
        "-o", "-",
    ], cwd=case.path)

    document = docx.Document(io.BytesIO(out))
    props = document.core_properties
    stamp = dt.datetime.combine(case.date, dt.time(), tzinfo=dt.timezone.utc)
    props.title = edition.title
    props.subject = edition.subtitle or edition.summary
    props.author = "; ".join(a.name for a in case.authors) or ctx.brand.name(edition.lang)
    props.last_modified_by = ctx.brand.name(edition.lang)
    props.keywords = ", ".join(edition.keywords)
    props.comments = edition.summary
    props.language = edition.lang
    props.category = ctx.brand.series_name(case.type, edition.lang)
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomically(target, buffer.getvalue())
    return []
