"""RLS lints: the rules of SPEC 11, each with a precise condition, a level and a fix.

`lint_catalog(catalog)` runs them all: table-level rules in `lint_tables.py`, rules
about one policy's expressions in `lint_policies.py`, cross-object rules
(partitions, views and functions, cycles) in `lint_paths.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.catalog.model import Catalog
from workbench.findings import Finding
from workbench.rls.lint_paths import path_rules
from workbench.rls.lint_policies import policy_rules, unindexed_columns, write_weaker_than_read
from workbench.rls.lint_tables import command_rules, rls_state
from workbench.rls.linter import Linter
from workbench.supabase_env import MANAGED_SCHEMAS


def lint_catalog(
    catalog: Catalog, schemas: Iterable[str] | None = None, linter: Linter | None = None
) -> list[Finding]:
    """Every RLS finding for the tables of `schemas` (default: all but Supabase-managed ones).

    Pass `linter` to share its access model (and what it has worked out) with the caller.
    """
    lint = linter if linter is not None else Linter(catalog)
    wanted = set(schemas) if schemas is not None else None
    tables = [
        t
        for t in catalog.tables.values()
        if (t.schema in wanted if wanted is not None else t.schema not in MANAGED_SCHEMAS)
    ]
    findings: list[Finding] = []
    for table in tables:
        findings += rls_state(lint, table)
        findings += command_rules(lint, table)
        for policy in table.policies:
            findings += policy_rules(lint, table, policy)
        findings += write_weaker_than_read(lint, table)
        findings += unindexed_columns(lint, table)
    keys = {t.key for t in tables}
    findings += [f for f in path_rules(lint) if f.table_key in keys]
    return sorted(findings, key=Finding.sort_key)
