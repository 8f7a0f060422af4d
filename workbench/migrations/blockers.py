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
import weakref
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
    """Look for the sessions blocking `conn`'s current statement (see the module docstring).

    One watcher thread serves all the statements of a connection (a migration may have
    tens of thousands): entering and leaving costs a lock, not a thread."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.found: list[Blocker] = []
        self._watcher = _watcher(conn)

    def __enter__(self) -> watch:
        if self._watcher is not None:
            self._watcher.arm(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._watcher is not None:
            self._watcher.disarm()

    def describe(self) -> str:
        """`held by pid 1234, application 'psql', ...` (or by another session)."""
        if not self.found:
            return "held by another session"
        return "held by " + "; ".join(b.describe() for b in self.found)


IDLE = 1.0  # seconds a watcher thread waits for the next statement before it ends
_WATCHERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _watcher(conn: psycopg.Connection) -> _Watcher | None:
    """The connection's watcher; None when it has no `lock_timeout` (nothing to name)."""
    from workbench.db import session_setting

    watched = session_setting(conn, "lock_timeout")
    if not watched or watched[1].strip() in ("0", ""):
        return None
    found = _WATCHERS.get(conn)
    if found is None or found.dsn != watched[0]:
        found = _WATCHERS[conn] = _Watcher(watched[0], conn.info.backend_pid)
    return found


class _Watcher:
    """A thread that, while a statement of the connection runs longer than POLL, asks a
    side connection who blocks it; it ends after IDLE seconds without a statement."""

    def __init__(self, dsn: str, pid: int) -> None:
        self.dsn, self.pid = dsn, pid
        self._cond = threading.Condition()
        self._current: watch | None = None  # the statement running now
        self._busy = False  # a side connection is open for it
        self._thread: threading.Thread | None = None

    def arm(self, statement: watch) -> None:
        with self._cond:
            self._current = statement
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True, name="wb-blockers")
                self._thread.start()
            self._cond.notify_all()

    def disarm(self) -> None:
        """The statement ended: once this returns, its `found` no longer changes."""
        with self._cond:
            self._current = None
            self._cond.notify_all()
            self._cond.wait_for(lambda: not self._busy, timeout=5)

    def _run(self) -> None:
        cond = self._cond
        while True:
            with cond:
                if self._current is None and not cond.wait_for(
                    lambda: self._current is not None, timeout=IDLE
                ):
                    self._thread = None
                    return
                statement = self._current
                if cond.wait_for(lambda s=statement: self._current is not s, timeout=POLL):
                    continue  # finished quickly: nothing waited
                self._busy = True
            try:
                self._look(statement)
            finally:
                with cond:
                    self._busy = False
                    cond.notify_all()

    def _look(self, statement: watch) -> None:
        from workbench.db import connect

        try:
            with connect(self.dsn, autocommit=True, connect_timeout=5) as side:
                while True:
                    rows = side.execute(_QUERY, (self.pid,)).fetchall()
                    if rows:
                        statement.found = [Blocker(*row) for row in rows]
                    with self._cond:
                        if self._cond.wait_for(lambda: self._current is not statement, POLL):
                            return
        except Exception:  # noqa: BLE001 - best effort: the error is told without names
            return
