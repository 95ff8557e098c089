"""Hyphenation for every language of the project.

Typst hyphenates English, Russian, Estonian and Georgian with its own patterns
(``TYPST_PATTERNS``). For Kazakh, Kyrgyz, Azerbaijani, Uzbek and Armenian, which it
has no patterns for, the PDF renderer puts soft hyphens (U+00AD) at the breaks our
patterns allow (:func:`soft_hyphens`). Those patterns are Liang patterns written
from each language's syllable rules (``resources/hyphenation/hyph_<lang>.dic``,
regenerated with ``python -m publisher.i18n.hyphenation``; Georgian's too, for tests and
proofs), read with pyphen, which ships English, Russian and Estonian.

The rules:

* Turkic languages (kk, ky, az, uz) and Armenian: a syllable starts with at most
  one consonant, so a word breaks before the last consonant in front of a vowel
  (``ми-нистр-лік``, ``xiz-mat-lar``). Uzbek digraphs (sh, ch, ng, gʻ) count as
  one consonant; the Armenian ``յու`` after a consonant stays with it
  (``կա-ռա-վա-րու-թյուն``).
* Georgian: a single consonant between vowels starts the next syllable; of a
  consonant cluster only the first consonant stays behind (``სა-ხელ-მწი-ფო``).
* Never inside a word-initial consonant cluster, never before a Cyrillic soft
  or hard sign, never between two vowels.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.paths import RESOURCES

DICTIONARIES = RESOURCES / "hyphenation"

#: Uzbek oʻ/gʻ are written with U+02BB, often typed as U+2018 (the tutuq belgisi U+02BC,
#: like these marks after a vowel, is transparent to the rules)
_UZ_TURNED = ("\u02bb", "\u2018")


@dataclass(frozen=True)
class Rules:
    vowels: str
    consonants: str
    #: multi-letter consonants that act as one (Uzbek sh, ch, ng, gʻ)
    digraphs: tuple[str, ...] = ()
    #: "last" (one consonant starts a syllable) or "first" (only the first stays behind)
    cluster: str = "last"
    #: letters a break never precedes (Cyrillic ь ъ)
    no_break_before: str = ""
    #: sequences that join the preceding consonant as one onset (Armenian յու)
    onset_glides: tuple[str, ...] = ()


_KK_VOWELS = "аәеёиоөуұүыіэюя"
_KK_CONSONANTS = "бвгғджзйкқлмнңпрстфхһцчшщ"

RULES: dict[str, Rules] = {
    "kk": Rules(_KK_VOWELS, _KK_CONSONANTS, no_break_before="ьъ"),
    "ky": Rules("аеёиоөуүыэюя", "бвгджзйклмнңпрстфхцчшщ", no_break_before="ьъ"),
    "az": Rules("aeəıioöuü", "bcçdfgğhxjkqlmnprsştvyz"),
    "uz": Rules("aeiou", "bdfghjklmnpqrstvxyz",
                digraphs=("sh", "ch", "ng") + tuple("g" + t for t in _UZ_TURNED)),
    "hy": Rules("աեէըիոօ", "բգդզթժլխծկհձղճմյնշչպջռսվտրցփքֆ",
                onset_glides=("յու",)),
    "ka": Rules("აეიოუ", "ბგდვზთკლმნპჟრსტფქღყშჩცძწჭხჯჰ", cluster="first"),
}


def _merge(raw: set[str]) -> list[str]:
    """Merge patterns over the same letters (pyphen keeps only one pattern per letter string)."""
    merged: dict[str, list[int]] = {}
    for pattern in raw:
        letters, values = "", [0]
        for char in pattern:
            if char.isdigit():
                values[-1] = int(char)
            else:
                letters += char
                values.append(0)
        known = merged.setdefault(letters, [0] * len(values))
        merged[letters] = [max(a, b) for a, b in zip(known, values, strict=False)]
    out = []
    for letters, values in merged.items():
        text = "".join((str(v) if v else "") + c for v, c in zip(values, letters, strict=False))
        out.append(text + (str(values[-1]) if values[-1] else ""))
    return sorted(out)


def patterns(rules: Rules) -> list[str]:
    """Liang patterns (odd digit: a break, even digit: no break) for one language."""
    out: set[str] = set()
    units = list(rules.consonants) + list(rules.digraphs)
    if rules.cluster == "last":
        for unit, vowel in itertools.product(units, rules.vowels):
            out.add(f"1{unit}{vowel}")
        for digraph in rules.digraphs:
            out.add(f"{digraph[0]}2{digraph[1:]}")  # sh, ch, ng stay whole
        for first, second in itertools.product(rules.consonants, repeat=2):
            out.add(f".{first}{second}2")  # no break after a word-initial cluster
        for glide in rules.onset_glides:
            for consonant in rules.consonants:
                out.add(f"1{consonant}{glide}")
                out.add(f"{consonant}2{glide}")
    else:
        for vowel, consonant, after in itertools.product(
                rules.vowels, rules.consonants, rules.vowels):
            out.add(f"{vowel}1{consonant}{after}")
        for vowel, first, second in itertools.product(
                rules.vowels, rules.consonants, rules.consonants):
            out.add(f"{vowel}{first}1{second}")
    for sign in rules.no_break_before:
        out.add(f"2{sign}")
        for vowel in rules.vowels:
            out.add(f"{sign}1{vowel}")  # объ-ект: after the sign, before a vowel
    return _merge(out)


def dictionary_text(lang: str) -> str:
    header = [
        "UTF-8",
        f"% Hyphenation patterns for `{lang}`, generated by publisher.i18n.hyphenation from the",
        "% language's syllable rules. Do not edit: run `python -m publisher.i18n.hyphenation`.",
        "LEFTHYPHENMIN 2",
        "RIGHTHYPHENMIN 2",
    ]
    return "\n".join(header + patterns(RULES[lang])) + "\n"


def dictionary_path(lang: str) -> Path:
    return DICTIONARIES / f"hyph_{lang}.dic"


def write_dictionaries() -> list[Path]:
    DICTIONARIES.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in RULES:
        path = dictionary_path(lang)
        path.write_text(dictionary_text(lang), encoding="utf-8")
        written.append(path)
    return written


@functools.cache
def register() -> tuple[str, ...]:
    """Make our dictionaries known to pyphen; returns their languages."""
    import pyphen

    class Dictionary(pyphen.HyphDict):
        # pyphen lower-cases words before matching; "İ".lower() is two characters, which
        # would shift every break after it by one: fold it to "i" first
        def positions(self, word):
            return super().positions(word.replace("\u0130", "i"))

    added = []
    for lang in RULES:
        path = dictionary_path(lang)
        if lang in pyphen.LANGUAGES or not path.is_file():
            continue
        pyphen.LANGUAGES[lang] = path
        pyphen.LANGUAGES_LOWERCASE[lang.lower()] = lang
        pyphen.hdcache[path] = Dictionary(path)
        added.append(lang)
    return tuple(added)


def hyphenate(word: str, lang: str, hyphen: str = "-") -> str:
    """The word with `hyphen` at every break our patterns allow (for tests and proofs)."""
    import pyphen

    register()
    found = pyphen.language_fallback(lang)
    if found is None:
        return word
    return pyphen.Pyphen(lang=found, left=2, right=2).inserted(word, hyphen)


#: the languages of the project that Typst hyphenates with patterns of its own
TYPST_PATTERNS = frozenset({"en", "ru", "et", "ka"})

_WORD = re.compile(r"\w{5,}")


def needs_soft_hyphens(lang: str) -> bool:
    """True for a language Typst has no patterns for, and ours do."""
    base = lang.split("-")[0].lower()
    return base not in TYPST_PATTERNS and base in RULES


@functools.lru_cache(maxsize=65536)
def _soft_word(word: str, lang: str) -> str:
    return hyphenate(word, lang, "\u00ad")


def soft_hyphens(text: str, lang: str) -> str:
    """`text` with a soft hyphen (U+00AD) at every break of its words in `lang`."""
    base = lang.split("-")[0].lower()
    return _WORD.sub(lambda m: _soft_word(m.group(0), base), text)


def supported() -> list[str]:
    import pyphen

    register()
    return sorted(lang for lang in ("en", "ru", "az", "hy", "ka", "kk", "ky", "uz", "et")
                  if pyphen.language_fallback(lang))


if __name__ == "__main__":
    for written in write_dictionaries():
        print(written)
