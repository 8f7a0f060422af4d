"""introspect(): one read-only transaction, the caller's transaction, privileges, errors."""

from __future__ import annotations

import os
import threading

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from workbench.catalog.introspect import IntrospectionError, IntrospectStats, introspect
from workbench.db import connect


def test_two_introspections_are_equal(shared_mixed_dsn):
    mixed_dsn = shared_mixed_dsn
    with connect(mixed_dsn) as a, connect(mixed_dsn, read_only=True) as b:
        b.execute("SET search_path = app, public")  # deparsed text must not depend on it
        b.commit()
        assert introspect(a) == introspect(b)


def test_idle_connection_is_left_as_found(shared_mixed_dsn):
    mixed_dsn = shared_mixed_dsn
    with connect(mixed_dsn) as conn:  # not autocommit
        search_path = conn.execute("SHOW search_path").fetchone()[0]
        conn.rollback()
        introspect(conn)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert conn.autocommit is False
        assert conn.execute("SHOW search_path").fetchone()[0] == search_path
        conn.rollback()
    with connect(mixed_dsn, autocommit=True) as conn:
        introspect(conn)
        assert conn.autocommit is True
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


class RecordingCursor(psycopg.Cursor):
    """Records every statement sent through it."""

    sent: list[str] = []

    def execute(self, query, params=None, **kwargs):
        RecordingCursor.sent.append(str(query))
        return super().execute(query, params, **kwargs)


def test_one_read_only_repeatable_read_transaction(shared_mixed_dsn):
    mixed_dsn = shared_mixed_dsn
    RecordingCursor.sent = []
    with connect(mixed_dsn, autocommit=True) as conn:
        conn.cursor_factory = RecordingCursor
        stats = IntrospectStats()
        introspect(conn, stats=stats)
        sent = RecordingCursor.sent
        assert sent[0] == "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        assert sent[-1] == "ROLLBACK"
        assert not any(s.strip().upper().startswith(("COMMIT", "BEGIN")) for s in sent[1:-1])
        assert stats.queries == len(sent)
        # besides BEGIN, search_path and ROLLBACK
        assert len(stats.rows) == len(sent) - 3


def test_inside_open_transaction_sees_uncommitted_ddl(shared_mixed_dsn):
    mixed_dsn = shared_mixed_dsn  # the DDL is rolled back
    with connect(mixed_dsn) as conn:
        conn.execute("SET search_path = app")
        conn.execute("SET max_parallel_workers_per_gather = 3")
        conn.commit()
        conn.execute("CREATE TABLE app.pending (id int PRIMARY KEY)")
        catalog = introspect(conn)
        assert "app.pending" in catalog.tables
        # still in the caller's transaction, with its settings restored
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        assert conn.execute("SHOW search_path").fetchone()[0] == "app"
        assert conn.execute("SHOW max_parallel_workers_per_gather").fetchone()[0] == "3"
        conn.rollback()
        assert "app.pending" not in introspect(conn).tables


def test_aborted_transaction_is_a_clear_error(shared_mixed_dsn):
    mixed_dsn = shared_mixed_dsn
    with connect(mixed_dsn) as conn:
        with pytest.raises(psycopg.errors.DivisionByZero):
            conn.execute("SELECT 1/0")
        with pytest.raises(IntrospectionError, match="aborted"):
            introspect(conn)


def test_a_role_without_privileges_reads_the_same_catalog(shared_mixed_dsn, mixed_catalog):
    """The catalogs are world-readable: no superuser needed (Supabase's postgres is not one)."""
    role = f"wb_lowpriv_{os.getpid()}"
    with connect(shared_mixed_dsn, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    try:
        params = conninfo_to_dict(shared_mixed_dsn)
        params["user"] = role
        with connect(make_conninfo("", **params), read_only=True) as conn:
            assert introspect(conn) == mixed_catalog
    finally:
        with connect(shared_mixed_dsn, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_a_failing_query_leaves_the_connection_usable(shared_mixed_dsn, monkeypatch):
    import workbench.catalog.introspect as module

    real = module.query_text

    def broken(name, version=180000):
        return "SELECT 1/0" if name == "policies" else real(name, version)

    monkeypatch.setattr(module, "query_text", broken)
    with connect(shared_mixed_dsn) as conn:
        with pytest.raises(psycopg.errors.DivisionByZero):
            introspect(conn)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert conn.autocommit is False
        monkeypatch.setattr(module, "query_text", real)
        assert "app.members" in introspect(conn).tables
    assert not any(t.name == "introspect" for t in threading.enumerate())
