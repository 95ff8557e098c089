"""How long the charts of a survey report take, in all nine languages (goal: < 5 s on 2 cores,
< 0.5 s when nothing changed).

Usage: .venv/bin/python bench/charts_bench.py [--repeat 3] [--responses 10000] [--jobs 2]

A synthetic project is generated in a temporary folder: a survey of 40 questions (20 on
an agreement scale, 10 single choice, 5 multiple choice, 5 numbers) with labels in the
nine languages, 10,000 responses from 8 members, and a report with one data block per
question (every tenth split by member) in each of the nine languages: 360 charts. Each
run prepares the nine editions in a pool of `--jobs` processes, as the build does (parse,
aggregate, draw the SVG), and makes the PNG copy the DOCX takes:

- cold: an empty build store (the chart font is made once, before the runs);
- unchanged: the same again, every aggregate and chart read back from the store;
- one response changed: the store keeps the charts of other surveys, not of this one.

Medians of `--repeat` runs; ratios to the goals are printed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
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
        for name, _ in kinds():
            by = " by=member" if int(name[1:]) % 10 == 0 else ""
            blocks.append(f"::: {{.chart survey=bench question={name}{by}}}\n:::\n")
        front = f"---\ntitle: Report {lang}\nsummary: Charts.\n"
        if lang != "en":
            front += "translated_from: en\n"
        (case / f"{lang}.md").write_text(front + "---\n\n## Results {#results}\n\n"
                                         + "\n".join(blocks), "utf-8")


def prepare_one(args) -> int:
    """One edition: transform (aggregate, draw every SVG), then the PNG copies for DOCX."""
    root, lang, store = args
    from publisher import cache
    from publisher.assess import blocks
    from publisher.i18n import strings
    from publisher.load import load_case, load_edition, load_project
    from publisher.transform import prepare

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
        cold, same, changed = [], [], []
        with ProcessPoolExecutor(args.jobs) as pool:
            list(pool.map(warm, range(args.jobs)))
            for r in range(args.repeat):
                store = Path(scratch) / f"store-{r}"
                seconds, drawn = run(pool, root, store)
                cold.append(seconds)
                same.append(run(pool, root, store)[0])
                text = table.read_text("utf-8")
                first, rest = text.split("\n", 2)[1], text.split("\n", 2)[2]
                fields = first.split(",")
                fields[7] = "1" if fields[7] != "1" else "5"  # one answer of q01 changes
                table.write_text(text.split("\n", 1)[0] + "\n" + ",".join(fields) + "\n" + rest,
                                 "utf-8")
                changed.append(run(pool, root, store)[0])
    print(f"{args.responses} responses x 40 questions, {drawn} charts (40 per edition x 9 "
          f"languages, SVG + PNG), {args.jobs} processes, {args.repeat} runs each")
    print(f"{'measurement':<44} {'median s':>9} {'min s':>7} {'goal s':>7} {'ratio':>6}")
    for label, values, goal in (("cold: empty store", cold, 5.0),
                                ("nothing changed: all from the store", same, 0.5),
                                ("one response changed", changed, 5.0)):
        median = statistics.median(values)
        print(f"{label:<44} {median:>9.2f} {min(values):>7.2f} {goal:>7.1f} "
              f"{median / goal:>6.2f}")
    print(f"cold / unchanged: {statistics.median(cold) / statistics.median(same):.1f}x")


if __name__ == "__main__":
    main()
