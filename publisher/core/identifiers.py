"""Standard identifiers in metadata: countries, licences, ISBNs, DOIs, slugs."""

from __future__ import annotations

import difflib
import functools
import re

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@functools.cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from CLDR (Babel)."""
    from babel import Locale

    return frozenset(code for code in Locale.parse("en").territories
                     if isinstance(code, str)
                     and len(code) == 2 and code.isalpha() and code.isupper()
                     and code not in ("EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"))


def country_suggestion(value: str) -> str:
    """The alpha-2 code probably meant by `value`: the same in capitals (`kz`), the alpha-3
    code (`KAZ`), or the country's name in English or Russian (`Kazakhstan`); "" if none."""
    from babel import Locale
    from babel.core import get_global

    text = value.strip()
    codes = countries()
    if text.upper() in codes:
        return text.upper()
    aliases = [c for c in get_global("territory_aliases").get(text.upper(), ()) if c in codes]
    if aliases:
        return aliases[0]
    for lang in ("en", "ru"):
        names = {name.casefold(): code for code, name in Locale.parse(lang).territories.items()
                 if code in codes}
        if text.casefold() in names:
            return names[text.casefold()]
    return ""


#: the licences publications use, for spelling suggestions (the SPDX list itself is
#: packaging's to keep: it validates and canonicalizes, but lists no ids)
COMMON_LICENCES = (
    "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
    "CC-BY-NC-ND-4.0", "CC-BY-3.0-IGO", "CC-BY-NC-SA-3.0-IGO", "CC-BY-NC-ND-3.0-IGO",
    "CC0-1.0", "MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-or-later", "MPL-2.0",
)
#: one licence id: no expression (AND, OR, WITH, parentheses), no LicenseRef-; a "+" only
#: in the deprecated GNU ids that carry one (GPL-2.0+)
_ONE_ID = re.compile(r"[a-z0-9.-]+|l?gpl-\d\.\d\+", re.IGNORECASE)


def spdx(value: str) -> str | None:
    """The canonical SPDX id of a licence, or None when it is not an SPDX id."""
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    text = value.strip()
    if not _ONE_ID.fullmatch(text) or text.lower().startswith(("licenseref-", "documentref-")):
        return None
    try:
        return canonicalize_license_expression(text)
    except InvalidLicenseExpression:
        return None


def spdx_suggestion(value: str) -> str | None:
    """The common licence probably meant by `value` (`CC-BY-4`), or None."""
    ids = {licence.lower(): licence for licence in COMMON_LICENCES}
    close = difflib.get_close_matches(value.strip().lower(), ids, n=1, cutoff=0.6)
    return ids[close[0]] if close else None


def isbn_problem(value: str) -> str | None:
    """None when `value` is a valid ISBN-10 or ISBN-13; otherwise what is wrong."""
    digits = re.sub(r"[\s-]", "", value).upper()
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        check = (10 - total % 10) % 10
        return None if check == int(digits[12]) else f"the check digit should be {check}"
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
        check = (11 - total % 11) % 11
        expected = "X" if check == 10 else str(check)
        return None if digits[9] == expected else f"the check digit should be {expected}"
    return "an ISBN has 10 or 13 digits"


def doi_ok(value: str) -> bool:
    return bool(_DOI.match(value.strip()))


def slug_ok(value: str) -> bool:
    return bool(_SLUG.match(value))
