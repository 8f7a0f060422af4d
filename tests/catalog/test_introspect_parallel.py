"""introspect(parallel=True): a second connection on the same exported snapshot."""

from __future__ import annotations

import io

import psycopg

from workbench.catalog import introspect as introspect_module
from workbench.catalog import snapshot
from workbench.catalog.introspect import (
    QUERIES,
    IntrospectStats,
    _Runner,
    _second_runner,
    introspect,
)
from workbench.db import connect


def _snapshot_bytes(catalog) -> bytes:
    out = io.BytesIO()
    snapshot.write(catalog, out)
    return out.getvalue()


def test_one_and_two_connections_read_the_same_catalog(shared_mixed_dsn):
    one, two = IntrospectStats(), IntrospectStats()
    with connect(shared_mixed_dsn, read_only=True) as conn:
        single = introspect(conn, stats=one)
        parallel = introspect(conn, stats=two, parallel=True)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    assert single == parallel
    assert single.dependencies == parallel.dependencies
    assert _snapshot_bytes(single) == _snapshot_bytes(parallel)
    assert set(two.rows) == set(QUERIES)
    # the export on the first connection; BEGIN, the snapshot and the settings on the second
    assert two.queries == one.queries + 4


def test_the_second_connection_reads_the_exported_snapshot(conn, db_dsn):
    with connect(db_dsn, autocommit=True) as first:
        run = _Runner(first, IntrospectStats())
        run.statement("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        (snapshot_id,) = run.statement("SELECT pg_export_snapshot()")[0]
        conn.execute("CREATE TABLE public.late (id int)")  # committed after the export
        second = _second_runner(run, snapshot_id)
        try:
            seen = second.statement("SELECT count(*) FROM pg_class WHERE relname = 'late'")
            assert seen == [(0,)]
            assert second.statement("SHOW search_path") == [("pg_catalog",)]
        finally:
            second.conn.close()
            first.execute("ROLLBACK")


def test_without_a_second_connection_the_first_reads_everything(shared_mixed_dsn, monkeypatch):
    with connect(shared_mixed_dsn, read_only=True) as conn:
        expected = introspect(conn)

        def refuse(*args, **kwargs):
            raise psycopg.OperationalError("too many clients already")

        monkeypatch.setattr(introspect_module.psycopg, "connect", refuse)
        stats = IntrospectStats()
        assert introspect(conn, stats=stats, parallel=True) == expected
        assert set(stats.rows) == set(QUERIES)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_inside_an_open_transaction_one_connection_sees_uncommitted_ddl(shared_mixed_dsn):
    with connect(shared_mixed_dsn) as conn:
        conn.execute("CREATE TABLE app.pending_parallel (id int PRIMARY KEY)")
        stats = IntrospectStats()
        catalog = introspect(conn, stats=stats, parallel=True)
        assert "app.pending_parallel" in catalog.tables
        # the constraint of the uncommitted table came from the caller's own transaction
        assert catalog.tables["app.pending_parallel"].constraints
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        conn.rollback()
