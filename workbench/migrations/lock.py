"""The advisory lock that serialises migration runs on one database.

`acquire(conn, wait_seconds, on_wait)` takes a session-level PostgreSQL advisory
lock (held until `release` or the session ends, so a killed process frees it).
When another session holds it, `on_wait(holder)` is told who (from `pg_locks`
and `pg_stat_activity`), then the call waits up to `wait_seconds` and raises
`LockTimeout` if the lock is still taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import psycopg

from workbench.errors import WorkbenchError

# One key for "migrations of this database" (advisory locks are per database).
LOCK_KEY = 0x57_42_4D_49_47  # "WBMIG"

_HOLDER_QUERY = """
SELECT a.pid, a.usename::text, a.application_name, host(a.client_addr),
       a.backend_start, a.state, left(a.query, 200)
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = (%(key)s >> 32) AND l.objid::bigint = (%(key)s & 4294967295)
  AND l.objsubid = 1
  AND l.pid <> pg_backend_pid()
LIMIT 1
"""


class LockTimeout(WorkbenchError):
    """Another migration run kept the lock for longer than we were willing to wait."""


@dataclass(frozen=True)
class LockHolder:
    """The session holding the migration lock."""

    pid: int
    user: str | None
    application: str | None
    client: str | None
    since: datetime | None
    state: str | None
    query: str | None

    def describe(self) -> str:
        where = f" from {self.client}" if self.client else ""
        app = f" ({self.application})" if self.application else ""
        since = f", connected since {self.since:%Y-%m-%d %H:%M:%S}" if self.since else ""
        return f"pid {self.pid}, user {self.user or '?'}{app}{where}{since}"


def holder(conn: psycopg.Connection) -> LockHolder | None:
    """Who holds the migration lock on this database (another session), if anyone."""
    row = conn.execute(_HOLDER_QUERY, {"key": LOCK_KEY}).fetchone()
    return LockHolder(*row) if row else None


def acquire(
    conn: psycopg.Connection,
    *,
    wait_seconds: float,
    on_wait: Callable[[LockHolder | None], None] | None = None,
) -> None:
    """Take the migration lock on an autocommit connection, waiting up to `wait_seconds`."""
    if conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()[0]:
        return
    if on_wait is not None:
        on_wait(holder(conn))
    previous = conn.execute("SHOW lock_timeout").fetchone()[0]
    conn.execute(
        "SELECT set_config('lock_timeout', %s, false)", (f"{max(1, int(wait_seconds * 1000))}ms",)
    )
    try:
        conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
    except psycopg.errors.LockNotAvailable:
        who = holder(conn)
        by = f" (held by {who.describe()})" if who else ""
        raise LockTimeout(
            f"another migration run still holds the migration lock after {wait_seconds:g}s{by}"
        ) from None
    finally:
        if not conn.closed and not conn.broken:
            conn.execute("SELECT set_config('lock_timeout', %s, false)", (previous,))


def release(conn: psycopg.Connection) -> None:
    if not conn.closed and not conn.broken:
        conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
