"""Applying and rolling back migrations on a target.

Engine API (used by the CLI, the TUI and `workbench demo`):

- `apply(dsn, project, to=None, include_all=False, progress=None) -> RunResult`:
  applies the baseline (on a database with no applied migration) and the pending
  migrations in order, up to and including version `to`; out-of-order ones only
  with `include_all`.
- `rollback(dsn, project, steps=1, to=None, approve=None, progress=None) -> RunResult`:
  rolls back the newest applied migrations one at a time (`steps` of them, or
  every one newer than `to`), each with the down section recorded when it was
  applied (else the file's down section); a migration with no down at all gets a
  generated down (`plan_rollback` / `downs.py`) that runs only if `approve(step)`
  returns True. The baseline is never rolled back.
- `plan_rollback(dsn, project, steps=1, to=None) -> list[DownStep]`: what
  `rollback` would run, without running it.

Apply exactly what was previewed: `apply(..., expect=token)` with the
`PlanToken` of a preview (`Preview.token`) or of `plan_up` runs nothing unless
the migrations it would run (version and checksum) and the target's applied set
are the ones the token was made from; otherwise it raises `PreviewOutdated` and
the database is unchanged. It checks before waiting for the migration lock
(naming who holds it) and again once it holds the lock.

Safety: a session-level advisory lock is held for the whole run (a concurrent run
waits, `progress(RunEvent("waiting", holder=...))`, up to `lock_wait` seconds);
each migration runs in one transaction (unless `-- workbench:no-transaction`)
that also writes the history row, so a failure leaves the database and the
history as they were before that migration; every attempt is written to the
execution log in its own transaction, so the failure stays recorded. Statement
and lock timeouts come from the config.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg

from workbench.db import connect
from workbench.errors import SqlError, WorkbenchError
from workbench.migrations import history as hist
from workbench.migrations import lock
from workbench.migrations.downs import DownStep, plan_downs
from workbench.migrations.execute import executable, run_section
from workbench.migrations.files import Migration, Project
from workbench.migrations.plan import PlanToken, check_token, plan_apply, read_plan, resolve_version
from workbench.migrations.session import bookkeeping_failed, log_failure, ms, open_session, reset
from workbench.migrations.state import MigrationStatus, compute_status

DEFAULT_LOCK_WAIT = 300.0  # seconds a run waits for another run's lock


@dataclass(frozen=True)
class RunEvent:
    """Progress of a run: `waiting` (for the lock), `start`, `done`, `skipped`, `modified`
    (an applied migration whose file changed since: not run again)."""

    kind: str
    version: str = ""
    name: str = ""
    direction: str = "up"
    duration_ms: int | None = None
    holder: lock.LockHolder | None = None
    detail: str = ""
    index: int = 0  # `start`/`done`: the migration's place in this run (1-based) ...
    total: int = 0  # ... and how many the run has


@dataclass(frozen=True)
class Step:
    """One migration applied or rolled back."""

    version: str
    name: str
    direction: str  # "up" | "down"
    duration_ms: int
    statements: int
    file: str | None = None
    down_source: str | None = None  # for rollbacks: "recorded" | "file" | "generated" | "empty"


@dataclass
class RunResult:
    """What a run did."""

    steps: list[Step] = field(default_factory=list)
    skipped: list[MigrationStatus] = field(default_factory=list)  # out-of-order, not applied
    stopped: bool = False  # a rollback step was not approved


Progress = Callable[[RunEvent], None]
Generator = Callable[[MigrationStatus], str]


def _locked(conn: psycopg.Connection, progress: Progress | None, lock_wait: float) -> None:
    def waiting(holder: lock.LockHolder | None) -> None:
        if progress is not None:
            progress(RunEvent("waiting", holder=holder))

    lock.acquire(conn, wait_seconds=lock_wait, on_wait=waiting)


def plan_up(
    dsn: str, project: Project, *, to: str | None = None, include_all: bool = False
) -> tuple[list[MigrationStatus], PlanToken]:
    """What `apply` would run, in order, and its token (read-only)."""
    with connect(dsn, read_only=True, autocommit=True) as conn:
        return read_plan(conn, project, to, include_all)


def apply_one(
    conn: psycopg.Connection,
    migration: Migration,
    history: hist.History,
) -> Step:
    """Apply one migration and record it (the caller holds the lock)."""
    statements = executable(migration.up, transactional=migration.transactional)
    log_id = hist.log_start(conn, version=migration.version, name=migration.name, direction="up")
    start = time.monotonic()
    down_sql = migration.down.sql if migration.down is not None else None
    texts = [s.sql for s in statements]
    try:
        duration = run_section(
            conn,
            statements,
            transactional=migration.transactional,
            then=lambda: _record_up(conn, migration, history, log_id, start, down_sql, texts),
        )
    except SqlError as exc:
        note = "" if migration.transactional else " (no transaction: earlier statements stay)"
        log_failure(conn, log_id, start, str(exc) + note)
        if not migration.transactional:
            raise SqlError(exc.detail + note, file=exc.file, line=exc.line, col=exc.col) from None
        raise
    except psycopg.Error as exc:
        raise bookkeeping_failed(
            conn, log_id, start, migration.id, exc, migration.transactional
        ) from None
    except BaseException as exc:
        log_failure(conn, log_id, start, f"interrupted: {type(exc).__name__}: {exc}")
        raise
    finally:
        reset(conn)
    return Step(
        version=migration.version,
        name=migration.name,
        direction="up",
        duration_ms=duration,  # the one recorded in the history, which `status` shows
        statements=len(statements),
        file=migration.file,
    )


def _record_up(conn, migration, history, log_id, start, down_sql, texts) -> int:
    duration = ms(start)
    hist.record_apply(
        conn,
        version=migration.version,
        name=migration.name,
        checksum=migration.checksum,
        duration_ms=duration,
        down_sql=down_sql,
        statements=texts,
        history=history,
    )
    hist.log_finish_sql(conn, log_id, success=True, duration_ms=duration)
    return duration


def apply(
    dsn: str,
    project: Project,
    *,
    to: str | None = None,
    include_all: bool = False,
    progress: Progress | None = None,
    lock_wait: float = DEFAULT_LOCK_WAIT,
    expect: PlanToken | None = None,
) -> RunResult:
    """Apply pending migrations (see the module docstring)."""
    result = RunResult()
    if expect is not None:  # fail fast, naming the run in progress, before waiting for it
        with connect(dsn, read_only=True, autocommit=True) as conn:
            check_token(expect, *read_plan(conn, project, to, include_all), conn)
    with open_session(dsn, project.config) as conn:
        _locked(conn, progress, lock_wait)
        try:
            history = hist.read_history(conn)
            statuses = compute_status(project, history)
            target = resolve_version(project, to, statuses) if to is not None else None
            chosen, result.skipped = plan_apply(statuses, to=target, include_all=include_all)
            if expect is not None:
                check_token(expect, chosen, PlanToken.of(chosen, history))
            for status in result.skipped:
                if progress is not None:
                    progress(RunEvent("skipped", status.version, status.name, detail=status.state))
            for status in statuses:
                if status.state == "modified" and progress is not None:
                    progress(RunEvent("modified", status.version, status.name))
            if not chosen:
                return result
            for status in chosen:
                if status.migration.up.empty and progress is not None:
                    progress(RunEvent("empty", status.version, status.name))
            history = hist.ensure_history(conn)
            total = len(chosen)
            for index, status in enumerate(chosen, 1):
                migration = status.migration
                if progress is not None:
                    progress(
                        RunEvent(
                            "start", migration.version, migration.name, index=index, total=total
                        )
                    )
                step = apply_one(conn, migration, history)
                result.steps.append(step)
                if progress is not None:
                    progress(
                        RunEvent(
                            "done",
                            step.version,
                            step.name,
                            duration_ms=step.duration_ms,
                            index=index,
                            total=total,
                        )
                    )
                history = hist.read_history(conn)
        finally:
            lock.release(conn)
    return result


def rollback_one(conn: psycopg.Connection, step: DownStep, history: hist.History) -> Step:
    """Run one down step and remove its history rows (the caller holds the lock)."""
    log_id = hist.log_start(conn, version=step.version, name=step.name, direction="down")
    start = time.monotonic()
    statements = executable(step.section, transactional=step.transactional)

    def record() -> None:
        hist.record_rollback(conn, version=step.version, history=history)
        hist.log_finish_sql(conn, log_id, success=True, duration_ms=ms(start))

    try:
        run_section(conn, statements, transactional=step.transactional, then=record)
    except SqlError as exc:
        log_failure(conn, log_id, start, str(exc))
        raise
    except psycopg.Error as exc:
        raise bookkeeping_failed(conn, log_id, start, step.id, exc, step.transactional) from None
    except BaseException as exc:
        log_failure(conn, log_id, start, f"interrupted: {type(exc).__name__}: {exc}")
        raise
    finally:
        reset(conn)
    return Step(
        version=step.version,
        name=step.name,
        direction="down",
        duration_ms=ms(start),
        statements=len(statements),
        file=step.file,
        down_source=step.source,
    )


def plan_rollback(
    dsn: str,
    project: Project,
    *,
    steps: int | None = 1,
    to: str | None = None,
    generate: Generator | None = None,
) -> list[DownStep]:
    """The down steps `rollback` would run, newest first (read-only)."""
    with connect(dsn, read_only=True, autocommit=True) as conn:
        history = hist.read_history(conn)
        statuses = compute_status(project, history)
        target = resolve_version(project, to, statuses) if to is not None else None
        return plan_downs(project, statuses, steps=steps, to=target, generate=generate)


def rollback(
    dsn: str,
    project: Project,
    *,
    steps: int | None = 1,
    to: str | None = None,
    approve: Callable[[DownStep], bool] | None = None,
    generate: Generator | None = None,
    progress: Progress | None = None,
    lock_wait: float = DEFAULT_LOCK_WAIT,
) -> RunResult:
    """Roll back migrations one at a time (see the module docstring).

    `approve(step)` is asked before every step; without it, steps whose down is
    generated (not written by a person) are refused. `generate(status)` returns
    a down for migrations that have none (`compare.generated_downs.down_generator`).
    """
    result = RunResult()
    with open_session(dsn, project.config) as conn:
        _locked(conn, progress, lock_wait)
        try:
            history = hist.read_history(conn)
            statuses = compute_status(project, history)
            target = resolve_version(project, to, statuses) if to is not None else None
            plan = plan_downs(project, statuses, steps=steps, to=target, generate=generate)
            for step in plan:
                if step.source == "none":
                    raise WorkbenchError(f"cannot roll back {step.id}: {step.note}")
            if plan:
                history = hist.ensure_history(conn)
            for step in plan:
                if approve is not None:
                    if not approve(step):
                        result.stopped = True
                        break
                elif step.source == "generated":
                    raise WorkbenchError(
                        f"{step.version}_{step.name} has no down section; the generated down "
                        "must be reviewed and confirmed before it runs"
                    )
                if progress is not None:
                    progress(RunEvent("start", step.version, step.name, direction="down"))
                done = rollback_one(conn, step, history)
                result.steps.append(done)
                if progress is not None:
                    progress(
                        RunEvent(
                            "done",
                            done.version,
                            done.name,
                            direction="down",
                            duration_ms=done.duration_ms,
                        )
                    )
                history = hist.read_history(conn)
        finally:
            lock.release(conn)
    return result
