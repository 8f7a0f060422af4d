"""The RLS rules' titles and categories, and a finding's splinter-compatible JSON."""

from __future__ import annotations

from typing import Any

from workbench.findings import Finding

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


def splinter_json(finding: Finding) -> dict[str, Any]:
    """Splinter's shape (`name, title, level, categories, detail, metadata, cache_key`) plus `fix`."""
    title, category = RULES[finding.name]
    metadata = {"schema": finding.schema, "table": finding.table, "policy": finding.policy}
    metadata.update(finding.extra)
    parts = (finding.name, finding.schema, finding.table, finding.policy)
    return {
        "name": finding.name,
        "title": title,
        "level": finding.level,
        "facing": "EXTERNAL",
        "categories": [category],
        "detail": finding.detail,
        "metadata": metadata,
        "cache_key": "_".join(p for p in parts if p),
        "fix": finding.fix,
    }
