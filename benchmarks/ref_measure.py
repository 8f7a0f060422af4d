"""One measurement of a reference tool, run by the reference virtualenv's Python.

    benchmarks/.venv-ref/bin/python benchmarks/ref_measure.py schemainspect DSN
    benchmarks/.venv-ref/bin/python benchmarks/ref_measure.py migra FROM_DSN TO_DSN

Standalone (no workbench import: that virtualenv has schemainspect, migra,
SQLAlchemy < 2 and psycopg2). Imports happen before the clock starts; the timed
part includes connecting, as in `measure.py`. `migra` is timed doing what its
command line does with `--unsafe`: inspect both sides, compare, write the SQL.
Prints one JSON line: `{"seconds": ..., "cpu": ..., "info": {...}}` (cpu: this
process's CPU seconds after the imports, all threads).
"""

from __future__ import annotations

import sys
import time
import warnings

warnings.simplefilter("ignore")

import one_measurement  # noqa: E402  (beside this script, standard library only)
from migra import Migration  # noqa: E402
from schemainspect import get_inspector  # noqa: E402
from sqlbag import S  # noqa: E402


def measure_schemainspect(dsn: str) -> tuple[float, dict]:
    start = time.perf_counter()
    with S(dsn) as session:
        inspected = get_inspector(session)
    seconds = time.perf_counter() - start
    info = {
        "tables": len(inspected.tables),
        "views": len(inspected.views) + len(inspected.materialized_views),
        "functions": len(inspected.functions),
        "indexes": len(inspected.indexes),
        "policies": len(inspected.rlspolicies),
    }
    return seconds, info


def measure_migra(a_dsn: str, b_dsn: str) -> tuple[float, dict]:
    start = time.perf_counter()
    with S(a_dsn) as a, S(b_dsn) as b:
        migration = Migration(a, b)
        migration.set_safety(False)
        migration.add_all_changes()
        script = migration.sql
    seconds = time.perf_counter() - start
    return seconds, {
        "sql_lines": script.count("\n"),
        "sql_statements": len(migration.statements),
    }


def main(argv: list[str]) -> int:
    return one_measurement.run(
        argv,
        {
            "schemainspect": lambda args: measure_schemainspect(args[0]),
            "migra": lambda args: measure_migra(args[0], args[1]),
        },
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
