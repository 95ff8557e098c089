"""Markdown written for other tools, read as its authors meant it.

pandoc's `commonmark_x` reader reads what GitHub reads (pipe tables without
outer pipes, HTML inside cells, alerts, footnotes). Three things the project's
own syntax has that this reader lacks are restored here as AST passes: table
captions (`Table: ...` or `: ...` under a table), inline notes (`^[...]`) and
citations (`[@key]`, `@key`).

Before parsing, a line-for-line rewrite of the source (``normalize``) turns
constructs of other dialects whose meaning is clear into ours: code fence info
strings (```` ```js run ````, ```` ```{r} ````), headings without a space
(``##Heading``), MyST, Quarto and MkDocs admonitions, MyST `(label)=` targets
in front of a heading, and kramdown's `{:toc}`. Line numbers stay those of the
file, so every diagnostic still points at the author's line.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_ATX_NO_SPACE = re.compile(r"^( {0,3})(#{1,6})(?=[^#\s])(?![\da-fA-F]{3,6}\b)")
_TARGET = re.compile(r"^\(([A-Za-z0-9_][\w.:-]*)\)=\s*$")
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+\S")
_MKDOCS = re.compile(r'^( {0,3})(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+"([^"]*)")?[ \t]*$')
_COLON_DIRECTIVE = re.compile(r"^( {0,3})(:{3,})[ \t]*\{([\w-]+)\}[ \t]*(.*)$")
_TOC = re.compile(r"^\s*\{:\s*\.?toc\s*\}\s*$|^\s*\[\[_?TOC_?\]\]\s*$|^\s*\[TOC\]\s*$", re.I)

#: admonition names of MyST, Quarto, MkDocs and GitHub, by the callout we show
ADMONITIONS = {
    "note": "note", "seealso": "note", "info": "note", "abstract": "note", "summary": "note",
    "tldr": "note", "todo": "note", "example": "note", "quote": "note", "cite": "note",
    "tip": "tip", "hint": "tip", "success": "tip", "check": "tip", "done": "tip",
    "important": "important", "attention": "important", "question": "important",
    "help": "important", "faq": "important",
    "warning": "warning", "caution": "warning", "danger": "warning", "error": "warning",
    "failure": "warning", "fail": "warning", "missing": "warning", "bug": "warning",
    "admonition": "note",
}

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
            directive = re.match(r"^\{([\w-]+)\}\s*(.*)$", info)
            if directive and directive.group(1).lower() in ADMONITIONS:
                fence = (m.group("fence"), True)
                out.append(_callout(directive.group(1), directive.group(2).strip()))
                continue
            fence = (m.group("fence"), False)
            if directive and directive.group(1).lower() in CODE_DIRECTIVES:
                # a code cell (Quarto's {r}, MyST's {code-cell} python): code in a language
                name, argument = directive.group(1).lower(), directive.group(2).split()
                lang = argument[0] if CODE_DIRECTIVES[name] and argument else name
                rewritten = "{." + re.sub(r"[^\w+#.-]", "", lang or "text") + "}"
            else:
                rewritten = directive_info(info) if directive else fence_info(info)
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


def parse(text: str) -> dict:
    """Markdown of any of the dialects above to pandoc's AST, read as its author meant it."""
    from ..core import pandoc

    ast = pandoc.parse_markdown(normalize(text))
    markdown_in_html(ast)
    list_tables(ast)
    table_captions(ast)
    inline_notes(ast)
    alerts_as_callouts(ast)
    callout_titles(ast)
    code_titles(ast)
    return ast


# --- AST passes ---------------------------------------------------------------------

_PUA = 0xF0000  # inline elements stand in the flattened text as private-use characters


def _flatten(inlines: list) -> tuple[str, list]:
    """The inline list as text: Str as is, Space as " ", SoftBreak as "\\n", others as one
    private-use character each (their index in the returned list)."""
    parts, others = [], []
    for el in inlines:
        t = el.get("t")
        if t == "Str":
            parts.append(el["c"])
        elif t == "Space":
            parts.append(" ")
        elif t == "SoftBreak":
            parts.append("\n")
        else:
            parts.append(chr(_PUA + len(others)))
            others.append(el)
    return "".join(parts), others


def _unflatten(text: str, others: list) -> list:
    out: list = []
    word: list[str] = []

    def flush():
        if word:
            out.append({"t": "Str", "c": "".join(word)})
            word.clear()

    for ch in text:
        code = ord(ch)
        if ch == " ":
            flush()
            out.append({"t": "Space"})
        elif ch == "\n":
            flush()
            out.append({"t": "SoftBreak"})
        elif code >= _PUA and code - _PUA < len(others):
            flush()
            out.append(others[code - _PUA])
        else:
            word.append(ch)
    flush()
    return out


_INLINE_HOLDERS = {"Para": None, "Plain": None, "Emph": None, "Strong": None,
                   "Underline": None, "Strikeout": None, "Superscript": None,
                   "Subscript": None, "SmallCaps": None, "Header": 2, "Span": 1, "Link": 1,
                   "Quoted": 1}


def inline_lists(node):
    """Yield every list of inlines in the AST (paragraphs, emphasis, spans, links...)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            t = current.get("t")
            if t in _INLINE_HOLDERS:
                where = _INLINE_HOLDERS[t]
                content = current["c"] if where is None else current["c"][where]
                yield content
            if "t" in current:
                c = current.get("c")
                if isinstance(c, (list, dict)):
                    stack.append(c)
            else:
                stack.extend(current.values())


def _replace(inlines: list, new: list) -> None:
    inlines[:] = new


def _matching(text: str, start: int) -> int:
    """Index of the `]` closing the `[` at `start`, or -1."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def inline_notes(ast: dict) -> int:
    """`^[text]` becomes a footnote, as pandoc's own Markdown reads it. Returns how many."""
    count = 0
    for inlines in list(inline_lists(ast["blocks"])):
        if not any(el.get("t") == "Str" and "^[" in el["c"] for el in inlines):
            continue
        text, others = _flatten(inlines)
        out, pos = [], 0
        while True:
            start = text.find("^[", pos)
            if start < 0:
                break
            end = _matching(text, start + 1)
            if end < 0:
                break
            out.extend(_unflatten(text[pos:start], others))
            body = _unflatten(text[start + 2:end], others)
            out.append({"t": "Note", "c": [{"t": "Para", "c": body}]})
            count += 1
            pos = end + 1
        if pos:
            out.extend(_unflatten(text[pos:], others))
            _replace(inlines, out)
    return count


LIST_TABLE = "list-table"
_NO_ATTR: list = ["", [], []]


def _list_table(div: dict) -> dict | None:
    """The table a `::: {.list-table}` div stands for: a bullet list of rows, each a bullet
    list of cells, whose cells hold any blocks (several paragraphs, lists). None when the div
    is not of that shape (it then stays a div, its lists shown as lists)."""
    (ident, classes, attrs), content = div["c"]
    blocks = [b for b in content if b.get("t") != "Null"]
    if len(blocks) != 1 or blocks[0].get("t") != "BulletList":
        return None
    rows = []
    for item in blocks[0]["c"]:
        if len(item) != 1 or item[0].get("t") != "BulletList":
            return None
        rows.append(item[0]["c"])
    width = max((len(r) for r in rows), default=0)
    if not width:
        return None
    values = dict(attrs)
    heads = values.get("header-rows", "0")
    heads = min(int(heads), len(rows)) if heads.isdigit() else 0

    def row(cells):
        cells = list(cells) + [[]] * (width - len(cells))
        return [_NO_ATTR, [[_NO_ATTR, {"t": "AlignDefault"}, 1, 1, blocks] for blocks in cells]]

    rest = [kv for kv in attrs if kv[0] != "header-rows"]
    return {"t": "Table", "c": [
        [ident, [c for c in classes if c != LIST_TABLE], rest], [None, []],
        [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(width)],
        [_NO_ATTR, [row(r) for r in rows[:heads]]],
        [[_NO_ATTR, 0, [], [row(r) for r in rows[heads:]]]],
        [_NO_ATTR, []]]}


def list_tables(ast: dict) -> None:
    """`::: {.list-table header-rows=1}` around a list of lists becomes a table, for cells
    that a pipe table cannot hold (several paragraphs, a list); its caption is the
    `Table: ...` paragraph that follows, as for any table."""

    def visit(blocks: list) -> None:
        for index, block in enumerate(blocks):
            t = block.get("t")
            if t == "Div":
                if LIST_TABLE in block["c"][0][1]:
                    table = _list_table(block)
                    if table is not None:
                        for row in _rows(table):
                            for cell in row[1]:
                                visit(cell[4])
                        blocks[index] = table
                        continue
                visit(block["c"][1])
            elif t == "BlockQuote":
                visit(block["c"])

    visit(ast["blocks"])


def _rows(table: dict) -> list:
    head, bodies, foot = table["c"][3], table["c"][4], table["c"][5]
    return head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]


def table_captions(ast: dict) -> None:
    """A paragraph `Table: caption` (or `: caption`) next to a table becomes its caption;
    a trailing `{#tbl-id}` becomes the table's id."""

    def caption_of(block) -> list | None:
        if block.get("t") != "Para" or not block["c"]:
            return None
        first = block["c"][0]
        if first.get("t") != "Str" or first["c"] not in ("Table:", ":"):
            return None
        rest = block["c"][1:]
        while rest and rest[0].get("t") in ("Space", "SoftBreak"):
            rest = rest[1:]
        return rest

    def visit(blocks: list) -> None:
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if block.get("t") in ("Div", "BlockQuote"):
                visit(block["c"][1] if block["t"] == "Div" else block["c"])
            if block.get("t") == "Table" and not block["c"][1][1]:
                for j in (i + 1, i - 1):
                    if 0 <= j < len(blocks):
                        inlines = caption_of(blocks[j])
                        if inlines is not None:
                            _set_caption(block, inlines)
                            del blocks[j]
                            if j < i:
                                i -= 1
                            break
            i += 1

    visit(ast["blocks"])


def _set_caption(table: dict, inlines: list) -> None:
    inlines = list(inlines)
    last = inlines[-1] if inlines else None
    if last and last.get("t") == "Span" and ["wrapper", "1"] in [list(kv) for kv in
                                                                  last["c"][0][2]]:
        ident, classes = last["c"][0][0], last["c"][0][1]
        inlines.pop()
        if ident:
            table["c"][0][0] = ident
        table["c"][0][1].extend(c for c in classes if c not in table["c"][0][1])
    while inlines and inlines[-1].get("t") in ("Space", "SoftBreak"):
        inlines.pop()
    table["c"][1] = [None, [{"t": "Plain", "c": inlines}]]


_KEY = r"[\w][\w:.#$%&+?<>~/-]*[\w]|[\w]"
_IN_TEXT = re.compile(rf"(?<![\w@.\[])(-?)@({_KEY})")
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>{_KEY})(?P<suffix>.*)$", re.S)


def citations(ast: dict, keep=lambda key: True) -> int:
    """`[@key, p. 3; @other]` and `@key` become pandoc citations (for citeproc).

    `keep(key)` says whether `@key` is a citation (cross-references such as `@fig-x`
    are turned into links before). Returns how many citations were made.
    """
    count = 0
    for inlines in list(inline_lists(ast["blocks"])):
        if not any(el.get("t") == "Str" and "@" in el["c"] for el in inlines):
            continue
        text, others = _flatten(inlines)
        out, pos, i = [], 0, 0
        changed = False
        while i < len(text):
            ch = text[i]
            if ch == "[" and "@" in text[i:i + 200]:
                end = _matching(text, i)
                items = _bracketed(text[i + 1:end], others, keep) if end > 0 else None
                if items:
                    count += len(items)
                    out.extend(_unflatten(text[pos:i], others))
                    out.append(_cite(items, _unflatten(text[i:end + 1], others), count))
                    pos = i = end + 1
                    changed = True
                    continue
            if ch == "@" or (ch == "-" and text[i + 1:i + 2] == "@"):
                m = _IN_TEXT.match(text, i)
                if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "@.")) \
                        and keep(m.group(2)):
                    count += 1
                    out.extend(_unflatten(text[pos:i], others))
                    mode = "SuppressAuthor" if m.group(1) else "AuthorInText"
                    item = (m.group(2), mode, [], [])
                    out.append(_cite([item], _unflatten(m.group(0), others), count))
                    pos = i = m.end()
                    changed = True
                    continue
            i += 1
        if changed:
            out.extend(_unflatten(text[pos:], others))
            _replace(inlines, out)
    return count


def _bracketed(inner: str, others: list, keep) -> list | None:
    items = []
    for part in inner.split(";"):
        m = _ITEM.match(part)
        if not m or not keep(m.group("key")):
            return None
        before = m.group("prefix")
        if (before and (before[-1].isalnum() or before[-1] in "@.")) or "@" in before:
            return None  # an address (a@b.org), not a citation
        prefix = before.strip()
        suffix = m.group("suffix")
        mode = "SuppressAuthor" if m.group("suppress") else "NormalCitation"
        suffix_inlines = _unflatten(suffix.rstrip(), others)
        items.append((m.group("key"), mode, _unflatten(prefix, others), suffix_inlines))
    return items


def _cite(items, shown: list, number: int) -> dict:
    return {"t": "Cite", "c": [[{
        "citationId": key, "citationPrefix": prefix, "citationSuffix": suffix,
        "citationMode": {"t": mode}, "citationNoteNum": number, "citationHash": 0,
    } for key, mode, prefix, suffix in items], shown]}


def alerts_as_callouts(ast: dict) -> None:
    """GitHub alerts (`> [!NOTE]`, read by pandoc as a div with a title) become callouts."""

    def visit(blocks):
        for block in blocks:
            if block.get("t") != "Div":
                continue
            attr, content = block["c"]
            classes = attr[1]
            if (len(classes) == 1 and classes[0] in ("note", "tip", "important", "warning",
                                                     "caution") and content
                    and content[0].get("t") == "Div" and content[0]["c"][0][1] == ["title"]):
                kind = ADMONITIONS.get(classes[0], "note")
                attr[1] = ["callout", f"callout-{kind}"]
            quarto = [c for c in classes if c.startswith("callout-")]
            if quarto and "callout" not in classes:  # Quarto: ::: {.callout-tip}
                kind = ADMONITIONS.get(quarto[0][len("callout-"):], "note")
                attr[1] = ["callout", f"callout-{kind}"] + [
                    c for c in classes if c not in quarto]
                if content and content[0].get("t") == "Header":  # its title
                    heading = content.pop(0)
                    content.insert(0, {"t": "Div", "c": [["", ["title"], []], [
                        {"t": "Para", "c": heading["c"][2]}]]})
            visit(content)

    visit(ast["blocks"])


def callout_titles(ast: dict) -> None:
    """A callout's `title="..."` becomes its first line, in bold, as the reader should see it."""

    def visit(blocks):
        for block in blocks:
            if block.get("t") != "Div":
                continue
            attr, content = block["c"]
            visit(content)
            if "callout" not in attr[1]:
                continue
            title = next((v for k, v in attr[2] if k == "title"), None)
            if title is not None:
                attr[2] = [kv for kv in attr[2] if kv[0] != "title"]
                words = _unflatten(title, [])
                content.insert(0, {"t": "Div", "c": [["", ["title"], []],
                                                     [{"t": "Para", "c": words}]]})
            if content and content[0].get("t") == "Div" and content[0]["c"][0][1] == ["title"]:
                for inner in content[0]["c"][1]:
                    if inner.get("t") in ("Para", "Plain"):
                        inner["c"] = [{"t": "Strong", "c": inner["c"]}]

    visit(ast["blocks"])


# --- links: other tools' anchors and cross-references ----------------------------------

def github_slug(text: str) -> str:
    """The anchor GitHub (and pandoc's gfm_auto_identifiers) makes of a heading's text."""
    text = text.strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def kramdown_slug(text: str) -> str:
    """The anchor kramdown (Jekyll) makes: ASCII letters, digits, spaces and hyphens kept,
    spaces as hyphens, without leading non-letters."""
    slug = re.sub(r"[^a-zA-Z0-9 -]", "", text.strip()).lower().replace(" ", "-")
    slug = re.sub(r"^[^a-z]+", "", slug)
    return slug or "section"


def _targets(ast: dict) -> tuple[dict[str, str], dict[str, list], dict[str, int]]:
    """Every id with the words a link to it should show, and the number of each figure
    and table (in document order)."""
    from ..core.tree import stringify, walk

    aliases: dict[str, str] = {}
    texts: dict[str, list] = {}
    numbers: dict[str, int] = {}
    counters = {"Figure": 0, "Table": 0}

    def visit(el):
        t = el["t"]
        c = el.get("c")
        if t in counters:
            counters[t] += 1
            ident = c[0][0]
            if not ident and t == "Figure":  # pandoc keeps an image's id on the image
                content = c[2]
                image = (content[0]["c"][0] if content and content[0].get("t") == "Plain"
                         and content[0]["c"] and content[0]["c"][0].get("t") == "Image"
                         else None)
                ident = image["c"][0][0] if image else ""
            if ident:
                numbers[ident] = counters[t]
                aliases.setdefault(ident, ident)
        elif t == "Header":
            ident, words = c[1][0], c[2]
            if ident:
                texts[ident] = words
                aliases.setdefault(ident, ident)
                shown = stringify(words)
                for alias in (github_slug(shown), kramdown_slug(shown), ident.lower()):
                    aliases.setdefault(alias, ident)
        elif t in ("Div", "Span", "CodeBlock", "Image", "Link") and c[0][0]:
            aliases.setdefault(c[0][0], c[0][0])

    walk(ast["blocks"], visit)
    return aliases, texts, numbers


_XREF = re.compile(r"^(fig|tbl|sec|eq|lst|thm|lem|cor|prp|exm|exr|def|nte|tip|wrn|imp|cau)-")


def resolve_links(ast: dict, labels: dict[str, str]) -> None:
    """Links in other tools' anchor styles are pointed at our ids; MyST's `[](#x)` and
    Quarto's `@fig-x`, `@tbl-x`, `@sec-x` become links that show the target's title or
    number. `labels` gives the words for "Figure" and "Table" in the edition's language."""
    from urllib.parse import unquote

    aliases, texts, numbers = _targets(ast)

    def target(fragment: str) -> str | None:
        for candidate in (fragment, unquote(fragment), unquote(fragment).lower()):
            if candidate in aliases:
                return aliases[candidate]
        return None

    def shown(ident: str) -> list:
        if ident in texts:
            return list(texts[ident])
        if ident in numbers:
            word = labels["figure"] if ident.startswith("fig") else labels["table"]
            return [{"t": "Str", "c": word}, {"t": "Space"},
                    {"t": "Str", "c": str(numbers[ident])}]
        return [{"t": "Str", "c": ident}]

    from ..core.tree import walk

    def visit(el):
        if el["t"] != "Link":
            return
        url = el["c"][2][0]
        if not url.startswith("#") or len(url) < 2:
            return
        found = target(url[1:])
        if found is not None:
            el["c"][2][0] = "#" + found
            if not el["c"][1]:
                el["c"][1] = shown(found)

    walk(ast["blocks"], visit)

    # Quarto cross-references: @fig-x where fig-x is an id of this document
    for inlines in list(inline_lists(ast["blocks"])):
        if not any(el.get("t") == "Str" and "@" in el["c"] for el in inlines):
            continue
        out, changed = [], False
        for el in inlines:
            if el.get("t") == "Str" and "@" in el["c"]:
                parts = re.split(r"(?<![\w@])@([A-Za-z][\w:-]*[\w])", el["c"])
                if len(parts) > 1:
                    for index, part in enumerate(parts):
                        if index % 2 == 0:
                            if part:
                                out.append({"t": "Str", "c": part})
                        elif _XREF.match(part) and part in aliases:
                            out.append({"t": "Link", "c": [["", ["cross-reference"], []],
                                                           shown(aliases[part]),
                                                           ["#" + aliases[part], ""]]})
                            changed = True
                        else:
                            out.append({"t": "Str", "c": "@" + part})
                    continue
            out.append(el)
        if changed:
            _replace(inlines, out)


def is_cross_reference(key: str) -> bool:
    return bool(_XREF.match(key))


# --- what other tools would have expanded, and we show as written ---------------------

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


_MARKDOWN_BLOCK = re.compile(
    r"^\s*<([a-zA-Z][\w-]*)\b([^>]*?)\bmarkdown\s*=\s*[\"']?(?:1|block|span)[\"']?([^>]*)>"
    r"(.*)</\1>\s*$", re.S)


def markdown_in_html(ast: dict) -> None:
    """kramdown's `<div markdown="1">` blocks: their content is read as Markdown, in a div
    with the element's classes and id (GitHub shows such blocks as raw text)."""

    def attrs(text: str) -> list:
        ident = re.search(r"""\bid\s*=\s*["']([^"']*)["']""", text)
        classes = re.search(r"""\bclass\s*=\s*["']([^"']*)["']""", text)
        return [ident.group(1) if ident else "", classes.group(1).split() if classes else [],
                []]

    def visit(blocks: list) -> None:
        for index, block in enumerate(blocks):
            t = block.get("t")
            if t == "Div":
                visit(block["c"][1])
            elif t == "BlockQuote":
                visit(block["c"])
            elif t == "RawBlock" and block["c"][0] == "html" and "markdown" in block["c"][1]:
                m = _MARKDOWN_BLOCK.match(block["c"][1])
                if m:
                    inner = parse(_dedent(m.group(4)))["blocks"]
                    blocks[index] = {"t": "Div", "c": [attrs(m.group(2) + m.group(3)), inner]}

    visit(ast["blocks"])


def _dedent(text: str) -> str:
    """The content of a kramdown HTML block as Markdown: lines unindented, and a line that
    is only a tag set apart, so that the text around it is read as Markdown."""
    out: list[str] = []
    for line in text.strip("\n").split("\n"):
        line = line.strip()
        if re.fullmatch(r"</?[a-zA-Z][^>]*>", line):
            out.extend(["", line, ""])
        else:
            out.append(line)
    return "\n".join(out)


def code_titles(ast: dict) -> None:
    """A code block's file name (```` ```jsx src/App.js ````, `title="app.py"`) is shown
    above it, as the tools it was written for show it."""

    def name_of(block) -> str | None:
        pairs = dict(block["c"][0][2])
        for key in ("title", "filename", "file"):
            if pairs.get(key):
                return pairs[key]
        info = pairs.get("info", "")
        words = [w for w in info.split() if re.search(r"[./]\w", w)]
        return words[0] if words else None

    def visit(blocks: list) -> None:
        i = 0
        while i < len(blocks):
            block = blocks[i]
            t = block.get("t")
            if t == "CodeBlock":
                name = name_of(block)
                if name and dict(block["c"][0][2]).get("directive") and " " in name:
                    blocks.insert(i, {"t": "Plain", "c": [{"t": "Strong", "c": _unflatten(
                        name, [])}]})
                    i += 1
                elif name:
                    blocks.insert(i, {"t": "Plain", "c": [
                        {"t": "Code", "c": [["", ["code-title"], []], name]}]})
                    i += 1
            elif t == "Div":
                visit(block["c"][1])
            elif t in ("BlockQuote",):
                visit(block["c"])
            elif t in ("BulletList", "OrderedList"):
                items = block["c"] if t == "BulletList" else block["c"][1]
                for item in items:
                    visit(item)
            i += 1

    visit(ast["blocks"])
