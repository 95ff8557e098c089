"""Links of an edition's text: a web address must be one a reader's browser can follow.

`link_problem` judges one link's URL as pandoc read it: an unknown scheme (`htps://`), a
web address with a broken shape (`https:/egov.kz`, `https://egov..kz`, `htps//egov.kz`), or
one written without its scheme (`www.egov.kz`, which a browser takes for a file next to the
page). Each problem carries the address that was probably meant. `link_position` finds the
link in the Markdown source, so the diagnostic points at what the author wrote.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

#: schemes a reader's browser or mail program follows; `javascript:` and `file:` are judged
#: by the checks of scripts and attachments
KNOWN_SCHEMES = ("https", "http", "mailto", "tel", "ftp", "ftps", "sftp", "sms", "geo",
                 "xmpp", "irc", "ircs", "news", "urn", "data", "javascript", "file")
#: the schemes a misspelt one is compared with (the ones authors write)
_LIKELY = ("https", "http", "mailto", "tel", "ftp")
_WEB = ("http", "https", "ftp", "ftps", "sftp")
#: endings of a first path segment that make it a host name rather than a file name: the
#: common generic domains and those of the alliance's countries (not file extensions)
_TLDS = frozenset({"com", "org", "net", "gov", "edu", "int", "info", "eu", "uk", "de", "fr",
                   "kz", "ru", "am", "ge", "az", "kg", "uz", "ee", "ua", "by", "tj", "tm"})
_LABEL = re.compile(r"^(?!-)[\w-]+(?<!-)$", re.UNICODE)
#: `htps//egov.kz`: a scheme-like word and slashes, but no colon (a path, to a browser)
_NO_SCHEME = re.compile(r"^([A-Za-z]{2,6})/{2,3}([^/].*)$")
_DOMAIN_START = re.compile(r"^((?:www\d?\.)?[\w-]+(?:\.[\w-]+)+)(?:[/:?#]|$)", re.UNICODE)
_TEL = re.compile(r"^\+?[0-9 ().\-]{3,}$")


@dataclass(frozen=True)
class LinkProblem:
    code: str
    message: str
    hint: str


def _scheme_like(word: str) -> str:
    """The known scheme `word` is a misspelling of, or ""."""
    close = difflib.get_close_matches(word.lower(), _LIKELY, n=1, cutoff=0.6)
    return close[0] if close else ""


def _host_problem(host: str) -> str:
    """What is wrong with a host name, or "" when it is fine."""
    if not host:
        return "has no host name"
    if host.startswith("[") or re.fullmatch(r"[0-9.]+", host):
        return ""  # an IPv6 or IPv4 address
    if "." not in host:
        return f"has `{host}` for a host name, which is not a domain (no dot)"
    labels = host.rstrip(".").split(".")
    if any(not label for label in labels):
        return f"has an empty part in its host name `{host}`"
    bad = next((label for label in labels if not _LABEL.match(label)), None)
    if bad is not None:
        return f"has a character a host name cannot have in `{host}`"
    if not (labels[-1].isalpha() or labels[-1].startswith("xn--")):
        return f"ends its host name `{host}` with `{labels[-1]}`, which is not a domain"
    return ""


def link_problem(url: str) -> LinkProblem | None:
    """Why a link's URL cannot be followed, with the address probably meant; None when fine."""
    url = url.strip()
    if not url or url.startswith(("#", "/", "./", "../", "?")):
        return None
    m = _NO_SCHEME.match(url)
    if m and _scheme_like(m.group(1)) in ("http", "https", "ftp"):
        word, rest, meant = m.group(1), m.group(2), _scheme_like(m.group(1))
        return LinkProblem("PUB141", f"link `{url}` is not a web address: `{word}` must be "
                           "followed by `://`", f"did you mean `{meant}://{rest}`?")
    try:
        parts = urlsplit(url)
    except ValueError:
        return LinkProblem("PUB141", f"link `{url}` is not a valid address",
                           "write the full address, e.g. https://egov.kz")
    scheme = parts.scheme.lower()
    if not scheme:
        d = _DOMAIN_START.match(url)
        if d and (d.group(1).lower().startswith("www.") or
                  d.group(1).rsplit(".", 1)[-1].lower() in _TLDS):
            return LinkProblem("PUB142", f"link `{url}` looks like a web address without "
                               "`https://`: a browser takes it for a file next to the page",
                               f"did you mean `https://{url}`?")
        return None
    if len(scheme) == 1:  # C:\... is a path of someone's computer, judged as a file
        return None
    if scheme not in KNOWN_SCHEMES:
        meant = _scheme_like(scheme)
        rest = url[len(scheme) + 1:]
        if scheme == "doi":
            hint = f"did you mean `https://doi.org/{rest.lstrip('/')}`?"
        elif meant:
            fixed = f"{meant}:{rest}" if meant in ("mailto", "tel") else \
                f"{meant}://{rest.lstrip('/')}"
            hint = f"did you mean `{fixed}`?"
        else:
            hint = "links may use " + ", ".join(f"{s}:" for s in _LIKELY)
        return LinkProblem("PUB140", f"link `{url}` uses the unknown scheme `{parts.scheme}:`",
                           hint)
    rest = url[len(scheme) + 1:]
    if scheme in _WEB:
        if not rest.startswith("//") or rest.startswith("///") or "\\" in rest:
            fixed = f"{scheme}://{rest.replace(chr(92), '/').lstrip('/')}"
            return LinkProblem("PUB141", f"link `{url}` is not a web address: `{scheme}:` "
                               "must be followed by `//` and a host name",
                               f"did you mean `{fixed}`?")
        host = unquote(parts.netloc.rpartition("@")[2])
        host = host.rsplit(":", 1)[0] if not host.endswith("]") and ":" in host else host
        problem = _host_problem(host)
        if not problem:
            try:
                parts.port  # noqa: B018 - raises on a port that is not a number
            except ValueError:
                problem = "has a port that is not a number"
        if problem:
            return LinkProblem("PUB141", f"link `{url}` {problem}",
                               "write the address as the browser shows it, e.g. "
                               "https://egov.kz/services")
    elif scheme == "mailto":
        address = unquote(parts.path)
        if not re.fullmatch(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+(,[^@\s,;]+@[^@\s,;]+)*", address):
            return LinkProblem("PUB141", f"link `{url}` is not an e-mail address",
                               "write mailto:name@example.org")
    elif scheme == "tel" and not _TEL.match(unquote(parts.path)):
        return LinkProblem("PUB141", f"link `{url}` is not a telephone number",
                           "write tel:+77172000000 (digits, with the country code)")
    return None


def link_position(lines: list[str], first_line: int, url: str, nth: int,
                  ) -> tuple[int, int] | None:
    """Line and column of the `nth` (0-based) link to `url` in the source `lines` (code
    blanked out): its `[` for `[text](url)`, its `<` for `<url>`, the start of a reference
    definition `[x]: url`, else the URL itself. None when the URL is not found as written."""
    needles = list(dict.fromkeys((url, unquote(url), url.replace("%20", " "))))
    found: list[tuple[int, int]] = []
    for index, text in enumerate(lines):
        for needle in needles:
            start = 0
            while (at := text.find(needle, start)) >= 0:
                found.append((index, at))
                start = at + len(needle)
            if found and found[-1][0] == index:
                break
    if not found:
        return None
    index, at = found[min(nth, len(found) - 1)]
    text = lines[index]
    before = text[:at]
    if before.endswith("<"):
        before = before[:-1]
        if not before.endswith("]("):
            return first_line + index, at  # an autolink: at its `<`
    if before.endswith("]("):
        depth, column = 0, len(before) - 2
        while column >= 0:
            char = text[column]
            if char == "]" and (column == 0 or text[column - 1] != "\\"):
                depth += 1
            elif char == "[" and (column == 0 or text[column - 1] != "\\"):
                depth -= 1
                if depth == 0:
                    if column and text[column - 1] == "!":
                        column -= 1
                    return first_line + index, column + 1
            column -= 1
        return first_line + index, at + 1
    definition = re.match(r"^ {0,3}\[[^\]]+\]:\s*<?$", before)
    if definition:
        return first_line + index, len(before) - len(before.lstrip()) + 1
    return first_line + index, at + 1
