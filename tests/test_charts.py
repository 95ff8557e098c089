"""Charts: CLDR formatting, specs from aggregates, suppression, alt text, deterministic bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from publisher.core import cache
from publisher import charts
from publisher.charts import Aggregate, Series
from publisher.charts.describe import data_table
from publisher.charts.numbers import numbers
from publisher.charts.text import languages
from publisher.charts import DEFAULT_SANS

NINE = ("en", "ru", "kk", "az", "hy", "ka", "ky", "uz", "et")
NBSP = "\u00a0"

LIKERT_RU = Aggregate(
    "likert", "usefulness", "Семинар был полезен",
    ("Совершенно не согласен", "Не согласен", "Ни да, ни нет", "Согласен", "Полностью согласен"),
    (Series("az-asan", "Азербайджан", 20, (1, 1, 2, 10, 6)),
     Series("am-ekeng", "Армения", 3, (0, 0, 1, 1, 1), suppressed=True),
     Series("ge-dea", "Грузия", 12, (0, 0, 2, 5, 5))),
    minimum=5, by="member", by_label="Участник")


@pytest.mark.parametrize("lang, integer, decimal, percent", [
    ("en", "12,345", "3.5", "46%"),
    ("ru", f"12{NBSP}345", "3,5", f"46{NBSP}%"),
    ("az", "12.345", "3,5", "46%"),
    ("hy", f"12{NBSP}345", "3,5", "46%"),
    ("ka", f"12{NBSP}345", "3,5", "46%"),
    ("et", f"12{NBSP}345", "3,5", "46%"),
])
def test_cldr_separators_grouping_and_percent_sign(lang, integer, decimal, percent):
    n = numbers(lang)
    assert n.integer(12345) == integer
    assert n.decimal(3.5) == decimal
    assert n.percent(0.456) == percent


def test_cldr_percent_with_decimals_minus_sign_and_dates():
    assert numbers("ru").percent(0.4567, 1) == f"45,7{NBSP}%"
    assert numbers("en").percent(0.4567, 1) == "45.7%"
    # Estonian's CLDR minus is U+2212, which the brand's Noto faces lack: a hyphen-minus
    assert numbers("et").signed_points(-3.5, 1) == "-3,5"
    assert numbers("en").signed_points(12) == "+12"
    assert numbers("ru").date(dt.date(2019, 5, 30), "long") == "30 мая 2019\u202fг."
    assert "ʻ" not in numbers("uz").month(dt.date(2019, 5, 1)).replace("\u02bb", "")


def test_every_language_has_every_string():
    from publisher.charts.text import _catalog

    english = set(_catalog("en"))
    assert set(languages()) >= set(NINE)
    for lang in NINE:
        assert set(_catalog(lang)) == english, lang


def test_likert_spec_is_diverging_with_babel_labels():
    chart = charts.draw(LIKERT_RU, "ru")
    spec = chart.spec
    bars = spec["layer"][0]["data"]["values"]
    az = [s for s in bars if s["row"].startswith("Азербайджан")]
    # the two negative points and half of the neutral lie left of zero: 5 % + 5 % + 5 %
    assert az[0]["x0"] == pytest.approx(-15.0)
    assert az[-1]["x1"] == pytest.approx(85.0)
    labels = [s["label"] for s in bars]
    assert f"50{NBSP}%" in labels  # 10 of 20, formatted by CLDR (ru: no-break space)
    axis = spec["layer"][0]["encoding"]["x"]["axis"]["labelExpr"]
    assert f"100{NBSP}%" in axis
    # the suppressed member has no bars, a note, and no exact count in its label
    assert not [s for s in bars if s["row"].startswith("Армения")]
    note = spec["layer"][-1]["data"]["values"][0]
    assert note == {"row": "Армения", "note": "менее 5 респондентов"}


def test_suppressed_cells_become_dashes_and_a_note():
    agg = Aggregate("multiple", "formats", "Formats", ("Seminars", "Study visits", "Online"),
                    (Series("", "", 30, (20, None, 7)),), minimum=5)
    chart = charts.draw(agg, "en")
    table = data_table(agg, "en")
    assert table.rows[1] == ("Study visits", "—", "—")
    assert table.rows[0] == ("Seminars", "20", "67%")
    assert "Numbers counting fewer than 5 respondents are not shown" in chart.alt
    labels = [r["label"] for r in chart.spec["data"]["values"]]
    assert labels == ["67% (20)", "—", "23% (7)"]


def test_alt_text_is_written_from_the_data():
    chart = charts.draw(LIKERT_RU, "ru")
    assert chart.alt.startswith("Расходящаяся столбчатая диаграмма «Семинар был полезен»")
    assert f"Азербайджан (n = 20): положительных 80{NBSP}%, отрицательных 10{NBSP}%" in chart.alt
    assert "Армения: менее 5 респондентов" in chart.alt
    assert "(n = 3)" not in chart.alt


def _texts(svg: bytes) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode("utf-8"))


def test_svg_has_real_text_in_the_brand_faces(tmp_path):
    with cache.using(tmp_path / "objects"):
        chart = charts.draw(LIKERT_RU, "ru")
        svg = chart.svg()
    texts = _texts(svg)
    assert "Совершенно не согласен" in texts and "Грузия (n = 12)" in texts
    families = set(re.findall(rb'font-family="([^"]*)"', svg))
    assert families == {b"Noto Sans, Noto Sans Armenian, Noto Sans Georgian, sans-serif"}


def test_armenian_and_georgian_labels_are_drawn_in_the_png():
    from PIL import Image

    agg = Aggregate("single", "q", "Հարց", ("Այո", "Ոչ", "დიახ"),
                    (Series("", "", 40, (20, 12, 8)),))
    chart = charts.draw(agg, "hy")
    png = chart.png()
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 2 * int(re.search(
        rb'width="(\d+)"', chart.svg()).group(1))
    # the label column left of the bars holds dark glyph pixels (the labels were drawn)
    left = image.convert("L").crop((0, 0, image.width // 5, image.height))
    assert left.getextrema()[0] < 80


def test_same_data_same_bytes_and_a_change_changes_them(tmp_path):
    with cache.using(tmp_path / "a"):
        first_svg, first_png = charts.draw(LIKERT_RU, "ru").svg(), charts.draw(LIKERT_RU,
                                                                               "ru").png()
    with cache.using(tmp_path / "b"):  # a fresh store: drawn again, not read back
        again = charts.draw(LIKERT_RU, "ru")
        assert again.svg() == first_svg and again.png() == first_png
        changed = Aggregate(**{**LIKERT_RU.__dict__, "series": (
            Series("az-asan", "Азербайджан", 21, (1, 1, 2, 11, 6)),) + LIKERT_RU.series[1:]})
        assert charts.draw(changed, "ru").svg() != first_svg
    assert any((tmp_path / "a").rglob("*")), "charts are kept in the build store"


def test_axis_labels_that_cannot_reach_the_limit_are_drawn_the_same_without_it():
    import copy

    import vl_convert

    from publisher.charts.font import register

    chart = charts.draw(LIKERT_RU, "ru")
    assert chart.spec["config"]["axis"]["labelLimit"] == 0  # every row label is short
    limited = copy.deepcopy(chart.spec)
    limited["config"]["axis"]["labelLimit"] = 180
    register(chart.font)
    assert vl_convert.vegalite_to_svg(limited, allowed_base_urls=[]) == \
        vl_convert.vegalite_to_svg(chart.spec, allowed_base_urls=[])
    # a label longer than the limit keeps it, and Vega shortens it with an ellipsis
    long = "Полностью и безоговорочно согласен со всеми положениями программы семинара"
    agg = Aggregate("single", "q", "Вопрос", (long, "Нет"), (Series("", "", 40, (30, 10)),))
    drawn = charts.draw(agg, "ru")
    assert drawn.spec["config"]["axis"]["labelLimit"] == 180
    texts = _texts(drawn.svg())
    assert long not in texts and any(t.startswith("Полностью") and t.endswith("…")
                                     for t in texts)


def test_chart_font_covers_the_scripts_and_needs_no_fallback():
    from fontTools.ttLib import TTFont

    font = charts.font_for(None)
    assert font.folder is not None
    cmap = TTFont(str(font.folder / "chart-regular.ttf")).getBestCmap()
    for char in "Aə ʻЖҚңԱՖაჰ%№–—":
        assert ord(char) in cmap, char
    from publisher.charts.text import _catalog

    for lang in NINE:  # every string a chart may write, and CLDR's digits and signs
        used = "".join(_catalog(lang).values()) + numbers(lang).percent(-0.5) + \
            numbers(lang).integer(1234567) + numbers(lang).signed_points(-1.5, 1)
        assert not {c for c in used if ord(c) not in cmap and c not in "\n"}, lang
    assert font.family.startswith("Publisher Chart H")


def test_number_distribution_and_means():
    hist = Aggregate("number", "years", "Years", ("0–4", "5–9", "10–14"),
                     (Series("", "", 30, (8, 12, 10), mean=7.25),))
    chart = charts.draw(hist, "ru")
    assert [r["label"] for r in chart.spec["data"]["values"]] == ["8", "12", "10"]
    assert "среднее 7,2" in chart.alt
    by = Aggregate("number", "years", "Years", (),
                   (Series("a", "A", 10, mean=3.25), Series("b", "B", 2, suppressed=True)),
                   by="member")
    spec = charts.draw(by, "en").spec
    assert spec["layer"][0]["data"]["values"][0]["label"] == "3.2"
    assert spec["layer"][-1]["data"]["values"] == [{"row": "B", "note": "fewer than 5 respondents"}]




def test_builds_that_make_the_chart_font_at_once_all_get_it(tmp_path, monkeypatch):
    """`make` validates with several processes, and each may be first to merge the chart's
    faces into the same folder. Here a second build merges the face completely while the first
    is between writing and renaming its file: both must end with the whole font in place."""
    from fontTools.ttLib import TTFont

    from publisher.charts import font

    files = font._sources(DEFAULT_SANS)["Regular"]
    target = tmp_path / "chart-regular.ttf"
    save = TTFont.save
    interrupted = []

    def save_then_let_another_build_in(self, path, *args, **kwargs):
        save(self, path, *args, **kwargs)
        if path != str(target) and not interrupted and Path(path).parent == tmp_path:
            interrupted.append(path)
            font._merge(files, "Publisher Chart Test", "Regular", target)

    monkeypatch.setattr(TTFont, "save", save_then_let_another_build_in)
    font._merge(files, "Publisher Chart Test", "Regular", target)
    assert interrupted
    assert [p.name for p in tmp_path.iterdir()] == ["chart-regular.ttf"]  # no part left
    assert 0x0531 in TTFont(str(target)).getBestCmap()  # Armenian Ա
