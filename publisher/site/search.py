"""The site's search index, made by pagefind once every page is written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from ..core import limits
from ..core.diagnostics import Diagnostic, error


def pagefind_binary() -> Path | None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except (FileNotFoundError, OSError):
        return None


def index_search(folder: Path) -> list[Diagnostic]:
    binary = pagefind_binary()
    if binary is None:
        return [error("PUB703", "the search index cannot be built: the pagefind binary is "
                      "missing", hint="install the project again (`make setup`): it comes "
                      "with the pagefind-bin package")]
    try:
        done = subprocess.run([str(binary), "--site", str(folder), "--keep-index-url",
                               "--silent"], capture_output=True, text=True,
                              timeout=limits.current().tool_seconds)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [error("PUB703", f"the search index cannot be built: {exc}")]
    if done.returncode != 0 or not (folder / "pagefind" / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        return [error("PUB703", "the search index cannot be built: "
                      + (detail[-1] if detail else f"pagefind exited with {done.returncode}"))]
    # pagefind lists the languages of its entry file in an order that changes from run to
    # run; in a fixed order, two builds of the same project give the same bytes
    entry = folder / "pagefind" / "pagefind-entry.json"
    try:
        data = json.loads(entry.read_text("utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), "utf-8")
    except (OSError, ValueError) as exc:
        return [error("PUB703", f"the search index cannot be read back: {exc}")]
    return []
