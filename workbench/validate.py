"""`workbench validate`: the project's schema checks as one report, for CI.

Checks, in order, each giving findings `(name, level, file, line, detail)`:

- history: migrations `modified`, `missing`, `failed`, `out-of-order` (ERROR)
  and `pending` (WARN) on the target;
- drift: the migrations applied on the target (`workbench.migrations.applied`),
  replayed into a shadow database, compared with the target (every difference
  is an ERROR);
- prisma: the Prisma schema (when the project has one) aligned with the
  target; drift is an ERROR, what Prisma cannot model is listed as INFO;
- rls: the RLS lints (`workbench.rls.lints`), at their own levels;
- lint: the migration lints (`workbench.migrations.migration_lint`: project rules, squawk).

A check whose engine is not available yet is skipped with an INFO finding.
The report is `ok` when no finding is an ERROR (with `strict`, no WARN either).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any

from workbench.catalog.introspect import introspect
from workbench.catalog.model import Catalog
from workbench.config import Config
from workbench.db import connect
from workbench.findings import LEVELS, Finding, level_counts
from workbench.migrations.applied import AppliedMigrations, read_applied

HISTORY_LEVELS = {
    "modified": "ERROR",
    "missing": "ERROR",
    "failed": "ERROR",
    "out-of-order": "ERROR",
    "pending": "WARN",
}


@dataclass
class Check:
    """The outcome of one check: a one-line summary and its findings."""

    name: str
    summary: str = ""
    findings: list[Finding] = field(default_factory=list)
    skipped: bool = False

    def add(
        self, name: str, level: str, detail: str, file: str | None = None, line: int | None = None
    ) -> None:
        self.findings.append(Finding(name, level, file, line, detail))

    def worst(self) -> str | None:
        levels = {f.level for f in self.findings}
        return next((lvl for lvl in LEVELS if lvl in levels), None)


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    strict: bool = False
    actual: Catalog | None = field(default=None, repr=False)  # the target's catalog, as read

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.checks for f in c.findings]

    @property
    def ok(self) -> bool:
        failing = ("ERROR", "WARN") if self.strict else ("ERROR",)
        return not any(f.level in failing for f in self.findings)

    def counts(self) -> dict[str, int]:
        return level_counts(self.findings)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "findings": [f.to_json() for f in self.findings]}


def _describe_change(change) -> str:
    where = {"added": "only in the target", "removed": "missing from the target"}
    return f"{change.kind} {change.object}: {where.get(change.change, 'differs')}"


# --- checks -----------------------------------------------------------------------


def check_history(check: Check, statuses: list) -> None:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status.state] = counts.get(status.state, 0) + 1
        level = HISTORY_LEVELS.get(status.state)
        if level is None:
            continue
        detail = f"{status.version} {status.name}: {status.state}"
        if status.state == "failed" and status.error:
            detail += f" ({status.error.splitlines()[0]})"
        check.add(f"migration_{status.state.replace('-', '_')}", level, detail, status.file)
    applied = counts.get("applied", 0) + counts.get("baseline", 0) + counts.get("modified", 0)
    check.summary = f"{applied} applied, {counts.get('pending', 0)} pending"


def check_drift(
    check: Check, config: Config, target_dsn: str, actual: Catalog, applied: AppliedMigrations
) -> None:
    from workbench.compare.expected_actual import drift
    from workbench.compare.sources import Source

    # the replay is cached as a template keyed by the files' checksums (workbench.compare.shadow)
    found = drift(config, target_dsn, Source("migrations"), actual=actual, applied=applied)
    changes = found.changes
    for change in changes:
        check.add("migration_drift", "ERROR", _describe_change(change))
    if not applied.recorded:
        check.add("migration_drift_note", "INFO", applied.notes[0])
    count = len(applied.project.ordered)
    check.summary = (
        f"migrations vs target: {len(changes)} difference{'s' if len(changes) != 1 else ''}"
        if changes
        else f"target matches its {count} migration{'s' if count != 1 else ''}"
    )


def load_prisma(config: Config):
    """The project's Prisma schema, loaded (None when the project has none)."""
    from workbench.prisma.source import find_schema, load

    if config.prisma_path is None or not (
        config.prisma_path.exists() or (config.prisma_path.parent / "schema").is_dir()
    ):
        return None
    return load(find_schema(config), config.root)


def check_prisma(check: Check, config: Config, target_dsn: str, actual: Catalog, source) -> None:
    from workbench.compare.expected_actual import drift
    from workbench.compare.sources import Source
    from workbench.prisma.source import summarize

    if source is None:
        check.skipped = True
        check.summary = "no Prisma schema in this project"
        check.add("prisma_skipped", "INFO", f"no Prisma schema at {config.prisma_schema}: skipped")
        return
    path = source.path
    found = drift(config, target_dsn, Source("prisma"), actual=actual, prisma=source)
    changes = found.changes
    shown = str(path.relative_to(config.root)) if path.is_relative_to(config.root) else str(path)
    for change in changes:
        pos = source.place(change.object)
        check.add(
            "prisma_drift",
            "ERROR",
            _describe_change(change),
            pos.file if pos else shown,
            pos.line if pos else None,
        )
    for label, count, objects in summarize(found.not_modelled):
        names = ", ".join(objects[:5]) + (", ..." if len(objects) > 5 else "")
        check.add(
            "prisma_not_modelled", "INFO", f"not modelled by Prisma: {count} {label} ({names})"
        )
    check.summary = (
        f"{shown}: {len(changes)} difference{'s' if len(changes) != 1 else ''} with the target"
        if changes
        else f"{shown} aligns with the target"
    )


def check_rls(check: Check, config: Config, actual: Catalog) -> None:
    from workbench.rls.lints import lint_catalog

    findings = lint_catalog(actual, list(config.schemas) if config.schemas else None)
    for f in sorted(findings, key=lambda f: f.sort_key()):
        where = f.table_key + (f" policy {f.policy!r}" if f.policy else "")
        check.add(f.name, f.level, f"{where}: {f.detail}")
    counts = level_counts(findings)
    check.summary = f"{counts['ERROR']} error, {counts['WARN']} warn, {counts['INFO']} info"


def check_lint(check: Check, project, statuses: list) -> None:
    from workbench.migrations.migration_lint import lint

    result = lint(project, statuses=statuses)
    # a modified applied file is already an ERROR of the history check
    findings = [f for f in result.findings if f.name != "applied_file_modified"]
    for f in findings:
        check.add(f.name, f.level, f.detail, f.file, f.line)
    for message in result.warnings:
        check.add("migration_lint_note", "INFO", message)
    counts = level_counts(findings)
    files = len(project.ordered)
    check.summary = (
        f"{files} file{'s' if files != 1 else ''}: "
        f"{counts['ERROR']} error, {counts['WARN']} warn, {counts['INFO']} info"
    )


def validate(config: Config, target_dsn: str, *, strict: bool = False) -> Report:
    """Run every check against the target; errors in inputs raise WorkbenchError."""
    from workbench.migrations.files import load_project

    project = load_project(config)
    prisma_source = load_prisma(config)  # bad input fails here, before any database work
    schemas = list(config.schemas) if config.schemas else None
    with connect(target_dsn, read_only=True, autocommit=True) as conn:
        statuses, applied = read_applied(conn, project)
        actual = introspect(conn, schemas, parallel=True)
    # the catalog (hundreds of thousands of objects at 5,000 tables) is left out of the
    # collector's passes meanwhile: each full pass walked all of it (~0.1 s)
    gc.freeze()
    try:
        report = Report(strict=strict, actual=actual)
        history, drift, prisma, rls, lint = (
            Check(n) for n in ("history", "drift", "prisma", "rls", "lint")
        )
        check_history(history, statuses)
        for message in project.warnings:
            history.add("migration_file_skipped", "WARN", message)
        check_drift(drift, config, target_dsn, actual, applied)
        check_prisma(prisma, config, target_dsn, actual, prisma_source)
        check_rls(rls, config, actual)
        check_lint(lint, project, statuses)
        report.checks = [history, drift, prisma, rls, lint]
        return report
    finally:
        gc.unfreeze()
