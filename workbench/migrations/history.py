"""What the target records of applied migrations.

The workbench keeps its own history in schema `workbench`, created on the first
apply (`ensure_history`):

- `workbench.schema_migrations`: one row per applied migration — version, name,
  checksum (sha256 of the up section), applied_at, applied_by, duration_ms and
  the down section as it was when applied (`down_sql`, NULL when it had none),
  so a rollback works after the file changed or vanished;
- `workbench.migration_log`: every up and down attempt — started_at,
  finished_at, duration_ms, success, error. Attempts are logged outside the
  migration's transaction, so a failed attempt stays recorded; an attempt with
  no `finished_at` was interrupted (the process died).

Supabase interop: where `supabase_migrations.schema_migrations` exists, its
versions count as applied (checksum unknown) and `record_apply` /
`record_rollback` mirror rows into it (rows only, never its structure).

`read_history(conn) -> History` validates both tables first: a history table
edited by hand into nonsense raises `HistoryError` with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import psycopg
from psycopg import sql

from workbench.errors import WorkbenchError

SCHEMA = "workbench"
TABLE = "schema_migrations"
LOG = "migration_log"
SUPABASE_SCHEMA = "supabase_migrations"
SUPABASE_TABLE = "schema_migrations"

CREATE_SQL = """
CREATE SCHEMA IF NOT EXISTS workbench;
COMMENT ON SCHEMA workbench IS 'Migration history kept by the workbench';
CREATE TABLE IF NOT EXISTS workbench.schema_migrations (
    version     text        PRIMARY KEY CHECK (version ~ '^[0-9]+$'),
    name        text        NOT NULL,
    checksum    text,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    applied_by  text        NOT NULL DEFAULT session_user,
    duration_ms bigint      NOT NULL DEFAULT 0,
    down_sql    text
);
CREATE TABLE IF NOT EXISTS workbench.migration_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     text        NOT NULL,
    name        text        NOT NULL,
    direction   text        NOT NULL CHECK (direction IN ('up', 'down')),
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    duration_ms bigint,
    success     boolean,
    error       text,
    run_by      text        NOT NULL DEFAULT session_user
);
"""

# Columns the workbench reads, with the types it accepts for each.
_TEXT = {"text", "character varying", "character"}
_INT = {"integer", "bigint", "smallint", "numeric"}
_TIME = {"timestamp with time zone", "timestamp without time zone"}
EXPECTED: dict[str, dict[str, set[str]]] = {
    TABLE: {
        "version": _TEXT,
        "name": _TEXT,
        "checksum": _TEXT,
        "applied_at": _TIME,
        "applied_by": _TEXT,
        "duration_ms": _INT,
        "down_sql": _TEXT,
    },
    LOG: {
        "id": _INT,
        "version": _TEXT,
        "name": _TEXT,
        "direction": _TEXT,
        "started_at": _TIME,
        "finished_at": _TIME,
        "duration_ms": _INT,
        "success": {"boolean"},
        "error": _TEXT,
    },
}


class HistoryError(WorkbenchError):
    """The history tables cannot be read as a history (edited by hand, no privileges)."""


@dataclass(frozen=True)
class AppliedMigration:
    """One applied migration as recorded by the target."""

    version: str
    name: str
    checksum: str | None  # None: unknown (recorded by Supabase CLI)
    applied_at: datetime | None = None
    applied_by: str | None = None
    duration_ms: int | None = None
    down_sql: str | None = None
    source: str = "workbench"  # "workbench" | "supabase"

    @property
    def number(self) -> int:
        return int(self.version)


@dataclass(frozen=True)
class Attempt:
    """The last up or down attempt of a migration (from the execution log)."""

    version: str
    name: str
    direction: str  # "up" | "down"
    started_at: datetime | None
    finished_at: datetime | None
    duration_ms: int | None
    success: bool | None  # None: never finished (interrupted, or running now)
    error: str | None

    @property
    def failed(self) -> bool:
        return self.success is not True


@dataclass(frozen=True)
class History:
    """Everything the target records about migrations."""

    applied: dict[int, AppliedMigration] = field(default_factory=dict)  # by version number
    attempts: dict[int, Attempt] = field(default_factory=dict)  # the last attempt per version
    exists: bool = False  # workbench.schema_migrations exists
    log_exists: bool = False
    supabase: bool = False  # supabase_migrations.schema_migrations exists
    supabase_columns: frozenset[str] = frozenset()


def _qualified(table: str) -> str:
    return f"{SCHEMA}.{table}"


def _table_columns(conn: psycopg.Connection, schema: str, table: str) -> dict[str, str] | None:
    rows = conn.execute(
        """
        SELECT a.attname, format_type(a.atttypid, NULL)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p', 'v', 'f', 'm')
        """,
        (schema, table),
    ).fetchall()
    if not rows:
        return None
    return {name: type_name for name, type_name in rows if name is not None}


def _check_columns(table: str, columns: dict[str, str]) -> None:
    for name, accepted in EXPECTED[table].items():
        actual = columns.get(name)
        if actual is None:
            raise HistoryError(
                f"the history table {_qualified(table)} has no column {name!r} "
                "(edited by hand?); restore it to let the workbench read its history"
            )
        if actual not in accepted:
            expected = " or ".join(sorted(accepted))
            raise HistoryError(
                f"the history table {_qualified(table)}: column {name!r} has type {actual}, "
                f"expected {expected} (edited by hand?); restore it"
            )


def _digits(version: object, where: str) -> str:
    text = "" if version is None else str(version).strip()
    if not text.isdigit() or not text.isascii():
        raise HistoryError(
            f"{where} has a row with version {text or 'NULL'!r}, which is not a migration "
            "version (digits only); fix or delete that row"
        )
    return text


def read_history(conn: psycopg.Connection) -> History:
    """Read and validate the target's history (never writes)."""
    try:
        return _read(conn)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise HistoryError(
            f"cannot read the migration history: {exc.diag.message_primary}"
        ) from None
    except psycopg.errors.DataException as exc:
        raise HistoryError(
            f"the migration history holds values the workbench cannot read "
            f"({exc.diag.message_primary}); edited by hand?"
        ) from None


def _read(conn: psycopg.Connection) -> History:
    ours = _table_columns(conn, SCHEMA, TABLE)
    log = _table_columns(conn, SCHEMA, LOG)
    theirs = _table_columns(conn, SUPABASE_SCHEMA, SUPABASE_TABLE)
    applied: dict[int, AppliedMigration] = {}
    if theirs is not None:
        if "version" not in theirs:
            raise HistoryError(
                f"{SUPABASE_SCHEMA}.{SUPABASE_TABLE} has no column 'version' (edited by hand?)"
            )
        name_expr = sql.SQL("name::text") if "name" in theirs else sql.SQL("NULL::text")
        query = sql.SQL("SELECT version::text, {} FROM {}").format(
            name_expr, sql.Identifier(SUPABASE_SCHEMA, SUPABASE_TABLE)
        )
        for version, name in conn.execute(query).fetchall():
            version = _digits(version, f"{SUPABASE_SCHEMA}.{SUPABASE_TABLE}")
            applied[int(version)] = AppliedMigration(
                version=version, name=name or "", checksum=None, source="supabase"
            )
    if ours is not None:
        _check_columns(TABLE, ours)
        rows = conn.execute(
            sql.SQL(
                "SELECT version::text, name::text, checksum::text, applied_at, applied_by::text,"
                " duration_ms::bigint, down_sql::text FROM {} ORDER BY applied_at, version"
            ).format(sql.Identifier(SCHEMA, TABLE))
        ).fetchall()
        seen: set[int] = set()
        for version, name, checksum, applied_at, applied_by, duration, down in rows:
            version = _digits(version, _qualified(TABLE))
            number = int(version)
            if number in seen:
                raise HistoryError(
                    f"{_qualified(TABLE)} records version {version} twice; delete one of the rows"
                )
            seen.add(number)
            applied[number] = AppliedMigration(
                version=version,
                name=name or "",
                checksum=checksum or None,
                applied_at=applied_at,
                applied_by=applied_by,
                duration_ms=duration,
                down_sql=down,
            )
    attempts: dict[int, Attempt] = {}
    if log is not None:
        _check_columns(LOG, log)
        rows = conn.execute(
            sql.SQL(
                "SELECT DISTINCT ON (version) version::text, name::text, direction::text,"
                " started_at, finished_at, duration_ms::bigint, success, error::text"
                " FROM {} WHERE version ~ '^[0-9]+$' ORDER BY version, id DESC"
            ).format(sql.Identifier(SCHEMA, LOG))
        ).fetchall()
        for row in rows:
            attempt = Attempt(*row)
            number = int(attempt.version)
            previous = attempts.get(number)
            if previous is None or _started(attempt) > _started(previous):
                attempts[number] = attempt
    return History(
        applied=applied,
        attempts=attempts,
        exists=ours is not None,
        log_exists=log is not None,
        supabase=theirs is not None,
        supabase_columns=frozenset(theirs or ()),
    )


def _started(attempt: Attempt) -> float:
    return attempt.started_at.timestamp() if attempt.started_at else 0.0


def ensure_history(conn: psycopg.Connection) -> History:
    """Create the workbench's history tables where missing (committed), then read them."""
    if _table_columns(conn, SCHEMA, TABLE) is None or _table_columns(conn, SCHEMA, LOG) is None:
        with conn.transaction():
            conn.execute(CREATE_SQL)
    return read_history(conn)


def record_apply(
    conn: psycopg.Connection,
    *,
    version: str,
    name: str,
    checksum: str,
    duration_ms: int,
    down_sql: str | None,
    statements: list[str],
    history: History,
) -> None:
    """Record an applied migration (call inside the migration's transaction)."""
    conn.execute(
        sql.SQL("DELETE FROM {} WHERE version::numeric = %s::numeric").format(
            sql.Identifier(SCHEMA, TABLE)
        ),
        (version,),
    )
    conn.execute(
        sql.SQL(
            "INSERT INTO {} (version, name, checksum, applied_at, applied_by, duration_ms,"
            " down_sql) VALUES (%s, %s, %s, now(), session_user, %s, %s)"
        ).format(sql.Identifier(SCHEMA, TABLE)),
        (version, name, checksum, duration_ms, down_sql),
    )
    if history.supabase:
        _mirror_apply(conn, version, name, statements, history.supabase_columns)


def _mirror_apply(
    conn: psycopg.Connection,
    version: str,
    name: str,
    statements: list[str],
    columns: frozenset[str],
) -> None:
    table = sql.Identifier(SUPABASE_SCHEMA, SUPABASE_TABLE)
    values: dict[str, object] = {"version": version}
    if "name" in columns:
        values["name"] = name
    if "statements" in columns:
        values["statements"] = statements
    names = list(values)
    conn.execute(
        sql.SQL(
            "INSERT INTO {table} ({cols}) SELECT {vals}"
            " WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE version::text = %s)"
        ).format(
            table=table,
            cols=sql.SQL(", ").join(map(sql.Identifier, names)),
            vals=sql.SQL(", ").join(sql.Placeholder() * len(names)),
        ),
        [*values.values(), version],
    )


def record_rollback(conn: psycopg.Connection, *, version: str, history: History) -> None:
    """Remove a rolled-back migration's rows (call inside the rollback's transaction)."""
    if history.exists:
        conn.execute(
            sql.SQL("DELETE FROM {} WHERE version::numeric = %s::numeric").format(
                sql.Identifier(SCHEMA, TABLE)
            ),
            (version,),
        )
    if history.supabase:
        conn.execute(
            sql.SQL(
                "DELETE FROM {} WHERE version::text ~ '^[0-9]+$'"
                " AND version::text::numeric = %s::numeric"
            ).format(sql.Identifier(SUPABASE_SCHEMA, SUPABASE_TABLE)),
            (version,),
        )


def log_start(conn: psycopg.Connection, *, version: str, name: str, direction: str) -> int:
    """Log the start of an attempt, committed at once (the connection must be idle)."""
    with conn.transaction():
        row = conn.execute(
            sql.SQL(
                "INSERT INTO {} (version, name, direction) VALUES (%s, %s, %s) RETURNING id"
            ).format(sql.Identifier(SCHEMA, LOG)),
            (version, name, direction),
        ).fetchone()
    return int(row[0])


def log_finish_sql(
    conn: psycopg.Connection,
    log_id: int,
    *,
    success: bool,
    duration_ms: int,
    error: str | None = None,
) -> None:
    """Close a log entry (inside the migration's transaction on success, alone on failure)."""
    conn.execute(
        sql.SQL(
            "UPDATE {} SET finished_at = clock_timestamp(), duration_ms = %s, success = %s,"
            " error = %s WHERE id = %s"
        ).format(sql.Identifier(SCHEMA, LOG)),
        (duration_ms, success, error, log_id),
    )
