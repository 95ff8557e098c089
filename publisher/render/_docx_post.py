"""Post-processing of pandoc's DOCX with python-docx: what pandoc cannot do alone.

The cover (logos, series, title block, country, date), the inside cover (licence, cite as,
ISBN/DOI), a table of contents field, the running header and the "page X of Y" footer, the page
size, and a sharper PNG fallback for every SVG figure.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..core import cache
from ..core import limits
from ..i18n.strings import page_of_parts
from ..core.xmltext import xml_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
SVG_BLIP = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
NS = f'xmlns:w="{W}" xmlns:r="{R}"'

COVER_STYLES = ("Title", "Subtitle", "Author", "Date")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _xml(text: str):
    from docx.oxml import parse_xml

    return parse_xml(text)


def run_xml(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(xml_text(text))}</w:t></w:r>'


def field_xml(instruction: str, cached: str = "", dirty: bool = False) -> str:
    """A complex field: begin, instruction, separate, the cached result, end."""
    flag = ' w:dirty="true"' if dirty else ""
    return (f'<w:r><w:fldChar w:fldCharType="begin"{flag}/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + (run_xml(cached) if cached else "")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def paragraph(style: str, inner: str = "", page_break_before: bool = False):
    brk = "<w:pageBreakBefore/>" if page_break_before else ""
    return _xml(f'<w:p {NS}><w:pPr><w:pStyle w:val="{style}"/>{brk}</w:pPr>{inner}</w:p>')


def style_of(element) -> str:
    found = element.find(f"{_w('pPr')}/{_w('pStyle')}")
    return "" if found is None else found.get(_w("val"), "")


def page_break_before(element) -> None:
    from docx.text.paragraph import Paragraph

    Paragraph(element, None).paragraph_format.page_break_before = True


# --- images -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str


def rasterizer() -> str | None:
    return shutil.which("rsvg-convert")


def svg_to_png(svg: bytes, height: int = 0, width: int = 0) -> bytes:
    """Rasterize with rsvg-convert (Debian librsvg2-bin), keeping the aspect ratio."""
    tool = rasterizer()
    args = [tool or "rsvg-convert", "--format", "png", "--keep-aspect-ratio"]
    if height:
        args += ["--height", str(height)]
    if width:
        args += ["--width", str(width)]
    # the same logo is drawn for every edition: rasterize it once per rsvg-convert release
    release = str(os.stat(tool).st_mtime_ns) if tool else ""
    stored = cache.key("svg-to-png", release, *args[1:], svg)
    png = cache.get(stored)
    if png is not None:
        return png
    seconds = limits.current().tool_seconds
    try:
        proc = subprocess.run(args, input=svg, capture_output=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"rsvg-convert ran longer than {seconds} s and was stopped") from None
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip() or "rsvg-convert failed")
    cache.put(stored, proc.stdout)
    return proc.stdout


def image_stream(path: Path, height_px: int = 320) -> io.BytesIO | None:
    """A raster version of an image file that python-docx can embed; None without rsvg."""
    if path.suffix.lower() == ".svg":
        if not rasterizer():
            return None
        return io.BytesIO(svg_to_png(path.read_bytes(), height=height_px))
    return io.BytesIO(path.read_bytes())


#: the resolution of the PNG copies of SVG figures, for print
PRINT_DPI = 220
EMU_PER_INCH = 914400


def sharpen_svg_fallbacks(document) -> tuple[int, dict[str, bytes]]:
    """Redraw the PNG copy of every SVG figure at print resolution for its size on the page.

    pandoc draws the copy at screen resolution (96 dpi); Word versions that cannot show SVG,
    and printers, would use that blurry copy. Returns the number of SVG figures without any PNG
    copy (rsvg-convert missing) and the new PNG bytes by zip entry name.
    """
    part = document.part
    missing = 0
    sharper: dict[str, bytes] = {}
    for blip in part.element.iter(f"{{{A}}}blip"):
        svg = blip.find(f".//{{{SVG_BLIP}}}svgBlip")
        if svg is None:
            continue
        png_id = blip.get(f"{{{R}}}embed")
        if not png_id:
            missing += 1
            continue
        png_part = part.related_parts[png_id]
        name = png_part.partname.lstrip("/")
        extent = blip.getparent().getparent().find(f".//{{{A}}}xfrm/{{{A}}}ext")
        if name in sharper or extent is None or not rasterizer():
            continue
        width = round(int(extent.get("cx")) / EMU_PER_INCH * PRINT_DPI)
        svg_part = part.related_parts[svg.get(f"{{{R}}}embed")]
        sharper[name] = svg_to_png(svg_part.blob, width=max(width, 1))
    return missing, sharper


def logos_paragraph(document, logos: list[Logo], height, before) -> None:
    """One paragraph holding the publisher's logo and the partners' logos, with alt text.

    It is placed before `before` first: python-docx numbers a new drawing after the highest
    id already in the document, so the paragraph must be in it while the pictures are added.
    """
    from docx.text.paragraph import Paragraph

    element = paragraph("CoverLogos")
    before.addprevious(element)
    holder = Paragraph(element, document)  # the document gives python-docx the part
    count = 0
    for logo in logos:
        stream = image_stream(logo.path)
        if stream is None:
            continue
        if count:
            holder.add_run("\u2003\u2003")
        holder.add_run().add_picture(stream, height=height)
        count += 1
        doc_pr = list(element.iter(f"{{{WP}}}docPr"))[-1]
        doc_pr.set("descr", logo.alt)
        doc_pr.set("name", f"Logo {count}")
    if not count:
        element.getparent().remove(element)


# --- structure ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Front:
    """What the cover and the inside cover show, already localized."""

    logos: list[Logo]
    series: str
    country: str
    inside: list[tuple[str, str]]  # (style, text) paragraphs of the inside cover
    contents_title: str
    toc: list[tuple[int, str, str]]  # (level, bookmark, text)
    running_title: str
    page_of: str  # "Page {page} of {pages}"


def cover_paragraphs(body) -> list:
    """pandoc's title block: the Title paragraph and the Subtitle/Author/Date ones after it."""
    children = list(body)
    start = next((i for i, el in enumerate(children)
                  if el.tag == _w("p") and style_of(el) == "Title"), None)
    if start is None:
        return []
    block = []
    for el in children[start:]:
        if el.tag != _w("p") or style_of(el) not in COVER_STYLES:
            break
        block.append(el)
    return block


def build_front(document, front: Front, logo_height) -> None:
    """Cover, page break, inside cover, contents; then the body starts on a new page."""
    body = document.element.body
    cover = cover_paragraphs(body)
    if not cover:  # no title block: start the cover at the top
        anchor = paragraph("Title", run_xml(front.running_title))
        body.insert(0, anchor)
        cover = [anchor]
    first, last = cover[0], cover[-1]
    logos_paragraph(document, front.logos, logo_height, before=first)
    if front.series:
        first.addprevious(paragraph("CoverSeries", run_xml(front.series)))
    if front.country:
        date = next((el for el in cover if style_of(el) == "Date"), None)
        country = paragraph("CoverCountry", run_xml(front.country))
        if date is not None:
            date.addprevious(country)
        else:
            last.addnext(country)
            last = country
    # the inside cover starts on page 2
    anchor = last
    for index, (style, text) in enumerate(front.inside):
        para = paragraph(style, run_xml(text), page_break_before=index == 0)
        anchor.addnext(para)
        anchor = para
    if not front.inside:
        para = paragraph("InsideCover", "", page_break_before=True)
        anchor.addnext(para)
        anchor = para
    toc = toc_block(front.contents_title, front.toc)
    anchor.addnext(toc)
    # the body starts on a new page
    following = toc.getnext()
    while following is not None and following.tag not in (_w("p"), _w("tbl"), _w("sdt"),
                                                           _w("sectPr")):
        following = following.getnext()
    if following is not None and following.tag == _w("p"):
        page_break_before(following)
    elif following is not None:
        following.addprevious(_xml(f'<w:p {NS}><w:r><w:br w:type="page"/></w:r></w:p>'))


def toc_block(title: str, entries: list[tuple[int, str, str]]):
    """The contents: one entry per heading, a link to it with its page number after a tab.

    The page number is a PAGEREF field on the heading's bookmark, which Word refreshes on
    opening (the fields are marked dirty) and LibreOffice computes as it lays the pages out.
    A Word TOC field around the entries would show no numbers in LibreOffice, which takes its
    entries as they were written and does not update them when it converts.
    """
    paragraphs = [f'<w:p><w:pPr><w:pStyle w:val="TOCHeading"/><w:pageBreakBefore/></w:pPr>'
                  f'{run_xml(title)}</w:p>']
    for level, bookmark, text in entries:
        name = xml_text(bookmark)
        paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="TOC{min(max(level, 1), 3)}"/></w:pPr>'
                          f'<w:hyperlink w:anchor={quoteattr(name)} w:history="1">'
                          f'{run_xml(text)}<w:r><w:tab/></w:r>'
                          + field_xml(f"PAGEREF {name} \\h", dirty=True)
                          + "</w:hyperlink></w:p>")
    return _xml(f'<w:sdt {NS}><w:sdtPr><w:docPartObj><w:docPartGallery '
                'w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr>'
                f'<w:sdtContent>{"".join(paragraphs)}</w:sdtContent></w:sdt>')


def page_of_runs(template: str) -> str:
    """ "Page {page} of {pages}" as runs with PAGE and NUMPAGES fields."""
    out = []
    for piece in page_of_parts(template):
        if piece == "{page}":
            out.append(field_xml("PAGE", "1"))
        elif piece == "{pages}":
            out.append(field_xml("NUMPAGES", "1"))
        elif piece:
            out.append(run_xml(piece))
    return "".join(out)


def _fill(story, style: str, inner: str = "") -> None:
    """Replace the content of a header or footer by one paragraph."""
    for p in list(story._element):
        story._element.remove(p)
    story._element.append(paragraph(style, inner))


def page_setup(document, front: Front) -> None:
    """A4 pages; the running title above and "page X of Y" below every page but the cover."""
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(25)
        section.header_distance = section.footer_distance = Mm(12)
        section.different_first_page_header_footer = True
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        section.first_page_header.is_linked_to_previous = False
        section.first_page_footer.is_linked_to_previous = False
        _fill(section.header, "Header", run_xml(front.running_title))
        _fill(section.footer, "Footer", page_of_runs(front.page_of))
        _fill(section.first_page_header, "Header")
        _fill(section.first_page_footer, "Footer")


def set_document_language(document, tag: str) -> None:
    """The edition's language on the document defaults, for Word's spell checker."""
    defaults = document.styles.element.find(_w("docDefaults"))
    rpr = defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}")
    lang = rpr.find(_w("lang"))
    if lang is None:
        lang = rpr.makeelement(_w("lang"), {})
        rpr.append(lang)
    lang.set(_w("val"), tag)
    lang.set(_w("eastAsia"), tag)
