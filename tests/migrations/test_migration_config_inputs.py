"""Config values and project layouts a user gets wrong: timeouts, a missing migrations
folder, empty migrations — each a clear error or warning, the database unchanged."""

from __future__ import annotations

import json

import pytest
from migration_helpers import history_rows, status_of

CREATE = "-- migrate:up\nCREATE TABLE public.t (id int);\n-- migrate:down\nDROP TABLE public.t;\n"
EMPTY = "-- migrate:up\n\n-- just a comment\n\n-- migrate:down\n\n"


# --- item 7: timeouts ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["10 s", "10s", "1500ms", "2 min", "0", " 3 s "])
def test_valid_postgresql_durations_are_applied(cli, make_project, db_dsn, value):
    root = make_project({"0001_t.sql": CREATE}, config=f'lock_timeout = "{value}"\n')
    result = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert result.code == 0, result.err
    assert status_of(cli, root, db_dsn) == {"0001": "applied"}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("lock_timeout", "10s -c search_path=evil"),
        ("lock_timeout", "ten seconds"),
        ("statement_timeout", "5s' OR '1"),
        ("statement_timeout", "-1s"),
        ("lock_timeout", ""),
    ],
)
def test_invalid_durations_are_config_errors_naming_the_key(cli, make_project, db_dsn, key, value):
    root = make_project({"0001_t.sql": CREATE}, config=f"{key} = {json.dumps(value)}\n")
    for command in (("up", "--yes"), ("status",)):
        result = cli(*command, "--project", root, "--dsn", db_dsn)
        assert result.code == 2
        assert result.err.startswith("error: ") and f"'{key}'" in result.err
        assert "must be a duration" in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert history_rows(db_dsn) == []


def test_timeouts_survive_the_reset_between_migrations(make_project, db_dsn):
    from workbench.config import load_config
    from workbench.migrations.session import open_session, session_defaults

    root = make_project({}, config='lock_timeout = "7 s"\nstatement_timeout = "3min"\n')
    with open_session(db_dsn, load_config(root)) as conn:
        conn.execute("SET lock_timeout = 0")
        session_defaults(conn)
        assert conn.execute("SHOW lock_timeout").fetchone()[0] == "7s"
        assert conn.execute("SHOW statement_timeout").fetchone()[0] == "3min"


# --- item 8: the migrations folder -------------------------------------------------------


def test_configured_missing_folder_is_a_config_error(cli, make_project, db_dsn):
    root = make_project({"0001_t.sql": CREATE})
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 0
    (root / "workbench.toml").write_text('migrations = "nonexistent_dir"\n', "utf-8")
    for command in (("status",), ("up", "--yes"), ("new", "x"), ("lint",), ("validate",)):
        result = cli(*command, "--project", root, "--dsn", db_dsn)
        assert result.code == 2, (command, result.out)
        assert "migrations folder 'nonexistent_dir' does not exist" in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert not (root / "nonexistent_dir").exists()  # `new` did not create it


def test_applied_history_without_any_folder_is_an_error_not_all_missing(
    cli, make_project, db_dsn, tmp_path
):
    root = make_project({"0001_t.sql": CREATE})
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli("status", "--project", elsewhere, "--dsn", db_dsn)
    assert result.code == 2 and "1 applied migration(s)" in result.err
    assert "missing" not in result.out


def test_default_folder_may_be_missing_in_a_new_project(cli, tmp_path, db_dsn):
    root = tmp_path / "fresh"
    root.mkdir()
    assert cli("status", "--project", root, "--dsn", db_dsn).code == 0
    result = cli("new", "first step", "--project", root)
    assert result.code == 0, result.err
    assert len(list((root / "migrations").glob("*_first_step.sql"))) == 1


# --- item 9: empty migrations ------------------------------------------------------------


def test_empty_migration_is_flagged_and_applied_with_a_warning(cli, make_project, db_dsn):
    # Real projects ship comment-only migrations (a trigger left for the reader to
    # uncomment); Supabase CLI applies them, so the workbench does too, and says so.
    root = make_project({"0001_t.sql": CREATE, "0002_empty.sql": EMPTY})
    lint = cli("lint", "--project", root, "--json")
    names = {(f["name"], f["file"]) for f in json.loads(lint.out)["findings"]}
    assert ("empty_migration", "migrations/0002_empty.sql") in names
    status = cli("status", "--project", root, "--dsn", db_dsn)
    assert "0002_empty: empty" in status.out
    result = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert result.code == 0, result.err
    assert "warning: 0002_empty has no statement: it is recorded as applied" in result.err
    assert status_of(cli, root, db_dsn) == {"0001": "applied", "0002": "applied"}
    # SQL written afterwards shows as modified, as the warning said
    (root / "migrations" / "0002_empty.sql").write_text("SELECT 1;\n", "utf-8")
    assert status_of(cli, root, db_dsn)["0002"] == "modified"


# --- item 12: status --json carries the failure ------------------------------------------


def test_status_json_has_the_error_of_a_failed_migration(cli, make_project, db_dsn):
    bad = "-- migrate:up\nCREATE TABLE public.u (id int);\nSELECT * FROM nowhere;\n"
    root = make_project({"0001_t.sql": CREATE, "0002_bad.sql": bad})
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 2
    result = cli("status", "--project", root, "--dsn", db_dsn, "--json")
    entries = {m["version"]: m for m in json.loads(result.out)["migrations"]}
    assert entries["0001"]["error"] is None
    failed = entries["0002"]
    assert failed["state"] == "failed"
    assert "migrations/0002_bad.sql:3" in failed["error"] and "nowhere" in failed["error"]
