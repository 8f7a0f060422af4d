"""The live half of a simulation: probes run as the subject, always rolled back.

Everything happens in one transaction that ends in ROLLBACK, whatever
happens, with a statement timeout. Inside it: the request context is set like
PostgREST sets it (`request.jwt.claims`, `role` via set_config), the legacy
`request.jwt.claim.*` settings are cleared so a stale one cannot win, and each
probe runs in its own SAVEPOINT, rolled back to right after:

* SELECT: `count(*)` of visible rows, and per policy how many of them it admits;
* UPDATE: `UPDATE t SET c = c RETURNING <policy expressions>` (reading c makes
  SELECT policies apply too, as for any API update with a filter); triggers
  fire and are rolled back with the rest;
* DELETE: `DELETE FROM t RETURNING <policy expressions>`;
* INSERT: a candidate row (copied from a row the subject can see, or given by
  the caller, defaults for the rest) inserted for real. RLS checks new rows
  before NOT NULL, CHECK, unique and foreign-key constraints, so a constraint
  error after it means the policies admitted the row. The probe never draws a
  value from a sequence (sequences are not transactional).

Policy expressions are composed with `psycopg.sql` from PostgreSQL's own
deparsed text (schema-qualified by the introspection).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from workbench.catalog.model import Column, Table
from workbench.rls.access import BYPASS, NO_RLS, AccessModel
from workbench.rls.claims import SimulationError, Subject
from workbench.rls.explain import CommandResult

LEGACY_CLAIMS = (
    "sub", "role", "email", "aud", "phone", "app_metadata", "user_metadata",
    "iss", "exp", "iat", "aal", "amr", "session_id", "is_anonymous",
)  # fmt: skip
_CLAIM_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SEQUENCE_DEFAULT = re.compile(r"\bnextval\s*\(", re.I)


def legacy_settings(conn: psycopg.Connection, claims: dict[str, Any]) -> list[str]:
    """Every `request.jwt.claim[.*]` setting that could shadow `request.jwt.claims`."""
    names = {"request.jwt.claim"}
    names |= {f"request.jwt.claim.{k}" for k in LEGACY_CLAIMS}
    names |= {f"request.jwt.claim.{k}" for k in claims if _CLAIM_KEY.match(str(k))}
    rows = conn.execute(
        "SELECT DISTINCT split_part(s, '=', 1) FROM pg_catalog.pg_db_role_setting,"
        " unnest(setconfig) AS s WHERE s LIKE 'request.jwt.claim%%'"
    ).fetchall()
    names |= {r[0] for r in rows if r[0] != "request.jwt.claims"}
    return sorted(names)


def begin(conn: psycopg.Connection, subject: Subject, timeout: str) -> None:
    """Open the probe transaction and set the request context (before switching role)."""
    import json

    conn.execute("BEGIN")
    conn.execute("SELECT set_config('statement_timeout', %s, true)", (timeout,))
    conn.execute("SELECT set_config('lock_timeout', %s, true)", (timeout,))
    names = legacy_settings(conn, subject.claims)
    conn.execute("SELECT set_config(n, '', true) FROM unnest(%s::text[]) AS n", (names,))
    conn.execute("SELECT set_config('request.jwt.claims', %s, true)", (json.dumps(subject.claims),))


def act_as(conn: psycopg.Connection, role: str) -> None:
    try:
        conn.execute("SAVEPOINT wb_role")
        conn.execute("SELECT set_config('role', %s, true)", (role,))
        conn.execute("RELEASE SAVEPOINT wb_role")
    except psycopg.Error as exc:
        raise SimulationError(f"cannot act as role {role!r}: {error_message(exc)}") from None


def table_totals(conn: psycopg.Connection, tables: list[Table]) -> dict[str, int | None]:
    """Row counts as the session user (one statement); None where it cannot read."""
    if not tables:
        return {}
    parts = [
        sql.SQL("SELECT {k}, count(*) FROM {t}").format(
            k=sql.Literal(t.key), t=sql.Identifier(t.schema, t.name)
        )
        for t in tables
    ]
    try:
        with savepoint(conn):
            rows = conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall()
        return {k: int(n) for k, n in rows}
    except psycopg.Error:
        return {t.key: None for t in tables}


@contextmanager
def savepoint(conn: psycopg.Connection) -> Iterator[None]:
    """SAVEPOINT ... ROLLBACK TO SAVEPOINT: nothing inside survives, errors included."""
    conn.execute("SAVEPOINT wb_probe")
    try:
        yield
    finally:
        # one round trip: the simple-query protocol runs both statements
        conn.execute("ROLLBACK TO SAVEPOINT wb_probe; RELEASE SAVEPOINT wb_probe")


def error_message(exc: psycopg.Error) -> str:
    diag = getattr(exc, "diag", None)
    primary = diag.message_primary if diag is not None else None
    return primary or (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def record_error(result: CommandResult, exc: psycopg.Error) -> None:
    state = exc.sqlstate or ""
    message = error_message(exc)
    result.error, result.sqlstate = message, state or None
    if state == "42501":
        result.denial = "with_check" if "row-level security" in message else "missing_grant"
    else:
        result.denial = "error"


def _counts(conn: psycopg.Connection, query: sql.Composable, params=None) -> list[int]:
    row = conn.execute(query, params).fetchone()
    return [int(v) for v in row]


def _filters(exprs: list[str | None], source: str) -> list[sql.Composable]:
    return [
        sql.SQL("count(*) FILTER (WHERE {s}.{a})").format(
            s=sql.Identifier(source), a=sql.Identifier(f"a{i}")
        )
        for i, e in enumerate(exprs)
        if e is not None
    ]


def attributed_expressions(result: CommandResult) -> list[str | None]:
    if result.access.verdict in (BYPASS, NO_RLS):
        return []
    return [p.expression if p.note is None else None for p in result.policies]


def apply_counts(result: CommandResult, exprs: list[str | None], counts: list[int]) -> None:
    it = iter(counts)
    for policy, expr in zip(result.policies, exprs):
        if expr is not None:
            policy.rows = next(it)


def finish(result: CommandResult, total: int | None) -> None:
    result.probed = True
    if result.denial in ("missing_grant", "with_check", "error"):
        result.allowed = False
        return
    if result.rows == 0 and total:
        result.denial = result.denial or "filtered"
        result.allowed = False
        return
    result.allowed = result.rows > 0 or result.access.allowed


def probe_select(conn: psycopg.Connection, table: Table, result: CommandResult) -> None:
    exprs = attributed_expressions(result)
    items = [sql.SQL("count(*)")] + [
        sql.SQL("count(*) FILTER (WHERE {})").format(sql.SQL(e)) for e in exprs if e is not None
    ]
    query = sql.SQL("SELECT {} FROM {}").format(
        sql.SQL(", ").join(items), sql.Identifier(table.schema, table.name)
    )
    result.statement = f"SELECT count(*) FROM {table.key}"
    try:
        with savepoint(conn):
            counts = _counts(conn, query)
        result.rows = counts[0]
        apply_counts(result, exprs, counts[1:])
    except psycopg.Error as exc:
        record_error(result, exc)


def _update_column(model: AccessModel, table: Table, role: str) -> Column | None:
    """A column `role` may update and read, for the no-op `SET c = c`."""
    _, _, update_cols = model.privilege(table, role, "UPDATE")
    _, _, select_cols = model.privilege(table, role, "SELECT")
    candidates = [c for c in table.columns if not c.generated and c.identity != "ALWAYS"] or list(
        table.columns
    )
    for column in candidates:
        if (update_cols is None or column.name in update_cols) and (
            select_cols is None or column.name in select_cols
        ):
            return column
    return candidates[0] if candidates else None


def probe_write(
    conn: psycopg.Connection, model: AccessModel, table: Table, result: CommandResult, role: str
) -> None:
    """UPDATE t SET c = c / DELETE FROM t, with RETURNING per-policy expressions."""
    target = sql.Identifier(table.schema, table.name)
    exprs = attributed_expressions(result)
    returning = [
        sql.SQL("({}) AS {}").format(sql.SQL(e), sql.Identifier(f"a{i}"))
        for i, e in enumerate(exprs)
        if e is not None
    ] or [sql.SQL("1 AS a")]
    if result.command == "UPDATE":
        column = _update_column(model, table, role)
        if column is None:
            result.note = "the table has no column to update"
            return
        col = sql.Identifier(column.name)
        head = sql.SQL("UPDATE {t} SET {c} = {c}").format(t=target, c=col)
        result.statement = f"UPDATE {table.key} SET {column.name} = {column.name}"
    else:
        head = sql.SQL("DELETE FROM {t}").format(t=target)
        result.statement = f"DELETE FROM {table.key}"
    query = sql.SQL("WITH probe AS ({h} RETURNING {r}) SELECT {c} FROM probe").format(
        h=head,
        r=sql.SQL(", ").join(returning),
        c=sql.SQL(", ").join([sql.SQL("count(*)")] + _filters(exprs, "probe")),
    )
    try:
        with savepoint(conn):
            counts = _counts(conn, query)
        result.rows = counts[0]
        apply_counts(result, exprs, counts[1:])
        return
    except psycopg.Error as exc:
        record_error(result, exc)
    if result.sqlstate and result.sqlstate.startswith("23"):
        # A constraint stopped the statement after RLS admitted the rows: count them.
        result.note = f"{result.command} admitted by the policies, then refused: {result.error}"
        result.denial = result.error = None
        where = result.access.using or "true"
        count = sql.SQL("SELECT count(*) FROM {t} WHERE {w}").format(t=target, w=sql.SQL(where))
        try:
            with savepoint(conn):
                result.rows = _counts(conn, count)[0]
        except psycopg.Error as exc:
            record_error(result, exc)
