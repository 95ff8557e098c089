"""What an edition may read: one seam, asked before anything is rendered.

An edition reads only its declared resources: the files of its case folder (media, partner
logos, its bibliography) and the brand's assets. Never a dotfile, never a version-control
folder, never a file outside, never the network. Every way of naming a file asks here: an
image, an attachment link, a URL inside raw HTML of any HTML format, a partner logo, the
bibliography, a path of the brand or of `publisher.yaml`. The renderers use only the paths
this module returned, so the boundary holds whatever engine lays the edition out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

#: folders of version-control systems (and their metadata files), refused wherever they are
VCS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul", ".fslckout",
                 "_FOSSIL_", ".gitmodules", ".gitattributes", ".gitignore"})
#: codes of the boundary: `ignore:` in publisher.yaml cannot silence them
UNIGNORABLE = frozenset({"PUB130", "PUB131", "PUB202", "PUB230", "PUB233", "PUB234", "PUB235",
                         "PUB236"})
IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
REMOTE = ("http", "https", "ftp", "ftps", "ws", "wss", "gopher", "sftp", "smb")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ENCODED = re.compile(r"%[0-9a-fA-F]{2}")


@dataclass(frozen=True)
class Refusal:
    """Why a resource may not be read: a code of `diagnostics.CODES`, a message, a hint."""

    code: str
    message: str
    hint: str


def hidden_part(parts) -> str | None:
    """The first dotfile or version-control component of a path, if any."""
    for part in parts:
        if part in ("", ".", ".."):
            continue
        if part.startswith(".") or part in VCS:
            return part
    return None


def project_root_of(path: Path) -> Path:
    """The project a file belongs to: the nearest folder above it with a publisher.yaml."""
    path = Path(path).resolve()
    for folder in path.parents:
        if (folder / "publisher.yaml").is_file():
            return folder
    return path.parent


def _inside(folder: Path, rel: str, what: str, shown: str, kinds=None,
            ) -> tuple[Path | None, Refusal | None]:
    """`rel` (a path relative to `folder`) when it is an allowed file of `folder`."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or rel.startswith("\\") or re.match(r"^[A-Za-z]:[\\/]", rel):
        return None, Refusal("PUB202", f"{what} `{shown}` is an absolute path",
                             "use a path relative to the case folder, e.g. media/figure.svg")
    if "\\" in rel or _CONTROL.search(rel):
        return None, Refusal("PUB202", f"{what} `{shown}` has a backslash or a control "
                             "character in its path", "write the path with forward slashes, "
                             "e.g. media/figure.svg")
    dotted = hidden_part(pure.parts)
    if dotted:
        return None, Refusal("PUB230", f"{what} `{shown}` names `{dotted}`, a hidden file or "
                             "a version-control folder", "an edition never reads dotfiles or "
                             "version-control folders; copy the file into media/ under a "
                             "plain name")
    root = folder.resolve()
    resolved = (root / rel).resolve()
    if not resolved.is_relative_to(root):
        return None, Refusal("PUB202", f"{what} `{shown}` points outside the case folder",
                             "copy the file into the case's media/ folder")
    dotted = hidden_part(resolved.relative_to(root).parts)
    if dotted:
        return None, Refusal("PUB230", f"{what} `{shown}` leads to `{dotted}`, a hidden file "
                             "or a version-control folder", "copy the file into media/ "
                             "under a plain name")
    if not resolved.is_file():
        return None, Refusal("PUB201", f"{what} `{shown}` does not exist",
                             "check the file name; paths are relative to the case folder")
    if kinds and resolved.suffix.lower() not in kinds:
        names = "/".join(k[1:].upper() for k in kinds)
        return None, Refusal("PUB231", f"{what} `{shown}` is not a {names} file",
                             "use an image file (SVG, PNG, JPEG, GIF or WebP)")
    if resolved.suffix.lower() == ".svg":
        problem = svg_problem(resolved)
        if problem:
            return None, Refusal("PUB235", f"{what} `{shown}` {problem}",
                                 "save the drawing as a plain SVG: shapes and text, images "
                                 "embedded as data: URLs, no scripts")
    return resolved, None


_SVG_CSS = re.compile(r"url\s*\(\s*(?!['\"]?\s*#)|@import|\\", re.I)
_SVG_CACHE: dict[tuple, str | None] = {}


def svg_problem(path: Path) -> str | None:
    """Why an SVG file may not be used (it reads other files or runs scripts), or None."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _SVG_CACHE:
        _SVG_CACHE[key] = _svg_problem(path.read_bytes())
    return _SVG_CACHE[key]


def _svg_problem(data: bytes) -> str | None:
    from lxml import etree

    if re.search(rb"<!ENTITY|<!DOCTYPE[^>]*\[", data, re.I):
        return "declares XML entities"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return f"is not well-formed XML ({exc})"
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname.lower()
        if name in ("script", "foreignobject", "iframe", "include", "handler", "listener"):
            return f"contains a <{name}> element"
        if name == "style" and _SVG_CSS.search(el.text or ""):
            return "has a style sheet that loads other files"
        for key, value in el.attrib.items():
            local = etree.QName(key).localname.lower()
            if local.startswith("on"):
                return f"has an event handler (`{local}`)"
            clean = re.sub(r"[\x00-\x20]+", "", value).lower()
            if local in ("href", "src") and not clean.startswith(("#", "data:image/")) and clean:
                return f"refers to `{value[:60]}`"
            if _SVG_CSS.search(value) and local not in ("id", "class"):
                return f"loads a file through its `{local}` attribute"
    return None


def _data_svg_problem(url: str) -> str | None:
    """What is wrong with the SVG a `data:` URL holds (an engine draws it, references and all)."""
    import base64
    import binascii

    header, _, payload = url[5:].partition(",")
    if "svg" not in header.lower():
        return None
    try:
        data = (base64.b64decode(payload + "==") if header.lower().endswith(";base64")
                else unquote(payload).encode("utf-8"))
    except (binascii.Error, ValueError):
        return "cannot be decoded"
    return _svg_problem(data)


def locate(folder: Path, target: str, what: str, kinds=None,
           ) -> tuple[Path | None, Refusal | None]:
    """The file a reference names, when the edition whose case folder is `folder` may read it.

    Returns `(None, None)` for what reads no file (a `data:` URL, a bare fragment).
    A percent-encoded path is judged both as written and decoded, since engines differ.
    """
    target = target.strip()
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme in REMOTE or target.startswith(("//", "\\\\")):
        return None, Refusal("PUB202", f"{what} `{target}` is remote; builds are offline and an "
                             "edition never reads the network",
                             "download the file into the case's media/ folder and link to it")
    if scheme == "data":
        problem = _data_svg_problem(target)
        if problem:
            return None, Refusal("PUB235", f"{what} (an SVG in a data: URL) {problem}",
                                 "save the drawing as a plain SVG: shapes and text, no "
                                 "references to files")
        return None, None
    if scheme and not re.match(r"^[A-Za-z]$", scheme):  # c:\... is a path, caught below
        return None, Refusal("PUB202", f"{what} `{target}` uses the `{scheme}:` scheme",
                             "link to a file inside the case folder, e.g. media/figure.svg")
    path = target.split("#", 1)[0].split("?", 1)[0] if not scheme else target
    if not path:
        return None, None
    found, refused = _inside(folder, path, what, target, kinds)
    if refused is None and _ENCODED.search(path):
        decoded, refused = _inside(folder, unquote(path), what, target, kinds)
        if refused is None and decoded != found and found is not None:
            return None, Refusal("PUB202", f"{what} `{target}` names one file as written and "
                                 "another once decoded", "write the path without %-escapes")
        found = found or decoded
    elif refused is not None and refused.code == "PUB201" and _ENCODED.search(path):
        found, refused = _inside(folder, unquote(path), what, target, kinds)
    return (None, refused) if refused else (found, None)


def confine(root: Path, folder: Path, name: str, what: str, kinds=(), kind: str = "file",
            ) -> tuple[Path | None, Refusal | None]:
    """A path of the project's configuration (the brand, publisher.yaml), relative to `folder`:
    inside the project `root`, not hidden, and of the expected kind ("file" with one of the
    suffixes `kinds`; "folder", which may not exist yet; "place", whatever is there now)."""
    name = str(name)
    if "://" in name or _CONTROL.search(name) or "\\" in name:
        return None, Refusal("PUB130", f"{what} `{name}` is not a plain relative path",
                             "name a path inside the project, with forward slashes")
    root = Path(root).resolve()
    target = (Path(folder) / name).resolve()
    if not target.is_relative_to(root):
        return None, Refusal("PUB130", f"{what} `{name}` lies outside the project",
                             "keep every path of the project inside its folder")
    dotted = hidden_part(PurePosixPath(name).parts) or hidden_part(target.relative_to(root).parts)
    if dotted:
        return None, Refusal("PUB130", f"{what} `{name}` names `{dotted}`, a hidden file or a "
                             "version-control folder", "use a plain folder of the project")
    if kind in ("folder", "place"):
        if target == root:
            return None, Refusal("PUB131", f"{what} `{name}` is the project folder itself",
                                 "name a folder inside the project")
        if kind == "folder" and target.exists() and not target.is_dir():
            return None, Refusal("PUB131", f"{what} `{name}` is a file, not a folder",
                                 "name a folder")
        return target, None
    if not target.is_file():
        if target.exists():
            return None, Refusal("PUB131", f"{what} `{name}` is not a file", "name a file")
        return None, Refusal("PUB004", f"{what} `{name}` does not exist",
                             "check the file name; it is relative to the file that names it")
    if kinds and target.suffix.lower() not in kinds:
        return None, Refusal("PUB131", f"{what} `{name}` is not a "
                             f"{' or '.join(k[1:].upper() for k in kinds)} file",
                             f"name a {' or '.join(kinds)} file")
    return target, None
