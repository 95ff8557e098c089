"""What other tools would have expanded and we show as written: one entry per kind."""

from __future__ import annotations

import re

from .callouts import ADMONITIONS

#: (code, name, pattern, what the reader will see, hint)
LITERAL = (
    ("PUB250", "template tag", re.compile(r"\{%-?\s*([\w]+)[^%]*%\}"),
     "shows literally", "this file was written for a site generator (Liquid, Nunjucks): "
     "replace the tag by its result"),
    ("PUB251", "template expression or shortcode",
     re.compile(r"\{\{[<%]?-?\s*[^{}\n]*?[>%]?\}\}"), "shows literally",
     "this file was written for a site generator (Liquid, Nunjucks, Hugo): replace the "
     "expression by its result"),
    ("PUB252", "kramdown attribute list", re.compile(r"\{:\s*[.#]?[\w-][^}\n]*\}"),
     "shows literally", "write the attributes in braces after the element, e.g. "
     "`## Title {.class}`"),
    ("PUB253", "MDX component", re.compile(r"^\s*</?([A-Z][\w.]*)\b[^>\n]*/?>|\{/\*.*?\*/\}"),
     "is not rendered: only the text inside it shows",
     "this file was written for MDX (React); write the component's content as Markdown"),
    ("PUB254", "MyST role", re.compile(r"\{([\w:-]+)\}`[^`\n]*`"), "shows literally",
     "write the role's content as Markdown (a link, emphasis or code)"),
    ("PUB255", "MyST target", re.compile(r"^\(([\w.:-]+)\)=\s*$"), "shows literally",
     "put the target in front of a heading, or give the element an id `{#label}`"),
    ("PUB256", "directive",
     re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{(?:\.[\w-]+ directive=\")?([\w:-]+)[\"}]"),
     "shows as a code block or as its plain text",
     "write its content as Markdown; admonitions (note, tip, warning...) are understood"),
)


def literal_constructs(lines: list[str], first_line: int) -> list[tuple]:
    """Constructs of other tools that will show as written: one entry per kind, with the
    position of its first use, an example and how many times it occurs.

    `lines` are the source lines with code blocks, inline code and comments blanked.
    """
    found: dict[str, list] = {}
    for offset, text in enumerate(lines):
        if not text.strip():
            continue
        for code, name, pattern, shows, hint in LITERAL:
            for m in pattern.finditer(text):
                if code == "PUB256" and m.group(1).lower() in ADMONITIONS:
                    continue
                if code == "PUB251" and code in found and "PUB250" in found:
                    pass
                entry = found.get(code)
                if entry is None:
                    found[code] = [code, name, m.group(0).strip()[:40], first_line + offset,
                                   m.start() + 1, 1, shows, hint]
                else:
                    entry[5] += 1
    return [tuple(v) for v in found.values()]
