"""How long `publisher validate` takes over the sample project (goal: < 2 s warm).

Usage: .venv/bin/python bench/validate_bench.py [--repeat 7]
Prints the median wall time of the whole command (a fresh process each run, after one
warm-up run so the OS file cache is warm) and of the validation repeated in one process,
where pandoc parses are cached.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    command = [str(Path(sys.executable).parent / "publisher"), "validate", "--project", str(REPO)]
    subprocess.run(command, check=True, capture_output=True)  # warm-up
    cli = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        cli.append(time.perf_counter() - started)

    from publisher.load import load_project
    from publisher.validate import validate

    project = load_project(REPO)
    validate(project)
    inner = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        checked = validate(project)
        inner.append(time.perf_counter() - started)
    editions = len(checked.prepared) + len(checked.failed)
    print(f"sample project: {editions} editions, {args.repeat} runs each")
    print(f"{'measurement':<40} {'median s':>9} {'min s':>7}")
    print(f"{'publisher validate (whole command)':<40} {statistics.median(cli):>9.3f} "
          f"{min(cli):>7.3f}")
    print(f"{'validation again in one process (cached)':<40} {statistics.median(inner):>9.3f} "
          f"{min(inner):>7.3f}")
    print(f"goal: < 2 s warm -> {'met' if statistics.median(cli) < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
