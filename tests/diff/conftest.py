"""Helpers for the differ tests: build schemas from SQL, read and compare them.

The round-trip cases share one database: each case runs inside a transaction
that is rolled back at the end (savepoints separate FROM and TO), so no case
pays for creating databases, and generated scripts are checked the way a
migration runs them, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from workbench.catalog.introspect import introspect
from workbench.catalog.model import Catalog
from workbench.db import connect
from workbench.diff.script import SqlScript


def execute(dsn: str, sql: str) -> None:
    if sql.strip():
        with connect(dsn, autocommit=True) as conn:
            conn.execute(sql)


def read(dsn: str) -> Catalog:
    with connect(dsn) as conn:
        return introspect(conn)


def apply(target: str | psycopg.Connection, script: SqlScript) -> None:
    """Run a generated script statement by statement; a failure names the statement."""
    if isinstance(target, str):
        with connect(target, autocommit=True) as conn:
            conn.execute("BEGIN")
            apply(conn, script)
            conn.execute("COMMIT")
        return
    for stmt in script.sql_list():
        try:
            target.execute(stmt)
        except psycopg.Error as exc:
            raise AssertionError(
                f"{exc}\nin statement:\n{stmt}\n\nscript:\n{script.text()}"
            ) from None


@pytest.fixture(scope="session")
def shared_db(pg_server) -> Iterator[str]:
    """One database (shim installed) for cases that roll back everything they do."""
    name = pg_server.new_database(prefix="wb_diff_cases")
    yield pg_server.dsn(name)
    pg_server.drop(name)


@pytest.fixture
def scratch(shared_db: str) -> Iterator[psycopg.Connection]:
    """A connection inside a transaction on the shared database, rolled back afterwards."""
    with connect(shared_db, autocommit=True) as conn:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")


@pytest.fixture
def databases(pg_server) -> Iterator:
    """`with databases(n) as dsns`: n fresh databases (shim installed), dropped afterwards."""
    made: list[str] = []

    @contextmanager
    def make(count: int = 2):
        names = [pg_server.new_database() for _ in range(count)]
        made.extend(names)
        yield [pg_server.dsn(n) for n in names]

    yield make
    for name in made:
        pg_server.drop(name)
