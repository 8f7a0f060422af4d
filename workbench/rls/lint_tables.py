"""Table-level RLS rules: RLS state and what each command lets the roles do.

Rules look at the effective-access model (`access.py`), never at strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.catalog.model import Table
from workbench.findings import Finding
from workbench.rls.access import COMMANDS, NO_POLICY, NO_PRIVILEGE, POLICIES
from workbench.rls.linter import Linter, finding, owner_condition, roles_text
from workbench.rls.names import qualified_sql, quote_ident


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


@dataclass(frozen=True)
class _CommandPlan:
    """What `command_rules` finds on the tables of one access signature, with policies
    as positions in `table.policies` (each table has its own names)."""

    # (commands no permissive policy admits, the roles holding them)
    silent: tuple[tuple[tuple[str, ...], list[str]], ...]
    # (UPDATE or DELETE, roles that may do it but not SELECT, their permissive policies)
    without_select: tuple[tuple[str, list[str], frozenset[int]], ...]
    # (command, two or more permissive policies, the roles they apply to)
    multiple: tuple[tuple[str, tuple[int, ...], list[str]], ...]


def _command_plan(lint: Linter, table: Table) -> _CommandPlan:
    model = lint.model
    access = {
        r: {c: model.shared_access(table, r, c)[0] for c in COMMANDS}
        for r in lint.subject_roles(table)
    }
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
    without_select = []
    for command in ("UPDATE", "DELETE"):
        roles = [
            r
            for r, acc in access.items()
            if acc[command].verdict == POLICIES
            and acc["SELECT"].verdict in (NO_POLICY, NO_PRIVILEGE)
        ]
        if roles:
            positions = frozenset(
                i for r in roles for i, _ in model.permissive_of(table, r, command)
            )
            without_select.append((command, roles, positions))
    groups: dict[tuple[str, tuple[int, ...]], list[str]] = {}
    for role in access:
        for command in COMMANDS:
            # policy names are unique on a table: grouping by position is grouping by name
            permissive = tuple(i for i, _ in model.permissive_of(table, role, command))
            if len(permissive) > 1:
                groups.setdefault((command, permissive), []).append(role)
    return _CommandPlan(
        silent=tuple(by_commands.items()),
        without_select=tuple(without_select),
        multiple=tuple((command, policies, roles) for (command, policies), roles in groups.items()),
    )


def command_rules(lint: Linter, table: Table) -> list[Finding]:
    """command_silently_denied, update_delete_without_select, multiple_permissive_policies.

    What the accesses give is worked out once per access signature (`_command_plan`);
    the findings are written for each table, with its names."""
    if not table.rls_enabled or not table.policies:
        return []
    memo_key = ("command_rules", lint.model.signature(table))
    plan = lint.by_signature.get(memo_key)
    if plan is None:
        plan = lint.by_signature[memo_key] = _command_plan(lint, table)
    out = []
    name = qualified_sql(table.schema, table.name)
    for denied, roles in plan.silent:
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
                extra={"roles": list(roles), "commands": list(denied)},
            )
        )
    for command, roles, positions in plan.without_select:
        policies = sorted({table.policies[i].name for i in positions})
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
                extra={"roles": list(roles), "command": command, "policies": policies},
            )
        )
    for command, positions, roles in plan.multiple:
        policies = [table.policies[i].name for i in positions]
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
                extra={"roles": list(roles), "command": command, "policies": policies},
            )
        )
    return out
