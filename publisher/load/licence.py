"""The name of an edition's licence in the reader's language, and where its text is.

case.yaml names the licence by its SPDX id (`CC-BY-4.0`); readers see its name
("Creative Commons Attribution 4.0 International") linked to the licence's own page.
Creative Commons names are made of their elements (Attribution, ShareAlike, ...), each
translated here; any other licence keeps its id and links to its SPDX page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: the elements of a Creative Commons name, per language (English where one is missing)
TERMS: dict[str, dict[str, str]] = {
    "en": {"BY": "Attribution", "SA": "ShareAlike", "NC": "NonCommercial",
           "ND": "NoDerivatives", "international": "International",
           "zero": "CC0 1.0 Universal"},
    "ru": {"BY": "Атрибуция", "SA": "СохранениеУсловий", "NC": "Некоммерческая",
           "ND": "БезПроизводных", "international": "Международная",
           "zero": "CC0 1.0 Универсальная"},
    "kk": {"BY": "Атрибуция", "SA": "Бірдей жағдайда тарату", "NC": "Коммерциялық емес",
           "ND": "Туынды туындыларсыз", "international": "Халықаралық",
           "zero": "CC0 1.0 Әмбебап"},
    "az": {"BY": "Müəllifin göstərilməsi", "SA": "Eyni şərtlərlə paylaşma",
           "NC": "Qeyri-kommersiya", "ND": "Törəmə əsərlərsiz", "international": "Beynəlxalq",
           "zero": "CC0 1.0 Universal"},
    "hy": {"BY": "Հեղինակի նշում", "SA": "Համանման տարածում", "NC": "Ոչ առևտրային",
           "ND": "Առանց ածանցյալների", "international": "Միջազգային",
           "zero": "CC0 1.0 Համընդհանուր"},
    "ka": {"BY": "ავტორის მითითება", "SA": "იმავე პირობებით გავრცელება",
           "NC": "არაკომერციული", "ND": "წარმოებულების გარეშე",
           "international": "საერთაშორისო", "zero": "CC0 1.0 უნივერსალური"},
    "ky": {"BY": "Авторду көрсөтүү", "SA": "Ошол эле шарттарда таратуу",
           "NC": "Коммерциялык эмес", "ND": "Туундуларсыз", "international": "Эл аралык",
           "zero": "CC0 1.0 Универсалдуу"},
    "uz": {"BY": "Muallifni koʻrsatish", "SA": "Xuddi shu shartlarda tarqatish",
           "NC": "Notijorat", "ND": "Hosilalarsiz", "international": "Xalqaro",
           "zero": "CC0 1.0 Universal"},
    "et": {"BY": "Autorile viitamine", "SA": "Jagamine samadel tingimustel",
           "NC": "Mitteäriline eesmärk", "ND": "Tuletatud teoste keeld",
           "international": "Rahvusvaheline", "zero": "CC0 1.0 Universaalne"},
}

#: a Creative Commons licence by its SPDX id: its elements and version
_CC = re.compile(r"CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)")


def license_url(spdx: str) -> str:
    """The page of the licence: Creative Commons' own, else its SPDX entry."""
    match = _CC.fullmatch(spdx or "")
    if match:
        return (f"https://creativecommons.org/licenses/{match.group(1).lower()}/"
                f"{match.group(2)}/")
    return f"https://spdx.org/licenses/{spdx}.html" if spdx else ""


@dataclass(frozen=True)
class Licence:
    id: str
    name: str
    short: str  # "CC BY 4.0", or the id
    url: str


def licence(spdx: str, lang: str) -> Licence | None:
    """The licence `spdx` as a reader of `lang` sees it (None when the case names none)."""
    if not spdx:
        return None
    terms = {**TERMS["en"], **TERMS.get(lang.split("-")[0], {})}
    match = _CC.fullmatch(spdx)
    if match:
        elements, version = match.group(1).split("-"), match.group(2)
        name = "Creative Commons " + "–".join(terms[e] for e in elements) + f" {version}"
        if version == "4.0":
            name += " " + terms["international"]
        return Licence(spdx, name, f"CC {' '.join(elements)} {version}", license_url(spdx))
    if spdx == "CC0-1.0":
        return Licence(spdx, terms["zero"], "CC0 1.0",
                       "https://creativecommons.org/publicdomain/zero/1.0/")
    return Licence(spdx, spdx, spdx, license_url(spdx))
