"""Fixtures for the catalog tests: a database holding the mixed schema, built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from workbench.db import connect

HERE = Path(__file__).resolve().parent
MIXED_SQL = (HERE / "mixed_schema.sql").read_text("utf-8")
MIXED_TEMPLATE = "wb_test_catalog_mixed"


@pytest.fixture(scope="session")
def mixed_template(pg_server) -> str:
    """A template database: the Supabase shim plus `mixed_schema.sql` (every catalog kind)."""
    pg_server.drop(MIXED_TEMPLATE)
    from workbench.db import create_database

    create_database(pg_server.admin_dsn, MIXED_TEMPLATE, template="wb_test_template")
    with connect(pg_server.dsn(MIXED_TEMPLATE), autocommit=True) as conn:
        conn.execute(MIXED_SQL)
    return MIXED_TEMPLATE


@pytest.fixture
def mixed_dsn(pg_server, mixed_template: str) -> Iterator[str]:
    """A fresh copy of the mixed-schema database."""
    name = pg_server.new_database(template=mixed_template)
    yield pg_server.dsn(name)
    pg_server.drop(name)


@pytest.fixture
def mixed_conn(mixed_dsn: str) -> Iterator[psycopg.Connection]:
    with connect(mixed_dsn, autocommit=True) as conn:
        yield conn
