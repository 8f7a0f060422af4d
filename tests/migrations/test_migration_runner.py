"""`up` and `down` end to end: failures, positions, dry runs, rollbacks, bad input."""

from __future__ import annotations

import json

import pytest
from migration_helpers import catalog, history_rows, status_of

from workbench.db import connect

A = "-- migrate:up\nCREATE TABLE a (id int PRIMARY KEY);\n-- migrate:down\nDROP TABLE a;\n"
B = "-- migrate:up\nALTER TABLE a ADD COLUMN note text;\n-- migrate:down\nALTER TABLE a DROP COLUMN note;\n"

YES = {"status": (), "up": ("--yes",), "down": ("--yes",)}


def up(cli, root, dsn, *args):
    return cli("up", "--project", root, "--dsn", dsn, "--yes", *args)


def down(cli, root, dsn, *args):
    return cli("down", "--project", root, "--dsn", dsn, "--yes", *args)


def test_failure_halfway_leaves_database_and_history_as_before(cli, make_project, db_dsn):
    failing = (
        "-- migrate:up\n"
        "CREATE TABLE b (id int);\n"
        "INSERT INTO a VALUES (1);\n"
        "ALTER TABLE a\n"
        "    ADD COLUMN x nosuchtype;\n"
        "CREATE TABLE c (id int);\n"
    )
    root = make_project({"0001_a.sql": A, "0002_b.sql": failing, "0003_c.sql": B})
    assert up(cli, root, db_dsn, "--to", "1").code == 0
    before, rows_before = catalog(db_dsn), history_rows(db_dsn)

    result = up(cli, root, db_dsn)
    assert result.code == 2
    assert result.err == ('error: migrations/0002_b.sql:5:18: type "nosuchtype" does not exist\n')
    assert catalog(db_dsn) == before
    assert history_rows(db_dsn) == rows_before
    with connect(db_dsn, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM a").fetchone()[0] == 0
    assert status_of(cli, root, db_dsn) == {"0001": "applied", "0002": "failed", "0003": "pending"}


def test_error_without_server_position_points_at_the_statement(cli, make_project, db_dsn):
    root = make_project({"0001_a.sql": "\n\n  SELECT 1/0;\n"})
    result = up(cli, root, db_dsn)
    assert result.err == "error: migrations/0001_a.sql:3:3: division by zero\n"


def test_statement_timeout_from_config(cli, make_project, db_dsn):
    root = make_project(
        {"0001_slow.sql": "SELECT 1;\nSELECT pg_sleep(5);\n"},
        config='statement_timeout = "200ms"\n',
    )
    result = up(cli, root, db_dsn)
    assert result.code == 2
    assert result.err.startswith(
        "error: migrations/0001_slow.sql:2:1: canceling statement due to statement timeout"
    )


def test_dry_run_changes_nothing_and_shows_the_schema_diff(cli, make_project, db_dsn):
    root = make_project({"0001_a.sql": A, "0002_b.sql": B})
    assert up(cli, root, db_dsn, "--to", "1").code == 0
    before, rows_before = catalog(db_dsn), history_rows(db_dsn)

    result = cli("up", "--project", root, "--dsn", db_dsn, "--dry-run")  # no --yes needed
    assert result.code == 0, result.err
    assert "ALTER TABLE a ADD COLUMN note text;" in result.out
    assert "+ column public.a.note" in result.out
    data = json.loads(cli("up", "--project", root, "--dsn", db_dsn, "--dry-run", "--json").out)
    assert [m["version"] for m in data["migrations"]] == ["0002"]
    assert data["changes"] == [
        {
            "kind": "column",
            "object": "public.a.note",
            "change": "added",
            "from": None,
            "to": data["changes"][0]["to"],
        }
    ]
    data = json.loads(cli("down", "--project", root, "--dsn", db_dsn, "--dry-run", "--json").out)
    assert data["direction"] == "down" and data["migrations"][0]["source"] == "recorded"
    assert {(c["kind"], c["change"]) for c in data["changes"]} == {
        ("table", "removed"),
        ("constraint", "removed"),
        ("index", "removed"),
        ("column", "removed"),
    } or all(c["change"] == "removed" for c in data["changes"])
    assert catalog(db_dsn) == before
    assert history_rows(db_dsn) == rows_before


def test_dry_run_reports_the_error_position_and_changes_nothing(cli, make_project, db_dsn):
    root = make_project({"0001_a.sql": A, "0002_bad.sql": "ALTER TABLE a ADD COLUMN y nosuchtype;"})
    before = catalog(db_dsn)
    result = cli("up", "--project", root, "--dsn", db_dsn, "--dry-run")
    assert result.code == 2
    assert result.err == 'error: migrations/0002_bad.sql:1:28: type "nosuchtype" does not exist\n'
    assert catalog(db_dsn) == before and history_rows(db_dsn) == []


def test_rollback_runs_the_recorded_down_even_after_the_file_changed(cli, make_project, db_dsn):
    root = make_project({"0001_a.sql": A, "0002_b.sql": B})
    assert up(cli, root, db_dsn).code == 0
    recorded = history_rows(db_dsn)
    assert [r[3] for r in recorded] == ["DROP TABLE a;\n", "ALTER TABLE a DROP COLUMN note;\n"]
    # the files change (a broken down) and one disappears: the recorded downs still work
    (root / "migrations" / "0002_b.sql").write_text(B.replace("DROP COLUMN note", "BROKEN"))
    (root / "migrations" / "0001_a.sql").unlink()
    assert status_of(cli, root, db_dsn) == {"0001": "missing", "0002": "applied"}
    result = down(cli, root, db_dsn, "--steps", "2")
    assert result.code == 0, result.err
    assert "rolling back 0002_b … ok" in result.out and "rolling back 0001_a … ok" in result.out
    assert history_rows(db_dsn) == []
    with connect(db_dsn, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('public.a')").fetchone()[0] is None
        log = conn.execute(
            "SELECT version, direction, success FROM workbench.migration_log ORDER BY id"
        ).fetchall()
    assert log[-2:] == [("0002", "down", True), ("0001", "down", True)]


def test_down_to_a_version_and_failed_down_leaves_everything(cli, make_project, db_dsn):
    c = "-- migrate:up\nCREATE TABLE c (id int);\n-- migrate:down\nDROP TABLE c;\nSELECT 1/0;\n"
    root = make_project({"0001_a.sql": A, "0002_b.sql": B, "0003_c.sql": c})
    assert up(cli, root, db_dsn).code == 0
    before, rows = catalog(db_dsn), history_rows(db_dsn)
    result = down(cli, root, db_dsn, "--to", "1")
    assert result.code == 2
    assert result.err == "error: migrations/0003_c.sql:5:1: division by zero\n"
    assert catalog(db_dsn) == before and history_rows(db_dsn) == rows
    (root / "migrations" / "0003_c.sql").write_text(c.replace("SELECT 1/0;\n", ""))
    # the recorded down is the one that runs: still failing
    assert down(cli, root, db_dsn, "--to", "1").code == 2
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(
            "UPDATE workbench.schema_migrations SET down_sql = NULL WHERE version = '0003'"
        )
    # no recorded down: the file's current down runs
    result = down(cli, root, db_dsn, "--to", "1")
    assert result.code == 0, result.err
    assert status_of(cli, root, db_dsn) == {"0001": "applied", "0002": "pending", "0003": "pending"}


def test_session_settings_do_not_leak_between_migrations(cli, make_project, db_dsn):
    root = make_project(
        {
            "0001_a.sql": "CREATE SCHEMA other;\nSET search_path = other;\nCREATE TABLE t1 ();",
            "0002_b.sql": "CREATE TABLE t2 ();",
        }
    )
    assert up(cli, root, db_dsn).code == 0
    with connect(db_dsn, autocommit=True) as conn:
        assert conn.execute(
            "SELECT to_regclass('other.t1'), to_regclass('public.t2')"
        ).fetchone() == ("other.t1", "t2")


def test_no_transaction_files_and_transaction_control(cli, make_project, db_dsn):
    concurrently = "CREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n"
    root = make_project({"0001_a.sql": A, "0002_idx.sql": concurrently})
    result = up(cli, root, db_dsn)
    assert result.code == 2
    assert result.err.startswith(
        "error: migrations/0002_idx.sql:1:1: CREATE INDEX CONCURRENTLY cannot run inside a "
        "transaction block"
    )
    assert "workbench:no-transaction" in result.err
    (root / "migrations" / "0002_idx.sql").write_text(
        "-- workbench:no-transaction\n" + concurrently
    )
    preview = cli("up", "--project", root, "--dsn", db_dsn, "--dry-run")
    assert preview.code == 0, preview.err
    assert "+ index public.a.a_id_idx" in preview.out
    assert up(cli, root, db_dsn).code == 0
    # BEGIN/COMMIT around a file are the workbench's job: dropped; a block around part
    # of it (as Supabase templates write) runs inside the migration's transaction; an
    # unpaired COMMIT in the middle: an error
    wrapped = "BEGIN;\nCREATE TABLE w ();\nCOMMIT;\n"
    (root / "migrations" / "0003_w.sql").write_text(wrapped)
    assert up(cli, root, db_dsn).code == 0
    block = (
        "CREATE TABLE b1 ();\nbegin;\n  drop publication if exists wb_pub;\n"
        "  create publication wb_pub;\ncommit;\nalter publication wb_pub add table b1;\n"
    )
    (root / "migrations" / "0005_block.sql").write_text(block)
    assert up(cli, root, db_dsn).code == 0
    with connect(db_dsn, autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_publication_tables WHERE pubname = 'wb_pub'"
        ).fetchone() == (1,)
    (root / "migrations" / "0006_open.sql").write_text("BEGIN;\nCREATE TABLE o ();\n")
    opened = up(cli, root, db_dsn)
    assert opened.code == 2
    assert opened.err.startswith("error: migrations/0006_open.sql:1:1: BEGIN without")
    (root / "migrations" / "0006_open.sql").write_text("CREATE TABLE o ();\n")
    assert up(cli, root, db_dsn).code == 0
    (root / "migrations" / "0099_x.sql").write_text(
        "CREATE TABLE x ();\nCOMMIT;\nCREATE TABLE y ();"
    )
    result = up(cli, root, db_dsn)
    assert result.code == 2
    assert result.err.startswith("error: migrations/0099_x.sql:2:1: transaction control (COMMIT)")
    with connect(db_dsn, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('public.x')").fetchone()[0] is None


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"0001_a.sql": A, "1_b.sql": B},
            "error: duplicate migration version 1: migrations/0001_a.sql and migrations/1_b.sql",
        ),
        (
            {"0001_a.sql": b"SELECT '\xe9';"},
            "error: migrations/0001_a.sql:1:9: not valid UTF-8 (byte 0xe9)",
        ),
        (
            {"0001_a.sql": "SELECT $$ never closed;"},
            "error: migrations/0001_a.sql:1:8: unterminated dollar-quoted string ($$ without a closing $$)",
        ),
        (
            {"0001_a.sql": "SELECT 'open"},
            "error: migrations/0001_a.sql:1:8: unterminated string literal",
        ),
    ],
)
def test_bad_files_are_one_line_errors_and_change_nothing(
    cli, make_project, shared_db_dsn, files, message
):
    root = make_project(files)
    for command in ("status", "up"):
        result = cli(command, "--project", root, "--dsn", shared_db_dsn, *YES[command])
        assert result.code == 2
        assert result.err.startswith(message) and result.err.count("\n") == 1
    assert history_rows(shared_db_dsn) == []
    with connect(shared_db_dsn, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('public.a')").fetchone()[0] is None


def test_badly_named_files_are_warned_about_and_skipped(cli, make_project, db_dsn):
    root = make_project({"0001_a.sql": A, "init.sql": "CREATE TABLE nope ();"})
    result = up(cli, root, db_dsn)
    assert result.code == 0
    assert "warning: migrations/init.sql: not named <version>_<name>.sql; skipped" in result.err
    assert status_of(cli, root, db_dsn) == {"0001": "applied"}


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (
            "ALTER TABLE workbench.schema_migrations DROP COLUMN checksum",
            "error: the history table workbench.schema_migrations has no column 'checksum'",
        ),
        (
            "ALTER TABLE workbench.schema_migrations ALTER COLUMN applied_at TYPE text",
            "error: the history table workbench.schema_migrations: column 'applied_at' has type text",
        ),
        (
            "ALTER TABLE workbench.schema_migrations DROP CONSTRAINT schema_migrations_version_check;"
            "INSERT INTO workbench.schema_migrations (version, name) VALUES ('v2', 'x')",
            "error: workbench.schema_migrations has a row with version 'v2', which is not a migration",
        ),
        (
            "ALTER TABLE workbench.schema_migrations DROP CONSTRAINT schema_migrations_pkey;"
            "INSERT INTO workbench.schema_migrations (version, name) VALUES ('1', 'x')",
            "error: workbench.schema_migrations records version 1 twice",
        ),
        (
            "ALTER TABLE workbench.migration_log DROP COLUMN success",
            "error: the history table workbench.migration_log has no column 'success'",
        ),
    ],
)
def test_history_edited_by_hand_is_a_clear_error(cli, make_project, shared_db_dsn, tamper, message):
    db_dsn = shared_db_dsn
    root = make_project({"0001_a.sql": A, "0002_b.sql": B})
    try:
        assert up(cli, root, db_dsn, "--to", "1").code == 0
        with connect(db_dsn, autocommit=True) as conn:
            conn.execute(tamper)
        before = catalog(db_dsn, ["public"])
        for command in ("status", "up", "down"):
            result = cli(command, "--project", root, "--dsn", db_dsn, *YES[command])
            assert result.code == 2, command
            assert result.err.startswith(message), result.err
        assert catalog(db_dsn, ["public"]) == before
    finally:  # leave the shared database as it was
        with connect(db_dsn, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS workbench CASCADE; DROP TABLE IF EXISTS a")


def test_writes_to_a_non_embedded_target_need_confirmation(cli, make_project, db_dsn):
    root = make_project({"0001_a.sql": A})
    result = cli("up", "--project", root, "--dsn", db_dsn)
    assert result.code == 2
    assert "refusing without a terminal; pass --yes" in result.err
    assert "0001_a" in result.out  # what would have been applied
    assert history_rows(db_dsn) == []
    assert up(cli, root, db_dsn).code == 0
    result = cli("down", "--project", root, "--dsn", db_dsn)
    assert result.code == 2 and "pass --yes" in result.err
    assert status_of(cli, root, db_dsn) == {"0001": "applied"}


def test_new_creates_a_timestamped_file_with_markers(cli, make_project):
    root = make_project({})
    first = cli("new", "--project", root, "Add users' locale!")
    second = cli("new", "--project", root, "add users locale")
    assert first.code == 0 and second.code == 0
    files = sorted(p.name for p in (root / "migrations").iterdir())
    assert len(files) == 2 and all(f.endswith("_add_users_locale.sql") for f in files)
    assert files[0] != files[1] and all(len(f.split("_")[0]) == 14 for f in files)
    text = (root / "migrations" / files[0]).read_text()
    assert text.startswith("-- migrate:up\n") and "-- migrate:down" in text
    assert cli("new", "--project", root, "!!!").code == 2


def test_generated_down_is_shown_and_runs_only_when_confirmed(cli, make_project, db_dsn):
    root = make_project(
        {
            "0001_a.sql": "CREATE TABLE a (id int PRIMARY KEY);",
            "0002_b.sql": "ALTER TABLE a ADD COLUMN note text;\nCREATE INDEX a_note_idx ON a (note);",
        }
    )
    assert up(cli, root, db_dsn).code == 0
    before = catalog(db_dsn)
    dry = cli("down", "--project", root, "--dsn", db_dsn, "--dry-run", "--json")
    assert dry.code == 0, dry.err
    (step,) = json.loads(dry.out)["migrations"]
    assert step["source"] == "generated" and step["version"] == "0002"
    assert "DROP INDEX" in step["sql"] and "DROP COLUMN note" in step["sql"]
    # shown for review, never run without confirmation
    refused = cli("down", "--project", root, "--dsn", db_dsn)
    assert "GENERATED down" in refused.out and "- column public.a.note" in refused.out
    assert refused.code == 2 and "pass --yes" in refused.err
    assert catalog(db_dsn) == before
    from workbench.compare.generated_downs import down_generator
    from workbench.config import load_config
    from workbench.errors import WorkbenchError
    from workbench.migrations.files import load_project
    from workbench.migrations.runner import rollback

    project = load_project(load_config(root))
    with pytest.raises(WorkbenchError, match="must be reviewed and confirmed"):
        rollback(db_dsn, project, generate=down_generator(project, db_dsn))
    assert catalog(db_dsn) == before
    seen = []
    result = rollback(
        db_dsn,
        project,
        generate=down_generator(project, db_dsn),
        approve=lambda s: seen.append(s.sql) or False,
    )
    assert result.stopped and not result.steps and "DROP COLUMN note" in seen[0]
    done = cli("down", "--project", root, "--dsn", db_dsn, "--yes")
    assert done.code == 0, done.err
    assert status_of(cli, root, db_dsn) == {"0001": "applied", "0002": "pending"}
    with connect(db_dsn, autocommit=True) as conn:
        assert (
            conn.execute(
                "SELECT count(*) FROM pg_attribute WHERE attrelid = 'a'::regclass AND attname = 'note'"
            ).fetchone()[0]
            == 0
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("up", "--to", "abc"), "error: --to 'abc': a version is digits only"),
        (("up", "--to", "999"), "error: --to 999: no migration with this version"),
        (("up", "--dry-run", "--to", "x1"), "error: --to 'x1': a version is digits only"),
        (("down", "--steps", "0"), "error: --steps must be at least 1"),
        (("down", "--to", "v1"), "error: --to 'v1': a version is digits only"),
    ],
)
def test_bad_arguments_are_one_line_errors(cli, make_project, shared_db_dsn, args, message):
    root = make_project({"0001_a.sql": A})
    result = cli(*args, "--project", root, "--dsn", shared_db_dsn, "--yes")
    assert result.code == 2
    assert result.err.startswith(message) and result.err.count("\n") == 1
    assert history_rows(shared_db_dsn) == []


def test_names_are_printed_literally(cli, make_project, shared_db_dsn):
    root = make_project({"0001_[bold]x.sql": "SELECT 1;", "[red]bad.sql": "SELECT 2;"})
    result = cli("status", "--project", root, "--dsn", shared_db_dsn)
    assert result.code == 0, result.err
    assert "[bold]x" in result.out
    assert "warning: migrations/[red]bad.sql: not named" in result.err
