"""`workbench lint`: each project rule with a positive and a negative case, and squawk."""

from __future__ import annotations

import json

import pytest

from workbench.config import load_config
from workbench.migrations import migration_lint as lint_module
from workbench.migrations.files import load_project
from workbench.migrations.migration_lint import lint

BASE = "99999999999999_master_consolidated_schema.sql"


def findings(make_project, files, *, config=None, squawk=False):
    root = make_project(files, config=config)
    project = load_project(load_config(root))
    return [(f.name, f.file.split("/")[-1], f.line) for f in lint(project, squawk=squawk).findings]


def names(found) -> set[str]:
    return {name for name, _, _ in found}


def test_mixed_schema_and_data(make_project) -> None:
    mixed = "-- migrate:up\nCREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n-- migrate:down\nDROP TABLE t;"
    assert ("mixed_schema_and_data", "0001_m.sql", 3) in findings(
        make_project, {"0001_m.sql": mixed}
    )
    schema_only = "-- migrate:up\nCREATE TABLE t (id int);\nCREATE INDEX i ON t (id);\n-- migrate:down\nDROP TABLE t;"
    data_only = "-- migrate:up\nUPDATE t SET id = 1 WHERE id = 0;\n-- migrate:down\n"
    found = findings(make_project, {"0001_s.sql": schema_only, "0002_d.sql": data_only})
    assert "mixed_schema_and_data" not in names(found)


def test_baseline_sorting_after_incremental_migrations(make_project) -> None:
    files = {BASE: "CREATE TABLE IF NOT EXISTS t (id int);", "0001_a.sql": "SELECT 1;"}
    assert ("baseline_sorts_last", BASE, 1) in findings(make_project, files)
    files = {"0000_base.sql": "CREATE TABLE IF NOT EXISTS t (id int);", "0001_a.sql": "SELECT 1;"}
    found = findings(make_project, files, config='baseline = "0000_base.sql"\n')
    assert "baseline_sorts_last" not in names(found)


def test_missing_down(make_project) -> None:
    found = findings(
        make_project,
        {
            "0001_none.sql": "CREATE TABLE t ();",
            "0002_marker.sql": "CREATE TABLE u ();\n-- migrate:down\nDROP TABLE u;",
            "0003_sibling.sql": "CREATE TABLE v ();",
            "0003_sibling.down.sql": "DROP TABLE v;",
        },
    )
    missing = [file for name, file, _ in found if name == "missing_down"]
    assert missing == ["0001_none.sql"]


@pytest.mark.parametrize(
    ("statement", "safe"),
    [
        ("CREATE TABLE t (id int);", "CREATE TABLE IF NOT EXISTS t (id int);"),
        ("CREATE INDEX i ON t (id);", "CREATE INDEX IF NOT EXISTS i ON t (id);"),
        (
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;",
            "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;",
        ),
        (
            'CREATE POLICY "p" ON t USING (true);',
            'DROP POLICY IF EXISTS "p" ON t;\nCREATE POLICY "p" ON t USING (true);',
        ),
        (
            "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();",
            "DROP TRIGGER IF EXISTS tr ON t;\n"
            "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();",
        ),
        (
            "CREATE TYPE mood AS ENUM ('a');",
            "DO $$ BEGIN CREATE TYPE mood AS ENUM ('a');\n"
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
        ),
        ("INSERT INTO t VALUES (1);", "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;"),
        ("ALTER TABLE t ADD COLUMN c int;", "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int;"),
        (
            "ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0);",
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS c;\nALTER TABLE t ADD CONSTRAINT c CHECK (id > 0);",
        ),
        ("CREATE EXTENSION citext;", "CREATE EXTENSION IF NOT EXISTS citext;"),
    ],
)
def test_baseline_statements_must_be_rerunnable(make_project, statement, safe) -> None:
    found = findings(make_project, {BASE: "SELECT 1;\n" + statement})
    assert ("baseline_not_idempotent", BASE, 2) in found
    assert "baseline_not_idempotent" not in names(findings(make_project, {BASE: safe}))


@pytest.mark.parametrize(
    ("statement", "safe"),
    [
        ("DROP TABLE t;", "DROP INDEX IF EXISTS i;"),
        ("ALTER TABLE t DROP COLUMN c;", "ALTER TABLE t ADD COLUMN c int;"),
        ("TRUNCATE t;", "SELECT count(*) FROM t;"),
        ("DELETE FROM t;", "DELETE FROM t WHERE id < 0;"),
        ("ALTER TABLE t ALTER COLUMN c TYPE bigint;", "ALTER TABLE t ALTER COLUMN c SET NOT NULL;"),
    ],
)
def test_destructive_statements(make_project, statement, safe) -> None:
    down = "\n-- migrate:down\n"
    found = findings(make_project, {"0001_x.sql": "-- migrate:up\nSELECT 1;\n" + statement + down})
    assert ("destructive_statement", "0001_x.sql", 3) in found
    found = findings(make_project, {"0001_x.sql": "-- migrate:up\nSELECT 1;\n" + safe + down})
    assert "destructive_statement" not in names(found)
    # the down section may drop things: that is its job
    found = findings(make_project, {"0001_x.sql": "-- migrate:up\nSELECT 1;" + down + statement})
    assert "destructive_statement" not in names(found)


def test_squawk_findings_map_to_the_file_lines(make_project) -> None:
    index = (
        "-- migrate:up\n-- a comment\n\nCREATE INDEX t_id_idx ON t (id);\n"
        "-- migrate:down\nDROP INDEX t_id_idx;\n"
    )
    found = findings(make_project, {"0001_i.sql": index}, squawk=True)
    assert ("squawk:require-concurrent-index-creation", "0001_i.sql", 4) in found
    # the down section is not linted; the runner's lock_timeout satisfies require-lock-timeout
    assert all(line < 5 for name, _, line in found if name.startswith("squawk:"))
    assert "squawk:require-lock-timeout" not in names(found)
    concurrent = (
        "-- workbench:no-transaction\n-- migrate:up\n"
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_id_idx ON t (id);\n"
        "-- migrate:down\nDROP INDEX CONCURRENTLY IF EXISTS t_id_idx;\n"
    )
    found = findings(make_project, {"0001_i.sql": concurrent}, squawk=True)
    assert "squawk:require-concurrent-index-creation" not in names(found)


def test_lint_without_squawk_warns_and_still_runs_project_rules(make_project, monkeypatch):
    monkeypatch.setattr(lint_module, "squawk_binary", lambda: None)
    root = make_project({"0001_x.sql": "CREATE INDEX i ON t (id);"})
    result = lint(load_project(load_config(root)))
    assert result.warnings == [
        "squawk is not installed (pip install squawk-cli): DDL safety checks skipped"
    ]
    assert [f.name for f in result.findings] == ["missing_down"]


def test_lint_cli_json_shape_files_and_exit_code(cli, make_project) -> None:
    root = make_project(
        {
            "0001_ok.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n",
            "0002_drop.sql": "-- migrate:up\nDROP TABLE IF EXISTS t;\n-- migrate:down\n",
        }
    )
    result = cli("lint", "--project", root, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["ok"] is False
    drop = next(f for f in data["findings"] if f["name"] == "destructive_statement")
    assert drop == {
        "name": "destructive_statement",
        "level": "WARN",
        "file": "migrations/0002_drop.sql",
        "line": 2,
        "detail": drop["detail"],
    }
    assert cli("lint", "--project", root, "--exit-code").code == 1
    only = cli("lint", "--project", root, "--json", root / "migrations" / "0001_ok.sql")
    assert all(f["file"] == "migrations/0001_ok.sql" for f in json.loads(only.out)["findings"])
    text = cli("lint", "--project", root)
    assert "migrations/0002_drop.sql:2" in text.out and "destructive_statement" in text.out
    bad = cli("lint", "--project", root, root / "nope.sql")
    assert bad.code == 2 and bad.err.startswith("error: ") and "nope.sql: no such file" in bad.err


def test_applied_file_modified(cli, make_project, db_dsn) -> None:
    a = "-- migrate:up\nCREATE TABLE a ();\n-- migrate:down\nDROP TABLE a;\n"
    root = make_project({"0001_a.sql": a})
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 0

    def modified() -> list:
        out = cli("lint", "--project", root, "--dsn", db_dsn, "--json").out
        return [f for f in json.loads(out)["findings"] if f["name"] == "applied_file_modified"]

    (root / "migrations" / "0001_a.sql").write_text(
        a.replace("DROP TABLE a;", "DROP TABLE a CASCADE;")
    )
    assert modified() == []  # the down section may change
    (root / "migrations" / "0001_a.sql").write_text(a.replace("a ()", "a (id int)"))
    found = modified()
    assert len(found) == 1 and found[0]["level"] == "ERROR" and found[0]["line"] == 2
