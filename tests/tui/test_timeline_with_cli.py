"""The TUI and a CLI `up` at the same time: the TUI shows what the CLI did on refresh, and
its own apply, while the CLI holds the migration lock, says who holds it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from test_timeline_pane import V1, V2, V3, A, B, select, states, timeline_app
from tui_helpers import applied_versions, make_project, notifications

from workbench.db import connect
from workbench.migrations.lock import LOCK_KEY
from workbench.tui.screens.confirm import ConfirmDialog

REPO = Path(__file__).resolve().parents[2]
SIZE = (120, 34)
SLOW = (
    "-- migrate:up\nCREATE TABLE slow (id int);\n"
    "SELECT pg_sleep(4) FROM pg_class WHERE relname = 'wb_sleep_marker';\n"
    "-- migrate:down\nDROP TABLE slow;\n"
)
FILES = {f"{V1}_create_a.sql": A, f"{V2}_slow.sql": SLOW, f"{V3}_note.sql": B}


def cli_up(root: Path, dsn: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.cli.main", "--project", str(root), "--dsn", dsn]
        + ["up", "--yes", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def sleeping_pid(dsn: str) -> int | None:
    with connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%%'"
            " AND state = 'active' AND datname = current_database()"
        ).fetchone()
    return row[0] if row else None


async def test_cli_up_while_the_tui_is_open(tmp_path, db_dsn, settle) -> None:
    root = make_project(tmp_path / "p", FILES)
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert states(app)[V1] == "pending"
        done = cli_up(root, db_dsn, "--to", V1)
        assert done.wait(timeout=60) == 0, done.stderr.read()
        await pilot.press("r")
        await settle(app, pilot)
        assert states(app)[V1] == "applied" and states(app)[V2] == "pending"
        assert (app.stats.applied, app.stats.pending) == (1, 2)

        # The TUI reviews V2..V3; meanwhile a CLI run takes the lock and sits in V2.
        await select(app, pilot, V3)
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        with connect(db_dsn, autocommit=True) as conn:
            conn.execute("CREATE TABLE wb_sleep_marker ()")
        run = cli_up(root, db_dsn)
        try:
            deadline = time.monotonic() + 30
            while (pid := sleeping_pid(db_dsn)) is None:
                assert time.monotonic() < deadline, "the CLI run never reached its slow step"
                time.sleep(0.05)
            await pilot.click("#confirm")
            for _ in range(100):
                if any("waiting up to" in m for _, m in notifications(app)):
                    break
                await pilot.pause(0.1)
            waiting = [m for _, m in notifications(app) if "waiting up to" in m]
            assert waiting, notifications(app)
            assert f"pid {pid}" in waiting[0] and "(workbench)" in waiting[0]
            assert "since" in waiting[0]
            assert run.wait(timeout=60) == 0, run.stderr.read()
        finally:
            if run.poll() is None:
                run.kill()
        await settle(app, pilot)
        assert applied_versions(db_dsn) == [V1, V2, V3]
        assert states(app)[V3] == "applied"
        assert not [m for sev, m in notifications(app) if sev == "error"]


async def test_a_stale_preview_names_the_run_in_progress(tmp_path, db_dsn, conn, settle) -> None:
    root = make_project(tmp_path / "p", {f"{V1}_create_a.sql": A, f"{V3}_note.sql": B})
    app = timeline_app(root, db_dsn)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await select(app, pilot, V3)
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert cli_up(root, db_dsn, "--to", V1).wait(timeout=60) == 0
        conn.execute("SELECT set_config('application_name', 'other_run', false)")
        conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        try:
            await pilot.click("#confirm")
            await settle(app, pilot)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
        (error,) = [m for sev, m in notifications(app) if sev == "error"]
        assert "changed since the preview; nothing was applied" in error
        assert f"pid {conn.info.backend_pid}" in error and "(other_run)" in error
        assert applied_versions(db_dsn) == [V1]
