"""`verify`: round trips on a shadow database.

`verify(project, admin_dsn) -> VerifyResult` creates a throwaway database on the
server of `admin_dsn` (the project's embedded server by default; see
`compare.shadow.shadow_admin_dsn`) and checks:

- the baseline, run twice, changes nothing the second time (and does not fail):
  `baseline_rerun_failed` / `baseline_rerun_changes`;
- every migration, in order: up → down → up gives the same catalog as up alone
  (`up_down_up_differs`), and its down brings back the catalog from before it
  (`down_does_not_restore`); a failing up or down is `up_failed` / `down_failed`
  at file:line. Migrations without a down are reported (`no_down`, INFO) and
  only applied.

Each migration is a list of steps (`Step`: run a section, then compare the schema
with the one after an earlier step); one helper runs them. Catalogs are compared
with the differ, so a column re-added by the second up (same definition, new
attribute number) is not a difference. Each finding names the differing objects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.catalog.model import Catalog
from workbench.compare.shadow import read_catalog, shadow_database
from workbench.config import Config
from workbench.db import connect
from workbench.diff.differ import diff
from workbench.errors import SqlError
from workbench.findings import ERROR, INFO, WARN, Finding
from workbench.migrations.execute import executable, run_section
from workbench.migrations.files import Migration, Project, Section

BEFORE = -1  # `Step.same_as`: the schema before the first step


@dataclass
class VerifyResult:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # migration ids round-tripped

    @property
    def ok(self) -> bool:
        return not any(f.level in (ERROR, WARN) for f in self.findings)


@dataclass(frozen=True)
class Step:
    """Run `section`; then the schema must equal the one after step `same_as`, if given."""

    section: Section
    failed: str  # the finding when the section fails ...
    failed_text: str = "{}"  # ... and its message (`{}`: the database's error)
    same_as: int | None = None  # index of an earlier step, or BEFORE
    differs: str = ""  # the finding when the schema differs ...
    differs_text: str = ""  # ... its message (`{}`: the differing objects) ...
    line: int | None = None  # ... and its line


def baseline_steps(baseline: Migration) -> list[Step]:
    """Run twice: the second run must neither fail nor change anything."""
    return [
        Step(baseline.up, "up_failed"),
        Step(
            baseline.up,
            "baseline_rerun_failed",
            "running the baseline a second time fails: {}",
            same_as=0,
            differs="baseline_rerun_changes",
            differs_text="running the baseline a second time changes the schema: {}",
        ),
    ]


def round_trip_steps(migration: Migration) -> list[Step]:
    """up → down → up: the down restores the schema before, the second up the one after."""
    up = Step(migration.up, "up_failed")
    if migration.down is None:
        return [up]
    return [
        up,
        Step(
            migration.down,
            "down_failed",
            same_as=BEFORE,
            differs="down_does_not_restore",
            differs_text="after up → down the schema differs from before the migration: {}",
            line=migration.down.first_line,
        ),
        Step(
            migration.up,
            "up_down_up_failed",
            "up fails again after its down ran: {}",
            same_as=0,
            differs="up_down_up_differs",
            differs_text="up → down → up gives a different schema than up alone: {}",
            line=migration.up.first_line,
        ),
    ]


def _differences(a: Catalog, b: Catalog, limit: int = 8) -> str:
    changes = diff(a, b)
    words = [f"{c.change} {c.kind.replace('_', ' ')} {c.object}" for c in changes[:limit]]
    more = f" and {len(changes) - limit} more" if len(changes) > limit else ""
    return ", ".join(words) + more


def run_steps(
    dsn: str, config: Config, migration: Migration, steps: list[Step], start: Catalog
) -> tuple[list[Finding], Catalog | None]:
    """Run `steps` on `dsn`, comparing schemas; (findings, the schema after) — None after:
    a section failed, and later migrations cannot build on it."""
    findings: list[Finding] = []
    schemas = [start]  # schemas[i + 1]: after step i
    for step in steps:
        try:
            with connect(dsn, autocommit=True) as conn:
                statements = executable(step.section, transactional=migration.transactional)
                run_section(conn, statements, transactional=migration.transactional)
        except SqlError as exc:
            text = step.failed_text.format(exc.detail)
            findings.append(Finding(step.failed, ERROR, exc.file or migration.file, exc.line, text))
            return findings, None
        schemas.append(read_catalog(dsn, config))
        if step.same_as is not None:
            changed = _differences(schemas[step.same_as + 1], schemas[-1])
            if changed:
                text = step.differs_text.format(changed)
                findings.append(Finding(step.differs, ERROR, migration.file, step.line, text))
    return findings, schemas[-1]


def verify(
    project: Project,
    admin_dsn: str,
    *,
    progress: Callable[[str], None] | None = None,
) -> VerifyResult:
    """Round-trip every migration on a shadow database (see the module docstring)."""
    result = VerifyResult()
    config = project.config
    baseline = project.baseline
    plan = [(baseline, baseline_steps(baseline), "run twice")] if baseline else []
    plan += [(m, round_trip_steps(m), "up → down → up") for m in project.migrations]
    empty = dataclasses.replace(project, baseline=None, migrations=(), archive=())
    with shadow_database(config, admin_dsn, empty) as dsn:
        schema = read_catalog(dsn, config)
        for migration, steps, what in plan:
            if progress:
                label = f"baseline {migration.id}" if migration.baseline else migration.id
                progress(f"{label}: {what}")
            findings, schema = run_steps(dsn, config, migration, steps, schema)
            result.findings += findings
            if schema is None:
                return result
            if migration.down is None and not migration.baseline:
                result.findings.append(
                    Finding(
                        "no_down",
                        INFO,
                        migration.file,
                        None,
                        "no down section: only applied, not round-tripped",
                    )
                )
            else:
                result.checked.append(migration.id)
    return result
