"""The drift pane's database work (run in worker threads) and the messages it posts.

`compute` reads the expected side (the migrations applied on the target — or
every file — replayed in a cached shadow database, the Prisma schema projected
onto the target, or a snapshot file) and
the actual side (the target), and diffs them. `plan` and `write_checked` wrap
the engine behind `workbench align` (`workbench.compare.alignment`). Nothing here
touches a widget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from textual.message import Message

from workbench.catalog.model import Catalog
from workbench.compare import alignment as align
from workbench.compare.expected_actual import DB, drift
from workbench.compare.sources import ALL, Source, parse_source
from workbench.config import Config
from workbench.diff.changes import Change
from workbench.errors import WorkbenchError
from workbench.migrations.applied import AppliedMigrations
from workbench.tui.panes.drift_model import DriftGroup, group_changes

MIGRATIONS, MIGRATIONS_ALL = "migrations", "migrations:all"
PRISMA, SNAPSHOT = "prisma", "snapshot"


class DriftError(WorkbenchError):
    """The drift cannot be computed or written as asked."""


@dataclass
class DriftResult:
    """Both sides, their differences grouped by object, and what goes with them."""

    source: str  # migrations | migrations:all | prisma | snapshot
    label: str  # how the expected side is named
    expected: Catalog
    actual: Catalog
    changes: list[Change]
    groups: list[DriftGroup]
    not_modelled: list = field(default_factory=list)  # prisma.align.NotModelled items
    pending: int = 0  # pending migrations (their changes are part of the expected side)
    # migrations: what the replay left out (pending on the target, or no history at all)
    applied: AppliedMigrations | None = None
    seconds: float = 0.0


# -- messages ---------------------------------------------------------------


@dataclass
class DriftComputed(Message):
    result: DriftResult
    generation: int


@dataclass
class DriftFailed(Message):
    """The drift could not be computed (bad snapshot, replay error at file:line:col, ...)."""

    error: str
    generation: int


@dataclass
class AlignPlanned(Message):
    """The alignment migration to confirm (nothing written yet); None: no drift."""

    plan: align.AlignmentPlan | None
    pending: int


@dataclass
class AlignWritten(Message):
    path: Path
    changes: int


@dataclass
class AlignFailed(Message):
    error: str


# -- engine calls (worker threads) --------------------------------------------


def pending_count(config: Config, dsn: str) -> int:
    """How many migrations are not applied on the target (0 when it cannot tell)."""
    from workbench.db import connect
    from workbench.migrations.files import load_project
    from workbench.migrations.state import migration_status, pending

    try:
        project = load_project(config)
        with connect(dsn, read_only=True, autocommit=True) as conn:
            statuses = migration_status(conn, project)
    except (WorkbenchError, psycopg.Error):
        return 0
    return len(pending(statuses, include_all=True))


def compute(config: Config, dsn: str, source: str, value: str | None = None) -> DriftResult:
    """The drift between an expected source and the target."""
    started = time.monotonic()
    pending = 0
    if source == PRISMA:
        expected_source = Source("prisma", value or None)
        label = f"prisma ({value or config.prisma_schema})"
    elif source == SNAPSHOT:
        if not (value or "").strip():
            raise DriftError("type the snapshot file's path (made by `workbench snapshot -o FILE`)")
        expected_source = parse_source(f"snapshot:{value.strip()}")
        label = f"snapshot {value.strip()}"
    else:
        expected_source = migrations_source(source)
        label = source if source == MIGRATIONS_ALL else MIGRATIONS
        if source == MIGRATIONS_ALL:
            pending = pending_count(config, dsn)
    found = drift(config, dsn, expected_source, DB)
    expected, actual, changes = found.expected, found.actual, found.changes
    return DriftResult(
        source=source,
        label=label,
        expected=expected,
        actual=actual,
        changes=changes,
        groups=group_changes(changes, expected, actual),
        not_modelled=found.not_modelled,
        pending=pending,
        applied=found.applied,
        seconds=time.monotonic() - started,
    )


def plan(config: Config, result: DriftResult, target_label: str) -> align.AlignmentPlan | None:
    """The alignment migration for a migrations drift (nothing written)."""
    return align.plan_alignment(
        config, result.expected, result.actual, target_label, applied=result.applied
    )


def migrations_source(source: str) -> Source:
    """The diff source for the pane's migrations choice (applied ones, or every file)."""
    return Source("migrations", ALL if source == MIGRATIONS_ALL else None)


def write_checked(
    config: Config, dsn: str, plan: align.AlignmentPlan, source: str = MIGRATIONS
) -> Path:
    """Write the confirmed migration, unless the drift changed since it was planned."""
    if drift(config, dsn, migrations_source(source), DB).changes != plan.changes:
        raise DriftError(
            "the drift changed since it was computed: nothing was written — press r and try again"
        )
    return align.write_alignment(plan, config, dsn)
