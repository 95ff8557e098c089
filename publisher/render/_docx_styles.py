"""The DOCX reference document: pandoc's default one, restyled from the brand with python-docx.

Every style pandoc emits keeps its name; fonts, colors and sizes come from the brand. The
styles the post-processing needs (cover, inside cover, contents entries, header and footer,
source code) are added here, so a document never refers to a style it does not define.
"""

from __future__ import annotations

import io

from ..load.brand import Brand
from ..core import pandoc

#: scripts whose letters the brand's first (Latin and Cyrillic) face cannot draw
SCRIPT_OF_LANGUAGE = {"hy": "Armenian", "ka": "Georgian"}

#: languages Word tags with their script, because they are written in more than one
_TAGGED_WITH_SCRIPT = {"az", "uz", "sr", "bs"}

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_language(lang: str) -> str:
    """The tag Word's proofing tools know for `lang`: "ru" -> "ru-RU", "uz" -> "uz-Latn-UZ"."""
    if not lang:
        return "en-US"
    parts = lang.replace("_", "-").split("-")
    if len(parts) > 1:
        return "-".join([parts[0].lower(), *parts[1:]])
    from babel.core import get_global

    likely = get_global("likely_subtags").get(parts[0].lower())
    if not likely:
        return parts[0].lower()
    language, script, *rest = likely.split("_")
    region = rest[0] if rest else ""
    tag = [language]
    if language in _TAGGED_WITH_SCRIPT and script:
        tag.append(script)
    if region:
        tag.append(region)
    return "-".join(tag)


def script_font(stack: list[str], lang: str) -> str:
    """The face of a brand stack that draws the script of `lang`."""
    script = SCRIPT_OF_LANGUAGE.get(lang.split("-")[0])
    if script:
        for name in stack:
            if script.lower() in name.lower():
                return name
    return stack[0] if stack else "Noto Serif"


def font_slots(stack: list[str], lang: str, fallback: str) -> dict[str, str]:
    """Faces for Word's four font slots.

    Word picks the slot by character: ASCII letters and digits use `ascii`; other letters
    (accented Latin, Cyrillic, Armenian, Georgian) use `hAnsi`; `cs` serves complex scripts and
    `eastAsia` CJK text. Armenian and Georgian faces have no Latin letters or digits, so those
    editions keep the Latin face for ASCII and put the script's face on `hAnsi` only.
    """
    latin = stack[0] if stack else fallback
    script = script_font(stack, lang) if stack else fallback
    return {"ascii": latin, "hAnsi": script, "cs": latin, "eastAsia": latin}


def _hex(color: str) -> str:
    return color.lstrip("#")[:6].upper()


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    """The first child `tag` of `parent`, created (before any of `before`) when missing."""
    found = parent.find(_w(tag))
    if found is None:
        found = parent.makeelement(_w(tag), {})
        for name in before:
            anchor = parent.find(_w(name))
            if anchor is not None:
                anchor.addprevious(found)
                break
        else:
            parent.append(found)
    return found


def set_fonts(rpr, slots: dict[str, str]) -> None:
    """Put explicit faces on every slot of an rPr, dropping theme fonts that would win."""
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(_w("rFonts"), {})
        rpr.insert(0, fonts)
    for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(_w(theme), None)
    for slot, face in slots.items():
        fonts.set(_w(slot), face)


def set_language(rpr, tag: str) -> None:
    lang = _child(rpr, "lang")
    lang.set(_w("val"), tag)
    lang.set(_w("eastAsia"), tag)


def _rpr(style):
    return style.element.get_or_add_rPr()


def _add_style(styles, style_id: str, name: str, kind: str, based_on: str,
               props: str = "", body: str = ""):
    """Add a style by id and Word's own name (python-docx would rename built-in ones).

    `props` go between ``basedOn`` and ``qFormat`` (next, link, uiPriority, ...), `body` after
    them (pPr, rPr): the order the schema demands.
    """
    from docx.oxml import parse_xml

    root = styles.element
    for old in root.findall(_w("style")):
        if old.get(_w("styleId")) == style_id:
            root.remove(old)
    builtin = name in ("header", "footer") or name.startswith("toc ")
    custom = "" if builtin else ' w:customStyle="1"'
    element = parse_xml(
        f'<w:style xmlns:w="{W}" w:type="{kind}"{custom} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>{props}<w:qFormat/>{body}'
        "</w:style>")
    root.append(element)
    return element


def build_reference(brand: Brand, lang: str) -> bytes:
    """Pandoc's default reference document, restyled from the brand with python-docx."""
    import docx
    from docx.shared import Pt, RGBColor

    default = pandoc.run(["--print-default-data-file", "reference.docx"], b"")
    document = docx.Document(io.BytesIO(default))
    serif = font_slots(brand.fonts.get("serif", []), lang, "Noto Serif")
    sans = font_slots(brand.fonts.get("sans", []), lang, "Noto Sans")
    mono_face = (brand.fonts.get("mono") or ["Noto Sans Mono"])[0]
    mono = dict.fromkeys(("ascii", "hAnsi", "cs", "eastAsia"), mono_face)
    colors = {k: _hex(brand.colors[k]) for k in ("primary", "accent", "text", "muted", "light")}
    primary, text, muted = (RGBColor.from_string(colors[k]) for k in ("primary", "text", "muted"))
    tag = word_language(lang)

    styles = document.styles
    defaults = styles.element.find(_w("docDefaults"))
    default_rpr = _child(_child(defaults, "rPrDefault"), "rPr")
    set_fonts(default_rpr, serif)
    set_language(default_rpr, tag)

    for style in styles:
        if style.type not in (1, 2) or style.name == "Default Paragraph Font":
            continue
        name = style.name.removesuffix(" Char")  # a linked character style looks like its pair
        if name.startswith("Heading") or name in ("Title", "Subtitle", "TOC Heading",
                                                   "Abstract Title"):
            set_fonts(_rpr(style), sans)
            style.font.color.rgb = primary
        elif name in ("Caption", "Table Caption", "Image Caption", "Author", "Date"):
            set_fonts(_rpr(style), sans)
            style.font.color.rgb = muted
        elif name == "Verbatim":
            set_fonts(_rpr(style), mono)
        elif name == "Hyperlink":
            style.font.color.rgb = primary
            style.font.underline = True
        else:
            set_fonts(_rpr(style), serif)
            style.font.color.rgb = text
    styles["Normal"].font.size = Pt(10.5)
    styles["Title"].font.size = Pt(26)
    styles["Subtitle"].font.size = Pt(15)
    for level, size in ((1, 18), (2, 16), (3, 13), (4, 11.5), (5, 10.5), (6, 10.5)):
        styles[f"Heading {level}"].font.size = Pt(size)
    # Title and Subtitle sit on the cover, left-aligned like the PDF's
    for name in ("Title", "Subtitle", "Author", "Date"):
        ppr = styles[name].element.get_or_add_pPr()
        jc = ppr.find(_w("jc"))
        if jc is not None:
            ppr.remove(jc)
    _cover_spacing(styles)

    _table_style(styles, colors)
    _added_styles(styles, colors, sans, mono)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: space after each paragraph of the cover's title block, in points: the title, a wide gap
#: after the subtitle, the authors one under another
COVER_SPACE_AFTER = {"Title": 12, "Subtitle": 36, "Author": 4, "Date": 0}


def _cover_spacing(styles) -> None:
    """The title block of the cover, spaced as on the PDF's cover and kept on one page."""
    from docx.shared import Pt

    styles["Author"].font.size = Pt(12)
    for name, after in COVER_SPACE_AFTER.items():
        fmt = styles[name].paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.keep_with_next = True


def _table_style(styles, colors: dict) -> None:
    """Tables: a tinted header row in bold, a rule in the brand's primary color beneath it."""
    from docx.oxml import parse_xml

    table = next(s for s in styles.element.findall(_w("style"))
                 if s.get(_w("styleId")) == "Table")
    for old in table.findall(_w("tblStylePr")):
        table.remove(old)
    tblpr = table.find(_w("tblPr"))
    borders = parse_xml(
        f'<w:tblBorders xmlns:w="{W}"><w:top w:val="single" w:sz="4" w:space="0" '
        f'w:color="{colors["primary"]}"/><w:bottom w:val="single" w:sz="4" w:space="0" '
        f'w:color="{colors["primary"]}"/><w:insideH w:val="single" w:sz="2" w:space="0" '
        f'w:color="{colors["light"]}"/></w:tblBorders>')
    old = tblpr.find(_w("tblBorders"))
    if old is not None:
        tblpr.remove(old)
    tblpr.find(_w("tblCellMar")).addprevious(borders)
    table.append(parse_xml(
        f'<w:tblStylePr xmlns:w="{W}" w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
        f'<w:color w:val="{colors["primary"]}"/></w:rPr><w:tcPr><w:tcBorders>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{colors["primary"]}"/>'
        f'</w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="{colors["light"]}"/>'
        '<w:vAlign w:val="bottom"/></w:tcPr></w:tblStylePr>'))


def _fonts_xml(slots: dict[str, str]) -> str:
    return "<w:rFonts " + " ".join(f'w:{k}="{v}"' for k, v in slots.items()) + "/>"


def _added_styles(styles, colors: dict, sans: dict, mono: dict) -> None:
    """Styles that pandoc's reference document lacks but the edition uses."""
    s_fonts, m_fonts = _fonts_xml(sans), _fonts_xml(mono)
    _add_style(styles, "SourceCode", "Source Code", "paragraph", "Normal",
               '<w:link w:val="VerbatimChar"/>',
               f'<w:pPr><w:shd w:val="clear" w:color="auto" w:fill="{colors["light"]}"/>'
               '<w:wordWrap w:val="off"/><w:spacing w:before="60" w:after="60"/></w:pPr>'
               f'<w:rPr>{m_fonts}<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>')
    _add_style(styles, "CoverLogos", "Cover Logos", "paragraph", "Normal", "",
               '<w:pPr><w:spacing w:before="0" w:after="480"/></w:pPr>')
    _add_style(styles, "CoverSeries", "Cover Series", "paragraph", "Normal", "",
               f'<w:pPr><w:pBdr><w:top w:val="single" w:sz="24" w:space="8" '
               f'w:color="{colors["accent"]}"/></w:pBdr><w:spacing w:before="240" w:after="1200"/>'
               f'</w:pPr><w:rPr>{s_fonts}<w:caps/><w:color w:val="{colors["primary"]}"/>'
               '<w:spacing w:val="20"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>')
    _add_style(styles, "CoverCountry", "Cover Country", "paragraph", "Normal", "",
               f'<w:pPr><w:spacing w:before="960" w:after="60"/></w:pPr><w:rPr>{s_fonts}<w:b/>'
               f'<w:color w:val="{colors["primary"]}"/><w:sz w:val="24"/><w:szCs w:val="24"/>'
               '</w:rPr>')
    _add_style(styles, "InsideCover", "Inside Cover", "paragraph", "Normal", "",
               f'<w:pPr><w:spacing w:before="0" w:after="160"/></w:pPr><w:rPr>{s_fonts}'
               f'<w:color w:val="{colors["muted"]}"/><w:sz w:val="17"/><w:szCs w:val="17"/>'
               '</w:rPr>')
    _add_style(styles, "InsideCoverHeading", "Inside Cover Heading", "paragraph", "InsideCover",
               '<w:next w:val="InsideCover"/>',
               '<w:pPr><w:keepNext/><w:spacing w:before="200" w:after="40"/></w:pPr>'
               f'<w:rPr><w:b/><w:color w:val="{colors["text"]}"/></w:rPr>')
    for name, align in (("Header", "right"), ("Footer", "center")):
        _add_style(styles, name, name.lower(), "paragraph", "Normal", "",
                   '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/>'
                   '<w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0"/>'
                   f'<w:jc w:val="{align}"/></w:pPr><w:rPr>{s_fonts}'
                   f'<w:color w:val="{colors["muted"]}"/><w:sz w:val="16"/><w:szCs w:val="16"/>'
                   '</w:rPr>')
    for level in range(1, 4):
        _add_style(styles, f"TOC{level}", f"toc {level}", "paragraph", "Normal",
                   '<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>',
                   '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9016"/></w:tabs>'
                   f'<w:spacing w:before="{120 if level < 3 else 40}" w:after="40"/>'
                   f'<w:ind w:left="{360 if level == 3 else 0}"/></w:pPr>'
                   + f"<w:rPr>{s_fonts}</w:rPr>")
