"""Every state of the timeline, through `workbench status --json`, `up` and `down`."""

from __future__ import annotations

import json
import os

from migration_helpers import history_rows, status_of
from psycopg import sql
from psycopg.conninfo import make_conninfo

from workbench.db import connect

BASE = "99999999999999_master_consolidated_schema.sql"
FILES = {
    BASE: "CREATE TABLE IF NOT EXISTS base (id int);\n",
    "20250101000000_a.sql": "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
    "20250102000000_b.sql": "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n",
    "20250103000000_c.sql": "-- migrate:up\nCREATE TABLE c (id int);\n-- migrate:down\nDROP TABLE c;\n",
}
ARCHIVE = {"2025-11-05_telemetry.sql": "select 1;", "20240101000000_initial.sql": "select 2;"}


def test_fresh_database_all_pending_archive_last(cli, make_project, db_dsn) -> None:
    root = make_project(FILES, archive=ARCHIVE)
    result = cli("status", "--project", root, "--dsn", db_dsn, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["target"] == db_dsn
    entries = data["migrations"]
    assert [(m["version"], m["state"]) for m in entries] == [
        ("99999999999999", "pending"),
        ("20250101000000", "pending"),
        ("20250102000000", "pending"),
        ("20250103000000", "pending"),
        ("20240101000000", "archived"),
        ("20251105", "archived"),
    ]
    first = entries[0]
    assert set(first) == {
        "version",
        "name",
        "state",
        "applied_at",
        "duration_ms",
        "checksum",
        "file",
        "error",
    }
    assert first["file"] == f"migrations/{BASE}" and len(first["checksum"]) == 64
    assert first["applied_at"] is None and first["duration_ms"] is None
    assert history_rows(db_dsn) == []  # status never creates the history


def test_up_to_then_out_of_order_modified_missing(cli, make_project, db_dsn) -> None:
    root = make_project(FILES)
    run = cli("up", "--project", root, "--dsn", db_dsn, "--to", "20250102000000", "--yes")
    assert run.code == 0, run.err
    assert status_of(cli, root, db_dsn) == {
        "99999999999999": "baseline",
        "20250101000000": "applied",
        "20250102000000": "applied",
        "20250103000000": "pending",
    }
    text = cli("status", "--project", root, "--dsn", db_dsn)
    assert "◆" in text.out and "✓" in text.out and "●" in text.out
    assert "2 applied" in text.out and "1 pending" in text.out

    # an older file appears after newer ones were applied: out-of-order, skipped by default
    (root / "migrations" / "20250101120000_late.sql").write_text("CREATE TABLE late (id int);")
    assert status_of(cli, root, db_dsn)["20250101120000"] == "out-of-order"
    run = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert run.code == 0, run.err
    assert "skipped 20250101120000_late" in run.err
    states = status_of(cli, root, db_dsn)
    assert states["20250101120000"] == "out-of-order" and states["20250103000000"] == "applied"
    run = cli("up", "--project", root, "--dsn", db_dsn, "--include-all", "--yes")
    assert run.code == 0, run.err
    assert status_of(cli, root, db_dsn)["20250101120000"] == "applied"

    # an applied file edited: modified; an applied file deleted: missing
    (root / "migrations" / "20250101000000_a.sql").write_text(
        FILES["20250101000000_a.sql"] + "\n-- x"
    )
    (root / "migrations" / "20250102000000_b.sql").write_text(
        FILES["20250102000000_b.sql"].replace("(id int)", "(id bigint)")
    )
    (root / "migrations" / "20250103000000_c.sql").unlink()
    states = status_of(cli, root, db_dsn)
    assert states["20250101000000"] == "applied"  # only the down section changed
    assert states["20250102000000"] == "modified"
    assert states["20250103000000"] == "missing"
    text = cli("status", "--project", root, "--dsn", db_dsn).out
    assert "✎" in text and "?" in text and "file changed since it was applied" in text


def test_failed_state_records_the_error(cli, make_project, db_dsn) -> None:
    files = dict(FILES)
    files["20250102000000_b.sql"] = "CREATE TABLE b (id int);\nSELECT * FROM nope;\n"
    root = make_project(files)
    run = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert run.code == 2
    assert run.err.strip() == (
        'error: migrations/20250102000000_b.sql:2:15: relation "nope" does not exist'
    )
    states = status_of(cli, root, db_dsn)
    assert states["20250101000000"] == "applied"
    assert states["20250102000000"] == "failed"
    assert states["20250103000000"] == "pending"
    text = cli("status", "--project", root, "--dsn", db_dsn).out
    assert "✗" in text and 'relation "nope" does not exist' in text
    with connect(db_dsn, autocommit=True) as conn:
        log = conn.execute(
            "SELECT version, direction, success, error FROM workbench.migration_log ORDER BY id"
        ).fetchall()
    assert [(v, d, s) for v, d, s, _ in log] == [
        ("99999999999999", "up", True),
        ("20250101000000", "up", True),
        ("20250102000000", "up", False),
    ]
    assert "nope" in log[-1][3]
    # fixing the file lets `up` retry it
    (root / "migrations" / "20250102000000_b.sql").write_text("CREATE TABLE b (id int);\n")
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 0
    assert set(status_of(cli, root, db_dsn).values()) == {"baseline", "applied"}


def test_baseline_only_on_a_database_without_applied_migrations(cli, make_project, db_dsn) -> None:
    root = make_project(FILES)
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS supabase_migrations")
        conn.execute(
            "CREATE TABLE supabase_migrations.schema_migrations"
            " (version text PRIMARY KEY, statements text[], name text)"
        )
        conn.execute(
            "INSERT INTO supabase_migrations.schema_migrations VALUES ('20250101000000', NULL, 'a')"
        )
        conn.execute("CREATE TABLE a (id int)")
    # applied by Supabase CLI: counts as applied, checksum unknown; the baseline is not needed
    states = status_of(cli, root, db_dsn)
    assert states["99999999999999"] == "baseline"
    assert states["20250101000000"] == "applied"
    run = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert run.code == 0, run.err
    assert "99999999999999" not in run.out  # the baseline did not run
    with connect(db_dsn, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('public.base')").fetchone()[0] is None
        rows = conn.execute(
            "SELECT version, name, statements FROM supabase_migrations.schema_migrations"
            " ORDER BY version"
        ).fetchall()
    # the workbench mirrors its applies into Supabase's table, so `supabase migration list` agrees
    assert rows == [
        ("20250101000000", "a", None),
        ("20250102000000", "b", ["CREATE TABLE b (id int)"]),
        ("20250103000000", "c", ["CREATE TABLE c (id int)"]),
    ]
    assert cli("down", "--project", root, "--dsn", db_dsn, "--steps", "3", "--yes").code == 0
    with connect(db_dsn, autocommit=True) as conn:
        assert (
            conn.execute("SELECT count(*) FROM supabase_migrations.schema_migrations").fetchone()[0]
            == 0
        )
        assert conn.execute("SELECT to_regclass('public.a')").fetchone()[0] is None
    assert history_rows(db_dsn) == []


def test_archived_version_in_history_is_not_missing(cli, make_project, db_dsn) -> None:
    root = make_project(FILES, archive=ARCHIVE)
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS supabase_migrations")
        conn.execute(
            "CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY)"
        )
        conn.execute("INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101000000')")
    data = json.loads(cli("status", "--project", root, "--dsn", db_dsn, "--json").out)
    assert [m["state"] for m in data["migrations"]].count("missing") == 0
    assert data["migrations"][-2]["version"] == "20240101000000"


def test_status_on_an_unreachable_target_is_one_line(cli, make_project) -> None:
    root = make_project(FILES)
    result = cli("status", "--project", root, "--dsn", "postgresql://u:secret@127.0.0.1:1/x")
    assert result.code == 2
    assert result.err.startswith("error: cannot connect") and "secret" not in result.err


def test_history_without_privileges_is_a_clear_error(cli, make_project, db_dsn) -> None:
    root = make_project(FILES)
    role = f"wb_reader_{os.getpid()}"
    assert (
        cli("up", "--project", root, "--dsn", db_dsn, "--to", "20250101000000", "--yes").code == 0
    )
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    try:
        reader = make_conninfo(db_dsn, user=role)
        result = cli("status", "--project", root, "--dsn", reader)
        assert result.code == 2
        assert result.err.strip() == (
            "error: cannot read the migration history: permission denied for schema workbench"
        )
    finally:
        with connect(db_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_failing_to_record_in_the_history_keeps_nothing(cli, make_project, db_dsn) -> None:
    root = make_project(FILES)
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS supabase_migrations")
        conn.execute(
            "CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY"
            " CHECK (version <> '20250102000000'), name text)"
        )
        conn.execute(
            "INSERT INTO supabase_migrations.schema_migrations VALUES ('20250101000000', 'a')"
        )
        conn.execute("CREATE TABLE a (id int)")
    result = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert result.code == 2
    assert result.err.startswith(
        "error: 20250102000000_b: could not record it in the migration history (new row for "
        'relation "schema_migrations" violates check constraint'
    )
    assert result.err.rstrip().endswith("nothing of it was kept")
    with connect(db_dsn, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('public.b')").fetchone()[0] is None
    assert status_of(cli, root, db_dsn)["20250102000000"] == "failed"
