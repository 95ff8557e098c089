"""A child process that ends with the process that started it, however that one ends."""

from __future__ import annotations

import os
import time


def exit_with_parent(parent: int) -> None:
    """End this process as soon as `parent` (the process that started it) is gone.

    A build killed with SIGKILL cannot stop its children: they would go on with the work
    they had been given and write files without holding the build's lock. Linux kills the
    child with its parent (PR_SET_PDEATHSIG), mid-compile too; elsewhere a thread watches.
    """
    import signal
    import sys
    import threading

    try:
        import ctypes

        if not sys.platform.startswith("linux"):
            raise OSError("no prctl")
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # 1 = PR_SET_PDEATHSIG
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        def watch():
            while os.getppid() == parent:
                time.sleep(0.1)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="publisher-parent").start()
    if os.getppid() != parent:  # it died before the watch began
        os._exit(1)
