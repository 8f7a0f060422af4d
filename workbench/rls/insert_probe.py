"""The INSERT probe: may the subject insert a candidate row, and which policies admit it?

The candidate is a row the subject can already see (so `user_id = auth.uid()`
style checks have a fair chance), with the caller's row values on top;
columns the subject may not insert, generated columns, and unique columns
with a non-sequence default (so a fresh key is drawn) are left to the table.
Columns whose default draws from a sequence are never left to it: the probe
must not advance a sequence, which a rollback would not undo.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from workbench.catalog.model import Column, Table
from workbench.rls.access import AccessModel
from workbench.rls.explain import CommandResult
from workbench.rls.expr import owner_sources
from workbench.rls.probes import (
    apply_counts,
    attributed_expressions,
    error_message,
    record_error,
    savepoint,
)

_SEQUENCE_DEFAULT = re.compile(r"\bnextval\s*\(", re.I)


def _draws_sequence(column: Column) -> bool:
    return column.identity is not None or bool(
        column.default and _SEQUENCE_DEFAULT.search(column.default)
    )


def _unique_columns(table: Table) -> set[str]:
    return {
        c for con in table.constraints if con.kind in ("PRIMARY KEY", "UNIQUE") for c in con.columns
    }


def visible_row(conn: psycopg.Connection, table: Table, check: str | None) -> dict[str, Any] | None:
    """A row the current role can see, as JSON (one passing `check` first), or None."""
    target = sql.Identifier(table.schema, table.name)
    plain = sql.SQL("SELECT to_jsonb({n}) FROM {t} LIMIT 1").format(
        n=sql.Identifier(table.name), t=target
    )
    queries = [plain]
    if check:
        ordered = sql.SQL(
            "SELECT to_jsonb({n}) FROM {t} ORDER BY coalesce(({c}), false) DESC LIMIT 1"
        ).format(n=sql.Identifier(table.name), t=target, c=sql.SQL(check))
        queries.insert(0, ordered)
    for query in queries:
        try:
            with savepoint(conn):
                row = conn.execute(query).fetchone()
            return row[0] if row else None
        except psycopg.Error:
            continue
    return None


def candidate_row(
    model: AccessModel, table: Table, role: str, seen: dict[str, Any] | None, given: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The candidate's explicit column values, and notes on how it was built."""
    _, _, insertable = model.privilege(table, role, "INSERT")
    unique = _unique_columns(table)
    row: dict[str, Any] = {}
    notes = []
    if seen:
        for column in table.columns:
            if column.name not in seen or column.generated:
                continue
            if insertable is not None and column.name not in insertable:
                continue
            if column.name in unique and column.default and not _draws_sequence(column):
                continue  # let the default draw a fresh key
            row[column.name] = seen[column.name]
        notes.append("candidate copied from a row the role can see")
    else:
        notes.append("candidate built from column defaults (the role sees no row)")
    row.update(given)
    if given:
        notes.append("with the values given for the row")
    for column in table.columns:
        if column.name not in row and _draws_sequence(column) and not column.generated:
            row[column.name] = None  # never call nextval(): sequences ignore ROLLBACK
            notes.append(f"{column.name} left NULL (the probe draws no sequence value)")
    return row, notes


def _default_sql(column: Column) -> sql.Composable:
    """The column's default as PostgreSQL would fill it, typed like the column (an untyped
    NULL would compare as text: `uuid = text` errors)."""
    value = column.default if column.default and not _draws_sequence(column) else "NULL"
    return sql.SQL("CAST(({}) AS {})").format(sql.SQL(value), sql.SQL(column.type))


def own_values(
    conn: psycopg.Connection, table: Table, result: CommandResult, given: dict[str, Any]
) -> dict[str, Any]:
    """The values the subject's own insert would carry: each column a WITH CHECK compares
    with `auth.uid()` (or another auth claim) gets that claim's value for this request."""
    sources: dict[str, str] = {}
    for policy in result.policies:
        for column, source in owner_sources(policy.expression, table.name).items():
            if column not in given and table.column(column) is not None:
                sources.setdefault(column, source)
    values: dict[str, Any] = {}
    for column, source in sources.items():
        query = sql.SQL("SELECT to_jsonb(({}))").format(sql.SQL(source))
        try:
            with savepoint(conn):
                value = conn.execute(query).fetchone()[0]
        except psycopg.Error:
            continue
        if value is not None:
            values[column] = value
    return values


def probe_insert(
    conn: psycopg.Connection,
    model: AccessModel,
    table: Table,
    result: CommandResult,
    role: str,
    given: dict[str, Any],
) -> None:
    readable = model.privilege(table, role, "SELECT")[0]
    seen = visible_row(conn, table, result.predicate) if readable else None
    row, notes = candidate_row(model, table, role, seen, given)
    own = own_values(conn, table, result, given)
    if own:
        row.update(own)
        notes.append(f"{', '.join(own)} filled from the request, as the user's own insert would")
    target = sql.Identifier(table.schema, table.name)
    record = sql.SQL("jsonb_populate_record(NULL::{}, %(row)s)").format(target)
    params = {"row": Jsonb(row)}
    exprs = attributed_expressions(result)
    checks = [e for e in exprs if e is not None]
    if checks:
        # Each policy's check on the row as PostgreSQL would build it (defaults applied).
        columns = [
            sql.SQL("{} AS {}").format(
                sql.SQL("r.{}").format(sql.Identifier(c.name))
                if c.name in row
                else _default_sql(c),
                sql.Identifier(c.name),
            )
            for c in table.columns
        ]
        query = sql.SQL("SELECT {checks} FROM (SELECT {cols} FROM {rec} AS r) AS {alias}").format(
            checks=sql.SQL(", ").join(
                sql.SQL("coalesce(({}), false)::int").format(sql.SQL(e)) for e in checks
            ),
            cols=sql.SQL(", ").join(columns),
            rec=record,
            alias=sql.Identifier(table.name),
        )
        try:
            with savepoint(conn):
                values = list(conn.execute(query, params).fetchone())
            apply_counts(result, exprs, values)
        except psycopg.Error:
            notes.append("which policy admits the candidate row could not be measured")
    names = [sql.Identifier(k) for k in row]
    always = any((col := table.column(k)) is not None and col.identity == "ALWAYS" for k in row)
    if names:
        statement = sql.SQL("INSERT INTO {t} ({cols}){o} SELECT {vals} FROM {rec} AS r").format(
            t=target,
            cols=sql.SQL(", ").join(names),
            o=sql.SQL(" OVERRIDING SYSTEM VALUE") if always else sql.SQL(""),
            vals=sql.SQL(", ").join(sql.SQL("r.{}").format(n) for n in names),
            rec=record,
        )
    else:
        statement = sql.SQL("INSERT INTO {} DEFAULT VALUES").format(target)
    result.statement = f"INSERT INTO {table.key} ({', '.join(row)}) VALUES (candidate row)"
    result.probed = True
    try:
        with savepoint(conn):
            conn.execute(statement, params)
        result.allowed, result.rows = True, 1
    except psycopg.Error as exc:
        if (exc.sqlstate or "").startswith("23"):
            # Constraints are checked after RLS: the policies admitted the row.
            result.allowed, result.rows = True, 1
            notes.append(
                f"admitted by the policies; the probe row then broke a constraint: {error_message(exc)}"
            )
        else:
            record_error(result, exc)
    result.note = "; ".join(notes)
