"""Build speed: our incremental parallel build against a naive and a peer baseline.

Generates a synthetic corpus (N cases x languages, realistic sizes) in a
temporary project that uses this repository's brand, then measures, side by
side in one run:

  full build        publisher build, every edition in PDF, DOCX and HTML
  no-op rebuild     the same command again, nothing changed
  one-edit rebuild  after editing one translation (its three outputs)
  site              the catalog site alone, rebuilt after that edit
  naive baseline    per edition, sequentially: pandoc CLI to HTML and DOCX,
                    weasyprint CLI to PDF (a fresh process each time)
  peer baseline     per edition, sequentially: pandoc to Typst, then the typst
                    compiler (PyPI `typst`), re-rendering every edition as a
                    full re-render would (PDF only)

Usage: .venv/bin/python bench/build_bench.py [--cases 25] [--langs en,ru,kk,hy]
       [--repeat 3] [--jobs N]
The typst baseline needs `pip install -e '.[bench]'`; it is skipped without it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

PARAGRAPHS = {
    "en": "Public service centres bring many agencies under one roof, so that a citizen "
          "meets the state once, with clear standards of time, courtesy and transparency. ",
    "ru": "Центры обслуживания объединяют под одной крышей многие ведомства, чтобы "
          "гражданин встречался с государством один раз, по понятным стандартам. ",
    "kk": "Қызмет көрсету орталықтары көптеген мекемелерді бір шаңырақ астына біріктіреді, "
          "азамат мемлекетпен бір рет, айқын стандарттар бойынша кездеседі. ",
    "hy": "Սպասարկման կենտրոնները մեկ հարկի տակ են միավորում բազմաթիվ գերատեսչություններ, "
          "որպեսզի քաղաքացին պետության հետ հանդիպի մեկ անգամ։ ",
    "ka": "მომსახურების ცენტრები ერთ ჭერქვეშ აერთიანებს ბევრ უწყებას, რათა მოქალაქე "
          "სახელმწიფოს ერთხელ შეხვდეს, გასაგები სტანდარტებით. ",
    "az": "Xidmət mərkəzləri bir çox qurumu bir dam altında birləşdirir ki, vətəndaş "
          "dövlətlə bir dəfə, aydın standartlarla görüşsün. ",
}

CASE_YAML = """type: case-study
country: AZ
agency: Synthetic agency {i}
authors:
  - name: Benchmark
date: 2024-03-15
topics: [benchmark]
license: CC-BY-4.0
source_language: {source}
"""


def edition_text(i: int, lang: str, source: str) -> str:
    para = PARAGRAPHS[lang] * 9
    sections = []
    for s in range(7):
        sections.append(f"## Section {s + 1} {{#s{s}}}\n\n{para}[^n{s}]\n\n{para}\n\n"
                        f"[^n{s}]: Note {s + 1} of case {i}.\n")
    table = "| Channel | Role |\n|---|---|\n" + "".join(
        f"| Channel {r} | {PARAGRAPHS[lang][:60]} |\n" for r in range(8)) + "\nTable: Channels\n"
    figure = "![Timeline of the reform](media/timeline.svg){#fig-timeline}\n"
    translated = f"translated_from: {source}\n" if lang != source else ""
    return (f"---\ntitle: \"Synthetic case {i} ({lang})\"\nsubtitle: A benchmark edition\n"
            f"summary: A synthetic edition for measuring builds.\nkeywords: [benchmark]\n"
            f"{translated}---\n\n" + sections[0] + "\n" + figure + "\n" + table + "\n"
            + "\n".join(sections[1:]))


def make_corpus(root: Path, cases: int, langs: list[str]) -> Path:
    root.mkdir(parents=True)
    (root / "publisher.yaml").write_text(
        "name: Benchmark\nlanguages: [" + ", ".join(langs) + "]\n", "utf-8")
    shutil.copytree(REPO / "styles", root / "styles")
    figure = next((REPO / "cases").glob("*/media/*.svg"))
    for i in range(cases):
        folder = root / "cases" / f"case-{i:03d}"
        (folder / "media").mkdir(parents=True)
        shutil.copy(figure, folder / "media" / "timeline.svg")
        (folder / "case.yaml").write_text(CASE_YAML.format(i=i, source=langs[0]), "utf-8")
        for lang in langs:
            (folder / f"{lang}.md").write_text(edition_text(i, lang, langs[0]), "utf-8")
    return root


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   **kwargs)
    return time.perf_counter() - started


def editions(root: Path) -> list[Path]:
    return sorted((root / "cases").glob("*/*.md"))


def naive(root: Path, out: Path) -> float:
    from publisher import pandoc

    exe = pandoc.executable()
    css = out / "style.css"
    css.write_text("body { font-family: 'Noto Serif'; } h2 { font-family: 'Noto Sans'; }")
    started = time.perf_counter()
    for md in editions(root):
        stem = out / f"{md.parent.name}.{md.stem}"
        cwd = md.parent
        subprocess.run([exe, str(md), "-s", "--css", str(css), "-o", f"{stem}.html"], cwd=cwd,
                       check=True, capture_output=True)
        subprocess.run([exe, str(md), "-o", f"{stem}.docx"], cwd=cwd, check=True,
                       capture_output=True)
        subprocess.run([str(BIN / "weasyprint"), "-u", cwd.as_uri() + "/", f"{stem}.html",
                        f"{stem}.pdf"], check=True, capture_output=True)
    return time.perf_counter() - started


def peer(root: Path, out: Path) -> float | None:
    try:
        import typst
    except ImportError:
        return None
    from publisher import pandoc

    exe = pandoc.executable()
    fonts = ["/usr/share/fonts/truetype/noto"]
    started = time.perf_counter()
    for md in editions(root):
        stem = out / f"{md.parent.name}.{md.stem}"
        body = md.read_text("utf-8").split("\n---\n", 1)[1]
        source = md.parent / f".{md.stem}.body.md"
        source.write_text(body, "utf-8")
        subprocess.run([exe, str(source), "-s", "-t", "typst", "-M", f"title={md.stem}",
                        "-o", f"{stem}.typ"], cwd=md.parent, check=True, capture_output=True)
        shutil.copytree(md.parent / "media", out / "media", dirs_exist_ok=True)
        typst.compile(f"{stem}.typ", output=f"{stem}.pdf", root=str(out), font_paths=fonts)
        source.unlink()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=25)
    parser.add_argument("--langs", default="en,ru,kk,hy")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the quick measurements and of the peer baseline")
    parser.add_argument("--full-repeat", type=int, default=1,
                        help="runs of the full build and of the naive baseline")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    langs = args.langs.split(",")
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    rows = []
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as tmp:
        root = make_corpus(Path(tmp) / "project", args.cases, langs)
        count = len(editions(root))
        # the editions only: the baselines make no catalog site (timed on its own below)
        build = [str(BIN / "publisher"), "build", "--project", str(root), "--to",
                 "pdf,docx,html", *jobs]
        site = [str(BIN / "publisher"), "site", "--project", str(root)]

        full = []
        for _ in range(args.full_repeat):
            shutil.rmtree(root / "build", ignore_errors=True)
            full.append(timed(build))
        rows.append(("full build (pdf+docx+html)", full))
        rows.append(("no-op rebuild", [timed(build) for _ in range(args.repeat)]))
        one = []
        # an edit of one translation: exactly that edition's three outputs are out of date
        # (an edit of a source also rebuilds its translations, for their "outdated" notice)
        target = editions(root)[1]
        for n in range(args.repeat):
            target.write_text(target.read_text("utf-8") + f"\nEdit {n}.\n", "utf-8")
            one.append(timed(build))
        rows.append(("one-edit rebuild", one))
        rows.append(("catalog site, after that edit (publisher site)", [timed(site)]))

        naive_runs = []
        for _ in range(args.full_repeat):
            out = Path(tmp) / "naive"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            naive_runs.append(naive(root, out))
        rows.append(("naive baseline (pandoc + weasyprint CLI, sequential)", naive_runs))

        peer_runs = []  # quick enough to take a median of several, like the rebuilds
        for _ in range(args.repeat):
            out = Path(tmp) / "peer"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            value = peer(root, out)
            if value is not None:
                peer_runs.append(value)
        if peer_runs:
            rows.append(("peer baseline (pandoc -> typst, full re-render, PDF)", peer_runs))

    medians = {name: statistics.median(values) for name, values in rows}
    print(f"{count} editions ({args.cases} cases x {len(langs)} languages), "
          f"{os.cpu_count()} CPUs, jobs={args.jobs or 'default'}")
    print(f"{'measurement':<55} {'runs':>4} {'median s':>9}")
    for name, values in rows:
        print(f"{name:<55} {len(values):>4} {medians[name]:>9.2f}")
    full_m = medians["full build (pdf+docx+html)"]
    naive_m = medians["naive baseline (pandoc + weasyprint CLI, sequential)"]
    print(f"\nfull build / naive baseline: {full_m / naive_m:.2f}x (goal <= 0.55x)")
    print(f"no-op rebuild: {medians['no-op rebuild']:.2f} s (goal < 1 s)")
    peer_name = "peer baseline (pandoc -> typst, full re-render, PDF)"
    if peer_name in medians:
        print(f"one-edit rebuild is {medians[peer_name] / medians['one-edit rebuild']:.1f}x "
              "faster than the peer's full re-render (goal >= 10x)")


if __name__ == "__main__":
    main()
