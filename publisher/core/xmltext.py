"""Text that XML can hold: the one function every writer of XML passes its strings through.

XML 1.0 allows tab, line feed, carriage return and the characters from U+0020 up, except
the surrogates and U+FFFE/U+FFFF. A title or summary can hold others (YAML's "\\v" escape
gives U+000B): written as they are, they make the feed, the sitemap or a DOCX part
malformed, and readers refuse the whole file.
"""

from __future__ import annotations

import re

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_AS_SPACE = {"\x0b": " ", "\x0c": " "}  # vertical tab and form feed separate words


def xml_text(text: str) -> str:
    """`text` without the characters XML forbids (vertical tab and form feed become spaces)."""
    text = str(text)
    if not _FORBIDDEN.search(text):
        return text
    return _FORBIDDEN.sub(lambda m: _AS_SPACE.get(m.group(0), ""), text)


_SVG_TITLE = re.compile(r"<title[^>]*>\s*([^<]+?)\s*</title>", re.S)
_ARIA_LABEL = re.compile(r'aria-label="([^"]+)"')


def svg_title(path) -> str:
    """The accessible name an SVG gives itself (its <title>, else its aria-label), or ""."""
    text = path.read_text("utf-8", "replace")
    found = _SVG_TITLE.search(text) or _ARIA_LABEL.search(text)
    return found.group(1) if found else ""
