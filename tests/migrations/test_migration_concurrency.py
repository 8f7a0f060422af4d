"""Two runs at once, a run killed mid-migration, and the lock's timeout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from migration_helpers import catalog, history_rows, status_of, wait_for

from workbench.config import load_config
from workbench.db import connect
from workbench.migrations import lock
from workbench.migrations.files import load_project
from workbench.migrations.runner import apply

SLOW = "-- migrate:up\nCREATE TABLE slow (id int);\nSELECT pg_sleep({seconds});\n-- migrate:down\nDROP TABLE slow;\n"


def workbench(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.cli.main", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def sleeping(dsn: str) -> bool:
    with connect(dsn, autocommit=True) as conn:
        return bool(
            conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND query LIKE 'SELECT pg_sleep%%' AND state = 'active'"
            ).fetchone()[0]
        )


def advisory_waiters(dsn: str) -> int:
    with connect(dsn, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ).fetchone()[0]


def test_two_concurrent_ups_apply_once(make_project, db_dsn) -> None:
    # 0002 waits on a table lock the test holds, so the first run is certainly inside it
    # (holding the migration lock) while the second run starts.
    gate = "-- migrate:up\nLOCK TABLE gate IN ACCESS EXCLUSIVE MODE;\nSELECT pg_sleep(0.1);\n"
    root = make_project(
        {"0001_a.sql": "CREATE TABLE a ();", "0002_gate.sql": gate},
        config='lock_timeout = "120s"\n',
    )
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE gate ()")
    with connect(db_dsn) as holder:
        holder.execute("LOCK TABLE gate IN ACCESS EXCLUSIVE MODE")
        first = workbench("up", "--project", root, "--dsn", db_dsn, "--yes")
        wait_for(lambda: waiting_on_gate(db_dsn), timeout=60)
        second = workbench("up", "--project", root, "--dsn", db_dsn, "--yes")
        wait_for(lambda: advisory_waiters(db_dsn) == 1, timeout=60)
        holder.rollback()  # open the gate
    out1, err1 = first.communicate(timeout=60)
    out2, err2 = second.communicate(timeout=60)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "waiting for the migration lock held by pid" in err2
    assert "(workbench)" in err2
    assert "2 migrations applied" in out1
    assert "nothing to apply" in out2
    assert [r[0] for r in history_rows(db_dsn)] == ["0001", "0002"]
    with connect(db_dsn, autocommit=True) as conn:
        attempts = conn.execute(
            "SELECT version, count(*) FROM workbench.migration_log GROUP BY version ORDER BY 1"
        ).fetchall()
    assert attempts == [("0001", 1), ("0002", 1)]


def waiting_on_gate(dsn: str) -> bool:
    with connect(dsn, autocommit=True) as conn:
        return bool(
            conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND query LIKE 'LOCK TABLE gate%%' AND wait_event_type = 'Lock'"
                " AND application_name = 'workbench'"
            ).fetchone()[0]
        )


def test_sigkill_during_a_long_migration_leaves_a_consistent_state(
    make_project, db_dsn, cli
) -> None:
    root = make_project(
        {"0001_a.sql": "CREATE TABLE a ();", "0002_slow.sql": SLOW.format(seconds=60)}
    )
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes", "--to", "1").code == 0
    before, rows = catalog(db_dsn), history_rows(db_dsn)
    run = workbench("up", "--project", root, "--dsn", db_dsn, "--yes")
    wait_for(lambda: sleeping(db_dsn))
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=10)
    # the server notices the dead client (client_connection_check_interval) and rolls back
    wait_for(lambda: not sleeping(db_dsn), timeout=15)
    with connect(db_dsn, autocommit=True) as conn:
        wait_for(lambda: lock.holder(conn) is None, timeout=15)
    assert catalog(db_dsn) == before
    assert history_rows(db_dsn) == rows
    assert status_of(cli, root, db_dsn) == {"0001": "applied", "0002": "failed"}
    status = cli("status", "--project", root, "--dsn", db_dsn)
    assert "interrupted" in status.out
    # the next run takes the lock at once and finishes the job
    (root / "migrations" / "0002_slow.sql").write_text(SLOW.format(seconds=0))
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 0
    assert status_of(cli, root, db_dsn) == {"0001": "applied", "0002": "applied"}


def test_lock_wait_times_out_naming_the_holder(make_project, db_dsn) -> None:
    root = make_project({"0001_a.sql": "CREATE TABLE a ();"})
    project = load_project(load_config(root))
    events = []
    with connect(db_dsn, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (lock.LOCK_KEY,))
        pid = holder.info.backend_pid
        with pytest.raises(lock.LockTimeout) as info:
            apply(db_dsn, project, lock_wait=0.3, progress=events.append)
    assert f"held by pid {pid}" in str(info.value)
    assert events and events[0].kind == "waiting" and events[0].holder.pid == pid
    assert history_rows(db_dsn) == []
    result = apply(db_dsn, project, lock_wait=0.3)  # released with the session
    assert [s.version for s in result.steps] == ["0001"]
