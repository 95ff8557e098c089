"""The assessment: data blocks in documents, the action plan's indicators, published results.

- `blocks`: the transform pass for `::: {.chart}`, `::: {.table}` and `::: {.indicators}`;
- `aggregate`: survey responses counted into chart aggregates, small cells suppressed;
- `indicators`: each indicator's level, stage, actual value and status;
- `publish`: the aggregates behind a report as CSV with a table schema, and the results page.

A pure core: it imports neither click, Jinja2 nor a PDF engine (vl-convert draws charts).
"""
