"""Benchmarks, like for like, in one run: every comparison runs the same work both ways.

Generates a synthetic corpus (25 cases x en, ru, kk, hy = 100 editions of about 1,400
words, each with a figure, a table and footnotes) in a temporary project that uses this
repository's brand, then measures, each row as a median of --runs runs:

  one edition's PDF   `publisher render X.md --to pdf` against the peer, pandoc to Typst
                      with pandoc's default template, then the Typst compiler (a fresh
                      process each, the `typst` wheel's compiler; interleaved pairs), on
                      the same edition of this repository (the Russian Azerbaijan case),
                      edited before each pair so that no stored result answers for it
  full build          `publisher build --to pdf,docx,html` against the naive pipeline, the
                      same three formats per edition with one CLI process per step (pandoc
                      to HTML, to DOCX, to Typst, then the compiler), at the same job count:
                      --jobs 1 against the naive one in sequence, and --jobs N against the
                      naive one under `xargs -P N`
  one-edit rebuild    after editing one translation: our rebuild (its three outputs)
                      against the naive pipeline and the peer on that one edition
  validation          `publisher validate` with an empty store (cold) and a full one (warm)
  pandoc manual       with --manual PATH: pandoc's MANUAL.txt as one PDF edition (headings
                      one level down, as editions start at ##), time and peak memory

Usage: .venv/bin/python bench/build_bench.py [--runs 3] [--jobs N] [--manual MANUAL.txt]
       [--cases 25] [--langs en,ru,kk,hy] [--skip full]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = sys.executable

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

#: the peer's and the naive pipeline's PDF step: the Typst compiler, in a process of its own
COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3])"


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


def editions(root: Path) -> list[Path]:
    return sorted((root / "cases").glob("*/*.md"))


def measure(command: list[str], **kwargs) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process and its children."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            **kwargs)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {shlex.join(command)}\n{err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def timed(command: list[str], **kwargs) -> float:
    return measure(command, **kwargs)[0]


# --- the naive pipeline and the peer: one CLI process per step --------------------------

def pipeline_script(md: Path, out: Path, formats: tuple[str, ...]) -> str:
    """The shell commands a user would type for one edition."""
    from publisher.core import pandoc

    exe = shlex.quote(pandoc.executable())
    stem = shlex.quote(str(out / f"{md.parent.name}.{md.stem}"))
    src = shlex.quote(str(md))
    folder = shlex.quote(str(md.parent))
    # the Typst source next to the edition, so that its images resolve as they do for pandoc
    typ = shlex.quote(str(md.parent / f".{md.stem}.{out.name}.typ"))
    steps = [f"cd {folder}"]
    if "html" in formats:
        steps.append(f"{exe} {src} -s --embed-resources -o {stem}.html")
    if "docx" in formats:
        steps.append(f"{exe} {src} -o {stem}.docx")
    if "pdf" in formats:
        # pandoc's Typst template writes a keyword list unquoted, which Typst refuses
        steps.append(f"{exe} {src} -s -t typst -M keywords= -o {typ}")
        steps.append(f"{shlex.quote(PYTHON)} -c {shlex.quote(COMPILE)} {typ} {stem}.pdf {folder}")
    return " && ".join(steps)


def write_scripts(files: list[Path], out: Path, formats=("html", "docx", "pdf")) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    listing = out / "steps.txt"
    listing.write_text("".join(pipeline_script(md, out, formats) + "\n" for md in files),
                       "utf-8")
    return listing


def naive(listing: Path, jobs: int) -> list[str]:
    """Every line of `listing` in a shell of its own, `jobs` at a time (xargs -P)."""
    return ["bash", "-c", f"tr '\\n' '\\0' < {shlex.quote(str(listing))} | "
            f"xargs -0 -P {jobs} -n 1 bash -c"]


# --- the table --------------------------------------------------------------------------

class Table:
    def __init__(self):
        self.rows: list[tuple[str, list[float], str]] = []

    def add(self, name: str, values: list[float], unit: str = "s") -> float:
        self.rows.append((name, values, unit))
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"  measured {name}: {shown} {unit}", file=sys.stderr, flush=True)
        return statistics.median(values)

    def median(self, name: str) -> float:
        return next(statistics.median(v) for n, v, _ in self.rows if n == name)

    def print(self) -> None:
        width = max(len(n) for n, _, _ in self.rows)
        print(f"{'measurement':<{width}}  runs   median      min      max")
        for name, values, unit in self.rows:
            print(f"{name:<{width}}  {len(values):>4} {statistics.median(values):>8.2f}{unit:<2}"
                  f"{min(values):>7.2f}  {max(values):>7.2f}")


def ratio_line(text: str, ours: float, theirs: float, goal: str, met: bool) -> str:
    return f"{text}: {ours / theirs:.2f}x ({goal}: {'met' if met else 'NOT met'})"


def one_edition(table: Table, runs: int, tmp: Path, notes: list[str]) -> None:
    """The Russian Azerbaijan case as a PDF: ours against the peer, interleaved pairs, the
    file edited before each pair."""
    case = shutil.copytree(REPO / "cases" / "azerbaijan-smart-government", tmp / "single" / "case")
    source = case / "ru.md"
    ours_out = tmp / "single" / "ours.pdf"
    peer_dir = tmp / "single" / "peer"
    ours_cmd = [str(BIN / "publisher"), "render", str(source), "--to", "pdf", "-o", str(ours_out)]
    peer_cmd = ["bash", "-c", pipeline_script(source, peer_dir, ("pdf",))]
    peer_dir.mkdir()
    # a store of this run's own: one left by an earlier run would hold the very edits below
    store = {"env": dict(os.environ, XDG_CACHE_HOME=str(tmp / "single" / "store"))}
    measure(ours_cmd, **store)  # warm-up: the store and the font folder, as after a first build
    ours, peer, ours_mb, peer_mb = [], [], [], []
    for run in range(runs):
        # each pair sees the file just edited, as a user does who renders after a save: our
        # store cannot answer for the text, the peer has no store
        with source.open("a", encoding="utf-8") as text:
            text.write(f"\nПравка {run + 1}.\n")
        seconds, mb = measure(ours_cmd, **store)
        ours.append(seconds)
        ours_mb.append(mb)
        seconds, mb = measure(peer_cmd)
        peer.append(seconds)
        peer_mb.append(mb)
    o = table.add("one edition's PDF: publisher render (ru Azerbaijan case)", ours)
    p = table.add("one edition's PDF: peer, pandoc -> typst, default template", peer)
    table.add("  peak memory, publisher render", ours_mb, "MB")
    table.add("  peak memory, peer (largest step)", peer_mb, "MB")
    notes.append(ratio_line("one edition's PDF, ours / peer", o, p, "goal <= 1.3x", o <= 1.3 * p))


def corpus_builds(table: Table, runs: int, jobs: int, root: Path, tmp: Path,
                  notes: list[str]) -> None:
    build = [str(BIN / "publisher"), "build", "--project", str(root), "--to", "pdf,docx,html"]
    listing = write_scripts(editions(root), tmp / "naive")
    for n in sorted({1, jobs}):
        ours = []
        for _ in range(runs):
            shutil.rmtree(root / "build", ignore_errors=True)
            ours.append(timed(build + ["--jobs", str(n)]))
        theirs = [timed(naive(listing, n)) for _ in range(runs)]
        o = table.add(f"full build, {len(editions(root))} editions x 3 formats, --jobs {n}",
                      ours)
        t = table.add(f"naive pipeline, same editions and formats, xargs -P {n}", theirs)
        goal = "goal <= 0.5x" + (" and <= 25 s" if n == jobs else "")
        met = o <= 0.5 * t and (n != jobs or o <= 25)
        notes.append(ratio_line(f"full build / naive at {n} job(s) ({o:.1f} s)", o, t, goal,
                                met))


def one_edit(table: Table, runs: int, root: Path, tmp: Path, notes: list[str]) -> None:
    build = [str(BIN / "publisher"), "build", "--project", str(root), "--to", "pdf,docx,html"]
    if not (root / "build").is_dir():
        timed(build)
    target = editions(root)[1]  # a translation: exactly its three outputs are out of date
    ours = []
    for n in range(runs):
        target.write_text(target.read_text("utf-8") + f"\nEdit {n}.\n", "utf-8")
        ours.append(timed(build))
    one = write_scripts([target], tmp / "one-naive")
    pdf_only = write_scripts([target], tmp / "one-peer", ("pdf",))
    naive_runs = [timed(naive(one, 1)) for _ in range(runs)]
    peer_runs = [timed(naive(pdf_only, 1)) for _ in range(runs)]
    o = table.add("rebuild after editing one translation (its 3 outputs)", ours)
    n = table.add("  naive pipeline on that one edition (3 formats)", naive_runs)
    p = table.add("  peer on that one edition (PDF only)", peer_runs)
    notes.append(f"one-edit rebuild: {o:.2f} s (goal <= 0.8 s: {'met' if o <= 0.8 else 'NOT met'})"
                 f"; {o / n:.2f}x the naive pipeline and {o / p:.2f}x the peer on that edition")
    noop = [timed(build) for _ in range(runs)]
    table.add("no-op rebuild", noop)


def validation(table: Table, runs: int, root: Path, notes: list[str]) -> None:
    command = [str(BIN / "publisher"), "validate", "--project", str(root)]
    store = root / "build" / ".cache" / "objects"
    cold = []
    for _ in range(runs):
        shutil.rmtree(store, ignore_errors=True)
        cold.append(timed(command))
    warm = [timed(command) for _ in range(runs)]
    count = len(editions(root))
    c = table.add(f"validate {count} editions, empty store (cold)", cold)
    w = table.add(f"validate {count} editions, full store (warm)", warm)
    notes.append(f"validation warm / cold: {w / c:.2f}x")


def manual(table: Table, runs: int, path: Path, tmp: Path, notes: list[str]) -> None:
    """pandoc's MANUAL.txt as one edition: headings one level down (editions start at ##);
    footnote syntax shown inside its indented code examples is escaped, since the
    validator would read it as footnotes."""
    text = path.read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    body = re.sub(r"^(#+) ", r"#\1 ", body, flags=re.M)
    body = re.sub(r"^    .*$", lambda m: m.group(0).replace("[^", "[\\^"), body, flags=re.M)
    folder = tmp / "manual"
    folder.mkdir()
    (folder / "manual.md").write_text(head + "\nlang: en\n---\n" + body, "utf-8")
    command = [str(BIN / "publisher"), "render", str(folder / "manual.md"), "--to", "pdf"]
    measure(command)  # warm-up (the parse is stored, as after a first build)
    seconds, memory = zip(*(measure(command) for _ in range(runs)))
    s = table.add("pandoc manual (305 KB) as one PDF edition", list(seconds))
    m = table.add("  peak memory", list(memory), "MB")
    pages = subprocess.run(["pdfinfo", str(folder / "manual.pdf")], capture_output=True,
                           text=True).stdout
    count = re.search(r"Pages:\s+(\d+)", pages)
    notes.append(f"pandoc manual: {s:.1f} s, {m:.0f} MB, {count.group(1) if count else '?'} "
                 f"pages (goal <= 5 s and <= 250 MB: "
                 f"{'met' if s <= 5 and m <= 250 else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (>= 3)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="the parallel job count (default: all cores)")
    parser.add_argument("--cases", type=int, default=25)
    parser.add_argument("--langs", default="en,ru,kk,hy")
    parser.add_argument("--manual", type=Path, help="pandoc's MANUAL.txt (from its sources)")
    parser.add_argument("--skip", default="", help="comma-separated: single,full,edit,"
                        "validate")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    langs = args.langs.split(",")
    table, notes = Table(), []
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as tmp:
        tmp = Path(tmp)
        root = make_corpus(tmp / "project", args.cases, langs)
        count = len(editions(root))
        if "single" not in skip:
            one_edition(table, args.runs, tmp, notes)
        if "full" not in skip:
            corpus_builds(table, args.runs, args.jobs, root, tmp, notes)
        if "edit" not in skip:
            one_edit(table, args.runs, root, tmp, notes)
        if "validate" not in skip:
            validation(table, args.runs, root, notes)
        if args.manual:
            manual(table, args.runs, args.manual, tmp, notes)
    print(f"{count} editions ({args.cases} cases x {len(langs)} languages), "
          f"{os.cpu_count()} CPUs, all cores = {args.jobs} jobs, {args.runs} runs each\n")
    table.print()
    print()
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
