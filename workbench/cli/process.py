"""The CLI process: its memory given back as it is freed, and left at exit without freeing
its heap object by object.

glibc's malloc raises its thresholds as large blocks come and go (up to 32 MB mapped, 64 MB
kept free), so the memory of freed query results (libpq's and Python's rows) stays in the
process while the catalog built from them grows: 15-30 MB of the peak was already free.
`give_back_freed_memory` fixes the thresholds (as `MALLOC_TRIM_THRESHOLD_` would): blocks
above 128 kB are mapped and unmapped, at most 16 MB is kept free at the top of the heap;
`diff` at 5,000 tables peaks at ~170 MB instead of ~196 MB, with no measurable time cost.

At exit: a command that read a large schema holds ~10^6 objects (two catalogs for `diff`). Freeing
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


M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter
TRIM_THRESHOLD = 16 * 2**20  # setting it also stops the thresholds from rising


M_MMAP_THRESHOLD = -3
REUSED_BLOCKS = 2**20  # blocks below this come from the heap (see `reuse_large_blocks`)


def _mallopt(param: int, value: int) -> bool:
    """glibc's mallopt; False where there is none (nothing changed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(param, value))


def give_back_freed_memory() -> bool:
    """Have glibc's malloc give freed memory back to the system (the process's peak is
    what users see). False where there is no glibc (nothing changed)."""
    return _mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


def reuse_large_blocks() -> bool:
    """Serve blocks up to 1 MB from the heap instead of mapping each (query results, encoded
    parts of a snapshot): a mapped block is unmapped when freed, and the next one faults
    its pages in again. For a command that holds one catalog (`snapshot`: ~80,000 page
    faults -> ~38,000 at 5,000 tables, ~0.06 s less system time, peak +16 MB); not for
    `diff`, whose two catalogs would peak near 200 MB. Only under the console entry point."""
    return _enabled and _mallopt(M_MMAP_THRESHOLD, REUSED_BLOCKS)


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
