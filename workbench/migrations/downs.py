"""Rollback planning: which down runs for each migration, newest first.

For each applied migration to roll back, the down is, in order of preference:

1. `recorded`: the down section stored in the history when it was applied (so a
   rollback works after the file changed or vanished);
2. `file`: the file's current down section (for migrations applied without one
   recorded, e.g. by Supabase CLI);
3. `generated`: no down anywhere — the SQL of diff(after, before), computed on a
   shadow database (`workbench.compare.generated_downs.generate_down`), shown for review
   and run only when approved;
4. `none`: no down, and none could be generated (`DownStep.note` says why).

The baseline is never rolled back (it bootstraps an empty database; use
`workbench db reset` instead).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.migrations.files import Project, Section
from workbench.migrations.split import split_sql
from workbench.migrations.state import MigrationStatus

_CONCURRENTLY = re.compile(r"\bCONCURRENTLY\b", re.I)


@dataclass(frozen=True)
class DownStep:
    """One planned rollback step."""

    version: str
    name: str
    source: str  # "recorded" | "file" | "generated" | "none"
    section: Section  # the SQL that would run
    transactional: bool = True
    file: str | None = None  # the migration's file, when it still exists
    note: str = ""

    @property
    def sql(self) -> str:
        return self.section.sql

    @property
    def id(self) -> str:
        return f"{self.version}_{self.name}"


def applied_newest_first(statuses: list[MigrationStatus]) -> list[MigrationStatus]:
    """Applied migrations (not the baseline, not archived), newest version first."""
    applied = [s for s in statuses if s.is_applied and not s.is_baseline and s.state != "archived"]
    return sorted(applied, key=lambda s: int(s.version), reverse=True)


def select_for_rollback(
    statuses: list[MigrationStatus], *, steps: int | None = 1, to: int | None = None
) -> list[MigrationStatus]:
    """The migrations `down --steps N` or `down --to V` would roll back, newest first."""
    applied = applied_newest_first(statuses)
    if to is not None:
        return [s for s in applied if int(s.version) > to]
    if steps is None or steps < 1:
        raise WorkbenchError("the number of migrations to roll back must be at least 1")
    return applied[:steps]


def down_step(
    status: MigrationStatus,
    generate: Callable[[MigrationStatus], str] | None = None,
) -> DownStep:
    """The down that would roll back `status` (see the module docstring)."""
    migration, row = status.migration, status.applied
    file = migration.file if migration is not None else None
    recorded = row.down_sql if row is not None else None
    if recorded is not None:
        if migration is not None and migration.down is not None and migration.down.sql == recorded:
            section = migration.down  # unchanged since applied: positions in the file
            note = ""
        else:
            label = f"{file or status.version + '_' + status.name} (down section as applied)"
            section = _section(recorded, label)
            note = "the file's down section changed since it was applied" if migration else ""
        return DownStep(
            status.version,
            status.name,
            "recorded",
            section,
            _transactional(status, recorded),
            file,
            note,
        )
    if migration is not None and migration.down is not None:
        return DownStep(
            status.version,
            status.name,
            "file",
            migration.down,
            _transactional(status, migration.down.sql),
            file,
            "no down section was recorded when it was applied; using the file's",
        )

    def none(why: str) -> DownStep:
        return DownStep(
            status.version,
            status.name,
            "none",
            _section("", file or status.version),
            True,
            file,
            why,
        )

    if generate is None:
        return none("no down section, and no generated down was requested")
    try:
        text = generate(status)
    except WorkbenchError as exc:
        return none(f"no down section, and none could be generated: {exc}")
    label = f"generated down of {status.version}_{status.name}"
    note = "no down section: generated from the schema diff (review it)"
    if not text.strip():
        note = (
            "no down section, and it changes no schema object: the generated down is empty "
            "(data changes are not undone; only the history row goes)"
        )
    return DownStep(
        status.version,
        status.name,
        "generated",
        _section(text, label),
        _transactional(status, text),
        file,
        note,
    )


def _section(text: str, label: str) -> Section:
    return Section(
        sql=text, file=label, first_line=1, statements=tuple(split_sql(text, file=label))
    )


def _transactional(status: MigrationStatus, down_sql: str) -> bool:
    if status.migration is not None and not status.migration.transactional:
        return False
    return not _CONCURRENTLY.search(down_sql)


def plan_downs(
    project: Project,
    statuses: list[MigrationStatus],
    *,
    steps: int | None = 1,
    to: int | None = None,
    generate: Callable[[MigrationStatus], str] | None = None,
) -> list[DownStep]:
    """The down steps for `down --steps N` / `down --to V`, newest first."""
    return [down_step(s, generate) for s in select_for_rollback(statuses, steps=steps, to=to)]
