"""Alignment migrations: the drift between the migrations and a target, written as a migration.

Used by `workbench align` and the TUI's drift pane (both sides come from
`workbench.compare.expected_actual.drift`):

- `plan_alignment(config, expected, actual, target_label)`: the new migration
  (up: the drift, down: its reverse), its file name and text, nothing written;
- `write_alignment(plan, config, target_dsn)`: write the file and record it as
  applied on the target (it describes what is there); the file is removed
  again when recording fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.catalog.model import Catalog
from workbench.config import Config
from workbench.db import connect
from workbench.diff.changes import Change
from workbench.diff.differ import diff
from workbench.diff.script import SqlScript
from workbench.diff.sql import to_sql
from workbench.errors import WorkbenchError
from workbench.migrations import history
from workbench.migrations.applied import AppliedMigrations
from workbench.migrations.files import MIGRATION_NAME, Migration, load_file
from workbench.migrations.naming import new_version, slug
from workbench.output_files import write_output


@dataclass(frozen=True)
class AlignmentPlan:
    """A migration that makes the migrations match a target, not yet written."""

    changes: list[Change]
    up: SqlScript
    down: SqlScript
    path: Path
    text: str  # the whole file
    # files the expected side replayed that the target does not record (it keeps no
    # history): recorded with the alignment, since together they describe the target
    adopt: tuple[Migration, ...] = ()
    unrecorded: str | None = None  # why the file will not be recorded as applied, if so


def migration_name(changes: list[Change]) -> str:
    """`align_<first object>[_and_N_more]`."""
    groups = sorted({c.group for c in changes})
    name = "align_" + (slug(groups[0].rpartition(".")[2]) if groups else "drift")
    if len(groups) > 1:
        name += f"_and_{len(groups) - 1}_more"
    return name[:100]


def migration_text(up: SqlScript, down: SqlScript, target: str) -> str:
    return (
        "-- migrate:up\n"
        f"-- Makes the migrations match {target} (written by `workbench align`).\n\n"
        f"{up.text()}\n"
        "-- migrate:down\n\n"
        f"{down.text()}"
    )


def plan_alignment(
    config: Config,
    expected: Catalog,
    actual: Catalog,
    target_label: str,
    *,
    output: Path | None = None,
    applied: AppliedMigrations | None = None,
) -> AlignmentPlan | None:
    """The alignment migration turning `expected` (the migrations) into `actual`; None: no drift.

    `applied`: which migrations `expected` replayed; when the target keeps no
    history, they are recorded along with the alignment.
    """
    changes = diff(expected, actual)
    if not changes:
        return None
    up = to_sql(changes, expected, actual)
    down = to_sql(diff(actual, expected), actual, expected)
    folder = config.migrations_dir
    path = output or folder / f"{new_version(folder)}_{migration_name(changes)}.sql"
    unrecorded = _why_not_recordable(config, path) if output is not None else None
    adopt = applied.project.ordered if applied is not None and not applied.recorded else ()
    text = migration_text(up, down, target_label)
    return AlignmentPlan(changes, up, down, path, text, adopt, unrecorded)


def _why_not_recordable(config: Config, path: Path) -> str | None:
    """None when `path` is a new migration of the project (it can be recorded as applied),
    else why not; a migration name whose version is taken is refused outright."""
    folder = config.migrations_dir.resolve()
    match = MIGRATION_NAME.match(path.name)
    if path.resolve().parent != folder:
        return f"it is not in {config.migrations}/"
    if match is None or path.name.endswith(".down.sql"):
        return "it is not named <version>_<name>.sql"
    number = int(match["version"])
    for other in folder.glob("*.sql"):
        found = MIGRATION_NAME.match(other.name)
        if found and int(found["version"]) == number and other.resolve() != path.resolve():
            raise WorkbenchError(
                f"cannot write {path}: version {match['version']} is already {other.name}"
            )
        if other.resolve() == path.resolve():
            raise WorkbenchError(f"cannot write {path}: it is an existing migration")
    return None


def write_file(path: Path, text: str, *, exclusive: bool) -> None:
    write_output(path, text, exclusive=exclusive, parents=True)


def record_applied(
    config: Config, target_dsn: str, path: Path, adopt: tuple[Migration, ...] = ()
) -> None:
    """Record the migration at `path` (after `adopt`) as applied on the target, in one transaction."""
    if MIGRATION_NAME.match(path.name) is None:
        raise WorkbenchError(f"{path}: not named <version>_<name>.sql; not recorded")
    migrations = (*adopt, load_file(path, config))
    with connect(target_dsn, autocommit=True) as conn:
        current = history.ensure_history(conn)
        with conn.transaction():
            for migration in migrations:
                history.record_apply(
                    conn,
                    version=migration.version,
                    name=migration.name,
                    checksum=migration.checksum,
                    duration_ms=0,
                    down_sql=migration.down.sql if migration.down else None,
                    statements=[s.sql for s in migration.up.statements],
                    history=current,
                )


def write_alignment(
    plan: AlignmentPlan, config: Config, target_dsn: str, *, exclusive: bool = True
) -> Path:
    """Write the plan's file and record it as applied (unless `plan.unrecorded` says why
    not); nothing is left behind on failure."""
    write_file(plan.path, plan.text, exclusive=exclusive)
    if plan.unrecorded is not None:
        return plan.path
    try:
        record_applied(config, target_dsn, plan.path, plan.adopt)
    except BaseException:
        plan.path.unlink(missing_ok=True)
        raise
    return plan.path
