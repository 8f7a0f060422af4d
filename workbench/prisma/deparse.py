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


def types_with(conn: psycopg.Connection, types: Sequence[str]) -> list[str | None]:
    """format_type() of each type text (`int4` → `integer`; None where it is no type)."""
    out: list[str | None] = []
    with conn.transaction(force_rollback=True):
        conn.execute('SET LOCAL search_path = "$user", public')
        for i, type_ in enumerate(types):
            table = f"workbench_type_{i}"
            try:
                with conn.transaction():
                    conn.execute(
                        sql.SQL("CREATE TEMP TABLE {} (c {}) ON COMMIT DROP").format(
                            sql.Identifier(table), sql.SQL(type_)
                        )
                    )
            except psycopg.Error:
                out.append(None)
                continue
            conn.execute("SET LOCAL search_path = pg_catalog")
            row = conn.execute(
                "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = %s "
                "AND c.relpersistence = 't' AND a.attname = 'c'",
                (table,),
            ).fetchone()
            conn.execute('SET LOCAL search_path = "$user", public')
            out.append(row[0] if row else None)
    return out


def predicates_with(
    conn: psycopg.Connection, items: Sequence[tuple[str, str, str, str]]
) -> list[str | None]:
    """pg_get_expr of each partial-index predicate `(schema, table, column, predicate)`.

    The predicate is put on an index of a temporary copy of the table (LIKE),
    so its column references resolve; nothing is kept.
    """
    out: list[str | None] = []
    with conn.transaction(force_rollback=True):
        conn.execute('SET LOCAL search_path = "$user", public')
        for i, (schema, table, column, predicate) in enumerate(items):
            copy = sql.Identifier(f"workbench_pred_{i}")
            try:
                with conn.transaction():
                    conn.execute(
                        sql.SQL("CREATE TEMP TABLE {} (LIKE {}) ON COMMIT DROP").format(
                            copy, sql.Identifier(schema, table)
                        )
                    )
                    conn.execute(
                        sql.SQL("CREATE INDEX {} ON {} ({}) WHERE {}").format(
                            sql.Identifier(f"workbench_pred_{i}_idx"),
                            copy,
                            sql.Identifier(column),
                            sql.SQL(predicate),
                        )
                    )
            except psycopg.Error:
                out.append(None)
                continue
            conn.execute("SET LOCAL search_path = pg_catalog")
            row = conn.execute(
                "SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = %s AND c.relpersistence = 't'",
                (f"workbench_pred_{i}_idx",),
            ).fetchone()
            conn.execute('SET LOCAL search_path = "$user", public')
            out.append(row[0] if row else None)
    return out


class Deparser:
    """Deparse on a fresh connection to `dsn`; every method gives None where it cannot.

    Calling it deparses `(column type, default expression)` pairs; `types`
    and `predicates` print type texts and partial-index predicates.
    """

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def _run(self, work, items):  # noqa: ANN001, ANN202
        if not items:
            return []
        try:
            with connect(self.dsn, statement_timeout="5s", lock_timeout="2s") as conn:
                return work(conn, items)
        except (psycopg.Error, WorkbenchError):
            return [None] * len(items)

    def __call__(self, items: Sequence[tuple[str, str]]) -> list[str | None]:
        return self._run(deparse_with, items)

    def types(self, types: Sequence[str]) -> list[str | None]:
        return self._run(types_with, types)

    def predicates(self, items: Sequence[tuple[str, str, str, str]]) -> list[str | None]:
        return self._run(predicates_with, items)


def deparser(dsn: str) -> Deparser:
    """A Deparser working on a fresh connection to `dsn` (no-op when it cannot)."""
    return Deparser(dsn)
