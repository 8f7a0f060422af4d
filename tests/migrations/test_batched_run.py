"""Statements sent many to a round trip (`run_batched`, used by the shadow replay): the
same result, the same error at the same file:line:col, and savepoints written in a
migration still work."""

from __future__ import annotations

import pytest

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


def _replay(cli, root, dsn: str):
    return cli("diff", "--project", root, "--dsn", dsn, "--from", "migrations:all")


def test_a_replay_batches_and_a_failure_names_the_statement(cli, make_project, db_dsn: str):
    good = "-- migrate:up\n" + _tables(BATCH * 2 + 3) + "-- migrate:down\n"
    bad = "-- migrate:up\nCREATE TABLE u (id int);\n" + _tables(BATCH + 1, bad_at=BATCH)
    root = make_project({"0001_good.sql": good, "0002_bad.sql": bad.replace(" t", " b")})
    result = _replay(cli, root, db_dsn)
    assert result.code == 2
    line = 2 + 2 * BATCH + 1 + 1
    assert f'migrations/0002_bad.sql:{line}:7: type "nosuchtype" does not exist' in result.err
    (root / "migrations" / "0002_bad.sql").unlink()
    result = _replay(cli, root, db_dsn)
    assert result.code == 0 and f"public.t{BATCH * 2 + 2}" in result.out, result.err


def test_savepoints_of_a_migration_span_batches(cli, make_project, db_dsn: str) -> None:
    body = (
        "CREATE TABLE kept (id int);\n"
        "SAVEPOINT mine;\n"
        + _tables(BATCH + 20)
        + "ROLLBACK TO SAVEPOINT mine;\n"
        + "CREATE TABLE after (id int);\n"
    )
    root = make_project({"0001_sp.sql": body})
    result = _replay(cli, root, db_dsn)
    assert result.code == 0, result.err
    assert "public.kept" in result.out and "public.after" in result.out
    assert "public.t0" not in result.out
