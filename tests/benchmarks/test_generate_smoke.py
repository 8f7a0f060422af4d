"""The benchmark code stays runnable: a 10-table schema, its drifted copy, the floor, a diff."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks import generate  # noqa: E402
from benchmarks.floor import read_floor  # noqa: E402
from benchmarks.measure import measure_diff, measure_introspect  # noqa: E402
from workbench.db import connect  # noqa: E402

N = 10


@pytest.fixture
def pair(pg_server):
    """`bench`-like databases of 10 tables: (base DSN, drifted DSN)."""
    names = [pg_server.new_database(prefix="wb_bench"), pg_server.new_database(prefix="wb_bench")]
    base, drifted = (pg_server.dsn(name) for name in names)
    generate.load_schema(base, N)
    generate.load_schema(drifted, N)
    generate.apply_drift(drifted, N)
    yield base, drifted
    for name in names:
        pg_server.drop(name)


def test_generated_schema_floor_and_diff(pair, pg_server):
    base, drifted = pair
    with connect(base, read_only=True) as conn:
        rows = read_floor(conn)
        rls = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname LIKE 'item\\_%%' AND c.relkind = 'r' AND c.relrowsecurity"
        ).fetchone()[0]
    assert rls == N
    tables = [r for r in rows["relations"] if r[2].startswith("item_") and r[3] == "r"]
    assert len(tables) == N
    policies = [r for r in rows["policies"] if r[1].startswith("item_")]
    assert len(policies) == 2 * N
    # Each table: primary key, foreign key, check; each: pkey + two secondary indexes.
    kinds = sorted(r[2] for r in rows["constraints"] if r[1].startswith("item_00003"))
    assert kinds == ["c", "f", "p"]
    assert sum(1 for r in rows["indexes"] if "item_00003" in r[4]) == 3
    assert any("auth.uid()" in (r[5] or "") for r in rows["policies"])
    assert any(r[3] == "m" for r in rows["relations"])  # the materialized view
    assert rows["triggers"] and rows["enums"] and rows["functions"] and rows["comments"]

    seconds, counts = measure_introspect(base)
    assert seconds > 0
    fresh = pg_server.new_database(prefix="wb_bench")
    try:
        _, environment = measure_introspect(pg_server.dsn(fresh))  # the Supabase environment's
    finally:
        pg_server.drop(fresh)
    assert counts["tables"] == N + 1 + environment["tables"]  # the items and the hub
    assert counts["policies"] == 2 * N + 1

    # The drifted copy differs by the dozen edits, and the diff end to end runs.
    _, info = measure_diff(base, drifted)
    assert info["changes"] >= 12
    if info["sql"] is not None:
        assert info["sql_statements"] >= 12
