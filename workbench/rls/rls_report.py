"""The RLS report: every table's RLS state and policies, plus the lint findings.

This is what `workbench rls` prints and what the TUI's RLS pane lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from workbench.catalog.model import Catalog, Policy, Table
from workbench.findings import Finding, at_least, level_counts
from workbench.rls.lints import lint_catalog
from workbench.rls.splinter import splinter_json
from workbench.supabase_env import MANAGED_SCHEMAS


@dataclass(frozen=True)
class TableState:
    """One table in the report."""

    table: Table
    findings: tuple[Finding, ...] = ()

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def badge(self) -> str:
        """ "disabled" | "no policy" | "forced" | "enabled"."""
        if not self.table.rls_enabled:
            return "disabled"
        if not self.table.policies:
            return "no policy"
        return "forced" if self.table.rls_forced else "enabled"

    def counts(self) -> dict[str, int]:
        return level_counts(list(self.findings))


@dataclass(frozen=True)
class RlsReport:
    """Tables (sorted by key) and findings (most severe first)."""

    tables: tuple[TableState, ...]
    findings: tuple[Finding, ...] = field(default=())

    def table(self, key: str) -> TableState | None:
        return next((t for t in self.tables if t.key == key), None)

    def failing(self, level: str = "WARN") -> list[Finding]:
        """Findings at `level` or above (what `--exit-code` fails on)."""
        return at_least(list(self.findings), level)

    def counts(self) -> dict[str, int]:
        return level_counts(list(self.findings))

    def to_json(self) -> dict[str, Any]:
        """SPEC 7's shape: `{"tables": [...], "findings": [...]}`."""
        return {
            "tables": [
                {
                    "table": t.key,
                    "rls_enabled": t.table.rls_enabled,
                    "rls_forced": t.table.rls_forced,
                    "policies": [policy_json(p) for p in t.table.policies],
                }
                for t in self.tables
            ],
            "findings": [splinter_json(f) for f in self.findings],
        }


def policy_json(policy: Policy) -> dict[str, Any]:
    return {
        "name": policy.name,
        "command": policy.command,
        "permissive": policy.permissive,
        "roles": list(policy.roles),
        "using": policy.using,
        "with_check": policy.with_check,
    }


def rls_report(catalog: Catalog, schemas: Iterable[str] | None = None) -> RlsReport:
    """The report for the catalog's tables (Supabase-managed schemas left out unless asked for)."""
    wanted = set(schemas) if schemas is not None else None

    def included(table: Table) -> bool:
        if wanted is not None:
            return table.schema in wanted
        return table.schema not in MANAGED_SCHEMAS

    findings = [f for f in lint_catalog(catalog, wanted) if included(catalog.tables[f.table_key])]
    by_table: dict[str, list[Finding]] = {}
    for f in findings:
        by_table.setdefault(f.table_key, []).append(f)
    tables = tuple(
        TableState(table=t, findings=tuple(by_table.get(key, ())))
        for key, t in sorted(catalog.tables.items())
        if included(t)
    )
    return RlsReport(tables=tables, findings=tuple(findings))
