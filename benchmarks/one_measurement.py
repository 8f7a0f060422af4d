"""The command line shared by `measure.py` and `ref_measure.py` (standard library only:
the reference virtualenv has no workbench)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable


def run(argv: list[str], measures: dict[str, Callable[[list[str]], tuple[float, dict]]]) -> int:
    """Run the measurement named by argv[1] on argv[2:] and print one JSON line:
    `{"seconds": ..., "cpu": ..., "info": {...}}` (cpu: this process's CPU seconds
    since this call, every thread)."""
    cpu_start = time.process_time()
    what, args = argv[1], argv[2:]
    measure = measures.get(what)
    if measure is None:
        raise SystemExit(f"unknown measurement {what!r}")
    seconds, info = measure(args)
    cpu = time.process_time() - cpu_start
    print(json.dumps({"seconds": seconds, "cpu": cpu, "info": info}))
    return 0
