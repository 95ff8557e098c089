"""`lang` attributes into the tagged PDF's structure elements.

WeasyPrint 70 writes the document language (from ``<html lang>``) into the PDF
catalog, and uses every element's ``lang`` for shaping and hyphenation, but its
structure elements carry no ``/Lang``: a screen reader would read a Russian
quotation inside an English edition with English rules. This module wraps the
function that builds WeasyPrint's structure tree so that the element of every
HTML element with a ``lang`` attribute gets ``/Lang`` (PDF 1.7, 14.9.2).

If a WeasyPrint release renames that function, the wrapper is not installed and
PDFs are still built, only without the per-element language.
"""

from __future__ import annotations

import functools


@functools.cache
def install() -> bool:
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:
        return False
    original = getattr(tags, "_build_box_tree", None)
    if original is None:
        return False
    if getattr(original, "publisher_lang", False):  # installed already, in this process
        return True

    def build_box_tree(box, *args, **kwargs):
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for struct in original(box, *args, **kwargs):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    build_box_tree.publisher_lang = True
    tags._build_box_tree = build_box_tree
    return True
