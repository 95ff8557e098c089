"""Numbers, percentages and dates in the language of an edition, from Babel's CLDR data.

Every figure a chart or a data table shows is formatted here, so that a Russian
chart writes `45,5 %` with a no-break space, an English one `45.5%`, and an
Azerbaijani one groups thousands with a dot. Charts never let Vega format a
number: axis labels and data labels arrive as text made by this module.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

#: Babel writes the Uzbek oʻ/gʻ with U+2018; Uzbek Latin orthography uses U+02BB
_UZBEK = str.maketrans({"\u2018": "\u02bb"})
#: CLDR's minus sign for Estonian is U+2212, which the brand's Noto faces do not have
_MINUS = str.maketrans({"\u2212": "-"})


@functools.cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass(frozen=True)
class Numbers:
    """The CLDR number and date formats of one language."""

    lang: str

    @property
    def locale(self) -> Locale:
        return _locale(self.lang)

    def _clean(self, text: str) -> str:
        return text.translate(_UZBEK) if self.lang.startswith("uz") else text

    def integer(self, value: int) -> str:
        """1234567 → `1,234,567` (en), `1 234 567` (ru, with no-break spaces), `1.234.567` (az)."""
        return babel_numbers.format_decimal(value, format="#,##0", locale=self.locale)

    def decimal(self, value: float, digits: int = 1) -> str:
        """A number with a fixed count of decimals: 3.14 → `3.1` (en), `3,1` (ru)."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale,
                                            decimal_quantization=True)

    def percent(self, share: float, digits: int = 0) -> str:
        """A share (0.455) as a percentage in the language's pattern: `46%`, `46 %` (ru)."""
        base = self.locale.percent_formats[None].pattern
        if digits:
            base = base.replace("#,##0", "#,##0." + "0" * digits, 1)
        return babel_numbers.format_percent(share, format=base, locale=self.locale,
                                            decimal_quantization=True)

    def signed_points(self, points: float, digits: int = 0) -> str:
        """A change in percentage points or units, with its sign: `+12`, `−3,5`."""
        text = self.decimal(abs(points), digits)
        if round(points, digits) == 0:
            return text
        minus = babel_numbers.get_minus_sign_symbol(self.locale).translate(_MINUS)
        plus = babel_numbers.get_plus_sign_symbol(self.locale)
        return (plus if points > 0 else minus) + text

    def date(self, value: dt.date, form: str = "medium") -> str:
        return self._clean(babel_dates.format_date(value, form, locale=self.locale))

    def month(self, value: dt.date) -> str:
        """Month and year: `May 2019`, `май 2019 г.`."""
        return self._clean(babel_dates.format_skeleton("yMMM", value, locale=self.locale))


@functools.cache
def numbers(lang: str) -> Numbers:
    return Numbers(lang)
