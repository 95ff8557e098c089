"""How long the charts of a survey report take, in all nine languages (goal: < 5 s on 2 cores,
< 0.5 s when nothing changed).

Usage: .venv/bin/python bench/charts_bench.py [--repeat 3] [--responses 10000] [--jobs 2]

A synthetic project is generated in a temporary folder: a survey of 40 questions (20 on
an agreement scale, 10 single choice, 5 multiple choice, 5 numbers) with labels in the
nine languages, 10,000 responses from 8 members, and a report of 12 charts (every kind,
4 split by member) in each of the nine languages: 108 charts. Measured in one run:

- cold: the nine editions prepared in a pool of `--jobs` processes as the build does
  (parse, count 10,000 responses, draw each SVG) and the PNG copy each chart gets in
  DOCX, with an empty build store (the chart font is made once, before the runs);
- one response changed: the same, with the store of the run before: every chart is
  counted again, only those whose numbers changed are drawn again;
- nothing changed: `publisher build --to html` of the project a second time (a new
  process: fingerprints say every output is fresh, nothing is counted or drawn);
- the same preparation with every aggregate and chart read back from the store.

Medians of `--repeat` runs; ratios to the goals are printed.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LANGS = ("en", "ru", "kk", "az", "hy", "ka", "ky", "uz", "et")
NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "az": "Azərbaycanca",
         "hy": "Հայերեն", "ka": "ქართული", "ky": "Кыргызча", "uz": "Oʻzbekcha", "et": "Eesti"}
QUESTION = {"en": "Question {i}: how useful was topic {i}", "ru": "Вопрос {i}: насколько "
            "полезна тема {i}", "kk": "Сұрақ {i}: {i}-тақырып қаншалықты пайдалы болды",
            "az": "Sual {i}: {i} mövzusu nə dərəcədə faydalı idi", "hy": "Հարց {i}. որքանո՞վ "
            "էր օգտակար {i} թեման", "ka": "კითხვა {i}: რამდენად სასარგებლო იყო თემა {i}",
            "ky": "Суроо {i}: {i}-тема канчалык пайдалуу болду", "uz": "Savol {i}: {i}-mavzu "
            "qanchalik foydali boʻldi", "et": "Küsimus {i}: kui kasulik oli teema {i}"}
SCALE = {"en": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
         "ru": ["Совершенно не согласен", "Не согласен", "Нейтрально", "Согласен",
                "Полностью согласен"],
         "kk": ["Мүлдем келіспеймін", "Келіспеймін", "Бейтарап", "Келісемін",
                "Толық келісемін"],
         "az": ["Qətiyyən razı deyiləm", "Razı deyiləm", "Neytral", "Razıyam",
                "Tamamilə razıyam"],
         "hy": ["Բոլորովին համաձայն չեմ", "Համաձայն չեմ", "Չեզոք", "Համաձայն եմ",
                "Լիովին համաձայն եմ"],
         "ka": ["სრულიად არ ვეთანხმები", "არ ვეთანხმები", "ნეიტრალური", "ვეთანხმები",
                "სრულიად ვეთანხმები"],
         "ky": ["Такыр макул эмесмин", "Макул эмесмин", "Бейтарап", "Макулмун",
                "Толук макулмун"],
         "uz": ["Mutlaqo qoʻshilmayman", "Qoʻshilmayman", "Betaraf", "Qoʻshilaman",
                "Toʻliq qoʻshilaman"],
         "et": ["Ei nõustu üldse", "Ei nõustu", "Neutraalne", "Nõustun", "Nõustun täiesti"]}
OPTION = {"en": "Option", "ru": "Вариант", "kk": "Нұсқа", "az": "Variant", "hy": "Տարբերակ",
          "ka": "ვარიანტი", "ky": "Вариант", "uz": "Variant", "et": "Valik"}
MEMBERS = ["az-asan", "am-ekeng", "ge-dea", "kz-zerde", "kg-sps", "uz-apa", "ee-ega",
           "oecd-gov"]


def kinds() -> list[tuple[str, str]]:
    out = []
    for i in range(1, 41):
        kind = ("likert" if i <= 20 else "single" if i <= 30 else "multiple" if i <= 35
                else "number")
        out.append((f"q{i:02d}", kind))
    return out


#: the report charts 12 of the 40 questions, every kind, a third of them split by member
REPORT = ("q01", "q02", "q03", "q04", "q05", "q06", "q21", "q22", "q23", "q31", "q32", "q36")
BY_MEMBER = ("q02", "q05", "q22", "q32")


def report_questions() -> list[tuple[str, str]]:
    return [(name, kind) for name, kind in kinds() if name in REPORT]


def write_project(root: Path, responses: int) -> None:
    root.mkdir(parents=True)
    (root / "publisher.yaml").write_text(
        "name: Charts benchmark\nlanguages: [" + ", ".join(LANGS) + "]\n"
        "formats: [html]\ntypes:\n  report: {}\n", "utf-8")
    shutil.copytree(REPO / "styles", root / "styles")
    cols = " | ".join(f"label::{NAMES[lang]} ({lang})" for lang in LANGS)
    rows = [f"| type | name | {cols} | scale |", "|" + "---|" * (len(LANGS) + 3)]
    rows.append("| select_one members | member | " + " | ".join(["Member"] * 9) + " | |")
    for name, kind in kinds():
        i = int(name[1:])
        qtype = {"likert": "select_one agree5", "single": "select_one options",
                 "multiple": "select_multiple options", "number": "integer"}[kind]
        labels = " | ".join(QUESTION[lang].format(i=i) for lang in LANGS)
        rows.append(f"| {qtype} | {name} | {labels} | {'agreement' if kind == 'likert' else ''} |")
    choices = [f"| list_name | name | {cols} |", "|" + "---|" * (len(LANGS) + 2)]
    for m in MEMBERS:
        choices.append(f"| members | {m} | " + " | ".join([m.split('-')[0].upper()] * 9) + " |")
    for k in range(5):
        choices.append(f"| agree5 | {k + 1} | " + " | ".join(SCALE[lang][k] for lang in LANGS)
                       + " |")
    for k in range(6):
        choices.append(f"| options | o{k + 1} | " + " | ".join(f"{OPTION[lang]} {k + 1}"
                                                              for lang in LANGS) + " |")
    settings = ["| form_id | version | default_language |", "|---|---|---|",
                "| bench | 1 | English (en) |"]
    survey = root / "surveys" / "bench"
    (survey / "responses").mkdir(parents=True)
    (survey / "form.md").write_text("# Benchmark survey\n\n## survey\n\n" + "\n".join(rows)
                                    + "\n\n## choices\n\n" + "\n".join(choices)
                                    + "\n\n## settings\n\n" + "\n".join(settings) + "\n",
                                    "utf-8")
    rng = random.Random(2019)
    header = ["_id", "_submitted", "_language", "_source", "_form_version", "_status",
              "member"] + [name for name, _ in kinds()]
    lines = [",".join(header)]
    for n in range(responses):
        values = [str(n), "2019-05-31T10:00:00", "", "kobo", "1", "", rng.choice(MEMBERS)]
        for _, kind in kinds():
            if kind == "likert":
                values.append(str(min(5, max(1, round(rng.gauss(3.8, 1))))))
            elif kind == "single":
                values.append(f"o{rng.randint(1, 6)}")
            elif kind == "multiple":
                values.append(" ".join(f"o{k}" for k in range(1, 7) if rng.random() < 0.35))
            else:
                values.append(str(rng.randint(0, 35)))
        lines.append(",".join(values))
    (survey / "responses" / "bench.csv").write_text("\n".join(lines) + "\n", "utf-8")
    case = root / "cases" / "survey-report"
    case.mkdir(parents=True)
    (case / "case.yaml").write_text(
        "type: report\ncountry: KZ\nagency: Bench\nauthors:\n  - name: Bench\n"
        "date: 2021-12-01\nlicense: CC-BY-4.0\nsource_language: en\n", "utf-8")
    for lang in LANGS:
        blocks = []
        for name, _ in report_questions():
            by = " by=member" if name in BY_MEMBER else ""
            blocks.append(f"::: {{.chart survey=bench question={name}{by}}}\n:::\n")
        front = f"---\ntitle: Report {lang}\nsummary: Charts.\n"
        if lang != "en":
            front += "translated_from: en\n"
        (case / f"{lang}.md").write_text(front + "---\n\n## Results {#results}\n\n"
                                         + "\n".join(blocks), "utf-8")


def prepare_one(args) -> int:
    """One edition: transform (aggregate, draw every SVG), then the PNG copies for DOCX."""
    root, lang, store = args
    from publisher.core import cache
    from publisher.assess import blocks
    from publisher.i18n.strings import strings
    from publisher.load.project import load_case, load_edition, load_project
    from publisher.transform.passes import prepare

    cache.use(Path(store))
    project = load_project(Path(root))
    case, _ = load_case(project, project.cases_dir / "survey-report")
    edition, _ = load_edition(project, case, case.path / f"{lang}.md")
    prepared, found = prepare(edition, strings(lang))
    assert not [d for d in found if d.is_error], found
    ast = prepared.ast_copy()
    blocks.for_format(ast, "docx")
    return sum(1 for b in ast["blocks"] if b["t"] == "Figure")


def warm(args) -> None:
    """Start a worker: vl-convert's engine and the chart font, as a build's workers do."""
    from publisher import charts

    charts.draw(charts.Aggregate("single", "q", "t", ("a",), (charts.Series("", "", 9, (9,)),)),
                "en").svg()


def run(pool, root: Path, store: Path) -> tuple[float, int]:
    started = time.perf_counter()
    drawn = sum(pool.map(prepare_one, [(str(root), lang, str(store)) for lang in LANGS]))
    return time.perf_counter() - started, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--responses", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "project"
        write_project(root, args.responses)
        table = root / "surveys" / "bench" / "responses" / "bench.csv"
        cold, changed, stored = [], [], []
        with ProcessPoolExecutor(args.jobs) as pool:
            list(pool.map(warm, range(args.jobs)))
            for r in range(args.repeat):
                store = Path(scratch) / f"store-{r}"
                seconds, drawn = run(pool, root, store)
                cold.append(seconds)
                stored.append(run(pool, root, store)[0])
                change_one_answer(table)
                changed.append(run(pool, root, store)[0])
        publisher = [str(Path(sys.executable).parent / "publisher"), "build", "--project",
                     str(root), "--to", "html"]
        for _ in range(2):  # builds everything (the second run records what is fresh)
            subprocess.run(publisher, check=True, capture_output=True)
        noop = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            done = subprocess.run(publisher, check=True, capture_output=True, text=True)
            noop.append(time.perf_counter() - started)
            assert re.search(r"^0 built,", done.stdout + done.stderr, re.M), done.stderr
    print(f"{args.responses} responses x 40 questions; a report of {drawn // len(LANGS)} charts "
          f"in {len(LANGS)} languages: {drawn} charts (SVG + PNG); {args.jobs} processes; "
          f"{args.repeat} runs each")
    print(f"{'measurement':<46} {'median s':>9} {'min s':>7} {'goal s':>7} {'ratio':>6}")
    for label, values, goal in (("cold: empty store", cold, 5.0),
                                ("one response changed", changed, 5.0),
                                ("nothing changed: publisher build (no-op)", noop, 0.5),
                                ("prepared again, all from the store", stored, None)):
        median = statistics.median(values)
        ratio = f"{median / goal:>6.2f}" if goal else f"{'':>6}"
        goal_text = f"{goal:>7.1f}" if goal else f"{'-':>7}"
        print(f"{label:<46} {median:>9.2f} {min(values):>7.2f} {goal_text} {ratio}")
    print(f"cold / no-op: {statistics.median(cold) / statistics.median(noop):.1f}x; "
          f"cold / one response changed: "
          f"{statistics.median(cold) / statistics.median(changed):.1f}x")


def change_one_answer(table: Path) -> None:
    """The first response's answer to q01 changes (1 <-> 5)."""
    header, first, rest = table.read_text("utf-8").split("\n", 2)
    fields = first.split(",")
    fields[7] = "1" if fields[7] != "1" else "5"
    table.write_text(header + "\n" + ",".join(fields) + "\n" + rest, "utf-8")


if __name__ == "__main__":
    main()
