"""One measurement of a workbench operation, run in a fresh process by `run.py`.

    python benchmarks/measure.py introspect DSN
    python benchmarks/measure.py floor DSN
    python benchmarks/measure.py diff FROM_DSN TO_DSN [--serial]
    python benchmarks/measure.py snapshot DSN      # `workbench snapshot`: read + JSON
    python benchmarks/measure.py docs DSN          # `workbench docs`: read + pages + write
    python benchmarks/measure.py load SNAPSHOT_FILE

Imports happen before the clock starts; the timed part includes connecting.
Prints one JSON line: `{"seconds": ..., "cpu": ..., "info": {...}}` (cpu: this
process's CPU seconds after the imports, all threads) (info: what was read,
so the runner can check every tool saw the same schema).
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import one_measurement  # noqa: E402
from benchmarks.floor import read_floor  # noqa: E402
from workbench.catalog.introspect import introspect  # noqa: E402
from workbench.catalog.model import Catalog  # noqa: E402
from workbench.db import connect  # noqa: E402


def read_catalog(dsn: str) -> Catalog:
    """What the product does to read one side: a read-only connection, then introspect."""
    with connect(dsn, read_only=True) as conn:
        return introspect(conn)


def counts(cat: Catalog) -> dict[str, int]:
    return {
        "tables": len(cat.tables),
        "views": len(cat.views),
        "functions": len(cat.functions),
        "indexes": sum(len(t.indexes) for t in cat.tables.values()),
        "policies": sum(len(t.policies) for t in cat.tables.values()),
    }


def measure_introspect(dsn: str) -> tuple[float, dict]:
    start = time.perf_counter()
    cat = read_catalog(dsn)
    seconds = time.perf_counter() - start
    return seconds, counts(cat)


def measure_floor(dsn: str) -> tuple[float, dict]:
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        rows = read_floor(conn)
    seconds = time.perf_counter() - start
    return seconds, {name: len(r) for name, r in rows.items()}


def measure_load(path: str) -> tuple[float, dict]:
    """Reading a snapshot file back into a Catalog (what `snapshot:FILE` does)."""
    from workbench.catalog import snapshot

    start = time.perf_counter()
    cat = snapshot.load(path)
    return time.perf_counter() - start, counts(cat)


def _sql_generator():
    """The differ's SQL generator, or None while it is not there yet."""
    try:
        from workbench.diff.sql import to_sql
    except ImportError:
        return None
    return to_sql


def measure_diff(a_dsn: str, b_dsn: str, serial: bool = False) -> tuple[float, dict]:
    from workbench.diff.differ import diff

    to_sql = _sql_generator()
    start = time.perf_counter()
    if serial:
        a, b = read_catalog(a_dsn), read_catalog(b_dsn)
    else:
        with ThreadPoolExecutor(max_workers=2) as pool:
            fa, fb = pool.submit(read_catalog, a_dsn), pool.submit(read_catalog, b_dsn)
            a, b = fa.result(), fb.result()
    read = time.perf_counter()
    changes = diff(a, b)
    compared = time.perf_counter()
    script = to_sql(changes, a, b).text() if to_sql else None
    end = time.perf_counter()
    info = {
        "read": round(read - start, 4),
        "diff": round(compared - read, 4),
        "sql": round(end - compared, 4) if to_sql else None,
        "changes": len(changes),
        "sql_lines": script.count("\n") if script else 0,
        "sql_statements": script.count(";\n") if script else 0,
        "parallel": not serial,
    }
    return end - start, info


def measure_snapshot(dsn: str) -> tuple[float, dict]:
    from workbench.catalog.snapshot import dumps

    start = time.perf_counter()
    cat = read_catalog(dsn)
    text = dumps(cat)
    seconds = time.perf_counter() - start
    return seconds, {**counts(cat), "bytes": len(text)}


def measure_docs(dsn: str) -> tuple[float, dict]:
    """What `workbench docs -o DIR` does, into a fresh directory (every page written)."""
    import shutil
    import tempfile

    from workbench.schema_docs.build import build_docs
    from workbench.schema_docs.output import write

    directory = Path(tempfile.mkdtemp(prefix="bench-docs-"))
    try:
        start = time.perf_counter()
        cat = read_catalog(dsn)
        written = write(directory, build_docs(cat))
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return seconds, {**counts(cat), "pages": len(written.missing)}


def main(argv: list[str]) -> int:
    return one_measurement.run(
        argv,
        {
            "introspect": lambda args: measure_introspect(args[0]),
            "floor": lambda args: measure_floor(args[0]),
            "load": lambda args: measure_load(args[0]),
            "diff": lambda args: measure_diff(args[0], args[1], serial="--serial" in args),
            "snapshot": lambda args: measure_snapshot(args[0]),
            "docs": lambda args: measure_docs(args[0]),
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
