"""Importing a KoboToolbox CSV of 10,000 responses x 40 questions (goal: < 2 s).

Usage: .venv/bin/python bench/survey_import_bench.py [--rows 10000] [--repeat 5]

Generates, in a temporary folder, a form of 40 questions in English and Russian (20 on an
agreement scale, 8 select_multiple of 6 choices, 6 integers, 6 texts) and an export of it
shaped as KoboToolbox writes one with the labels of the second language: `;` between quoted
fields, group paths joined with `/`, every select_multiple both as one column of labels and as a
0/1 column per choice, then `_id`, `_uuid`, `_submission_time`, ... (88 answer columns).

Then, in one run, medians of --repeat runs:

1. `publisher.surveys.responses.import_export`, the whole import (the number the goal is about);
2. the table step alone (read the CSV, map labels to choice names, join the 0/1 columns,
   write the normalized CSV) done three ways: with the standard library's csv module, with
   polars and with pandas, to choose the table library by measurement. Ratios are to the
   standard library.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AGREE = [("1", "Strongly disagree", "Совершенно не согласен"), ("2", "Disagree", "Не согласен"),
         ("3", "Neither agree nor disagree", "Ни да, ни нет"), ("4", "Agree", "Согласен"),
         ("5", "Strongly agree", "Полностью согласен")]
TOPICS = [(f"t{i}", f"Topic {i}", f"Тема номер {i}") for i in range(1, 7)]


def questions():
    out = []
    for i in range(20):
        out.append(("select_one agree5", f"scale_{i:02}", f"Statement {i}", f"Утверждение {i}"))
    for i in range(8):
        out.append(("select_multiple topics", f"multi_{i}", f"Topics {i}", f"Темы {i}"))
    for i in range(6):
        out.append(("integer", f"number_{i}", f"Number {i}", f"Число {i}"))
    for i in range(6):
        out.append(("text", f"text_{i}", f"Comment {i}", f"Комментарий {i}"))
    return out


def write_form(folder: Path) -> None:
    lines = ["## survey", "", "| type | name | label::English (en) | label::Русский (ru) |",
             "|---|---|---|---|", "| begin_group | part | Part | Часть |"]
    lines += [f"| {t} | {n} | {en} | {ru} |" for t, n, en, ru in questions()]
    lines += ["| end_group | | | |", "", "## choices", "",
              "| list_name | name | label::English (en) | label::Русский (ru) |",
              "|---|---|---|---|"]
    lines += [f"| agree5 | {n} | {en} | {ru} |" for n, en, ru in AGREE]
    lines += [f"| topics | {n} | {en} | {ru} |" for n, en, ru in TOPICS]
    lines += ["", "## settings", "", "| form_id | version | default_language |", "|---|---|---|",
              "| bench | 1 | English (en) |", ""]
    (folder / "form.md").write_text("\n".join(lines), "utf-8")


def write_export(path: Path, rows: int, seed: int = 17) -> None:
    rng = random.Random(seed)
    header = []
    for t, _n, _en, ru in questions():
        header.append(f"Часть/{ru}")
        if t.startswith("select_multiple"):
            header += [f"Часть/{ru}/{c[2]}" for c in TOPICS]
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
               "_submitted_by", "__version__", "_tags", "_index"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for r in range(rows):
            record = []
            for t, *_ in questions():
                if t.startswith("select_one"):
                    record.append(rng.choice(AGREE)[2])
                elif t.startswith("select_multiple"):
                    chosen = [c for c in TOPICS if rng.random() < 0.4]
                    record.append(" ".join(c[2] for c in chosen))
                    record += ["1" if c in chosen else "0" for c in TOPICS]
                elif t == "integer":
                    record.append(str(rng.randint(0, 40)))
                else:
                    record.append(rng.choice(["", "Больше примеров", "Спасибо", "Перевод"]))
            record += [str(r + 1), str(uuid.UUID(int=rng.getrandbits(128))),
                       f"2019-05-31T11:{r % 60:02}:00", "", "", "submitted_via_web", "",
                       "vBench", "", str(r + 1)]
            writer.writerow(record)


def mappings():
    """(column -> question name), (column -> label map), (question -> [(column, choice)])."""
    single, multi_cols, names = {}, {}, {}
    for t, n, _en, ru in questions():
        column = f"Часть/{ru}"
        names[column] = n
        if t.startswith("select_one"):
            single[column] = {c[2]: c[0] for c in AGREE}
        elif t.startswith("select_multiple"):
            multi_cols[n] = [(f"Часть/{ru}/{c[2]}", c[0]) for c in TOPICS]
    return names, single, multi_cols


def with_stdlib(export: Path) -> str:
    names, single, multi = mappings()
    with export.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        index = {h: i for i, h in enumerate(header)}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        cols = [(index[c], n, single.get(c)) for c, n in names.items()]
        multi_idx = {n: [(index[c], choice) for c, choice in pairs] for n, pairs in multi.items()}
        writer.writerow(["_id"] + [n for _, n, _ in cols])
        uid = index["_uuid"]
        for record in reader:
            row = [record[uid]]
            for i, n, mapping in cols:
                if n in multi_idx:
                    row.append(" ".join(c for j, c in multi_idx[n] if record[j] == "1"))
                elif mapping is not None:
                    row.append(mapping.get(record[i], ""))
                else:
                    row.append(record[i])
            writer.writerow(row)
    return out.getvalue()


def with_polars(export: Path) -> str:
    import polars as pl

    names, single, multi = mappings()
    frame = pl.read_csv(export, separator=";", infer_schema=False)
    exprs = [pl.col("_uuid").alias("_id")]
    for column, n in names.items():
        if n in multi:
            parts = [pl.when(pl.col(c) == "1").then(pl.lit(choice)).otherwise(None)
                     for c, choice in multi[n]]
            exprs.append(pl.concat_str(parts, separator=" ", ignore_nulls=True).alias(n))
        elif column in single:
            exprs.append(pl.col(column).replace_strict(single[column], default="").alias(n))
        else:
            exprs.append(pl.col(column).fill_null("").alias(n))
    return frame.select(exprs).write_csv()


def with_pandas(export: Path) -> str:
    import pandas as pd

    names, single, multi = mappings()
    frame = pd.read_csv(export, sep=";", dtype=str, keep_default_na=False)
    out = pd.DataFrame({"_id": frame["_uuid"]})
    for column, n in names.items():
        if n in multi:
            picked = [frame[c].eq("1").map({True: choice + " ", False: ""})
                      for c, choice in multi[n]]
            out[n] = pd.concat(picked, axis=1).sum(axis=1).str.rstrip()
        elif column in single:
            out[n] = frame[column].map(single[column]).fillna("")
        else:
            out[n] = frame[column]
    return out.to_csv(index=False, lineterminator="\n")


def timed(func, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from publisher.surveys import load_survey
    from publisher.surveys.responses import import_export

    with tempfile.TemporaryDirectory(prefix="survey-bench-") as tmp:
        root = Path(tmp)
        folder = root / "surveys" / "bench"
        folder.mkdir(parents=True)
        write_form(folder)
        export = root / "kobo-labels-ru.csv"
        write_export(export, args.rows)
        form = load_survey(folder)[0]

        def full():
            for table in (folder / "responses").glob("*"):
                table.unlink()
            result = import_export(form, export)
            assert result.added == args.rows and not result.diagnostics, result.diagnostics[:3]

        full()  # warm-up: imports pyxform-free modules, fills the OS cache
        whole = timed(full, args.repeat)
        expected = with_stdlib(export)
        results = {"csv (stdlib)": timed(lambda: with_stdlib(export), args.repeat)}
        for name, func in (("polars", with_polars), ("pandas", with_pandas)):
            try:
                func(export)
            except ImportError:
                results[name] = None
                continue
            got = list(csv.reader(io.StringIO(func(export))))
            assert got == list(csv.reader(io.StringIO(expected))), name  # like for like
            results[name] = timed(lambda f=func: f(export), args.repeat)
    print(f"KoboToolbox CSV, labels in Russian: {args.rows} responses x 40 questions "
          f"(88 answer columns), median of {args.repeat}")
    print()
    print(f"{'step':<38} {'seconds':>8} {'ratio':>7}")
    print(f"{'import_export (whole import)':<38} {whole:>8.3f} {'':>7}   goal < 2 s: "
          f"{'met' if whole < 2 else 'NOT met'}")
    base = results["csv (stdlib)"]
    for name, seconds in results.items():
        label = f"table step with {name}"
        if seconds is None:
            print(f"{label:<38} {'n/a':>8} {'':>7}   (not installed)")
        else:
            print(f"{label:<38} {seconds:>8.3f} {seconds / base:>6.2f}x")


if __name__ == "__main__":
    main()
