"""Statements sent many to a round trip (`run_batched`, used by `up` and the shadow
replay): the same result, the same error at the same file:line:col, nothing kept of a
failed migration, and savepoints written in a migration still work."""

from __future__ import annotations

import pytest
from migration_helpers import catalog, history_rows, status_of

from workbench.db import connect
from workbench.errors import SqlError
from workbench.migrations.execute import BATCH, run_batched, run_statements
from workbench.migrations.split import split_sql


def _tables(count: int, bad_at: int | None = None) -> str:
    lines = []
    for i in range(count):
        kind = "nosuchtype" if i == bad_at else "int"
        lines.append(f"CREATE TABLE t{i} (id int,\n    v {kind});\n")
    return "".join(lines)


def _error(run, dsn: str, statements) -> str:
    with connect(dsn) as conn:  # one transaction, rolled back
        with pytest.raises(SqlError) as info:
            with conn.transaction():
                run(conn, statements)
    return str(info.value)


def test_a_failing_batch_gives_the_error_one_by_one_gives(db_dsn: str) -> None:
    text = _tables(BATCH + 50, bad_at=BATCH + 7)
    statements = split_sql(text, file="m.sql")
    batched = _error(run_batched, db_dsn, statements)
    assert batched == _error(run_statements, db_dsn, statements)
    assert batched == f'm.sql:{2 * (BATCH + 7) + 2}:7: type "nosuchtype" does not exist'
    with connect(db_dsn, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('t0')").fetchone()[0] is None


def test_up_batches_and_a_failure_keeps_nothing(cli, make_project, db_dsn: str) -> None:
    good = "-- migrate:up\n" + _tables(BATCH * 2 + 3) + "-- migrate:down\n"
    bad = "-- migrate:up\nCREATE TABLE u (id int);\n" + _tables(BATCH + 1, bad_at=BATCH)
    root = make_project({"0001_good.sql": good, "0002_bad.sql": bad.replace(" t", " b")})
    result = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert result.code == 2
    line = 2 + 2 * BATCH + 1 + 1
    assert (
        result.err == f'error: migrations/0002_bad.sql:{line}:7: type "nosuchtype" does not exist\n'
    )
    names = {key.split(".")[-1] for key in catalog(db_dsn).tables}
    assert {"t0", f"t{BATCH * 2 + 2}"} <= names and not names & {"u", "b0"}
    assert [r[0] for r in history_rows(db_dsn)] == ["0001"]
    assert status_of(cli, root, db_dsn) == {"0001": "applied", "0002": "failed"}


def test_savepoints_of_a_migration_span_batches(cli, make_project, db_dsn: str) -> None:
    body = (
        "CREATE TABLE kept (id int);\n"
        "SAVEPOINT mine;\n"
        + _tables(BATCH + 20)
        + "ROLLBACK TO SAVEPOINT mine;\n"
        + "CREATE TABLE after (id int);\n"
    )
    root = make_project({"0001_sp.sql": body})
    result = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert result.code == 0, result.err
    names = {key.split(".")[-1] for key in catalog(db_dsn).tables}
    assert {"kept", "after"} <= names and "t0" not in names
