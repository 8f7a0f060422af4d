"""Who blocks a migration statement: named in the error when `lock_timeout` fires.

`watch(conn)` is a context manager around one statement: if the statement is
still running after a moment, a side connection asks PostgreSQL which sessions
block it (`pg_blocking_pids`), again every moment, and keeps the last answer.
When the statement then fails with a lock timeout, `describe()` names them:
pid, application, user, since when their transaction or query runs, and what
they run. Only connections opened with a `lock_timeout` are watched.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

import psycopg

POLL = 0.2  # seconds before the first look, and between looks

_QUERY = """
SELECT a.pid, a.application_name, a.usename::text, a.xact_start, a.query_start, a.state,
       left(regexp_replace(a.query, '\\s+', ' ', 'g'), 80)
FROM pg_stat_activity a
WHERE a.pid = ANY (pg_blocking_pids(%s))
ORDER BY a.pid
"""


@dataclass(frozen=True)
class Blocker:
    """A session holding a lock the statement waits for."""

    pid: int
    application: str | None
    user: str | None
    transaction_start: datetime | None
    query_start: datetime | None
    state: str | None
    query: str | None

    def describe(self) -> str:
        parts = [f"pid {self.pid}"]
        if self.application:
            parts.append(f"application {self.application!r}")
        if self.user:
            parts.append(f"user {self.user}")
        if self.transaction_start:
            parts.append(f"transaction since {self.transaction_start:%Y-%m-%d %H:%M:%S}")
        if self.query_start:
            parts.append(f"query started {self.query_start:%Y-%m-%d %H:%M:%S}")
        if self.state:
            parts.append(self.state)
        text = ", ".join(parts)
        return f"{text}: {self.query!r}" if self.query else text


class watch:  # noqa: N801 - used as `with blockers.watch(conn) as seen:`
    """Look for the sessions blocking `conn`'s current statement (see the module docstring)."""

    def __init__(self, conn: psycopg.Connection) -> None:
        from workbench.db import session_setting

        watched = session_setting(conn, "lock_timeout")
        self.dsn = watched[0] if watched and watched[1].strip() not in ("0", "") else None
        self.pid = conn.info.backend_pid
        self.found: list[Blocker] = []
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> watch:
        if self.dsn is not None:
            self._thread = threading.Thread(target=self._run, daemon=True, name="wb-blockers")
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        if self._done.wait(POLL):
            return  # finished quickly: nothing waited
        from workbench.db import connect

        try:
            with connect(self.dsn, autocommit=True, connect_timeout=5) as side:
                while not self._done.is_set():
                    rows = side.execute(_QUERY, (self.pid,)).fetchall()
                    if rows:
                        self.found = [Blocker(*row) for row in rows]
                    self._done.wait(POLL)
        except Exception:  # noqa: BLE001 - best effort: the error is told without names
            return

    def describe(self) -> str:
        """`held by pid 1234, application 'psql', ...` (or by another session)."""
        if not self.found:
            return "held by another session"
        return "held by " + "; ".join(b.describe() for b in self.found)
