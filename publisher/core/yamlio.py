"""Reading YAML files and front matter while keeping the position of every key, and writing
the files we write as YAML."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .diagnostics import Diagnostic, error


@dataclass(frozen=True)
class Located:
    """A parsed YAML mapping with the file it came from and its line offset.

    ``offset`` is the number of lines before the YAML text in the file (1 for
    front matter after the opening ``---``), so positions point into the
    original file.
    """

    data: CommentedMap
    path: Path
    offset: int = 0

    def key_position(self, key: str, mapping: CommentedMap | None = None) -> tuple[int, int]:
        mapping = self.data if mapping is None else mapping
        try:
            line, column = mapping.lc.key(key)
        except (KeyError, AttributeError, TypeError):
            return self.start()
        return line + 1 + self.offset, column + 1

    def value_position(self, key: str, mapping: CommentedMap | None = None) -> tuple[int, int]:
        mapping = self.data if mapping is None else mapping
        try:
            line, column = mapping.lc.value(key)
        except (KeyError, AttributeError, TypeError):
            return self.key_position(key, mapping)
        return line + 1 + self.offset, column + 1

    def item_position(self, seq: CommentedSeq, index: int) -> tuple[int, int]:
        try:
            line, column = seq.lc.item(index)
        except (KeyError, AttributeError, TypeError, IndexError):
            return self.start()
        return line + 1 + self.offset, column + 1

    def start(self) -> tuple[int, int]:
        return self.offset + 1, 1


class _Constructor(RoundTripConstructor):
    """Keep an impossible date (2024-13-45) as text, so the schema reports it with a position."""

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


_BLOCK_START = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s:/])")


def lint_yaml(text: str, path: Path, offset: int = 0) -> list[Diagnostic]:
    """Mistakes that YAML parsers report confusingly or not at all: tabs, `key:value`."""
    found = []
    block_indent = None  # inside a `|` or `>` block scalar: its key's indentation
    for index, line in enumerate(text.split("\n")):
        indent = len(line) - len(line.lstrip(" \t"))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if _BLOCK_START.search(line):
            block_indent = indent
        if "\t" in line[:indent]:
            found.append(error("PUB005", "tab character in indentation", path,
                               index + 1 + offset, line.index("\t") + 1,
                               "YAML indentation must use spaces; replace the tab by spaces"))
            continue
        m = _NO_SPACE.match(line)
        if m and not line.lstrip().startswith("#"):
            found.append(error("PUB006", f"no space after the colon of `{m.group(2)}:`", path,
                               index + 1 + offset, m.end() + 1,
                               f"write `{m.group(2)}: value` with a space after the colon"))
    return found


def parse_yaml(text: str, path: Path, offset: int = 0) -> tuple[Located | None, list[Diagnostic]]:
    """Parse a YAML mapping; on failure return a positioned diagnostic, never raise."""
    from . import limits

    excess = limits.yaml_excess(text)
    if excess:
        return None, [too_deep(excess, path, offset)]
    lints = lint_yaml(text, path, offset)
    if lints:
        return None, lints
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else offset + 1
        column = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        hint = ""
        if "found character '\\t'" in str(exc) or "\t" in problem:
            hint = "YAML does not allow tabs for indentation; use spaces"
        elif "duplicate key" in str(exc).lower():
            problem = "duplicate key"
            hint = "each key may appear only once; remove or rename one of them"
        elif "mapping values are not allowed" in problem:
            hint = "a value that contains ': ' must be quoted"
        return None, [error("PUB001", f"invalid YAML: {problem}", path, line, column, hint)]
    except (YAMLError, ValueError, TypeError) as exc:
        return None, [error("PUB001", f"invalid YAML: {exc}", path, offset + 1, 1)]
    except RecursionError:  # nested in a way the scan above does not measure
        return None, [error("PUB010", "YAML nested too deeply to be read", path, offset + 1, 1,
                            "flatten the nested lists or mappings")]
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        return None, [
            error("PUB102", "expected a mapping of `key: value` lines", path, offset + 1, 1)
        ]
    return Located(data, path, offset), []


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter and its body."""

    meta: Located
    body: str
    body_line: int  # 1-based line of the first body line in the file


def too_deep(excess, path: Path, offset: int = 0) -> Diagnostic:
    """The diagnostic for a text that nests past a bound of `limits` (PUB009, PUB010)."""
    code = "PUB010" if excess.what.startswith("YAML") else "PUB009"
    return error(code, f"{excess.what} nested more than {excess.limit} deep", path,
                 excess.line + offset, excess.column,
                 f"flatten the structure, or raise `limits: {{{excess.setting}: ...}}` in "
                 "publisher.yaml")


def read_text(path: Path) -> tuple[str | None, list[Diagnostic]]:
    """A UTF-8 text file, if it is no larger than `limits.max_file_kb`."""
    from . import limits

    bound = limits.current().max_file_kb
    try:
        size = path.stat().st_size
        if size > bound * 1024:
            return None, [error("PUB007", f"the file is {size // 1024} KiB, larger than the "
                                f"limit of {bound} KiB", path, 1, 1,
                                "split it, or raise `limits: {max_file_kb: ...}` in "
                                "publisher.yaml")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error("PUB004", f"cannot read file: {exc.strerror}", path)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                "PUB002",
                "the file is not valid UTF-8",
                path,
                line,
                column,
                "save the file as UTF-8 (in most editors: Save with encoding, UTF-8)",
            )
        ]
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return None, [error("PUB008", "the file contains a NUL byte", path, line, column,
                            "the file is probably binary or corrupted; save it again as text")]
    # a byte order mark and CRLF line endings are harmless: normalize them
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(text: str, path: Path) -> tuple[Document | None, list[Diagnostic]]:
    """Split ``---`` delimited front matter from a Markdown body.

    A file without front matter yields an empty mapping and the whole text as body.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Document(Located(CommentedMap(), path, 0), text, 1), []
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index]) + "\n"
            located, diagnostics = parse_yaml(yaml_text, path, offset=1)
            if located is None:
                return None, diagnostics
            body = "\n".join(lines[index + 1 :])
            return Document(located, body, index + 2), []
    return None, [
        error(
            "PUB003",
            "front matter starts with `---` but has no closing `---`",
            path,
            1,
            1,
            "add a line with `---` after the last metadata field",
        )
    ]



def read_yaml(path: Path) -> tuple[Located | None, list[Diagnostic]]:
    """A YAML file read (`read_text`) and parsed (`parse_yaml`); None when either fails."""
    text, found = read_text(path)
    if text is None:
        return None, found
    return parse_yaml(text, path)


def read_markdown(path: Path) -> tuple[Document | None, list[Diagnostic]]:
    """A Markdown file read (`read_text`) and split from its front matter; None when either
    fails."""
    text, found = read_text(path)
    if text is None:
        return None, found
    return split_front_matter(text, path)

def plain(value):
    """Turn ruamel's round-trip containers into plain Python values."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "value") and type(value).__module__.startswith("ruamel"):
        return value.value
    if type(value).__module__.startswith("ruamel") and isinstance(value, str):
        return str(value)
    return value


# --- the files we write as YAML ------------------------------------------------------------

def quoted(text: str) -> DoubleQuotedScalarString:
    """A text written in double quotes, so that an author sees where it begins and ends."""
    return DoubleQuotedScalarString(text)


def flow(items) -> CommentedSeq:
    """A list written on one line: `[a, b]`."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def writer() -> YAML:
    """ruamel's round-trip dumper as we write YAML: two-space indentation, list items
    indented under their key, Unicode as it is, no line folded."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def yaml_text(data, comment: str = "") -> str:
    """The text of a mapping written as YAML by ruamel, after a `# comment` line: it loads
    back to the same values, whatever their quotes, colons, dashes, scripts or lines."""
    out = io.StringIO()
    if comment:
        out.write(f"# {comment}\n")
    writer().dump(data, out)
    return out.getvalue()
