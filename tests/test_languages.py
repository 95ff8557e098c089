"""Languages: UI string catalogs, Babel data, quotation marks, hyphenation, font preflight."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, make_project, pdf_text, run, write
from publisher.i18n import fonts, hyphenation
from publisher.core import pandoc
from publisher.load.brand import load_brand
from publisher.i18n.strings import LOCALES_DIR, available_languages, strings
from publisher.i18n.typography import localize_quotes

LANGUAGES = ("en", "ru", "az", "hy", "ka", "kk", "ky", "uz", "et")


def _catalog(lang: str) -> dict:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load((LOCALES_DIR / f"{lang}.yaml").read_text("utf-8"))


# --- UI strings and CLDR data ------------------------------------------------------

def test_there_is_a_catalog_for_every_language():
    assert set(available_languages()) >= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalog_has_every_key_of_english(lang):
    english = _catalog("en")
    mine = _catalog(lang)
    assert set(english) - set(mine) == set(), f"{lang}.yaml lacks keys"
    assert set(mine) - set(english) == set(), f"{lang}.yaml has keys English lacks"
    for key, value in mine.items():
        assert isinstance(value, str) and value.strip(), f"{lang}.yaml: empty `{key}`"
        placeholders = {p for p in ("{page}", "{pages}", "{language}") if p in english[key]}
        for p in placeholders:
            assert p in value, f"{lang}.yaml: `{key}` lacks {p}"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_catalogs_are_translated(lang):
    english, mine = _catalog("en"), _catalog(lang)
    same = [k for k in english if english[k] == mine[k] and k not in ("download_pdf",)]
    assert len(same) <= 1, f"{lang}: untranslated {same}"


def test_uzbek_dates_and_names_use_the_modifier_letter():
    uz = strings("uz")
    text = uz.date(dt.date(2024, 11, 5)) + uz.language("uz") + uz.country("UZ")
    assert "\u2018" not in text
    assert "\u02bb" in uz.language("uz") + uz.date(dt.date(2024, 11, 5))


@pytest.mark.parametrize("lang,month", [("ru", "марта"), ("kk", "наурыз"), ("hy", "մարտի"),
                                        ("ka", "მარტი"), ("et", "märts"), ("az", "mart")])
def test_dates_come_from_cldr(lang, month):
    assert month in strings(lang).date(dt.date(2024, 3, 15)).lower()


# --- quotation marks -----------------------------------------------------------------

def _quoted(lang: str, text: str) -> str:
    from publisher.transform.passes import stringify

    ast = pandoc.parse_markdown(text)
    localize_quotes(ast, lang)
    return stringify(ast["blocks"])


@pytest.mark.parametrize("lang,source,expected", [
    ("en", "\"one 'x' two\"", "\u201cone \u2018x\u2019 two\u201d"),
    ("ru", "\"один 'x' два\"", "\u00abодин \u201ex\u201c два\u00bb"),
    ("kk", "\"бір 'x' екі\"", "\u00abбір \u201ex\u201c екі\u00bb"),
    ("ky", "\"бир 'x' эки\"", "\u00abбир \u201ex\u201c эки\u00bb"),
    ("et", "\"üks 'x' kaks\"", "\u201eüks \u201ax\u2018 kaks\u201c"),
    ("ka", "\"ერთი 'x' ორი\"", "\u201eერთი \u00abx\u00bb ორი\u201c"),
    ("hy", "\"մեկ 'x' երկու\"", "\u00abմեկ \u201cx\u201d երկու\u00bb"),
    ("az", "\"bir 'x' iki\"", "\u00abbir \u201cx\u201d iki\u00bb"),
    ("uz", "\"bir 'x' ikki\"", "\u00abbir \u201ex\u201c ikki\u00bb"),
    ("ru", "'один \"x\" два'", "\u00abодин \u201ex\u201c два\u00bb"),  # depth decides
])
def test_quotes_follow_the_language_and_nesting(lang, source, expected):
    assert _quoted(lang, source) == expected


def test_a_span_in_another_language_uses_its_own_quotes():
    assert _quoted("en", 'See [«x» "окно"]{lang=ru}.') == "See «x» «окно»."


# --- hyphenation ------------------------------------------------------------------------

#: words and their correct breaks, per language (a hyphen at every allowed break)
BREAKS = {
    "en": ["gov-ern-ment"],
    "ru": ["го-су-дар-ствен-ный"],
    "et": ["rii-gi-asu-tus"],
    "kk": ["мем-ле-кет-тік", "қыз-мет-ші-лер", "бағ-дар-ла-ма", "ақ-па-рат-тан-ды-ру",
           "тә-жі-ри-бе", "ын-ты-мақ-тас-тық", "ми-нистр-лік", "объ-ект"],
    "ky": ["мам-ле-кет-тик", "кыз-мат-кер-лер", "са-на-рип-тик", "өк-мөт", "таж-рый-ба"],
    "az": ["hö-ku-mət", "və-tən-daş", "xid-mət", "təc-rü-bə", "is-la-hat", "öl-kə-lər",
           "İs-la-hat", "VƏ-TƏN-DAŞ"],
    "uz": ["dav-lat", "xiz-mat-lar", "koʻ-ngil", "ki-shi-lar", "maʼ-lu-mot", "bogʻ-cha",
           "oʻz-be-kis-ton", "de-ngiz", "taj-ri-ba", "chi-qa-rish"],
    "hy": ["կա-ռա-վա-րու-թյուն", "պե-տա-կան", "ծա-ռա-յու-թյուն", "հա-մա-կարգ",
           "թվա-յին", "զար-գա-ցում", "ընտ-րու-թյուն"],
    "ka": ["მთავ-რო-ბა", "სა-ხელ-მწი-ფო", "გან-ვი-თა-რე-ბა", "ინ-ფორ-მა-ცია",
           "ელექ-ტრო-ნუ-ლი", "მომ-სა-ხუ-რე-ბა", "სა-ქარ-თვე-ლო", "მო-ნა-ცემ-თა"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hyphenation_breaks_words_where_the_language_allows(lang):
    for expected in BREAKS[lang]:
        word = expected.replace("-", "")
        assert hyphenation.hyphenate(word, lang) == expected


def test_every_language_has_a_dictionary():
    assert hyphenation.supported() == sorted(LANGUAGES)


def test_shipped_dictionaries_match_the_rules():
    for lang in hyphenation.RULES:
        shipped = hyphenation.dictionary_path(lang).read_text("utf-8")
        assert shipped == hyphenation.dictionary_text(lang), (
            f"run `python -m publisher.i18n.hyphenation` to regenerate hyph_{lang}.dic")


def _breaks(hyphenated: str) -> set[int]:
    """Positions (in the plain word) of the hyphens of `hyphenated`."""
    found, letters = set(), 0
    for char in hyphenated:
        if char == "-":
            found.add(letters)
        else:
            letters += 1
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_engine_hyphenates_every_language(tmp_path, lang):
    """A narrow column forces a break; Typst breaks each language where it may: with its own
    patterns (en, ru, et, ka), or at the soft hyphens the renderer puts in (the others)."""
    import typst

    from publisher.render.typst_fonts import font_files

    brand = load_brand(REPO / "styles" / "brand.yaml")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for path in font_files(brand):
        (fonts / path.name).symlink_to(path)
    word = max((w.replace("-", "") for w in BREAKS[lang]), key=len)
    assert hyphenation.needs_soft_hyphens(lang) == (lang not in hyphenation.TYPST_PATTERNS)
    text = hyphenation.soft_hyphens(word, lang) if hyphenation.needs_soft_hyphens(lang) else word
    source = ('#set page(width: 12mm, height: auto, margin: 1mm)\n'
              f'#set text(lang: "{lang}", size: 8pt, hyphenate: true, '
              'font: ("Noto Serif", "Noto Serif Armenian", "Noto Serif Georgian"))\n'
              f'#set par(justify: true)\n{text}\n')
    target = tmp_path / "h.pdf"
    typst.compile(source.encode(), output=str(target), font_paths=[str(fonts)],
                  ignore_system_fonts=True)
    lines = [line.strip() for line in pdf_text(target).splitlines() if line.strip()]
    assert len(lines) >= 2, f"{lang}: {word} was not broken: {lines}"
    first = lines[0]
    assert first.endswith(("\u00ad", "\u2010", "-")), f"{lang}: no hyphen in {lines}"
    piece = first.rstrip("\u00ad\u2010-").replace("\u00ad", "")
    assert word.startswith(piece)
    allowed = next(w for w in BREAKS[lang] if w.replace("-", "") == word)
    assert len(piece) in _breaks(allowed), f"{lang}: broke {word} as {piece}-, not {allowed}"


def test_the_renderer_puts_soft_hyphens_only_where_typst_has_no_patterns():
    assert sorted(hyphenation.TYPST_PATTERNS) == ["en", "et", "ka", "ru"]
    assert hyphenation.soft_hyphens("мемлекеттік қызмет", "kk") == (
        "мем\u00adле\u00adкет\u00adтік қыз\u00adмет")
    assert not hyphenation.needs_soft_hyphens("ru") and hyphenation.needs_soft_hyphens("hy")


# --- font preflight ------------------------------------------------------------------------

def test_the_brand_covers_every_catalog_string():
    brand = load_brand(REPO / "styles" / "brand.yaml")
    cover = fonts.coverage(brand)
    for lang in LANGUAGES:
        text = "\n".join(_catalog(lang).values())
        s = strings(lang)
        text += s.date(dt.date(2024, 3, 15)) + s.autonym() + s.country("AZ")
        assert fonts.check_text(text, Path(f"{lang}.yaml"), cover) == []


def test_every_sample_edition_is_drawable():
    brand = load_brand(REPO / "styles" / "brand.yaml")
    for path in sorted((REPO / "cases").glob("*/*.md")):
        assert fonts.check_file(path, brand) == [], path


def test_a_character_no_font_has_is_an_error_with_its_position(tmp_path):
    root = make_project(tmp_path, {"en": (
        "---\ntitle: Demo \U0001F600\n---\n\n## Intro {#intro}\n\n"
        "Cherokee: \u13a0 and again \u13a0, Georgian: საქართველო.\n")})
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "PUB601" in line]
    assert len(lines) == 2, result.output
    assert any(line.startswith("cases/demo/en.md:2:13: error PUB601") and "U+1F600" in line
               for line in lines), lines
    cherokee = next(line for line in lines if "U+13A0" in line)
    assert cherokee.startswith("cases/demo/en.md:7:11: error PUB601")
    assert "CHEROKEE LETTER A" in cherokee and "(2 times)" in cherokee


def test_build_refuses_an_undrawable_edition_and_keeps_the_last_good_one(tmp_path):
    root = make_project(tmp_path)
    assert run("build", "--to", "html", cwd=root).exit_code == 0
    target = root / "build" / "demo" / "demo.en.html"
    good = target.read_bytes()
    write(root / "cases" / "demo" / "en.md", "---\ntitle: Demo\n---\n\nBad \u13a0.\n")
    result = run("build", "--to", "html", cwd=root)
    assert result.exit_code == 1
    assert "PUB601" in result.output
    assert target.read_bytes() == good


def test_a_stack_without_a_script_face_is_caught(tmp_path):
    root = make_project(tmp_path, {"en": "---\ntitle: Centre\n---\n\nText.\n",
                                   "ka": "---\ntitle: ცენტრი\n---\n\nტექსტი.\n"})
    brand = root / "styles" / "brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace(", Noto Serif Georgian", ""), "utf-8")
    result = run("validate", cwd=root)
    assert result.exit_code == 1
    assert "cases/demo/ka.md:2:8: error PUB601" in result.output
    assert "serif: Noto Serif, Noto Serif Armenian" in result.output


def test_a_font_family_that_is_not_installed_is_a_warning(tmp_path):
    root = make_project(tmp_path)
    brand = root / "styles" / "brand.yaml"
    brand.write_text(brand.read_text("utf-8").replace(
        "serif: [Noto Serif,", "serif: [Nonexistent Serif Face, Noto Serif,"), "utf-8")
    result = run("validate", cwd=root)
    assert result.exit_code == 0
    assert "warning PUB602: font family `Nonexistent Serif Face`" in result.output


def test_fontconfig_finds_the_brand_faces():
    for family in ("Noto Serif", "Noto Sans Armenian", "Noto Serif Georgian"):
        path = fonts.font_file(family)
        assert path is not None and path.is_file(), family
    assert fonts.font_file("Nonexistent Serif Face") is None
    assert subprocess.run(["fc-match", "--version"], capture_output=True).returncode == 0
