"""Leaving the process without freeing its heap object by object.

A command that read a large schema holds ~10^6 objects (two catalogs for `diff`). Freeing
them one by one when the command returns, then tearing the interpreter down, costs
0.1-0.25 s at 5,000 tables: a tenth of the whole `diff`. The console entry point
(`workbench.cli.main.run`) instead runs the exit handlers (logging, finalizers), flushes
stdout and stderr, and ends the process with `os._exit`: the operating system takes the
memory back at once. This is what mypy does at its exit, for the same reason.

`hold` keeps a command's large results alive until then, so that they are not freed when
the command's function returns. Both are no-ops unless the entry point enabled the fast
exit: `main()` called in-process (the tests) frees everything as usual.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from typing import NoReturn

_held: list[object] = []
_enabled = False


def enable() -> None:
    """Called by the console entry point: `hold` keeps objects, `leave` may skip teardown."""
    global _enabled
    _enabled = True


def hold(*objects: object) -> None:
    """Keep `objects` until the process exits (when the fast exit is enabled), out of the
    collector's passes: each full pass would walk all of them again (0.1 s and more)."""
    if _enabled:
        _held.extend(objects)
        gc.freeze()


def leave(code: int) -> NoReturn:
    """End the process with `code`, without freeing the heap when that is safe.

    Safe means: only the main thread is left (another thread may still be writing), and
    the exit handlers registered so far ran. Otherwise the usual `sys.exit`.
    """
    if not _enabled or threading.active_count() != 1:
        sys.exit(code)
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # not CPython: the usual exit
        sys.exit(code)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more to write
            pass
    os._exit(code)
