"""What a resolved data block is shown as: a chart (figure, note, data table), a table, quotes."""

from __future__ import annotations

import base64
import json

from .elements import caption as _caption
from .elements import inlines as _inlines
from .elements import note as _note
from .elements import table_block


def _notes(agg, lang) -> list[str]:
    from ..charts.numbers import numbers
    from ..charts.text import text

    t, n = text(lang), numbers(lang)
    lines = [t.get("source", survey=agg.survey_title or agg.survey,
                   n=n.integer(agg.respondents))]
    lines += list(agg.notes)
    if agg.any_suppressed:
        lines.append(t.get("suppressed_note", minimum=n.integer(agg.minimum)))
    if agg.illustrative:
        lines.append(t["illustrative"])
    return lines


def shown_as(agg, kind, ident, block, data, lang, places, found) -> list:
    from .. import charts
    from ..charts.describe import data_table
    from ..charts.text import text

    caption = _caption(block["c"][1], agg.title)
    table = data_table(agg, lang)
    if agg.kind == "text" or (kind == "chart" and not any(s.n for s in agg.series)):
        quotes = [{"t": "BlockQuote", "c": [{"t": "Para", "c": _inlines(q)}]}
                  for q in agg.quotes]
        lines = _notes(agg, lang) + ([text(lang)["quotes_note"]] if agg.quotes else
                                     [text(lang)["no_answers"]])
        head = {"t": "Para", "c": [{"t": "Strong", "c": caption}]}
        return [{"t": "Div", "c": [[ident, ["data-block", "quotes"], []],
                                   [head, *quotes, _note(lines)]]}]
    if kind == "table":
        made = table_block(table.header, table.rows, table.numeric, caption)
        made["c"][0] = [ident, ["data-table"], []]
        return [made, _note(_notes(agg, lang))]
    brand = data.brand() if data is not None else None
    try:
        chart = charts.draw(agg, lang, brand)
        svg = chart.svg()
    except Exception as exc:  # vl-convert missing or failing: the block, not the build
        found.append(places.error("PUB988", f"the chart cannot be drawn: {exc}", None,
                                  "check that vl-convert-python is installed (`make setup`)"))
        return []
    url = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    spec = json.dumps(chart.spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    families = "|".join(brand.fonts.get("sans", ())) if brand is not None else ""
    image = {"t": "Image", "c": [["", ["chart"], [("chart-spec", spec),
                                                   ("chart-font", families)]],
                                 _inlines(chart.alt), [url, ""]]}
    figure = {"t": "Figure", "c": [[ident, ["chart"], []],
                                   [None, [{"t": "Plain", "c": caption}]],
                                   [{"t": "Plain", "c": [image]}]]}
    data_caption = _inlines(text(lang)["data_table"] + ": ") + list(caption)
    data_div = {"t": "Div", "c": [["", ["chart-data"], []], [
        table_block(table.header, table.rows, table.numeric, data_caption, ("chart-data",))]]}
    return [figure, _note(_notes(agg, lang)), data_div]

