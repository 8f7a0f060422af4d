"""Helpers shared by the migration tests (status, history rows, catalogs)."""

from __future__ import annotations

import time
from pathlib import Path


def status_of(cli, root: Path, dsn: str) -> dict[str, str]:
    """`workbench status --json` as {version: state} (archive included)."""
    import json

    result = cli("status", "--project", root, "--dsn", dsn, "--json")
    assert result.code == 0, result.err
    return {m["version"]: m["state"] for m in json.loads(result.out)["migrations"]}


def history_rows(dsn: str) -> list[tuple]:
    """(version, name, checksum, down_sql) rows of the workbench history, by version."""
    from workbench.db import connect

    with connect(dsn, autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass('workbench.schema_migrations')").fetchone()[0]
        if exists is None:
            return []
        return conn.execute(
            "SELECT version, name, checksum, down_sql FROM workbench.schema_migrations"
            " ORDER BY version::numeric"
        ).fetchall()


def catalog(dsn: str, schemas: list[str] | None = None):
    """The catalog of `dsn` (the workbench's own schema left out)."""
    from workbench.catalog.introspect import introspect
    from workbench.db import connect

    with connect(dsn, autocommit=True) as conn:
        if schemas is None:
            schemas = [
                r[0]
                for r in conn.execute(
                    "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                    " AND nspname NOT IN ('information_schema', 'workbench')"
                ).fetchall()
            ]
        return introspect(conn, schemas)


def schema_changes(a, b) -> list[str]:
    """The differ's changes between two catalogs, as `change kind object` lines."""
    from workbench.diff.differ import diff

    return [f"{c.change} {c.kind} {c.object}" for c in diff(a, b)]


def wait_for(predicate, timeout: float = 20.0) -> None:
    """Poll `predicate` until it holds (AssertionError after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)
