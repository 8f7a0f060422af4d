"""`workbench db ...` and `workbench demo` on a project's own embedded server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench.db import connect
from workbench.embedded import EmbeddedServer


@pytest.fixture
def own_server_project(demo_project: Path):
    """A project whose embedded server is stopped after the test."""
    yield demo_project
    EmbeddedServer(demo_project / ".workbench").stop()


def test_db_lifecycle(cli, own_server_project: Path) -> None:
    project = str(own_server_project)
    result = cli("--project", project, "db", "start")
    assert result.code == 0, result.err
    assert "started" in result.out
    again = cli("--project", project, "db", "start", "--json")
    assert again.code == 0 and '"started": false' in again.out

    url = cli("db", "url", "--project", project)
    assert url.code == 0
    dsn = url.out.strip()
    assert str(own_server_project / ".workbench") in dsn and "/workbench?" in dsn
    with connect(dsn) as conn:
        # The Supabase shim is in the default database.
        assert conn.execute("SELECT to_regprocedure('auth.uid()') IS NOT NULL").fetchone()[0]
        conn.execute("CREATE TABLE scratch (id int)")
        conn.commit()

    reset = cli("db", "reset", "--project", project)
    assert reset.code == 0, reset.err
    with connect(dsn) as conn:
        assert conn.execute("SELECT to_regclass('public.scratch')").fetchone()[0] is None

    stop = cli("db", "stop", "--project", project)
    assert stop.code == 0 and "stopped" in stop.out
    assert not EmbeddedServer(own_server_project / ".workbench").is_running()
    assert "not running" in cli("db", "stop", "--project", project).out


def test_concurrent_processes_share_one_server(own_server_project: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "workbench.cli.main",
        "--project",
        str(own_server_project),
        "db",
        "url",
    ]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [
        (p.returncode, err) for p, (_, err) in zip(procs, outputs)
    ]
    assert len({out.strip() for out, _ in outputs}) == 1


def test_failed_start_reports_the_server_log(cli, tmp_path: Path) -> None:
    project = tmp_path / "broken"
    project.mkdir()
    server = EmbeddedServer(project / ".workbench")
    server.start()
    server.stop()
    conf = project / ".workbench" / "pgdata" / "postgresql.conf"
    conf.write_text(conf.read_text() + "\nshared_buffers = 'lots'\n")
    result = cli("--project", str(project), "db", "start")
    assert result.code == 2
    assert result.err.startswith("error: the embedded PostgreSQL server failed to start")
    assert "shared_buffers" in result.err  # the tail of the server log says why
    assert "Traceback" not in result.err


def test_demo_prepare_only(cli, own_server_project: Path) -> None:
    result = cli("--project", str(own_server_project), "demo", "--prepare-only")
    assert result.code == 0, result.err
    dsn = result.out.strip().splitlines()[-1]
    assert "workbench_demo" in dsn
    with connect(dsn) as conn:
        tables = {
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
        assert {"users", "organizations", "nps_submissions", "workflow_executions"} <= tables
        # All but the newest migration: workflow_duration's column is not there yet.
        cols = {
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'workflow_executions'"
            )
        }
        assert "duration_ms" not in cols
        # The hand change and the sample rows.
        assert conn.execute("SELECT count(*) FROM public.users").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM public.organizations").fetchone()[0] == 2
    # The default database is untouched by the demo.
    url = cli("--project", str(own_server_project), "db", "url").out.strip()
    with connect(url) as conn:
        assert conn.execute("SELECT to_regclass('public.users')").fetchone()[0] is None


def test_demo_outside_a_project_is_a_clear_error(cli, tmp_path: Path) -> None:
    result = cli("--project", str(tmp_path), "demo", "--prepare-only")
    assert result.code == 2
    assert "no migrations/ folder" in result.err


def test_help_for_every_command(cli) -> None:
    from workbench.cli.main import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"tui", "demo", "db"} <= set(commands)
    for name in commands:
        result = cli(name, "--help")
        assert result.code == 0 and "usage: workbench" in result.out, name
    version = cli("--version")
    assert version.code == 0 and version.out.startswith("workbench ")


def test_unknown_command_and_flag_are_usage_errors(cli) -> None:
    assert cli("frobnicate").code == 2
    assert cli("db", "start", "--no-such-flag").code == 2


def test_failed_initdb_says_why(cli, tmp_path: Path) -> None:
    data = tmp_path / "p" / ".workbench" / "pgdata"
    data.mkdir(parents=True)
    (data / "stray-file").write_text("not a database")
    result = cli("--project", str(tmp_path / "p"), "db", "start")
    assert result.code == 2
    assert result.err.startswith("error: the embedded PostgreSQL server could not be initialized")
    assert "exists but is not empty" in result.err


def _local_postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


@pytest.mark.skipif(_local_postgres_bin() is None, reason="no local PostgreSQL binaries")
def test_postgres_bin_runs_local_binaries_then_the_wheel_again(cli, tmp_path: Path) -> None:
    local = tmp_path / "local"
    local.mkdir()
    (local / "workbench.toml").write_text(f'postgres_bin = "{_local_postgres_bin()}"\n', "utf-8")
    wheel = tmp_path / "wheel"
    wheel.mkdir()
    try:
        dsn = cli("--project", str(local), "db", "url").out.strip()
        with connect(dsn) as conn:
            local_version = conn.execute("SHOW server_version").fetchone()[0]
        dsn = cli("--project", str(wheel), "db", "url").out.strip()
        with connect(dsn) as conn:
            assert conn.execute("SHOW server_version").fetchone()[0].startswith("18")
        assert not local_version.startswith("18") or _local_postgres_bin().parent.name == "18"
    finally:
        EmbeddedServer(local / ".workbench").stop()
        EmbeddedServer(wheel / ".workbench").stop()


def test_postgres_bin_without_pg_ctl_is_a_clear_error(cli, tmp_path: Path) -> None:
    (tmp_path / "workbench.toml").write_text(f'postgres_bin = "{tmp_path}"\n', "utf-8")
    result = cli("--project", str(tmp_path), "db", "start")
    assert result.code == 2 and "has no pg_ctl" in result.err
