"""Other dialects' constructs rewritten line for line into ours, before parsing."""

from __future__ import annotations

import re

from .callouts import ADMONITIONS

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_ATX_NO_SPACE = re.compile(r"^( {0,3})(#{1,6})(?=[^#\s])(?![\da-fA-F]{3,6}\b)")
_TARGET = re.compile(r"^\(([A-Za-z0-9_][\w.:-]*)\)=\s*$")
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+\S")
_MKDOCS = re.compile(r'^( {0,3})(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+"([^"]*)")?[ \t]*$')
_COLON_DIRECTIVE = re.compile(r"^( {0,3})(:{3,})[ \t]*\{([\w-]+)\}[ \t]*(.*)$")
_TOC = re.compile(r"^\s*\{:\s*\.?toc\s*\}\s*$|^\s*\[\[_?TOC_?\]\]\s*$|^\s*\[TOC\]\s*$", re.I)

#: fences in braces that hold code: Quarto's and Jupytext's cells, MyST's code directives
#: (True: the language is the directive's argument)
CODE_DIRECTIVES = {
    "r": False, "python": False, "python3": False, "julia": False, "ojs": False,
    "bash": False, "sh": False, "sql": False, "js": False, "javascript": False,
    "ipython": False, "ipython3": False, "mermaid": False, "dot": False, "stata": False,
    "code-cell": True, "code-block": True, "code": True, "sourcecode": True,
}

#: a footnote definition, and a reference inside one: pandoc's CommonMark reader never
#: returns from a note that refers to itself, so such a reference is shown as written
_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")
_NOTE_IN_NOTE = re.compile(r"(?<!\\)\[\^[^\]\s]+\]")

#: marks the contents placeholder (`{:toc}`, `[TOC]`): the renderers put the contents there
TOC_CLASS = "toc-placeholder"


def _attr_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def fence_info(info: str) -> str | None:
    """A fence info string in pandoc's attribute syntax, or None when it needs no change.

    The language is the first word; the rest is kept as attributes
    (``key=value`` pairs, a ``{2-7}`` line range) or as `info`.
    """
    info = info.strip()
    if not info or info.startswith(("{.", "{=", "{#")):  # already attributes, or a raw block
        return None
    if info.startswith("{") and info.endswith("}"):  # {r}, {r echo=FALSE}, {python}
        inner = info[1:-1].strip().replace(",", " ")
        words = inner.split()
        if not words or words[0].startswith((".", "#")):
            return None
        lang, rest = words[0], words[1:]
    else:
        m = re.match(r"^([^\s{]+)\s*(.*)$", info)
        if not m:
            return None
        lang, tail = m.group(1), m.group(2).strip()
        rest = [tail] if tail else []
        if not rest:
            return None
    attrs = [f".{lang}"] if re.match(r"^[\w+#.-]+$", lang) else []
    info_words: list[str] = []
    for word in rest:
        for part in re.findall(r'\{[^}]*\}|\w[\w-]*="[^"]*"|\S+', word):
            kv = re.match(r'^([A-Za-z_][\w-]*)=(.*)$', part)
            if part.startswith("{") and part.endswith("}"):
                attrs.append(f'lines="{_attr_value(part[1:-1].strip())}"')
            elif kv:
                attrs.append(f'{kv.group(1)}="{_attr_value(kv.group(2).strip(chr(34)))}"')
            else:
                info_words.append(part)
    if not attrs[:1] or not attrs[0].startswith("."):
        info_words.insert(0, lang)
    if info_words:
        attrs.append(f'info="{_attr_value(" ".join(info_words))}"')
    return "{" + " ".join(attrs) + "}"


def directive_info(info: str) -> str:
    """A MyST or Quarto directive we do not understand (```` ```{list-table} Title ````):
    a code block that keeps the directive's name and its argument, shown as its title."""
    m = re.match(r"^\{([\w:-]+)\}\s*(.*)$", info)
    assert m is not None, "only called for a directive's info string"
    name, argument = m.group(1), m.group(2).strip()
    attrs = [f'.{name.replace(":", "-")}', f'directive="{_attr_value(name)}"']
    if argument:
        attrs.append(f'title="{_attr_value(argument)}"')
    return "{" + " ".join(attrs) + "}"


def _callout(kind: str, title: str = "", colons: str = ":::") -> str:
    shown = ADMONITIONS.get(kind.lower(), "note")
    line = f"{colons} {{.callout .callout-{shown}"
    if title:
        line += f' title="{_attr_value(title)}"'
    return line + "}"


def normalize(text: str) -> str:
    """Rewrite other dialects' constructs into ours, keeping every line where it was."""
    lines = text.split("\n")
    out: list[str] = []
    fence: tuple[str, bool] | None = None  # (closing fence, is a MyST directive)
    mkdocs_indent: int | None = None
    options = False  # the lines right after a colon directive may be its options
    in_note = False  # inside a footnote definition: a note cannot hold another note
    for index, line in enumerate(lines):
        if mkdocs_indent is not None:
            if line.strip() and len(line) - len(line.lstrip(" ")) < mkdocs_indent:
                # the admonition ended: its closing takes the blank line before, if any
                if out and not out[-1].strip():
                    out[-1] = ":::"
                else:
                    out.append(":::")
                mkdocs_indent = None
            else:
                out.append(line[mkdocs_indent:] if line.strip() else "")
                continue
        m = _FENCE.match(line)
        if fence is not None:
            closing, directive = fence
            if m and m.group("fence")[0] == closing[0] and len(m.group("fence")) >= len(
                    closing) and not m.group("info").strip():
                fence = None
                out.append(":::" if directive else line)
                continue
            if directive and line.lstrip().startswith(":") and re.match(
                    r"^\s*:[\w-]+:", line):
                out.append("")  # a directive option (`:class: dropdown`)
                continue
            out.append(line)
            continue
        if m:
            info = m.group("info").strip()
            braced = re.match(r"^\{([\w-]+)\}\s*(.*)$", info)
            if braced and braced.group(1).lower() in ADMONITIONS:
                fence = (m.group("fence"), True)
                out.append(_callout(braced.group(1), braced.group(2).strip()))
                continue
            fence = (m.group("fence"), False)
            rewritten: str | None
            if braced and braced.group(1).lower() in CODE_DIRECTIVES:
                # a code cell (Quarto's {r}, MyST's {code-cell} python): code in a language
                name, argument = braced.group(1).lower(), braced.group(2).split()
                lang = argument[0] if CODE_DIRECTIVES[name] and argument else name
                rewritten = "{." + re.sub(r"[^\w+#.-]", "", lang or "text") + "}"
            else:
                rewritten = directive_info(info) if braced else fence_info(info)
            out.append(line if rewritten is None else
                       m.group("indent") + m.group("fence") + rewritten)
            continue
        c = _COLON_DIRECTIVE.match(line)
        if c and c.group(3).lower() in ADMONITIONS:
            out.append(c.group(1) + _callout(c.group(3), c.group(4).strip(), c.group(2)))
            options = True
            continue
        if options and re.match(r"^\s*:[\w-]+:", line):
            out.append("")  # an option of the directive above (`:class: dropdown`)
            continue
        options = False
        a = _MKDOCS.match(line)
        if a:
            out.append(a.group(1) + _callout(a.group(3), a.group(4) or ""))
            mkdocs_indent = len(a.group(1)) + 4
            continue
        t = _TARGET.match(line)
        if t:
            following = next((x for x in lines[index + 1:] if x.strip()), "")
            if _ATX.match(following) or _ATX_NO_SPACE.match(following):
                out.append("")
                target = t.group(1)
                nxt = index + 1
                while nxt < len(lines) and not lines[nxt].strip():
                    nxt += 1
                lines[nxt] = _with_id(lines[nxt], target)
                continue
        if _TOC.match(line):
            out.append(f"[]{{.{TOC_CLASS}}}")
            continue
        h = _ATX_NO_SPACE.match(line)
        if h:
            line = line[:h.end()] + " " + line[h.end():]
        d = _NOTE_DEFINITION.match(line)
        if d:
            in_note = True
            line = line[:d.end()] + _NOTE_IN_NOTE.sub(r"\\\g<0>", line[d.end():])
        elif in_note and line.strip() and (line[:1] in " \t" or out and out[-1].strip()):
            line = _NOTE_IN_NOTE.sub(r"\\\g<0>", line)
        elif line.strip():
            in_note = False
        out.append(line)
    if mkdocs_indent is not None:
        out.append(":::")
    return "\n".join(out)


def _with_id(heading: str, ident: str) -> str:
    h = _ATX_NO_SPACE.match(heading)
    if h:
        heading = heading[:h.end()] + " " + heading[h.end():]
    if re.search(r"\{[^}]*#[\w-]+[^}]*\}\s*$", heading):
        return heading
    return heading.rstrip() + f" {{#{ident}}}"

