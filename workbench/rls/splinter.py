"""Lint findings: the record every RLS rule produces, and its splinter-compatible JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("ERROR", "WARN", "INFO")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

# rule id -> (title, category); categories follow Supabase's splinter.
RULES: dict[str, tuple[str, str]] = {
    "rls_disabled_exposed": ("RLS disabled on a table the API roles can use", "SECURITY"),
    "policy_exists_rls_disabled": ("Policies exist but RLS is disabled", "SECURITY"),
    "rls_enabled_no_policy": ("RLS enabled, no policy", "SECURITY"),
    "command_silently_denied": (
        "Privilege held but no policy lets the command through",
        "SECURITY",
    ),
    "dead_policy_missing_expression": ("Policy grants nothing: expression missing", "SECURITY"),
    "policy_always_true": ("Policy is always true", "SECURITY"),
    "write_check_weaker_than_read": ("Write check weaker than read filter", "SECURITY"),
    "update_delete_without_select": ("UPDATE/DELETE policy without SELECT policy", "SECURITY"),
    "auth_call_per_row": ("Auth function evaluated per row", "PERFORMANCE"),
    "policy_column_unindexed": ("Column filtered by a policy has no index", "PERFORMANCE"),
    "multiple_permissive_policies": ("Multiple permissive policies", "PERFORMANCE"),
    "partition_child_bypass": ("Partition or child table without the parent's RLS", "SECURITY"),
    "bypass_path_to_rls_table": ("View or function bypasses RLS", "SECURITY"),
    "user_writable_claim_in_policy": ("Policy trusts user-writable metadata", "SECURITY"),
    "auth_context_misuse": ("Policy fails open without a user", "SECURITY"),
    "policy_recursion_risk": ("Policies reference each other in a cycle", "SECURITY"),
    "policy_for_bypass_role": ("Policy for a role that bypasses RLS", "SECURITY"),
}


@dataclass(frozen=True)
class Finding:
    """One lint finding on a table (and possibly one of its policies)."""

    name: str  # rule id
    level: str  # ERROR | WARN | INFO
    schema: str
    table: str
    detail: str
    fix: str
    policy: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def table_key(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def title(self) -> str:
        return RULES[self.name][0]

    def sort_key(self) -> tuple:
        return (LEVEL_RANK[self.level], self.schema, self.table, self.name, self.policy or "")

    def to_json(self) -> dict[str, Any]:
        """Splinter's shape (`name, title, level, categories, detail, metadata, cache_key`) plus `fix`."""
        title, category = RULES[self.name]
        metadata = {"schema": self.schema, "table": self.table, "policy": self.policy}
        metadata.update(self.extra)
        key = "_".join(p for p in (self.name, self.schema, self.table, self.policy) if p)
        return {
            "name": self.name,
            "title": title,
            "level": self.level,
            "facing": "EXTERNAL",
            "categories": [category],
            "detail": self.detail,
            "metadata": metadata,
            "cache_key": key,
            "fix": self.fix,
        }


def at_least(findings: list[Finding], level: str) -> list[Finding]:
    """The findings at `level` or more severe."""
    return [f for f in findings if LEVEL_RANK[f.level] <= LEVEL_RANK[level]]
