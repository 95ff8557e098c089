"""Make an edition's HTML body safe for the site: an allowlist of elements and attributes.

The body comes from pandoc, but an author can put raw HTML in Markdown. On the site that
HTML must not run scripts, load anything from elsewhere, or carry inline styles (the
Content Security Policy forbids them and the browser would report every one).
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
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
_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center|justify)", re.I)


def _safe_url(value: str, attr: str) -> bool:
    value = value.strip()
    scheme = urlsplit(value).scheme.lower()
    if attr == "src":  # images: files of the site only
        return not scheme and not value.startswith("//")
    return not scheme or scheme in SAFE_LINK_SCHEMES


class _Sanitizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.removed: list[str] = []
        self.skip_depth = 0
        self.skip_tag = ""

    def _note(self, what: str) -> None:
        if what not in self.removed:
            self.removed.append(what)

    def _attrs(self, tag: str, attrs) -> str:
        allowed = GLOBAL_ATTRS | ELEMENT_ATTRS.get(tag, set())
        classes: list[str] = []
        kept: list[tuple[str, str | None]] = []
        for name, value in attrs:
            name = name.lower()
            if name == "style":
                match = _ALIGN.search(value or "")
                if match:
                    classes.append(f"align-{match.group(1).lower()}")
                continue  # layout hints become classes; nothing else is kept
            if name.startswith("on"):
                self._note(f"{name}=")
                continue
            if name.startswith(("aria-", "data-")) or name in allowed:
                if name in ("href", "src", "cite") and value is not None \
                        and not _safe_url(value, name):
                    self._note(f"{name}=\"{value.strip()[:40]}\"")
                    continue
                if name == "class":
                    classes.extend((value or "").split())
                    continue
                kept.append((name, value))
            else:
                self._note(f"{name}=")
        if classes:
            kept.insert(0, ("class", " ".join(dict.fromkeys(classes))))
        return "".join(f' {n}="{escape(v, quote=True)}"' if v is not None else f" {n}"
                       for n, v in kept)

    def handle_starttag(self, tag, attrs):
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in DROPPED:
            self._note(f"<{tag}>")
            if tag not in VOID and tag not in ("link", "meta", "base", "input", "source",
                                               "track", "embed"):
                self.skip_depth, self.skip_tag = 1, tag
            return
        if tag not in ALLOWED:
            self._note(f"<{tag}>")
            return
        self.out.append(f"<{tag}{self._attrs(tag, attrs)}>")

    def handle_startendtag(self, tag, attrs):
        if self.skip_depth:
            return
        if tag in DROPPED or tag not in ALLOWED:
            self._note(f"<{tag}>")
            return
        self.out.append(f"<{tag}{self._attrs(tag, attrs)}>" if tag in VOID
                        else f"<{tag}{self._attrs(tag, attrs)}></{tag}>")

    def handle_endtag(self, tag):
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth -= 1
            return
        if tag in ALLOWED and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip_depth:
            self.out.append(escape(data, quote=False))

    def handle_entityref(self, name):
        if not self.skip_depth:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skip_depth:
            self.out.append(f"&#{name};")

    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass


def sanitize(html: str) -> tuple[str, list[str]]:
    """The HTML with only allowed elements and attributes, and what was removed."""
    parser = _Sanitizer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out), parser.removed
