"""`publisher render` of a large foreign manual: seconds per format, against pandoc alone.

Builds a manual of at least 300 KB from the test corpus (tests/corpus, real files of other
people, concatenated), then, in one run and for each format, interleaves three commands:
`publisher render FILE --to FORMAT` with an empty store of its own (cold: a fresh process,
as a user runs it the first time), the same again with that store, and pandoc alone
(`pandoc -f commonmark_x -t FORMAT`, no checks, no brand; HTML and DOCX only, pandoc has
no PDF engine of its own here). Prints the medians of `--repeat` runs, the ratio of the
cold render to pandoc, and the 5 s goal for the cold PDF.

Usage: .venv/bin/python bench/render_bench.py [--repeat 3] [--formats html,docx,pdf]
       [--size 300]
"""

from __future__ import annotations

import argparse
import os
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


def timed(command: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
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
        print(f"manual: {size:.0f} KB, {args.repeat} runs each (interleaved), medians in "
              "seconds; cold: an empty store of our own; again: the same file rendered a "
              "second time with that store\n")
        print(f"{'format':<8}{'ours, cold':>12}{'ours, again':>13}{'pandoc alone':>14}"
              f"{'cold/pandoc':>13}  goal")
        for fmt in args.formats.split(","):
            cold, again, alone = [], [], []
            for run in range(args.repeat):
                env = dict(os.environ, XDG_CACHE_HOME=str(Path(tmp) / f"cache-{fmt}-{run}"))
                ours = [publisher, "render", str(source), "--to", fmt, "-o",
                        str(Path(tmp) / f"out.{fmt}")]
                cold.append(timed(ours, env))
                again.append(timed(ours, env))
                if fmt != "pdf":  # pandoc has no PDF engine of its own here
                    alone.append(timed([pandoc.executable(), "-f", "commonmark_x", "-t", fmt,
                                        str(source), "-o", str(Path(tmp) / f"pandoc.{fmt}")]))
            c, a = statistics.median(cold), statistics.median(again)
            if fmt == "pdf":
                print(f"{fmt:<8}{c:>12.2f}{a:>13.2f}{'-':>14}{'-':>13}  cold {c / GOAL_PDF:.2f}x "
                      f"of {GOAL_PDF:.0f} s ({'met' if c < GOAL_PDF else 'not met'})")
                continue
            p = statistics.median(alone)
            print(f"{fmt:<8}{c:>12.2f}{a:>13.2f}{p:>14.2f}{c / p:>12.2f}x")

if __name__ == "__main__":
    main()
