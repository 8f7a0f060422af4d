"""Fixtures for the catalog tests: a database holding the mixed schema, built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from workbench.db import connect, create_database

HERE = Path(__file__).resolve().parent
MIXED_SQL = (HERE / "mixed_schema.sql").read_text("utf-8")
MIXED_TEMPLATE = "wb_test_catalog_mixed"


@pytest.fixture(scope="session")
def mixed_template(pg_server) -> str:
    """A template database: the Supabase shim plus `mixed_schema.sql` (every catalog kind)."""
    pg_server.drop(MIXED_TEMPLATE)
    create_database(pg_server.admin_dsn, MIXED_TEMPLATE, template="wb_test_template")
    with connect(pg_server.dsn(MIXED_TEMPLATE), autocommit=True) as conn:
        conn.execute(MIXED_SQL)
    return MIXED_TEMPLATE


@pytest.fixture(scope="session")
def shared_mixed_dsn(pg_server, mixed_template: str) -> Iterator[str]:
    """One copy of the mixed-schema database for tests that only read it.

    Tests using it must not change it (DDL inside a rolled-back transaction is fine).
    """
    name = pg_server.new_database(template=mixed_template, prefix="wb_test_shared")
    yield pg_server.dsn(name)
    pg_server.drop(name)


@pytest.fixture(scope="session")
def mixed_catalog(shared_mixed_dsn: str):
    """The mixed schema's catalog, read once."""
    from workbench.catalog.introspect import introspect

    with connect(shared_mixed_dsn) as conn:
        return introspect(conn)


@pytest.fixture
def shared_mixed_conn(shared_mixed_dsn: str) -> Iterator[psycopg.Connection]:
    with connect(shared_mixed_dsn, autocommit=True) as conn:
        yield conn


@pytest.fixture
def mixed_dsn(pg_server, mixed_template: str) -> Iterator[str]:
    """A fresh copy of the mixed-schema database (for tests that change it)."""
    name = pg_server.new_database(template=mixed_template)
    yield pg_server.dsn(name)
    pg_server.drop(name)


@pytest.fixture
def mixed_conn(mixed_dsn: str) -> Iterator[psycopg.Connection]:
    with connect(mixed_dsn, autocommit=True) as conn:
        yield conn
