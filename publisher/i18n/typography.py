"""Typography per language: quotation marks.

pandoc's `smart` extension turns straight quotes into ``Quoted`` elements and
its writers print them as English curly quotes in every language. This pass
replaces each ``Quoted`` element with the marks of the edition's language, so
HTML, PDF and DOCX all show « » in Russian and „ “ in Estonian.
"""

from __future__ import annotations

#: language -> ((open, close) for outer quotes, (open, close) for quotes inside quotes)
QUOTES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "en": (("\u201c", "\u201d"), ("\u2018", "\u2019")),   # “ ” ‘ ’
    "ru": (("\u00ab", "\u00bb"), ("\u201e", "\u201c")),   # « » „ “
    "kk": (("\u00ab", "\u00bb"), ("\u201e", "\u201c")),
    "ky": (("\u00ab", "\u00bb"), ("\u201e", "\u201c")),
    "az": (("\u00ab", "\u00bb"), ("\u201c", "\u201d")),   # « » “ ”
    "uz": (("\u00ab", "\u00bb"), ("\u201e", "\u201c")),
    "hy": (("\u00ab", "\u00bb"), ("\u201c", "\u201d")),
    "ka": (("\u201e", "\u201c"), ("\u00ab", "\u00bb")),   # „ “ « »
    "et": (("\u201e", "\u201c"), ("\u201a", "\u2018")),   # „ “ ‚ ‘
}


def quotes_for(lang: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])


def _span_lang(el) -> str | None:
    if el["t"] in ("Span", "Div"):
        for key, value in el["c"][0][2]:
            if key == "lang":
                return value
    return None


def localize_quotes(ast: dict, lang: str) -> None:
    """Replace pandoc's Quoted elements by the marks of `lang` (a span's `lang` wins inside it).

    Outer and inner marks alternate with nesting depth, whatever kind of quote
    (single or double) the author typed: what matters is the depth.
    """

    def rewrite(node, lang: str, depth: int):
        if isinstance(node, list):
            out = []
            for item in node:
                if isinstance(item, dict) and item.get("t") == "Quoted":
                    marks = quotes_for(lang)[depth % 2]
                    inner = rewrite(item["c"][1], lang, depth + 1)
                    out.append({"t": "Str", "c": marks[0]})
                    out.extend(inner)
                    out.append({"t": "Str", "c": marks[1]})
                else:
                    out.append(rewrite(item, lang, depth))
            return out
        if isinstance(node, dict):
            inner_lang = _span_lang(node) if "t" in node else None
            for key, value in node.items():
                if isinstance(value, (list, dict)):
                    node[key] = rewrite(value, inner_lang or lang, depth)
            return node
        return node

    ast["blocks"] = rewrite(ast["blocks"], lang, 0)


_UZ_TURNED_COMMA = "\u02bb"  # ʻ, the letter of oʻ and gʻ


def uzbek_letters(ast: dict) -> None:
    """Uzbek Latin `o'` and `g'` typed with an apostrophe (or a quotation mark) become
    `oʻ` and `gʻ` with U+02BB, the letter the orthography prescribes (code is left alone)."""
    import re

    from ..core.tree import walk

    pattern = re.compile(r"(?<=[oOgG])['\u2018\u2019`]")

    def visit(el):
        if el["t"] == "Str" and "'" in el["c"] or el["t"] == "Str" and (
                "\u2019" in el["c"] or "\u2018" in el["c"]):
            el["c"] = pattern.sub(_UZ_TURNED_COMMA, el["c"])

    walk(ast["blocks"], visit)
