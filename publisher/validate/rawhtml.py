"""Raw HTML judged after parsing it, whatever format the author declared.

Every raw block or inline of an edition is parsed as HTML with lxml (entities decoded,
tags and attributes named as a browser would), then each element and attribute is
judged: nothing that runs a script, nothing that redirects or embeds another page, and no
URL that fetches a file unless `access.locate` allows that file. Attributes pandoc keeps on
its own elements (`{style=...}`, `{srcset=...}`) go through the same judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core import access

#: raw formats that reach a writer other than HTML, where nothing could judge them
REFUSED_FORMATS = {
    "openxml": "Word XML (fields such as INCLUDEPICTURE fetch files and addresses)",
    "typst": "Typst code (it can read files)",
}
#: elements refused wherever they appear
FORBIDDEN = {
    "script": "a <script> element", "iframe": "an <iframe> element",
    "frame": "a <frame> element", "frameset": "a <frameset> element",
    "object": "an embedded object", "embed": "an embedded object", "applet": "an applet",
    "portal": "a <portal> element", "base": "a <base> element", "link": "a <link> element",
    "form": "a form", "noscript": "a <noscript> element", "noembed": "a <noembed> element",
    "noframes": "a <noframes> element", "xmp": "an <xmp> element",
    "plaintext": "a <plaintext> element", "template": "a <template> element",
    "title": "a <title> element", "textarea": "a <textarea> element",
}
#: attributes that make the reader's browser or the PDF engine fetch something
FETCHING = frozenset("""src srcset data poster background lowsrc dynsrc action formaction
codebase archive classid longdesc usemap manifest ping icon profile imagesrcset""".split())
_LINKING = frozenset({"a", "area"})  # their href is a link to follow, not a file to read
_BAD_SCHEME = re.compile(r"^(?:(?:java|vb|live)script|mocha):"
                         r"|^data:(?:text/html|application/xhtml)", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00a0\u200b-\u200f\u2028\u2029\ufeff]+")
_CSS_LOADS = re.compile(r"url\s*\(\s*(?!['\"]?\s*#)|@import|image-set\s*\(|image\s*\(|"
                        r"src\s*\(|expression\s*\(|-moz-binding|behavior\s*:", re.I)
_TAG = re.compile(r"^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?$")
_DECLARATION = re.compile(r"<!\s*(doctype|entity|\[cdata\[)|<\?", re.I)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    hint: str


_SCRIPT_HINT = "remove it; editions may not run scripts or embed other pages"


def _scheme_of(value: str) -> str:
    return _INVISIBLE.sub("", value).lower()


def judge_css(text: str, where: str) -> list[Finding]:
    """CSS may style, never load: no url() but to a fragment, no @import, no escapes."""
    if "\\" in text or _CSS_LOADS.search(text) or "javascript:" in _scheme_of(text):
        return [Finding("PUB236", f"CSS in {where} loads a resource or hides one behind "
                        "escapes", "remove url(), @import and backslash escapes; images go "
                        "in Markdown: ![What it shows](media/figure.svg)")]
    return []


def _srcset(value: str) -> list[str]:
    return [c.strip().split()[0] for c in value.split(",") if c.strip()]


def judge_attributes(tag: str, attrs, folder: Path) -> list[Finding]:
    """The attributes of one element (raw or pandoc's): handlers, schemes, fetched files."""
    found: list[Finding] = []
    attrs = [(str(k).lower(), "" if v is None else str(v)) for k, v in attrs]
    rel = {word.lower() for k, v in attrs if k == "rel" for word in v.split()}
    for key, value in attrs:
        name = key.split(":")[-1]
        if name.startswith("on"):
            found.append(Finding("PUB220", f"an event handler attribute (`{key}`) is not "
                                 "allowed", "remove it; editions may not run scripts"))
            continue
        if key == "srcdoc":
            found.append(Finding("PUB220", "a `srcdoc` attribute is not allowed", _SCRIPT_HINT))
            continue
        if key == "http-equiv":
            found.append(Finding("PUB234", f"`<{tag} http-equiv=\"{value[:30]}\">` is not "
                                 "allowed: it can redirect readers or change the page's "
                                 "policy", "remove it"))
            continue
        if _BAD_SCHEME.match(_scheme_of(value)):
            found.append(Finding("PUB220", f"a `{_scheme_of(value)[:11]}` URL is not allowed",
                                 "editions may not run scripts"))
            continue
        if key == "style" or "url(" in value.lower() or "@import" in value.lower():
            found += judge_css(value, f"the `{key}` attribute")
            if key == "style":
                continue
        urls: list[str] = []
        if name == "srcset" or name == "imagesrcset":
            urls = _srcset(value)
        elif name in FETCHING or (name == "href" and tag not in _LINKING):
            urls = [value]
        elif name == "href" and "attachment" in rel:
            urls = [value]
        for url in urls:
            _, refused = access.locate(folder, url, f"`{key}` of <{tag}>")
            if refused is not None and not (refused.code == "PUB201" and tag in _LINKING):
                found.append(Finding(refused.code, refused.message, refused.hint))
    if "attachment" in rel:
        found.append(Finding("PUB220", 'a rel="attachment" link is not allowed',
                             "editions may not embed files; link to the file instead"))
    return found


def _parse(text: str):
    from lxml import etree

    parser = etree.HTMLParser(recover=True, no_network=True, remove_comments=False,
                              remove_pis=False, default_doctype=False)
    return etree.fromstring(f"<html><body>{text}</body></html>", parser)


def judge(text: str, folder: Path, depth: int = 0) -> list[Finding]:
    """Everything wrong with one piece of raw HTML; an empty list when it may stay."""
    from lxml import etree

    found: list[Finding] = []
    if _DECLARATION.search(text):
        found.append(Finding("PUB220", "raw HTML with a declaration (<!DOCTYPE>, <!ENTITY>, "
                             "CDATA or <?...?>) is not allowed", "remove it"))
    if not text.strip() or depth > 3:
        return found
    root = _parse(text)
    if root is None:
        return found
    for el in root.iter():
        if el.tag is etree.Comment or el.tag is etree.PI:
            if "<" in (el.text or ""):  # what another parser may read as markup
                found += judge(el.text or "", folder, depth + 1)
            continue
        tag = str(el.tag).lower()
        if tag in ("html", "head", "body"):  # the parse's own frame, or merged into it
            found += judge_attributes(tag, el.attrib.items(), folder)
            continue
        if not _TAG.match(tag):
            found.append(Finding("PUB220", f"raw HTML with a malformed tag `<{tag[:20]}>` is "
                                 "not allowed", _SCRIPT_HINT))
            continue
        if tag in FORBIDDEN:
            found.append(Finding("PUB220", f"raw HTML with {FORBIDDEN[tag]} is not allowed",
                                 _SCRIPT_HINT))
            continue
        found += judge_attributes(tag, el.attrib.items(), folder)
        if tag == "style":
            found += judge_css(el.text or "", "a <style> element")
            if "<" in (el.text or ""):
                found += judge(el.text or "", folder, depth + 1)
    unique: list[Finding] = []
    for finding in found:
        if finding not in unique:
            unique.append(finding)
    return unique


def script_url(url: str) -> bool:
    """Whether a URL would run a script when followed (whitespace and case do not hide it)."""
    return bool(_BAD_SCHEME.match(_scheme_of(url)))
