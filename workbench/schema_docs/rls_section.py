"""A table's row-level security, for its page: state, access matrix, policies, findings.

The matrix is the effective-access model (`workbench.rls.access.AccessModel`)
read for each role and command: ✓ when the command reaches rows (every row, or
those the policies admit), ✗ when it is refused or sees no row. That is what
`workbench rls simulate --role R` finds when rows exist that the policies admit.
"""

from __future__ import annotations

from workbench.catalog.ddl_tables import create_policy
from workbench.catalog.model import Table
from workbench.findings import Finding
from workbench.rls.access import (
    BYPASS,
    COMMANDS,
    NO_POLICY,
    NO_PRIVILEGE,
    NO_RLS,
    POLICIES,
    PUBLIC,
    SUPABASE_ROLES,
    Access,
    AccessModel,
)
from workbench.schema_docs import markdown as md
from workbench.schema_docs.policy_words import describe

LEGEND = (
    "✓ the command reaches rows: every row, or those the named policies admit "
    "(restrictive ones must pass too); ✗ permission denied, or no row (RLS on and no "
    "policy lets the command through)."
)


def matrix_roles(interest: list[str], table: Table) -> list[str]:
    """anon, authenticated, service_role, then every other role the table's grants or policies name.

    `interest` is `AccessModel.roles_of_interest()`, worked out once for the catalog.
    """
    named = {g.grantee for g in table.grants}
    named |= {g.grantee for c in table.columns for g in c.grants}
    named |= {PUBLIC if r.lower() == "public" else r for p in table.policies for r in p.roles}
    return [r for r in interest if r in SUPABASE_ROLES or r in named] + sorted(
        named - set(interest) - {PUBLIC}
    )


def allowed(access: Access) -> bool:
    """True when the command reaches rows (what ✓ means)."""
    return access.verdict in (BYPASS, NO_RLS, POLICIES)


def cell(access: Access) -> str:
    """One cell of the matrix, in Markdown."""
    verdict = access.verdict
    if verdict == NO_PRIVILEGE:
        text = "✗ no privilege"
    elif verdict == BYPASS:
        text = f"✓ every row (bypasses RLS: {access.bypass})"
    elif verdict == NO_RLS:
        text = "✓ every row (RLS off)"
    elif verdict == NO_POLICY:
        text = "✗ refused (no policy)" if access.command == "INSERT" else "✗ no row (no policy)"
    else:
        names = ", ".join(md.code(p.name) for p in access.permissive)
        text = (
            f"✓ {'new rows passing' if access.command == 'INSERT' else 'rows admitted by'} {names}"
        )
        if access.restrictive:
            text += " and " + ", ".join(md.code(p.name) for p in access.restrictive)
    if access.columns is not None and allowed(access):
        text += " — only " + ", ".join(md.code(c) for c in access.columns)
    return text


def state(table: Table) -> str:
    if not table.rls_enabled:
        return "RLS **disabled**: every role with a privilege reaches every row."
    forced = (
        "forced (applies to the owner too)"
        if table.rls_forced
        else "not forced (the owner bypasses it)"
    )
    return f"RLS **enabled**, {forced}; {len(table.policies)} polic{'y' if len(table.policies) == 1 else 'ies'}."


def finding_lines(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["No findings."]
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        policy = f" (policy {md.code(f.policy)})" if f.policy else ""
        out.append(f"- **{f.level}** {md.code(f.name)}{policy}: {md.text(f.detail)}")
        out.append(f"  Fix: {md.text(f.fix)}")
    return out


def section(
    model: AccessModel, interest: list[str], table: Table, findings: list[Finding]
) -> list[str]:
    """The `## Row-level security` section of a table page."""
    lines = ["## Row-level security", "", state(table), "", "### Access matrix", ""]
    roles = matrix_roles(interest, table)
    rows = [
        (md.code(role), *(cell(model.access(table, role, c)) for c in COMMANDS)) for role in roles
    ]
    lines += md.table(("role", *COMMANDS), rows)
    lines += ["", LEGEND, "", "### Policies", ""]
    if not table.policies:
        lines += ["None.", ""]
    for policy in table.policies:
        lines += [f"#### {md.code(policy.name)}", ""]
        lines += describe(table, policy)
        lines += [""] + md.fenced(create_policy(table, policy), "sql") + [""]
    lines += ["### Lint findings", ""]
    lines += finding_lines(findings)
    return lines
