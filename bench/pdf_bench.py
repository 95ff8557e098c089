"""Benchmark of the PDF edition: our renderer versus WeasyPrint alone on the same HTML.

    .venv/bin/python bench/pdf_bench.py [--runs 3] [--pages 15,100]

For each report size it writes a generated report into a scratch project (the
repository's brand), then runs every measurement in a fresh subprocess:

- ours:       publisher's PDF renderer, from the prepared edition to the file on
              disk (pandoc HTML body, template, WeasyPrint layout, PDF/UA-1 tags,
              font checks, atomic write);
- weasyprint: WeasyPrint alone on the exact HTML our renderer lays out, with the
              same PDF options (PDF/UA-1, a fixed identifier) and its own
              default URL fetcher.

It prints the median wall time of each, their ratio (goal: at most 1.1) and the
peak resident memory of the process (goal: under 400 MB for 100 pages).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FRONT_AND_BACK = 5  # cover, inside cover, contents, back cover and its blank page

PARAGRAPH = (
    "Peer learning between civil services works best when each agency describes not only "
    "what it built but how it organised the work: who owned the service, which rules were "
    "changed first, how staff were trained and how citizens were asked for feedback. "
    "This section follows that pattern for one more stage of the reform, so that a reader "
    "can compare it with the experience of their own administration."
)


def report_markdown(sections: int) -> str:
    parts = ["---", "title: Benchmark report", "subtitle: Generated text for timing the PDF "
             "edition", "summary: A generated report.", "---", ""]
    for s in range(1, sections + 1):
        parts += [f"## Stage {s} of the reform {{#stage-{s}}}", "",
                  f"{PARAGRAPH} The stage is numbered {s}.[^n{s}]", "", PARAGRAPH, "",
                  f"### What changed in stage {s} {{#changed-{s}}}", "",
                  "- The service standard was published.",
                  "- Front-office staff were trained.",
                  "- Feedback was collected at every counter.", "",
                  "::: {.lesson}", f"**Lesson {s}.** Start where the citizen meets the state.",
                  ":::", ""]
        if s % 3 == 0:
            parts += ["| Channel | Users | Share |", "|---|---|---|"]
            parts += [f"| Channel {r} | {1000 * r + s} | {r * 7 % 100}% |" for r in range(1, 9)]
            parts += ["", f"Table: Channels used in stage {s}", ""]
        if s % 4 == 0:
            parts += [f"![Milestones of stage {s}](media/timeline.svg)", ""]
        parts += [PARAGRAPH, "", f"[^n{s}]: A note on stage {s}, as reported by the agency.", ""]
    return "\n".join(parts)


def make_project(folder: Path, sections: int) -> Path:
    (folder / "publisher.yaml").write_text(
        "name: Benchmark\nlanguages: [en]\nformats: [pdf]\n", "utf-8")
    shutil.copytree(REPO / "styles", folder / "styles")
    case = folder / "cases" / "bench"
    (case / "media").mkdir(parents=True)
    shutil.copy2(REPO / "cases" / "azerbaijan-smart-government" / "media" /
                 "service-timeline.svg", case / "media" / "timeline.svg")
    (case / "case.yaml").write_text(
        "type: report\ncountry: AZ\nagency: Benchmark agency\nauthors:\n  - name: Bench\n"
        "date: 2024-03-15\nsource_language: en\n", "utf-8")
    (case / "en.md").write_text(report_markdown(sections), "utf-8")
    return folder


def child(mode: str, root: Path) -> None:
    """One measurement in this (fresh) process; prints a JSON line."""
    import resource

    from weasyprint import HTML

    from publisher.brand import load_brand
    from publisher.i18n import strings
    from publisher.load import load_editions, load_project
    from publisher.render import Context, pdf
    from publisher.transform import prepare

    project = load_project(root)
    editions, _ = load_editions(project)
    prepared, _ = prepare(editions[0], strings("en"))
    ctx = Context(project, load_brand(project.brand_path), root / "build" / ".cache")
    target = root / "build" / f"{mode}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode == "ours":
        started = time.perf_counter()
        problems = pdf.render(prepared, ctx, target)
        seconds = time.perf_counter() - started
        assert not any(d.is_error for d in problems), problems
    else:
        page = pdf.print_html(prepared, ctx, "2024-03-15T00:00:00Z")
        base = editions[0].case.path.resolve().as_uri() + "/"
        started = time.perf_counter()
        HTML(string=page, base_url=base).write_pdf(
            target, pdf_variant=pdf.PDF_VARIANT, pdf_identifier=b"0" * 32)
        seconds = time.perf_counter() - started
    pages = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
    count = next((int(line.split()[-1]) for line in pages.splitlines()
                  if line.startswith("Pages:")), 0)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "pages": count}))


def measure(mode: str, root: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(root)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--pages", default="15,100", help="target report sizes in pages")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    rows = []
    for target in (int(p) for p in args.pages.split(",")):
        with tempfile.TemporaryDirectory(prefix="pdf-bench-") as scratch:
            # a generated section fills about nine tenths of a page
            root = make_project(Path(scratch), max(1, round((target - FRONT_AND_BACK) * 1.1)))
            results = {"ours": [], "weasyprint": []}
            for _ in range(args.runs):  # interleaved, so that load on the machine hits both
                for mode in results:
                    results[mode].append(measure(mode, root))
        ours = statistics.median(r["seconds"] for r in results["ours"])
        alone = statistics.median(r["seconds"] for r in results["weasyprint"])
        rows.append((target, results["ours"][0]["pages"], ours, alone, ours / alone,
                     max(r["peak_mb"] for r in results["ours"]),
                     max(r["peak_mb"] for r in results["weasyprint"])))
    header = ("target", "pages", "ours s", "weasyprint s", "ratio", "ours peak MB",
              "weasyprint peak MB")
    print(f"median of {args.runs} runs, each in a fresh process")
    print(" | ".join(f"{h:>12}" for h in header))
    for target, pages, ours, alone, ratio, peak, peak_alone in rows:
        print(" | ".join(f"{v:>12}" for v in (
            target, pages, f"{ours:.2f}", f"{alone:.2f}", f"{ratio:.2f}", f"{peak:.0f}",
            f"{peak_alone:.0f}")))


if __name__ == "__main__":
    main()
