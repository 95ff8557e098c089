"""`publisher render` of a large foreign manual: seconds per format, against pandoc alone.

Builds a manual of at least 300 KB from the test corpus (tests/corpus, real files of other
people, concatenated), then, in one run and for each format, renders it with
`publisher render FILE --to FORMAT` (a fresh process, as a user runs it) and converts it
with pandoc alone (`pandoc -f commonmark_x -t FORMAT`, no checks, no brand; HTML and DOCX
only, pandoc has no PDF engine of its own here). Prints the median of `--repeat` runs, the
ratio to pandoc, and the 5 s goal for the PDF.

Usage: .venv/bin/python bench/render_bench.py [--repeat 3] [--formats html,docx,pdf]
       [--size 300]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
GOAL_PDF = 5.0


def manual(size_kb: int) -> str:
    """English and Russian corpus files, their front matter removed, until `size_kb`."""
    from publisher.core.yamlio import split_front_matter

    parts = ["---\ntitle: A large manual\nlang: en\n---\n"]
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".md", ".qmd"))
    while sum(len(p.encode("utf-8")) for p in parts) < size_kb * 1024:
        for path in files:
            if sum(len(p.encode("utf-8")) for p in parts) >= size_kb * 1024:
                break
            document, _ = split_front_matter(path.read_text("utf-8"), path)
            parts.append(f"\n\n## {path.stem}\n\n" + document.body.replace("\n# ", "\n## "))
    return "".join(parts)


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{proc.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="html,docx,pdf")
    parser.add_argument("--size", type=int, default=300, help="size of the manual in KB")
    args = parser.parse_args()
    publisher = str(Path(sys.executable).with_name("publisher"))
    from publisher.core import pandoc

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "manual.md"
        source.write_text(manual(args.size), "utf-8")
        size = source.stat().st_size / 1024
        print(f"manual: {size:.0f} KB, {args.repeat} runs each, medians in seconds\n")
        print(f"{'format':<8}{'publisher render':>18}{'pandoc alone':>15}{'ratio':>8}  goal")
        for fmt in args.formats.split(","):
            ours = statistics.median(timed([publisher, "render", str(source), "--to", fmt,
                                            "-o", str(Path(tmp) / f"out.{fmt}")])
                                     for _ in range(args.repeat))
            if fmt == "pdf":
                print(f"{fmt:<8}{ours:>18.2f}{'-':>15}{'-':>8}  {ours / GOAL_PDF:.2f}x of "
                      f"{GOAL_PDF:.0f} s ({'met' if ours < GOAL_PDF else 'not met'})")
                continue
            alone = statistics.median(timed([pandoc.executable(), "-f", "commonmark_x", "-t",
                                             fmt, str(source), "-o",
                                             str(Path(tmp) / f"pandoc.{fmt}")])
                                      for _ in range(args.repeat))
            print(f"{fmt:<8}{ours:>18.2f}{alone:>15.2f}{ours / alone:>7.1f}x")


if __name__ == "__main__":
    main()
