"""Previews review each statement: locks, rewrites, blocks, dangers, data loss, access (SPEC 15)."""

from __future__ import annotations

import json

import pytest
from migration_helpers import catalog

from workbench.db import connect
from workbench.migrations import locks
from workbench.migrations.review import LARGE_TABLE_ROWS

BASE = """
CREATE TABLE parent (id int PRIMARY KEY, name varchar(20));
CREATE TABLE child (id int PRIMARY KEY, parent_id int, note text, amount int);
CREATE INDEX child_amount_idx ON child (amount);
INSERT INTO parent SELECT g, 'name ' || g FROM generate_series(1, 5) g;
INSERT INTO child SELECT g, g % 5 + 1, CASE WHEN g % 2 = 0 THEN 'n' END, g
FROM generate_series(1, 10) g;
ANALYZE parent; ANALYZE child;
"""


def setup(dsn: str, script: str = BASE) -> None:
    with connect(dsn, autocommit=True) as conn:
        conn.execute(script)


def rows_of(dsn: str) -> list:
    with connect(dsn, autocommit=True) as conn:
        return [
            conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("parent", "child")
        ]


def dry(cli, make_project, dsn, *files: str, direction: str = "up", config: str | None = None):
    """`up --dry-run --json` over one migration per file; checks the target is unchanged."""
    root = make_project(
        {f"000{i + 1}_m{i + 1}.sql": text for i, text in enumerate(files)}, config=config
    )
    before, data = catalog(dsn), rows_of(dsn)
    result = cli(direction, "--project", root, "--dsn", dsn, "--dry-run", "--json")
    assert result.code == 0, result.err
    assert catalog(dsn) == before and rows_of(dsn) == data  # a preview changes nothing
    return json.loads(result.out)["migrations"]


def only(migration: dict) -> dict:
    assert len(migration["statements"]) == 1
    return migration["statements"][0]


def codes(statement: dict) -> set[str]:
    return {m["code"] for m in statement["markers"]}


def test_add_column_takes_access_exclusive_without_rewrite(cli, make_project, db_dsn):
    setup(db_dsn)
    [migration] = dry(cli, make_project, db_dsn, "ALTER TABLE child ADD COLUMN extra int;")
    statement = only(migration)
    assert statement["line"] == 1 and statement["command"] == "ALTER TABLE"
    assert [(x["relation"], x["mode"]) for x in statement["locks"]] == [
        ("public.child", "AccessExclusiveLock")
    ]
    assert statement["locks"][0]["rows"] == 10 and statement["locks"][0]["size_bytes"] > 0
    assert statement["rewrites"] == []
    assert statement["blocks"] == ["SELECT", "INSERT", "UPDATE", "DELETE"]
    assert isinstance(statement["duration_ms"], float | int) and statement["duration_ms"] >= 0
    assert not migration["static"] and migration["data_loss"] == [] and migration["access"] == []
    assert "rewrite" not in codes(statement) and "exclusive_large" not in codes(statement)


def test_type_change_rewrites_the_table_and_its_indexes(cli, make_project, db_dsn):
    setup(db_dsn)
    sql = "ALTER TABLE child ALTER COLUMN amount TYPE bigint;"
    statement = only(dry(cli, make_project, db_dsn, sql)[0])
    # the table is copied, so every index of it is rebuilt too
    assert statement["rewrites"] == ["public.child", "public.child_amount_idx", "public.child_pkey"]
    assert "rewrite" in codes(statement) and "type_change" in codes(statement)
    # one danger for the table: its indexes are rebuilt with it
    assert [m["relation"] for m in statement["markers"] if m["code"] == "rewrite"] == [
        "public.child"
    ]


def test_volatile_default_rewrites_constant_default_does_not(cli, make_project, db_dsn):
    setup(db_dsn)
    volatile, constant = dry(
        cli,
        make_project,
        db_dsn,
        "ALTER TABLE child ADD COLUMN seen timestamptz DEFAULT clock_timestamp();",
        "ALTER TABLE parent ADD COLUMN flag int DEFAULT 7;",
    )
    assert "public.child" in only(volatile)["rewrites"]
    assert {"rewrite", "volatile_default"} <= codes(only(volatile))
    assert only(constant)["rewrites"] == []


def test_create_index_takes_share_lock_blocking_writes_not_reads(cli, make_project, db_dsn):
    setup(db_dsn)
    statement = only(dry(cli, make_project, db_dsn, "CREATE INDEX ON child (note);")[0])
    assert [(x["relation"], x["mode"]) for x in statement["locks"]] == [
        ("public.child", "ShareLock")
    ]
    assert statement["blocks"] == ["INSERT", "UPDATE", "DELETE"]
    assert "create_index_concurrently" in codes(statement)
    advice = next(m["advice"] for m in statement["markers"])
    assert "CONCURRENTLY" in advice and "workbench:no-transaction" in advice


def test_foreign_key_locks_both_tables(cli, make_project, db_dsn):
    setup(db_dsn)
    sql = "ALTER TABLE child ADD FOREIGN KEY (parent_id) REFERENCES parent (id);"
    statement = only(dry(cli, make_project, db_dsn, sql)[0])
    assert {(x["relation"], x["mode"]) for x in statement["locks"]} == {
        ("public.child", "ShareRowExclusiveLock"),
        ("public.parent", "ShareRowExclusiveLock"),
    }
    assert statement["blocks"] == ["INSERT", "UPDATE", "DELETE"]
    assert "not_valid" in codes(statement)


def test_not_valid_then_validate(cli, make_project, db_dsn):
    setup(db_dsn)
    add, validate = dry(
        cli,
        make_project,
        db_dsn,
        "ALTER TABLE child ADD CONSTRAINT fk FOREIGN KEY (parent_id) REFERENCES parent (id)"
        " NOT VALID;",
        "ALTER TABLE child VALIDATE CONSTRAINT fk;",
    )
    assert "not_valid" not in codes(only(add))
    statement = only(validate)
    modes = {x["relation"]: x["mode"] for x in statement["locks"]}
    assert modes["public.child"] == "ShareUpdateExclusiveLock"
    assert statement["blocks"] == [] and codes(statement) == set()


def test_update_takes_row_exclusive(cli, make_project, db_dsn):
    setup(db_dsn)
    statement = only(dry(cli, make_project, db_dsn, "UPDATE child SET note = 'x';")[0])
    assert statement["command"] == "UPDATE"
    assert [(x["relation"], x["mode"]) for x in statement["locks"]] == [
        ("public.child", "RowExclusiveLock")
    ]
    assert statement["blocks"] == []


def test_no_transaction_file_is_analysed_statically(cli, make_project, db_dsn):
    setup(db_dsn)
    sql = "-- workbench:no-transaction\nCREATE INDEX CONCURRENTLY child_note_idx ON child (note);\n"
    [migration] = dry(cli, make_project, db_dsn, sql)
    assert migration["static"] is True
    statement = only(migration)
    assert statement["static"] is True and statement["line"] == 2
    assert [(x["relation"], x["mode"]) for x in statement["locks"]] == [
        ("public.child", "ShareUpdateExclusiveLock")
    ]
    assert statement["blocks"] == [] and codes(statement) == set()
    root = make_project({"0001_idx.sql": sql})
    text = " ".join(cli("up", "--project", root, "--dsn", db_dsn, "--dry-run").out.split())
    assert "static: runs without a transaction" in text


def test_data_loss_counted_before_the_statements_run(cli, make_project, db_dsn):
    setup(db_dsn)
    [migration] = dry(
        cli,
        make_project,
        db_dsn,
        "DROP TABLE child;\n"
        "ALTER TABLE parent ALTER COLUMN name TYPE varchar(6) USING left(name, 6);\n",
    )
    assert migration["data_loss"] == [
        {"relation": "public.child", "column": None, "rows": 10, "reason": "table dropped"},
        # 'name 1' .. 'name 5' are 6 characters: they fit; nothing is rejected
    ]
    setup(db_dsn, "UPDATE parent SET name = 'a longer name' WHERE id <= 2;")
    narrowing, dropped = dry(
        cli,
        make_project,
        db_dsn,
        "ALTER TABLE parent ALTER COLUMN name TYPE varchar(6) USING left(name, 6);",
        "ALTER TABLE child DROP COLUMN note;",
    )
    assert narrowing["data_loss"] == [
        {
            "relation": "public.parent",
            "column": "name",
            "rows": 2,
            "reason": "type change to character varying(6)",
        }
    ]
    # 10 rows, note is NULL on the odd ones: 5 non-null values
    assert [(x["column"], x["rows"]) for x in dropped["data_loss"]] == [("note", 5)]


def test_renames_are_not_data_loss(cli, make_project, db_dsn):
    setup(db_dsn)
    [migration] = dry(
        cli,
        make_project,
        db_dsn,
        "ALTER TABLE child RENAME COLUMN note TO remark;\nALTER TABLE parent RENAME TO mother;\n",
    )
    assert migration["data_loss"] == []


ACCESS = """
CREATE ROLE review_reader;
GRANT SELECT, DELETE ON parent TO review_reader;
ALTER TABLE parent ENABLE ROW LEVEL SECURITY;
CREATE POLICY "read all" ON parent FOR SELECT TO review_reader USING (true);
"""


def test_access_delta(cli, make_project, db_dsn):
    setup(db_dsn)
    setup(db_dsn, ACCESS)
    try:
        [migration] = dry(
            cli,
            make_project,
            db_dsn,
            'CREATE POLICY "delete low" ON parent FOR DELETE TO review_reader USING (id < 3);\n'
            'DROP POLICY "read all" ON parent;\n'
            "GRANT INSERT ON parent TO review_reader;\n",
        )
        changes = {
            (a["role"], a["command"]): (a["before"], a["after"]) for a in migration["access"]
        }
        assert changes[("review_reader", "DELETE")] == ("no policy", "policies: delete low")
        assert changes[("review_reader", "SELECT")] == ("policies: read all", "no policy")
        assert changes[("review_reader", "INSERT")] == ("no grant", "no policy")
        assert all(a["table"] == "public.parent" for a in migration["access"])
        assert ("review_reader", "UPDATE") not in changes  # unchanged: no grant before and after
    finally:
        setup(db_dsn, "DROP OWNED BY review_reader; DROP ROLE review_reader;")


def test_large_table_and_long_held_lock_are_dangerous(cli, make_project, db_dsn):
    setup(db_dsn)
    setup(
        db_dsn,
        f"INSERT INTO child SELECT g, 1, NULL, g FROM generate_series(11, {LARGE_TABLE_ROWS + 500}) g;"
        " ANALYZE child;",
    )
    [migration] = dry(
        cli,
        make_project,
        db_dsn,
        "ALTER TABLE child ADD COLUMN extra int;\nSELECT pg_sleep(0.6);\n",
    )
    add, sleep = migration["statements"]
    assert "exclusive_large" in codes(add)
    assert [m for m in sleep["markers"] if m["code"] == "held_lock"] == [
        {"code": "held_lock", "relation": "public.child", "advice": None}
    ]
    root = make_project({"0001_big.sql": "ALTER TABLE child ADD COLUMN extra int;"})
    text = cli("up", "--project", root, "--dsn", db_dsn, "--dry-run").out
    assert "⚠ ACCESS EXCLUSIVE on a large table" in " ".join(text.split())


def test_lock_timeout_advice_only_without_a_timeout(cli, make_project, db_dsn):
    setup(db_dsn)
    sql = "ALTER TABLE child ADD COLUMN extra int;"
    assert "lock_timeout" not in codes(only(dry(cli, make_project, db_dsn, sql)[0]))
    without = dry(cli, make_project, db_dsn, sql, config='lock_timeout = "0"\n')
    assert "lock_timeout" in codes(only(without[0]))
    with_set = dry(
        cli,
        make_project,
        db_dsn,
        "SET LOCAL lock_timeout = '2s';\n" + sql,
        config='lock_timeout = "0"\n',
    )
    assert "lock_timeout" not in codes(with_set[0]["statements"][1])


def test_down_dry_run_reviews_each_step(cli, make_project, db_dsn):
    setup(db_dsn)
    files = {
        "0001_col.sql": "-- migrate:up\nALTER TABLE child ADD COLUMN extra int;\n"
        "UPDATE child SET extra = id WHERE id <= 3;\n"
        "-- migrate:down\nALTER TABLE child DROP COLUMN extra;\n",
    }
    root = make_project(files)
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 0
    before = catalog(db_dsn)
    result = cli("down", "--project", root, "--dsn", db_dsn, "--dry-run", "--json")
    [migration] = json.loads(result.out)["migrations"]
    assert migration["data_loss"] == [
        {"relation": "public.child", "column": "extra", "rows": 3, "reason": "column dropped"}
    ]
    assert only(migration)["line"] == 5
    assert catalog(db_dsn) == before
    text = " ".join(cli("down", "--project", root, "--dsn", db_dsn, "--dry-run").out.split())
    assert "✗ 3 non-null values of public.child.extra (column dropped)" in text


def test_failing_statement_reports_its_position_and_changes_nothing(cli, make_project, db_dsn):
    setup(db_dsn)
    root = make_project(
        {"0001_bad.sql": "ALTER TABLE child ADD COLUMN a int;\nALTER TABLE nope ADD b int;\n"}
    )
    before = catalog(db_dsn)
    result = cli("up", "--project", root, "--dsn", db_dsn, "--dry-run", "--json")
    assert result.code == 2
    assert result.err.startswith("error: migrations/0001_bad.sql:2:")
    assert catalog(db_dsn) == before


@pytest.mark.parametrize(
    ("mode", "blocked"),
    [
        ("AccessShareLock", ()),
        ("RowExclusiveLock", ()),
        ("ShareUpdateExclusiveLock", ()),
        ("ShareLock", ("INSERT", "UPDATE", "DELETE")),
        ("ShareRowExclusiveLock", ("INSERT", "UPDATE", "DELETE")),
        ("ExclusiveLock", ("INSERT", "UPDATE", "DELETE")),
        ("AccessExclusiveLock", ("SELECT", "INSERT", "UPDATE", "DELETE")),
    ],
)
def test_conflict_table(mode, blocked) -> None:
    assert locks.blocks(mode) == blocked
    assert all(
        locks.conflicts(a, b) == locks.conflicts(b, a) for a in locks.MODES for b in locks.MODES
    )


def test_up_confirmation_shows_the_review(cli, make_project, db_dsn, monkeypatch):
    setup(db_dsn)
    root = make_project({"0001_drop.sql": "ALTER TABLE child DROP COLUMN note;\n"})
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _question: "n")
    before = catalog(db_dsn)
    result = cli("up", "--project", root, "--dsn", db_dsn)
    assert result.code == 1 and "aborted: nothing applied" in result.err
    text = " ".join(result.out.split())
    assert (
        "Will apply:" in text and "Review (measured in a transaction that was rolled back)" in text
    )
    assert "AccessExclusiveLock public.child" in text and "blocks reads and writes" in text
    assert "✗ 5 non-null values of public.child.note (column dropped)" in text
    assert catalog(db_dsn) == before


def test_no_transaction_statements_of_unknown_kind_and_bad_names(cli, make_project, db_dsn):
    setup(db_dsn, BASE + "CREATE TYPE mood AS ENUM ('sad');")
    sql = (
        "-- workbench:no-transaction\nALTER TYPE mood ADD VALUE 'happy';\n"
        'VACUUM (ANALYZE) child;\nCREATE INDEX CONCURRENTLY ON "no such" (id);\n'
    )
    root = make_project({"0001_odd.sql": sql})
    before = catalog(db_dsn)
    result = cli("up", "--project", root, "--dsn", db_dsn, "--dry-run", "--json")
    assert result.code == 2
    assert result.err.startswith("error: migrations/0001_odd.sql:4:")
    assert catalog(db_dsn) == before
    [migration] = dry(cli, make_project, db_dsn, sql.rsplit("CREATE", 1)[0])
    kinds = [(s["command"], [x["mode"] for x in s["locks"]]) for s in migration["statements"]]
    assert migration["static"] and kinds == [
        ("ALTER TYPE", []),
        ("VACUUM", ["ShareUpdateExclusiveLock"]),  # not run in the preview: it cannot be
    ]


def test_json_shape_is_spec_15(cli, make_project, db_dsn):
    setup(db_dsn)
    [migration] = dry(
        cli,
        make_project,
        db_dsn,
        "ALTER TABLE child ALTER COLUMN amount TYPE bigint;\nALTER TABLE child DROP COLUMN note;\n",
    )
    assert {"statements", "data_loss", "access"} <= migration.keys()
    for statement in migration["statements"]:
        assert {"line", "command", "duration_ms", "locks", "rewrites", "blocks"} <= statement.keys()
        assert isinstance(statement["line"], int) and isinstance(statement["command"], str)
        assert isinstance(statement["duration_ms"], int | float)
        assert all({"relation", "mode"} <= lock.keys() for lock in statement["locks"])
        assert all(lock["relation"].count(".") == 1 for lock in statement["locks"])
        assert all(isinstance(name, str) for name in statement["rewrites"])
        assert set(statement["blocks"]) <= {"SELECT", "INSERT", "UPDATE", "DELETE"}
    [loss] = migration["data_loss"]
    assert {"relation", "column", "rows"} <= loss.keys() and isinstance(loss["rows"], int)
