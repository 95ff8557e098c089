"""The preview's reload: the script each page polls the version with, and the watcher that
bumps the version when anything in the project changes."""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..core.model import Project

RELOAD_JS = """(function () {
  var seen = null;
  function poll() {
    fetch("/__version", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (v) {
        if (seen !== null && v !== seen) { location.reload(); }
        seen = v;
      }).catch(function () {}).finally(function () { setTimeout(poll, 700); });
  }
  poll();
})();
"""


def watch(project: Project, stop: threading.Event, bump: Callable[[], None]) -> None:
    """Call `bump` after each change to the project's sources, until `stop` is set."""
    from watchfiles import watch as changes

    root = project.root
    roots = [p for p in (project.cases_dir, root / "templates", root / "styles",
                         root / "publisher.yaml", root / "alliance.yaml",
                         root / "action-plan.yaml", root / "events", root / "surveys")
             if p.exists()]
    for _ in changes(*roots, stop_event=stop, debounce=200, step=50,
                     rust_timeout=500, yield_on_timeout=False):
        bump()
