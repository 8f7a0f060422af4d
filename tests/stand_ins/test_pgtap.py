"""pgtap stand-in: installs where migrations put it and prints real TAP lines."""

from __future__ import annotations

import psycopg
import pytest

from workbench.db import connect


@pytest.fixture
def conn(empty_db_dsn: str):
    with connect(empty_db_dsn, autocommit=True) as c:
        c.execute("CREATE SCHEMA IF NOT EXISTS extensions")
        c.execute("CREATE EXTENSION pgtap WITH SCHEMA extensions")
        c.execute("SET search_path = public, extensions")
        yield c


def one(conn, query: str, *args):
    return conn.execute(query, args or None).fetchone()[0]


def test_a_passing_run_prints_the_plan_and_numbered_oks(conn):
    conn.execute("CREATE TABLE public.widgets (id int, label text)")
    assert one(conn, "SELECT plan(4)") == "1..4"
    assert one(conn, "SELECT ok(1 + 1 = 2, 'adds')") == "ok 1 - adds"
    assert one(conn, "SELECT is(2::int, 2::int, 'same')") == "ok 2 - same"
    assert one(conn, "SELECT has_table('public', 'widgets', 'widgets')") == "ok 3 - widgets"
    assert one(conn, "SELECT has_column('public', 'widgets', 'label', 'has label')") == (
        "ok 4 - has label"
    )
    assert conn.execute("SELECT * FROM finish()").fetchall() == []


def test_failures_say_what_was_wanted_and_finish_counts_them(conn):
    assert one(conn, "SELECT plan(3)") == "1..3"
    assert one(conn, "SELECT is('a'::text, 'b'::text, 'letters')") == (
        "not ok 1 - letters\n#         have: a\n#         want: b"
    )
    assert one(conn, "SELECT throws_ok('SELECT 1/0', '22012')") == "ok 2"
    assert one(conn, "SELECT lives_ok('SELECT 1/0', 'no error')").startswith(
        "not ok 3 - no error\n#         died: 22012"
    )
    assert one(conn, "SELECT ok(NULL, 'null')") == "not ok 4 - null\n# Test 4 is NULL"
    assert [r[0] for r in conn.execute("SELECT * FROM finish()")] == [
        "# Looks like you planned 3 tests but ran 4",
        "# Looks like you failed 3 tests of 4",
    ]


def test_planning_twice_is_an_error(conn):
    conn.execute("SELECT plan(1)")
    with pytest.raises(psycopg.errors.RaiseException, match="plan twice"):
        conn.execute("SELECT plan(2)")


def test_a_project_that_installs_pgtap_replays_without_drift(tmp_path):
    import subprocess
    import sys

    migrations = tmp_path / "supabase" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "20240101000000_tests.sql").write_text(
        "create extension if not exists pgtap with schema extensions;\n"
        "create table public.t (id int primary key);\n",
        "utf-8",
    )

    def wb(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "workbench.cli.main", "--project", str(tmp_path), *args],
            capture_output=True,
            text=True,
            timeout=600,
        )

    try:
        up = wb("up", "--yes")
        assert up.returncode == 0, up.stderr
        diff = wb("diff", "--from", "migrations", "--to", "db", "--exit-code")
        assert diff.returncode == 0, diff.stdout + diff.stderr
    finally:
        wb("db", "stop")
