"""The runner's session: connection settings and bookkeeping around each migration.

`open_session(dsn, config)` connects with the configured statement and lock
timeouts and `client_connection_check_interval` (so the server aborts the
transaction of a client that died, releasing its locks, within a second);
`reset(conn)` undoes what a migration SET; `log_failure` and `bookkeeping_failed`
record failed attempts in the execution log, in their own transaction.
"""

from __future__ import annotations

import time

import psycopg

from workbench.config import Config
from workbench.db import apply_session_settings, connect
from workbench.errors import WorkbenchError
from workbench.migrations import history as hist
from workbench.migrations.execute import describe_pg_error


def open_session(dsn: str, config: Config) -> psycopg.Connection:
    """An autocommit connection for a migration run."""
    conn = connect(
        dsn,
        autocommit=True,
        statement_timeout=config.statement_timeout,
        lock_timeout=config.lock_timeout,
    )
    session_defaults(conn)
    return conn


def session_defaults(conn: psycopg.Connection) -> None:
    """Reset what a migration may have SET, and let the server notice a dead client.

    With `client_connection_check_interval` (PostgreSQL 14+), a run killed mid-
    statement has its transaction aborted (and its locks released) within a
    second instead of when the statement ends.
    """
    conn.execute("RESET ALL")
    apply_session_settings(conn)
    if conn.info.server_version >= 140000:
        conn.execute("SELECT set_config('client_connection_check_interval', '1000', false)")


def reset(conn: psycopg.Connection) -> None:
    """After each migration: its SET commands must not leak into the next one."""
    if not conn.closed and not conn.broken:
        try:
            session_defaults(conn)
        except psycopg.Error:
            pass


def ms(start: float) -> int:
    return int(round((time.monotonic() - start) * 1000))


def log_failure(conn: psycopg.Connection, log_id: int, start: float, error: str) -> None:
    """Record a failed attempt in its own transaction (best effort: the session may be gone)."""
    try:
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.rollback()
        hist.log_finish_sql(conn, log_id, success=False, duration_ms=ms(start), error=error)
    except psycopg.Error:
        pass


def bookkeeping_failed(
    conn: psycopg.Connection,
    log_id: int,
    start: float,
    what: str,
    exc: psycopg.Error,
    transactional: bool = True,
) -> WorkbenchError:
    """A failure outside the migration's own statements (recording it in the history)."""
    message = describe_pg_error(exc)
    log_failure(conn, log_id, start, f"recording in the history failed: {message}")
    outcome = (
        "nothing of it was kept"
        if transactional
        else "its statements ran (no transaction) but it is not recorded"
    )
    return hist.HistoryError(
        f"{what}: could not record it in the migration history ({message}); {outcome}"
    )
