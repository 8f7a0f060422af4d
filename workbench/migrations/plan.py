"""What a run would do: the migrations `up` applies, and the token of a preview.

A `PlanToken` records what a preview showed (each migration to run with its
checksum, and the target's applied set); `runner.apply(expect=token)` refuses
with `PreviewOutdated` when either changed since.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from workbench.errors import WorkbenchError
from workbench.migrations import history as hist
from workbench.migrations import lock
from workbench.migrations.files import Project
from workbench.migrations.state import MigrationStatus, compute_status, pending


class BadVersion(WorkbenchError):
    """A version argument names no migration (`value` as given, `reason` in words)."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(f"version {value}: {reason}")
        self.value, self.reason = value, reason


@dataclass(frozen=True)
class PlanToken:
    """What a preview showed: the migrations it ran, in order, and the target's applied set."""

    steps: tuple[tuple[str, str], ...]  # (version_name, checksum of the file)
    applied: tuple[tuple[str, str | None], ...]  # (version_name, recorded checksum), sorted

    @classmethod
    def of(cls, chosen: list[MigrationStatus], history: hist.History) -> PlanToken:
        steps = tuple((s.migration.id, s.migration.checksum) for s in chosen)
        applied = sorted((f"{a.version}_{a.name}", a.checksum) for a in history.applied.values())
        return cls(steps, tuple(applied))

    def changes_to(self, now: PlanToken) -> list[str]:
        """What differs from `now`, in words (empty: the same plan on the same target)."""
        was, will = dict(self.steps), dict(now.steps)
        out = [f"{i}: edited" for i in was if i in will and was[i] != will[i]]
        out += [f"{i}: no longer pending" for i in was if i not in will]
        out += [f"{i}: pending too" for i in will if i not in was]
        before, after = dict(self.applied), dict(now.applied)
        out += [f"{i}: applied since" for i in after if i not in before and i not in was]
        out += [f"{i}: rolled back since" for i in before if i not in after]
        return out or (["the order changed"] if self.steps != now.steps else [])


class PreviewOutdated(WorkbenchError):
    """Applying was refused: the files or the target changed since the preview.

    `changes` says what changed; `holder` is who held the migration lock (a run
    in progress elsewhere), if anyone.
    """

    def __init__(self, changes: list[str], holder: lock.LockHolder | None = None) -> None:
        super().__init__(
            "the migrations changed since the preview; nothing was applied ("
            + "; ".join(changes)
            + ")"
        )
        self.changes, self.holder = changes, holder


def resolve_version(project: Project, version: str, statuses: list[MigrationStatus]) -> int:
    """A version to stop at as a number; it must name a migration the project or target knows."""
    text = str(version).strip()
    if not text.isdigit():
        raise BadVersion(repr(version), "a version is digits only (YYYYMMDDHHMMSS)")
    number = int(text)
    known = {int(s.version) for s in statuses if s.version and s.archived is None}
    if number not in known:
        raise BadVersion(text, "no migration with this version")
    return number


def plan_apply(
    statuses: list[MigrationStatus], *, to: int | None = None, include_all: bool = False
) -> tuple[list[MigrationStatus], list[MigrationStatus]]:
    """(to apply, skipped out-of-order) from the timeline."""
    chosen = pending(statuses, include_all=include_all)
    skipped = [
        s
        for s in pending(statuses, include_all=True)
        if s not in chosen and (to is None or s.migration.baseline or int(s.version) <= to)
    ]
    if to is not None:
        chosen = [s for s in chosen if s.migration.baseline or int(s.version) <= to]
    return chosen, skipped


def read_plan(
    conn: psycopg.Connection, project: Project, to: str | None, include_all: bool
) -> tuple[list[MigrationStatus], PlanToken]:
    """What `apply` would run on `conn`'s target, in order, and its token."""
    history = hist.read_history(conn)
    statuses = compute_status(project, history)
    target = resolve_version(project, to, statuses) if to is not None else None
    chosen = plan_apply(statuses, to=target, include_all=include_all)[0]
    return chosen, PlanToken.of(chosen, history)


def check_token(
    expect: PlanToken, chosen: list, now: PlanToken, conn: psycopg.Connection | None = None
) -> None:
    """Refuse unless `now` is what was previewed (nothing left to run is never refused).

    With `conn` (not holding the lock), the refusal names who holds the lock.
    """
    changes = expect.changes_to(now) if chosen else []
    if changes:
        raise PreviewOutdated(changes, lock.holder(conn) if conn is not None else None)
