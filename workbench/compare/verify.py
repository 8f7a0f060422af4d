"""`verify`: round trips on a shadow database.

`verify(project, admin_dsn) -> VerifyResult` creates a throwaway database on the
server of `admin_dsn` (the project's embedded server by default; see
`shadow.shadow_admin_dsn`) and checks:

- the baseline, run twice, changes nothing the second time (and does not fail):
  `baseline_rerun_failed` / `baseline_rerun_changes`;
- every migration, in order: up → down → up gives the same catalog as up alone
  (`up_down_up_differs`), and its down brings back the catalog from before it
  (`down_does_not_restore`); a failing up or down is `up_failed` / `down_failed`
  at file:line. Migrations without a down are reported (`no_down`, INFO) and
  only applied.

Catalogs are compared with the differ, so a column re-added by the second up
(same definition, new attribute number) is not a difference. Each finding names
the differing objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.catalog.model import Catalog
from workbench.db import connect
from workbench.errors import SqlError
from workbench.migrations.execute import executable, run_statements
from workbench.migrations.files import Migration, Project, Section
from workbench.migrations.lint import ERROR, INFO, WARN, Finding
from workbench.migrations.shadow import read_catalog, shadow_database


@dataclass
class VerifyResult:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # migration ids round-tripped

    @property
    def ok(self) -> bool:
        return not any(f.level in (ERROR, WARN) for f in self.findings)


def _differences(a: Catalog, b: Catalog, limit: int = 8) -> str:
    from workbench.diff.differ import diff

    changes = diff(a, b)
    words = [f"{c.change} {c.kind.replace('_', ' ')} {c.object}" for c in changes[:limit]]
    more = f" and {len(changes) - limit} more" if len(changes) > limit else ""
    return ", ".join(words) + more


def _run(dsn: str, section: Section, transactional: bool) -> None:
    with connect(dsn, autocommit=True) as conn:
        statements = executable(section, transactional=transactional)
        if transactional:
            with conn.transaction():
                run_statements(conn, statements)
        else:
            run_statements(conn, statements)


def _failure(name: str, migration: Migration, exc: SqlError) -> Finding:
    return Finding(name, ERROR, exc.file or migration.file, exc.line, exc.detail)


def verify(
    project: Project,
    admin_dsn: str,
    *,
    progress: Callable[[str], None] | None = None,
) -> VerifyResult:
    """Round-trip every migration on a shadow database (see the module docstring)."""
    result = VerifyResult()
    config = project.config
    with shadow_database(admin_dsn, supabase=config.supabase) as dsn:

        def catalog() -> Catalog:
            return read_catalog(dsn, config)

        baseline = project.baseline
        if baseline is not None:
            if progress:
                progress(f"baseline {baseline.id}: run twice")
            try:
                _run(dsn, baseline.up, baseline.transactional)
            except SqlError as exc:
                result.findings.append(_failure("up_failed", baseline, exc))
                return result
            once = catalog()
            try:
                _run(dsn, baseline.up, baseline.transactional)
            except SqlError as exc:
                result.findings.append(
                    Finding(
                        "baseline_rerun_failed",
                        ERROR,
                        exc.file,
                        exc.line,
                        f"running the baseline a second time fails: {exc.detail}",
                    )
                )
                return result
            changed = _differences(once, catalog())
            if changed:
                result.findings.append(
                    Finding(
                        "baseline_rerun_changes",
                        ERROR,
                        baseline.file,
                        None,
                        f"running the baseline a second time changes the schema: {changed}",
                    )
                )
            result.checked.append(baseline.id)

        for migration in project.migrations:
            if progress:
                progress(f"{migration.id}: up → down → up")
            before = catalog()
            try:
                _run(dsn, migration.up, migration.transactional)
            except SqlError as exc:
                result.findings.append(_failure("up_failed", migration, exc))
                return result  # later migrations build on this one
            after = catalog()
            if migration.down is None:
                result.findings.append(
                    Finding(
                        "no_down",
                        INFO,
                        migration.file,
                        None,
                        "no down section: only applied, not round-tripped",
                    )
                )
                continue
            try:
                _run(dsn, migration.down, migration.transactional)
            except SqlError as exc:
                result.findings.append(_failure("down_failed", migration, exc))
                return result
            restored = _differences(before, catalog())
            if restored:
                result.findings.append(
                    Finding(
                        "down_does_not_restore",
                        ERROR,
                        migration.file,
                        migration.down.first_line,
                        f"after up → down the schema differs from before the migration: {restored}",
                    )
                )
            try:
                _run(dsn, migration.up, migration.transactional)
            except SqlError as exc:
                result.findings.append(
                    Finding(
                        "up_down_up_failed",
                        ERROR,
                        exc.file,
                        exc.line,
                        f"up fails again after its down ran: {exc.detail}",
                    )
                )
                return result
            again = _differences(after, catalog())
            if again:
                result.findings.append(
                    Finding(
                        "up_down_up_differs",
                        ERROR,
                        migration.file,
                        migration.up.first_line,
                        f"up → down → up gives a different schema than up alone: {again}",
                    )
                )
            result.checked.append(migration.id)
    return result
