"""The language of a file that does not say it: from its script, then its letters.

Only the nine languages the project publishes in are told apart (en, ru, kk, az, hy, ka,
ky, uz, et). Code blocks, inline code and addresses are left out of the count, since
they are mostly English whatever the text's language.
"""

from __future__ import annotations

import re
from collections import Counter

LANGUAGES = ("en", "ru", "kk", "az", "hy", "ka", "ky", "uz", "et")

_CODE = re.compile(r"^\s*(```|~~~).*?^\s*\1[^\n]*$|`[^`\n]*`|<[^>\n]*>|\]\([^)\n]*\)|https?://\S+",
                   re.S | re.M)

#: letters that only one of the languages of a script uses (or uses far more than the others)
_MARKERS = {
    "kk": "әғқұһі",
    "ky": "ңөү",
    "uz": "ўҳ",
    "az": "əı",
    "et": "õ",
}
_UZ_LATIN = re.compile(r"(?<=[oOgG])['\u2018\u2019\u02bb\u02bc`]")
_SH_CH = re.compile(r"\b(?:sh|ch)\w*|\w+(?:sh|ch)\b", re.I)


def _letters(text: str) -> Counter:
    return Counter(ch for ch in text.lower() if ch.isalpha())


def detect(text: str) -> str:
    """The most likely of `LANGUAGES` for `text` (English when nothing says otherwise)."""
    prose = _CODE.sub(" ", text)
    counts = _letters(prose)
    total = sum(counts.values())
    if not total:
        return "en"
    scripts = Counter()
    for ch, n in counts.items():
        code = ord(ch)
        if 0x0530 <= code <= 0x058F:
            scripts["hy"] += n
        elif 0x10A0 <= code <= 0x10FF or 0x1C90 <= code <= 0x1CBF:
            scripts["ka"] += n
        elif 0x0400 <= code <= 0x04FF:
            scripts["cyrillic"] += n
        elif ch.isascii() or 0x00C0 <= code <= 0x024F or ch == "ə":
            scripts["latin"] += n
    script, _ = scripts.most_common(1)[0] if scripts else ("latin", 0)
    if script in ("hy", "ka"):
        return script

    def share(lang: str) -> float:
        return sum(counts[ch] for ch in _MARKERS[lang]) / total

    if script == "cyrillic":
        if share("kk") > 0.004:
            return "kk"
        if share("uz") > 0.002:
            return "uz"
        if share("ky") > 0.004:
            return "ky"
        return "ru"
    if share("az") > 0.003:
        return "az"
    if share("et") > 0.002:
        return "et"
    words = max(1, len(prose.split()))
    if len(_UZ_LATIN.findall(prose)) / words > 0.01:
        return "uz"
    return "en"


def from_front_matter(values: dict) -> str | None:
    """The language named by `lang`, `language` or `locale` (`ru`, `ru-RU`, `ru_RU`), if any
    of the nine."""
    for key in ("lang", "language", "locale"):
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            code = re.split(r"[-_]", value.strip().lower())[0]
            code = {"kz": "kk", "kaz": "kk", "rus": "ru", "eng": "en", "uzb": "uz",
                    "aze": "az", "hye": "hy", "arm": "hy", "kat": "ka", "geo": "ka",
                    "kir": "ky", "kgz": "ky", "est": "et"}.get(code, code)
            if code in LANGUAGES:
                return code
    return None
