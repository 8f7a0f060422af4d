"""The round-trip property: applying to_sql(diff(FROM, TO)) to FROM leaves no difference.

Each case is checked in both directions (the change applied, then undone), so
every "added" case is also a "removed" case. Scripts run inside one
transaction, as a migration would.
"""

from __future__ import annotations

import psycopg
import pytest

from workbench.catalog.introspect import introspect
from workbench.diff.differ import diff
from workbench.diff.sql import to_sql

from .cases import CASES, PENDING
from .conftest import apply


def _describe(changes) -> str:
    return "\n".join(f"{c.change} {c.kind} {c.object} {c.fields}" for c in changes)


def _run(conn: psycopg.Connection, sql: str) -> None:
    if sql.strip():
        conn.execute(sql)


PARAMS = [
    pytest.param(
        *case,
        id=case[0],
        marks=[pytest.mark.xfail(reason=PENDING[case[0]], strict=True)]
        if case[0] in PENDING
        else [],
    )
    for case in CASES
]


@pytest.mark.parametrize(("name", "base", "change"), PARAMS)
def test_round_trip(scratch: psycopg.Connection, name: str, base: str, change: str) -> None:
    conn = scratch
    _run(conn, base)
    conn.execute("SAVEPOINT base")
    a = introspect(conn)
    _run(conn, change)
    b = introspect(conn)
    changes = diff(a, b)
    assert changes, f"{name}: the change is not seen"

    conn.execute("ROLLBACK TO SAVEPOINT base")
    script = to_sql(changes, a, b)
    apply(conn, script)
    left = diff(introspect(conn), b)
    assert not left, f"forward: still differs:\n{_describe(left)}\n\nscript:\n{script.text()}"

    conn.execute("ROLLBACK TO SAVEPOINT base")
    _run(conn, change)
    script = to_sql(diff(b, a), b, a)
    apply(conn, script)
    left = diff(introspect(conn), a)
    assert not left, f"backward: still differs:\n{_describe(left)}\n\nscript:\n{script.text()}"
