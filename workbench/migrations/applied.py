"""The migrations applied on a target: what a drift check replays (SPEC 7's `migrations`).

Drift is what the database has that its applied migrations don't say, so the
expected schema is the applied migrations replayed in a shadow database: a
pending migration is not drift. `validate`, `diff`, `align` and the drift pane
all take the replayed set from `applied_migrations`:

- the baseline when it is applied or not needed (the database has history);
- every applied (or modified: its current file) migration, in order;
- pending, out-of-order and failed migrations are left out, and listed;
- applied migrations whose file is gone cannot be replayed, and are listed;
- a target that keeps no history at all (no history table, workbench's or
  Supabase's) gets every file, with a note: nothing says what was applied.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import psycopg

from workbench.migrations.files import Project
from workbench.migrations.state import MigrationStatus, read_status

NOT_APPLIED = ("pending", "out-of-order", "failed")


@dataclass(frozen=True)
class AppliedMigrations:
    """The project limited to what the target applied, and what was left out."""

    project: Project  # the migrations to replay, baseline first
    pending: tuple[MigrationStatus, ...] = ()  # files not applied on the target
    missing: tuple[MigrationStatus, ...] = ()  # applied, but their file is gone
    recorded: bool = True  # False: the target keeps no history, every file is replayed

    @property
    def notes(self) -> list[str]:
        """What a reader of the drift should know, in plain words."""
        notes = []
        if not self.recorded:
            notes.append("the target has no migration history: every migration file is replayed")
        if self.pending:
            count = len(self.pending)
            noun = "migration" if count == 1 else "migrations"
            names = ", ".join(f"{s.version}_{s.name}" for s in self.pending[:3])
            more = f", and {count - 3} more" if count > 3 else ""
            notes.append(f"{count} pending {noun} not applied, so not compared: {names}{more}")
        if self.missing:
            count = len(self.missing)
            names = ", ".join(s.version for s in self.missing[:3])
            notes.append(
                f"{count} applied migration{'s' if count != 1 else ''} without a file "
                f"cannot be replayed: {names}{', ...' if count > 3 else ''}"
            )
        return notes


def applied_migrations(
    project: Project, statuses: list[MigrationStatus], *, recorded: bool = True
) -> AppliedMigrations:
    """The part of `project` applied on the target, per its timeline `statuses`."""
    if not recorded:
        return AppliedMigrations(project, recorded=False)
    replayed = {
        id(s.migration)
        for s in statuses
        if s.migration is not None and (s.is_applied or s.state == "baseline")
    }
    baseline = project.baseline if id(project.baseline) in replayed else None
    return AppliedMigrations(
        replace(
            project,
            baseline=baseline,
            migrations=tuple(m for m in project.migrations if id(m) in replayed),
        ),
        pending=tuple(s for s in statuses if s.migration is not None and s.state in NOT_APPLIED),
        missing=tuple(s for s in statuses if s.state == "missing"),
    )


def read_applied(
    conn: psycopg.Connection, project: Project
) -> tuple[list[MigrationStatus], AppliedMigrations]:
    """The target's timeline and its applied migrations (read-only)."""
    statuses, history = read_status(conn, project)
    recorded = history.exists or history.supabase
    return statuses, applied_migrations(project, statuses, recorded=recorded)
