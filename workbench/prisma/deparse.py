"""Ask PostgreSQL how it prints a default expression (`dbgenerated("...")` text).

A `dbgenerated` default is written by hand (`md5(random()::text)`) while
introspection reads PostgreSQL's deparsed form (`md5((random())::text)`).
`deparser(conn)` returns a function that deparses expressions the way
pg_get_expr does: each one becomes the default of a temporary table column
inside a transaction that is always rolled back, so nothing is ever kept.
Where that is not possible (read-only standby, no TEMP privilege) the
expressions are left as written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import psycopg
from psycopg import sql

from workbench.db import connect
from workbench.errors import WorkbenchError

Deparse = Callable[[Sequence[tuple[str, str]]], list[str | None]]


def deparse_with(conn: psycopg.Connection, items: Sequence[tuple[str, str]]) -> list[str | None]:
    """pg_get_expr of each `(column type, expression)` (None where it does not parse)."""
    out: list[str | None] = []
    with conn.transaction(force_rollback=True):
        conn.execute('SET LOCAL search_path = "$user", public')
        for i, (type_, expr) in enumerate(items):
            table = sql.Identifier(f"workbench_deparse_{i}")
            statement = sql.SQL("CREATE TEMP TABLE {} (c {} DEFAULT {}) ON COMMIT DROP").format(
                table, sql.SQL(type_), sql.SQL(expr)
            )
            try:
                with conn.transaction():
                    conn.execute(statement)
            except psycopg.Error:
                out.append(None)
                continue
            out.append("")  # filled below
        conn.execute("SET LOCAL search_path = pg_catalog")
        for i, value in enumerate(out):
            if value is None:
                continue
            row = conn.execute(
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                "JOIN pg_class c ON c.oid = d.adrelid "
                "WHERE c.relname = %s AND c.relpersistence = 't' AND pg_table_is_visible(c.oid)",
                (f"workbench_deparse_{i}",),
            ).fetchone()
            out[i] = row[0] if row else None
    return out


def deparser(dsn: str) -> Deparse:
    """A Deparse function working on a fresh connection to `dsn` (no-op when it cannot)."""

    def run(items: Sequence[tuple[str, str]]) -> list[str | None]:
        if not items:
            return []
        try:
            with connect(dsn, statement_timeout="5s", lock_timeout="2s") as conn:
                return deparse_with(conn, items)
        except (psycopg.Error, WorkbenchError):
            return [None] * len(items)

    return run
