"""The state of every migration: files compared with the target's history.

`migration_status(conn, project) -> list[MigrationStatus]` (read-only) and the
pure `compute_status(project, history)` give one entry per migration in
application order — the baseline first, then by version (applied migrations
whose file is gone included) — and the archive last. States (SPEC 6):

- `baseline`: the baseline, applied (or not needed: the database already has
  applied migrations, so `up` will not run it);
- `applied`; `modified`: applied, but the file's checksum differs from the one
  recorded; `missing`: applied, the file is gone;
- `pending`; `out-of-order`: pending but older than the newest applied migration
  (applied only with `--include-all`); `failed`: not applied and its last attempt
  failed or was interrupted;
- `archived`: a file of `migrations_archive/` (never executed).

`MigrationStatus.out_of_order` is also set for failed migrations older than the
newest applied one, so `up` can skip them without `--include-all`.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from workbench.errors import ConfigError
from workbench.migrations import lock
from workbench.migrations.files import ArchivedMigration, Migration, Project
from workbench.migrations.history import AppliedMigration, Attempt, History, read_history

ICONS = {
    "baseline": "◆",
    "applied": "✓",
    "pending": "●",
    "out-of-order": "↯",
    "modified": "✎",
    "failed": "✗",
    "missing": "?",
    "archived": "▫",
}
# How each state is coloured in the CLI and the TUI (rich style names).
STATE_STYLES = {
    "baseline": "magenta",
    "applied": "green",
    "pending": "cyan",
    "out-of-order": "yellow",
    "modified": "yellow",
    "failed": "red",
    "missing": "red",
    "archived": "dim",
}


@dataclass(frozen=True)
class MigrationStatus:
    """One line of the timeline."""

    version: str
    name: str
    state: str
    migration: Migration | None = None
    archived: ArchivedMigration | None = None
    applied: AppliedMigration | None = None
    last_attempt: Attempt | None = None
    out_of_order: bool = False

    @property
    def icon(self) -> str:
        return ICONS[self.state]

    @property
    def is_baseline(self) -> bool:
        return self.migration is not None and self.migration.baseline

    @property
    def is_applied(self) -> bool:
        return self.applied is not None

    @property
    def applied_at(self):
        return self.applied.applied_at if self.applied else None

    @property
    def duration_ms(self) -> int | None:
        return self.applied.duration_ms if self.applied else None

    @property
    def checksum(self) -> str | None:
        if self.migration is not None:
            return self.migration.checksum
        return self.applied.checksum if self.applied else None

    @property
    def file(self) -> str | None:
        if self.migration is not None:
            return self.migration.file
        return self.archived.file if self.archived else None

    @property
    def error(self) -> str | None:
        """The last attempt's error when it failed (or "interrupted")."""
        attempt = self.last_attempt
        if attempt is None or not attempt.failed:
            return None
        return attempt.error or "interrupted: the attempt never finished"

    def to_json(self) -> dict[str, object]:
        """The SPEC 7 `status --json` entry (plus `error`: the failed attempt's message)."""
        applied_at = self.applied_at
        return {
            "version": self.version,
            "name": self.name,
            "state": self.state,
            "applied_at": applied_at.isoformat() if applied_at else None,
            "duration_ms": self.duration_ms,
            "checksum": self.checksum,
            "file": self.file,
            "error": self.error,
        }


def _failed(attempt: Attempt | None, lock_held: bool) -> bool:
    if attempt is None or attempt.direction != "up":
        return False
    if attempt.success is None and lock_held:
        return False  # another session is running it right now
    return attempt.failed


def _check_folder(project: Project, history: History) -> None:
    """Applied migrations and no migrations folder: the wrong project, not N missing files."""
    folder = project.config.migrations_dir
    if history.applied and not project.migrations and not folder.is_dir():
        raise ConfigError(
            f"the target has {len(history.applied)} applied migration(s) but there is no "
            f"migrations folder {str(folder)!r}: run from the project folder, or pass --project"
        )


def compute_status(
    project: Project, history: History, *, lock_held: bool = False
) -> list[MigrationStatus]:
    """Compare files and history (no database access)."""
    _check_folder(project, history)
    applied = dict(history.applied)
    baseline = project.baseline
    archived_numbers = {a.number for a in project.archive if a.version}
    newest = max(
        (n for n in applied if baseline is None or n != baseline.number),
        default=None,
    )
    entries: list[tuple[int, MigrationStatus]] = []

    for migration in project.ordered:
        row = applied.pop(migration.number, None)
        attempt = history.attempts.get(migration.number)
        if row is not None:
            modified = row.checksum is not None and row.checksum != migration.checksum
            state = "modified" if modified else ("baseline" if migration.baseline else "applied")
            out_of_order = False
        else:
            if migration.baseline:
                out_of_order = False
                needed = not history.applied
                state = "pending" if needed else "baseline"
                if needed and _failed(attempt, lock_held):
                    state = "failed"
            else:
                out_of_order = newest is not None and migration.number < newest
                if _failed(attempt, lock_held):
                    state = "failed"
                else:
                    state = "out-of-order" if out_of_order else "pending"
        entry = MigrationStatus(
            version=migration.version,
            name=migration.name,
            state=state,
            migration=migration,
            applied=row,
            last_attempt=attempt,
            out_of_order=out_of_order,
        )
        entries.append((-1 if migration.baseline else migration.number, entry))

    for number, row in applied.items():
        if number in archived_numbers:
            continue  # moved to the archive: shown there
        entries.append(
            (
                number,
                MigrationStatus(
                    version=row.version,
                    name=row.name,
                    state="missing",
                    applied=row,
                    last_attempt=history.attempts.get(number),
                ),
            )
        )
    entries.sort(key=lambda item: item[0])
    result = [entry for _, entry in entries]
    for archived in project.archive:
        row = history.applied.get(archived.number) if archived.version else None
        result.append(
            MigrationStatus(
                version=archived.version,
                name=archived.name,
                state="archived",
                archived=archived,
                applied=row,
            )
        )
    return result


def migration_status(conn: psycopg.Connection, project: Project) -> list[MigrationStatus]:
    """The timeline of `project` on the database behind `conn` (read-only)."""
    return read_status(conn, project)[0]


def read_status(
    conn: psycopg.Connection, project: Project
) -> tuple[list[MigrationStatus], History]:
    """`migration_status`, and the history it was computed from."""
    history = read_history(conn)
    held = lock.holder(conn) is not None if history.log_exists else False
    return compute_status(project, history, lock_held=held), history


def pending(statuses: list[MigrationStatus], *, include_all: bool = False) -> list[MigrationStatus]:
    """What `up` would apply, in order: the baseline when needed, then pending migrations."""
    chosen = []
    for status in statuses:
        if status.migration is None or status.is_applied:
            continue
        if status.is_baseline:
            if status.state in ("pending", "failed"):
                chosen.append(status)
            continue
        if status.out_of_order and not include_all:
            continue
        chosen.append(status)
    return chosen
