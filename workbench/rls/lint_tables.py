"""RLS lints: the rules of SPEC 11, each with a precise condition, a level and a fix.

Rules look at the effective-access model (`access.py`) and at the parsed policy
expressions (`expr.py`), never at strings. `lint_catalog(catalog)` runs them
all. Table-level rules live here, rules about one policy's expressions in
`lint_policies.py`, cross-object rules (partitions, views and functions,
cycles) in `lint_paths.py`.

Levels: ERROR = data is exposed or a policy is broken; WARN = likely a mistake
or a real performance problem; INFO = worth knowing, often intended.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.catalog.model import Catalog, Policy, Table
from workbench.rls.access import (
    COMMANDS,
    NO_POLICY,
    NO_PRIVILEGE,
    POLICIES,
    PUBLIC,
    AccessModel,
)
from workbench.rls.findings import Finding
from workbench.rls.names import qualified_sql, quote_ident
from workbench.supabase_env import MANAGED_SCHEMAS

API_ROLES = ("anon", "authenticated")


class Linter:
    """Holds the access model and the roles the rules reason about."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.model = AccessModel(catalog)
        self.roles = [r for r in self.model.roles_of_interest() if r != PUBLIC]
        self.api_roles = [r for r in API_ROLES if r in self.roles]

    def bypasses_always(self, role: str) -> bool:
        info = self.model.role(role)
        return info.superuser or info.bypassrls

    def subject_roles(self, table: Table) -> list[str]:
        """Roles of interest to which RLS on `table` applies (not bypassing, not owning)."""
        return [r for r in self.roles if self.model.bypass(table, r) is None]

    def policy_roles(self, policy: Policy) -> list[str]:
        """The roles a policy names ('PUBLIC' for public), as written."""
        return [PUBLIC if r.lower() == "public" else r for r in policy.roles]

    def reaches_api(self, policy: Policy) -> bool:
        """True when anon or authenticated (or PUBLIC) is subject to the policy."""
        names = self.policy_roles(policy)
        return PUBLIC in names or any(
            r in names or any(n in self.model.privileges_of(r) for n in names)
            for r in self.api_roles
        )


def finding(rule: str, level: str, table: Table, detail: str, fix: str, **kw) -> Finding:
    return Finding(rule, level, table.schema, table.name, detail, fix, **kw)


def roles_text(roles: Iterable[str]) -> str:
    return ", ".join(roles)


# --- table-level rules --------------------------------------------------------


def rls_state(lint: Linter, table: Table) -> list[Finding]:
    """rls_disabled_exposed, policy_exists_rls_disabled, rls_enabled_no_policy."""
    out = []
    name = qualified_sql(table.schema, table.name)
    if not table.rls_enabled and table.policies:
        names = ", ".join(p.name for p in table.policies)
        out.append(
            finding(
                "policy_exists_rls_disabled",
                "ERROR",
                table,
                f"Table {table.key} has policies ({names}) but RLS is disabled: they are ignored.",
                f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;",
                extra={"policies": [p.name for p in table.policies]},
            )
        )
    if not table.rls_enabled and table.kind != "foreign" and not _child_of_rls_parent(lint, table):
        exposed = {}
        for role in lint.api_roles:
            commands = [c for c in COMMANDS if lint.model.privilege(table, role, c)[0]]
            if commands:
                exposed[role] = commands
        if exposed:
            parts = "; ".join(f"{r} may {', '.join(c)}" for r, c in exposed.items())
            out.append(
                finding(
                    "rls_disabled_exposed",
                    "ERROR",
                    table,
                    f"Table {table.key} has RLS disabled and {parts}: every row is readable "
                    "or writable through the API.",
                    f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;  -- then add policies; or "
                    f"instead: REVOKE ALL ON {name} FROM {', '.join(map(quote_ident, exposed))};",
                    extra={"roles": list(exposed), "commands": exposed},
                )
            )
    if table.rls_enabled and not table.policies:
        out.append(
            finding(
                "rls_enabled_no_policy",
                "INFO",
                table,
                f"Table {table.key} has RLS enabled and no policy: only its owner and roles "
                "that bypass RLS can use it.",
                _select_policy_fix(table),
            )
        )
    return out


_AUTH_USERS = "auth.users"
_OWNER_NAMES = ("user_id", "owner_id", "profile_id", "created_by", "author_id")


def owner_condition(table: Table) -> tuple[str, str]:
    """(an ownership condition for `table`, a comment) for the SQL of a fix: its column that
    references auth.users, else a uuid column named like one; else `false` to replace."""
    for fk in table.foreign_keys:
        if fk.references == _AUTH_USERS and len(fk.columns) == 1:
            return f"(select auth.uid()) = {quote_ident(fk.columns[0])}", ""
    for name in _OWNER_NAMES:
        column = table.column(name)
        if column is not None and column.type == "uuid":
            return f"(select auth.uid()) = {quote_ident(name)}", ""
    return "false", "  -- no owner column found: write the condition in place of false"


def _select_policy_fix(table: Table) -> str:
    condition, note = owner_condition(table)
    policy = quote_ident(f"{table.name[:50]}_select_own")
    return (
        f"CREATE POLICY {policy} ON {qualified_sql(table.schema, table.name)} FOR SELECT "
        f"TO authenticated USING ({condition});{note or '  -- or none, if the API must not reach it'}"
    )


def _child_of_rls_parent(lint: Linter, table: Table) -> bool:
    parents = ([table.partition_of] if table.partition_of else []) + list(table.inherits)
    return any(
        (parent := lint.catalog.tables.get(p)) is not None and parent.rls_enabled for p in parents
    )


def command_rules(lint: Linter, table: Table) -> list[Finding]:
    """command_silently_denied, update_delete_without_select, multiple_permissive_policies."""
    if not table.rls_enabled or not table.policies:
        return []
    out = []
    name = qualified_sql(table.schema, table.name)
    access = {r: lint.model.table_access(table, r) for r in lint.subject_roles(table)}
    silent: dict[str, list[str]] = {}  # role -> commands no policy admits
    for role, acc in access.items():
        if not any(acc[c].policies for c in COMMANDS):
            continue  # no policy was written for this role: a consistent, intended deny
        denied = [c for c in COMMANDS if acc[c].verdict == NO_POLICY]
        if denied:
            silent[role] = denied
    by_commands: dict[tuple[str, ...], list[str]] = {}
    for role, denied in silent.items():
        by_commands.setdefault(tuple(denied), []).append(role)
    for denied, roles in by_commands.items():
        effects = []
        if "INSERT" in denied:
            effects.append("inserts fail with 'new row violates row-level security policy'")
        quiet = [c for c in denied if c != "INSERT"]
        if quiet:
            effects.append(
                f"{', '.join(quiet)} silently match{'es' if len(quiet) == 1 else ''} no row"
            )
        commands = ", ".join(denied)
        out.append(
            finding(
                "command_silently_denied",
                "INFO",
                table,
                f"{roles_text(roles)} hold{'s' if len(roles) == 1 else ''} {commands} on "
                f"{table.key} but no permissive policy admits {'it' if len(denied) == 1 else 'them'}"
                f": {'; '.join(effects)}.",
                f"Add policies for {commands} to {roles_text(roles)}, or "
                f"REVOKE {commands} ON {name} FROM {', '.join(map(quote_ident, roles))};",
                extra={"roles": roles, "commands": list(denied)},
            )
        )
    for command in ("UPDATE", "DELETE"):
        roles = [
            r
            for r, acc in access.items()
            if acc[command].verdict == POLICIES
            and acc["SELECT"].verdict in (NO_POLICY, NO_PRIVILEGE)
        ]
        if roles:
            policies = sorted({p.name for r in roles for p in access[r][command].permissive})
            out.append(
                finding(
                    "update_delete_without_select",
                    "WARN",
                    table,
                    f"{roles_text(roles)} may {command} rows of {table.key} but may not SELECT "
                    f"them: {'an' if command == 'UPDATE' else 'a'} {command} with a WHERE or RETURNING (as every API call has) "
                    "matches no row.",
                    f"Add a SELECT policy for {roles_text(roles)} admitting the same rows.",
                    policy=policies[0] if len(policies) == 1 else None,
                    extra={"roles": roles, "command": command, "policies": policies},
                )
            )
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for role, acc in access.items():
        for command in COMMANDS:
            permissive = tuple(p.name for p in acc[command].permissive)
            if len(permissive) > 1:
                groups.setdefault((command, permissive), []).append(role)
    for (command, policies), roles in groups.items():
        out.append(
            finding(
                "multiple_permissive_policies",
                "WARN",
                table,
                f"{len(policies)} permissive policies ({', '.join(policies)}) apply to "
                f"{roles_text(roles)} for {command} on {table.key}: each is evaluated for "
                "every row.",
                "Merge them into one policy per role and command (combine the "
                "expressions with OR).",
                extra={"roles": roles, "command": command, "policies": list(policies)},
            )
        )
    return out


def lint_catalog(
    catalog: Catalog, schemas: Iterable[str] | None = None, linter: Linter | None = None
) -> list[Finding]:
    """Every RLS finding for the tables of `schemas` (default: all but Supabase-managed ones).

    Pass `linter` to share its access model (and what it has worked out) with the caller.
    """
    from workbench.rls.lint_paths import path_rules
    from workbench.rls.lint_policies import policy_rules, unindexed_columns, write_weaker_than_read

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
