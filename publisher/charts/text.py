"""The strings of charts, data tables and indicators, one catalog per language.

They live in `resources/locales/assess/<lang>.yaml`, beside the edition
catalogs; a string missing in one language falls back to English.
"""

from __future__ import annotations

import functools

from ..core.paths import RESOURCES

FOLDER = RESOURCES / "locales" / "assess"


def _catalog(lang: str) -> dict[str, str]:
    from ..i18n.strings import catalog_in

    return catalog_in(FOLDER, lang)


class Text:
    """`Text("ru")["mean"]`, or `.get("respondents", n="12")` with values filled in."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        value = _catalog(self.lang).get(key)
        return value if value is not None else _catalog("en")[key]

    def get(self, key: str, **values) -> str:
        return self[key].format(**values)


@functools.cache
def text(lang: str) -> Text:
    return Text(lang)


def languages() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.yaml"))
