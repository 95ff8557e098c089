"""Make an edition's HTML body safe for the site: an allowlist of elements and attributes.

The body comes from pandoc, but an author can put raw HTML in Markdown. On the site that
HTML must not run scripts, load anything from elsewhere, or carry inline styles (the
Content Security Policy forbids them and the browser would report every one).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: Elements kept as they are.
ALLOWED = frozenset("""
a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup dd del
details dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark
nav ol p pre q rp rt ruby s samp section small span strong sub summary sup table tbody td
tfoot th thead time tr u ul var wbr
""".split())

#: Elements dropped together with everything inside them.
DROPPED = frozenset("""
script style iframe frame frameset object embed applet template noscript svg math form
input button select textarea option link meta base portal canvas audio video source track
dialog
""".split())

VOID = frozenset("br col hr img wbr".split())

GLOBAL_ATTRS = frozenset("id class title lang dir role hidden".split())
ELEMENT_ATTRS = {
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
}
SAFE_LINK_SCHEMES = {"http", "https", "mailto"}
URL_ATTRS = ("href", "src", "cite")
_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center|justify)", re.I)
#: a start tag as nh3 writes it (every value quoted, `"`, `<` and `>` escaped) with the one
#: style it keeps, a text alignment
_ALIGNED = re.compile(r'<([a-z0-9]+)((?: [a-z-]+="[^"]*")*) style="text-align:(left|right|center|'
                      r'justify)"((?: [a-z-]+="[^"]*")*)>')
_CLASS = re.compile(r' class="([^"]*)"')


def _safe_url(value: str, attr: str) -> bool:
    value = value.strip()
    scheme = urlsplit(value).scheme.lower()
    if attr == "src":  # images: files of the site only
        return not scheme and not value.startswith("//")
    return not scheme or scheme in SAFE_LINK_SCHEMES


def _allowed_attrs(tag: str) -> set[str]:
    return GLOBAL_ATTRS | ELEMENT_ATTRS.get(tag, set())


def _keep(tag: str, attr: str, value: str) -> str | None:
    """nh3's attribute filter: URLs of allowed schemes only; style only as an alignment."""
    if attr in URL_ATTRS and not _safe_url(value, attr):
        return None
    if attr == "style":
        match = _ALIGN.search(value)
        return f"text-align:{match.group(1).lower()}" if match else None
    return value


def _as_class(match: re.Match) -> str:
    tag, before, align, after = match.groups()
    attrs = before + after
    found = _CLASS.search(attrs)
    if found:
        classes = " ".join(dict.fromkeys(found.group(1).split() + [f"align-{align}"]))
        attrs = _CLASS.sub("", attrs, count=1)
    else:
        classes = f"align-{align}"
    return f'<{tag} class="{classes}"{attrs}>'


def _removed(html: str) -> list[str]:
    """What the sanitizer leaves out, in document order (for the author's warnings)."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True, no_network=True)
    root = etree.fromstring(f"<html><body>{html}</body></html>", parser)
    removed: list[str] = []

    def note(what: str) -> None:
        if what not in removed:
            removed.append(what)

    def visit(el) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag.lower()
            if tag in DROPPED:
                note(f"<{tag}>")
                continue  # its content goes with it
            if tag not in ALLOWED:
                note(f"<{tag}>")
            else:
                for name, value in child.attrib.items():
                    name = name.lower()
                    if name == "style":
                        continue  # an alignment becomes a class; other styles go silently
                    if name.startswith("on") or not (
                            name in _allowed_attrs(tag) or name.startswith(("aria-", "data-"))):
                        note(f"{name}=")
                    elif name in URL_ATTRS and not _safe_url(value, name):
                        note(f'{name}="{value.strip()[:40]}"')
            visit(child)

    body = root.find("body") if root is not None else None
    if body is not None:
        visit(body)
    return removed


def sanitize(html: str) -> tuple[str, list[str]]:
    """The HTML with only allowed elements and attributes, and what was removed.

    nh3 (the ammonia sanitizer, with an HTML5 parser) does the cleaning: the result is a
    balanced fragment, so a stray `</div>` or an unclosed `<section>` cannot reach the
    site template's own containers.
    """
    import nh3

    attributes = {tag: _allowed_attrs(tag) | {"style"} for tag in ALLOWED}
    clean = nh3.clean(
        html, tags=set(ALLOWED), clean_content_tags=set(DROPPED) - {"meta", "link", "base",
                                                                    "input", "source",
                                                                    "track", "embed"},
        attributes=attributes, attribute_filter=_keep, strip_comments=True, link_rel=None,
        generic_attribute_prefixes={"aria-", "data-"}, url_schemes=set(SAFE_LINK_SCHEMES),
        filter_style_properties={"text-align"})
    return _ALIGNED.sub(_as_class, clean), _removed(html)
