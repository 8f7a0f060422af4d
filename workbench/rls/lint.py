"""RLS lints: the rules of SPEC 11, each with a precise condition, a level and a fix.

Rules look at the effective-access model (`access.py`) and at the parsed policy
expressions (`expr.py`), never at strings. `lint_catalog(catalog)` runs them
all; cross-object rules (partitions, views and functions, cycles) live in
`lint_paths.py`.

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
from workbench.rls.expr import analyze, is_constant_true
from workbench.rls.findings import Finding
from workbench.rls.names import qualified_sql, quote_ident

# Supabase-managed schemas: their tables are not the project's to fix.
MANAGED_SCHEMAS = frozenset(
    {
        "auth",
        "realtime",
        "_realtime",
        "supabase_functions",
        "supabase_migrations",
        "extensions",
        "graphql",
        "graphql_public",
        "pgsodium",
        "pgsodium_masks",
        "vault",
        "net",
        "pgbouncer",
        "cron",
        "_analytics",
        "workbench",
    }
)
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


def _finding(rule: str, level: str, table: Table, detail: str, fix: str, **kw) -> Finding:
    return Finding(rule, level, table.schema, table.name, detail, fix, **kw)


def _roles_text(roles: Iterable[str]) -> str:
    return ", ".join(roles)


# --- table-level rules --------------------------------------------------------


def rls_state(lint: Linter, table: Table) -> list[Finding]:
    """rls_disabled_exposed, policy_exists_rls_disabled, rls_enabled_no_policy."""
    out = []
    name = qualified_sql(table.schema, table.name)
    if not table.rls_enabled and table.policies:
        names = ", ".join(p.name for p in table.policies)
        out.append(
            _finding(
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
                _finding(
                    "rls_disabled_exposed",
                    "ERROR",
                    table,
                    f"Table {table.key} has RLS disabled and {parts}: every row is readable "
                    "or writable through the API.",
                    f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY; then add policies, or "
                    f"REVOKE ALL ON {name} FROM {', '.join(exposed)};",
                    extra={"roles": list(exposed), "commands": exposed},
                )
            )
    if table.rls_enabled and not table.policies:
        out.append(
            _finding(
                "rls_enabled_no_policy",
                "INFO",
                table,
                f"Table {table.key} has RLS enabled and no policy: only its owner and roles "
                "that bypass RLS can use it.",
                f"CREATE POLICY ... ON {name} FOR SELECT TO authenticated USING (...); "
                "or leave it if the API must not reach this table.",
            )
        )
    return out


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
            _finding(
                "command_silently_denied",
                "INFO",
                table,
                f"{_roles_text(roles)} hold{'s' if len(roles) == 1 else ''} {commands} on "
                f"{table.key} but no permissive policy admits {'it' if len(denied) == 1 else 'them'}"
                f": {'; '.join(effects)}.",
                f"Add policies for {commands} to {_roles_text(roles)}, or "
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
                _finding(
                    "update_delete_without_select",
                    "WARN",
                    table,
                    f"{_roles_text(roles)} may {command} rows of {table.key} but may not SELECT "
                    f"them: {'an' if command == 'UPDATE' else 'a'} {command} with a WHERE or RETURNING (as every API call has) "
                    "matches no row.",
                    f"Add a SELECT policy for {_roles_text(roles)} admitting the same rows.",
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
            _finding(
                "multiple_permissive_policies",
                "WARN",
                table,
                f"{len(policies)} permissive policies ({', '.join(policies)}) apply to "
                f"{_roles_text(roles)} for {command} on {table.key}: each is evaluated for "
                "every row.",
                "Merge them into one policy per role and command (combine the "
                "expressions with OR).",
                extra={"roles": roles, "command": command, "policies": list(policies)},
            )
        )
    return out


# --- policy-level rules -------------------------------------------------------


def policy_rules(lint: Linter, table: Table, policy: Policy) -> list[Finding]:
    """Rules about one policy's expressions and roles."""
    out = []
    name = qualified_sql(table.schema, table.name)
    pol = quote_ident(policy.name)
    f = lambda rule, level, detail, fix, **kw: _finding(  # noqa: E731
        rule, level, table, detail, fix, policy=policy.name, **kw
    )
    cmd = policy.command
    kind = "permissive" if policy.permissive else "restrictive"
    missing = []
    if cmd in ("SELECT", "DELETE", "UPDATE", "ALL") and policy.using is None:
        missing.append("USING")
    if cmd == "INSERT" and policy.with_check is None:
        missing.append("WITH CHECK")
    if missing:
        what = "restricts" if not policy.permissive else "grants"
        if cmd == "ALL":
            effect = f"it {what} nothing for SELECT, UPDATE or DELETE (only INSERT is checked)"
        elif cmd == "UPDATE":
            effect = f"it {what} no row to UPDATE" + (
                " (its WITH CHECK only widens other policies' checks)"
                if policy.with_check and policy.permissive
                else ""
            )
        else:
            effect = f"it {what} nothing for {cmd}"
        expr = "USING (...)" if missing == ["USING"] else "WITH CHECK (...)"
        out.append(
            f(
                "dead_policy_missing_expression",
                "WARN",
                f"The {kind} {cmd} policy {policy.name!r} on {table.key} has no "
                f"{' or '.join(missing)} expression: {effect}.",
                f"ALTER POLICY {pol} ON {name} {expr};",
                extra={"missing": missing},
            )
        )
    using = analyze(policy.using, table.name) if policy.using else None
    check = analyze(policy.with_check, table.name) if policy.with_check else None
    if policy.permissive and not all(lint.bypasses_always(r) for r in lint.policy_roles(policy)):
        writes = []
        if cmd in ("UPDATE", "DELETE", "ALL") and is_constant_true(policy.using):
            writes.append("USING")
        if cmd in ("INSERT", "ALL") and (
            is_constant_true(policy.with_check)
            or (policy.with_check is None and cmd == "ALL" and is_constant_true(policy.using))
        ):
            writes.append("WITH CHECK")
        if writes:
            out.append(
                f(
                    "policy_always_true",
                    "WARN",
                    f"The {cmd} policy {policy.name!r} on {table.key} is always true "
                    f"({' and '.join(dict.fromkeys(writes))}) for "
                    f"{_roles_text(lint.policy_roles(policy))}: they may "
                    + (
                        "insert any row."
                        if writes == ["WITH CHECK"]
                        else f"{'change' if cmd == 'ALL' else cmd.lower()} every row."
                    ),
                    f"ALTER POLICY {pol} ON {name} USING (<owner check>) "
                    "WITH CHECK (<owner check>), e.g. ((select auth.uid()) = user_id);",
                )
            )
        elif cmd == "SELECT" and is_constant_true(policy.using):
            out.append(
                f(
                    "policy_always_true",
                    "INFO",
                    f"The SELECT policy {policy.name!r} on {table.key} is always true: "
                    f"{_roles_text(lint.policy_roles(policy))} may read every row.",
                    "Intended for public data; otherwise restrict USING.",
                )
            )
    calls = [c for info in (using, check) if info for c in info.unwrapped_calls]
    if calls:
        texts = ", ".join(dict.fromkeys(c.sql for c in calls))
        out.append(
            f(
                "auth_call_per_row",
                "WARN",
                f"Policy {policy.name!r} on {table.key} calls {texts} for every row; "
                "wrapped in a sub-select PostgreSQL evaluates it once per statement.",
                f"Write (select {calls[0].sql}) instead of {calls[0].sql} in {policy.name!r}.",
                extra={"calls": list(dict.fromkeys(c.sql for c in calls))},
            )
        )
    if any(info and info.user_metadata for info in (using, check)):
        out.append(
            f(
                "user_writable_claim_in_policy",
                "ERROR",
                f"Policy {policy.name!r} on {table.key} reads user_metadata, which every user "
                "can change for themselves (supabase.auth.updateUser): it is not an "
                "authorization source.",
                "Read app_metadata (auth.jwt() -> 'app_metadata'), set only by the server, "
                "or a table the user cannot write.",
            )
        )
    fail_open = [p for info in (using, check) if info for p in info.fail_open]
    if fail_open:
        anon = lint.reaches_api(policy) and (
            PUBLIC in lint.policy_roles(policy) or "anon" in lint.policy_roles(policy)
        )
        out.append(
            f(
                "auth_context_misuse",
                "ERROR" if anon else "WARN",
                f"Policy {policy.name!r} on {table.key} admits rows when there is no user "
                f"({'; '.join(dict.fromkeys(fail_open))}): a request without a JWT "
                f"{'(anon) ' if anon else ''}passes it.",
                "Remove the `IS NULL OR` branch (deny when auth.uid() is NULL), or give "
                "anonymous access its own explicit policy TO anon.",
                extra={"patterns": list(dict.fromkeys(fail_open))},
            )
        )
    bypassing = [r for r in lint.policy_roles(policy) if r != PUBLIC and lint.bypasses_always(r)]
    if bypassing:
        out.append(
            f(
                "policy_for_bypass_role",
                "INFO",
                f"Policy {policy.name!r} on {table.key} is for {_roles_text(bypassing)}, which "
                "bypass{} RLS: it never applies to {}.".format(
                    "es" if len(bypassing) == 1 else "", "it" if len(bypassing) == 1 else "them"
                ),
                f"DROP POLICY {pol} ON {name}; (or name the roles it is meant for)",
                extra={"roles": bypassing},
            )
        )
    return out


def write_weaker_than_read(lint: Linter, table: Table) -> list[Finding]:
    """Write checks that leave out the ownership columns every read path requires."""
    if not table.rls_enabled:
        return []
    out: dict[str, Finding] = {}
    name = qualified_sql(table.schema, table.name)
    for policy in table.policies:  # UPDATE/ALL: WITH CHECK looser than its own USING
        if policy.command not in ("UPDATE", "ALL") or not policy.permissive:
            continue
        if policy.using is None or policy.with_check is None:
            continue
        owners = analyze(policy.using, table.name).owner_required
        check = analyze(policy.with_check, table.name)
        if check.constant_true:
            continue  # reported as policy_always_true
        loose = [c for c in owners if c not in check.columns]
        if loose:
            out[policy.name] = _finding(
                "write_check_weaker_than_read",
                "WARN",
                table,
                f"Policy {policy.name!r} on {table.key} lets a user update the rows where "
                f"{', '.join(loose)} matches them, but its WITH CHECK does not constrain "
                f"{', '.join(loose)}: rows can be handed to someone else.",
                f"ALTER POLICY {quote_ident(policy.name)} ON {name} WITH CHECK ({policy.using});",
                policy=policy.name,
                extra={"columns": loose},
            )
    for role in lint.subject_roles(table):
        reads = lint.model.access(table, role, "SELECT").permissive
        if not reads:
            continue
        required = set.intersection(
            *(set(analyze(p.using, table.name).owner_required) for p in reads)
        )
        if not required:
            continue
        for command in ("INSERT", "UPDATE"):
            for p in lint.model.access(table, role, command).permissive:
                if p.name in out or p.check is None or is_constant_true(p.check):
                    continue  # constant true: reported as policy_always_true
                cols = set(analyze(p.check, table.name).columns)
                if not required & cols:
                    missing = ", ".join(sorted(required))
                    out[p.name] = _finding(
                        "write_check_weaker_than_read",
                        "WARN",
                        table,
                        f"{role} can only read rows of {table.key} where {missing} matches "
                        f"them, but the {command} check of {p.name!r} does not constrain "
                        f"{missing}: they can write rows that belong to someone else.",
                        f"Add the read condition to the WITH CHECK of {p.name!r}, e.g. "
                        f"WITH CHECK ((select auth.uid()) = {sorted(required)[0]}).",
                        policy=p.name,
                        extra={"columns": sorted(required), "role": role, "command": command},
                    )
    return list(out.values())


def unindexed_columns(lint: Linter, table: Table) -> list[Finding]:
    """policy_column_unindexed: columns policies filter on without a leading index column."""
    if not table.rls_enabled:
        return []
    leading = {_unquote(ix.columns[0]) for ix in table.indexes if ix.columns}
    seen: dict[str, list[str]] = {}
    for policy in table.policies:
        for text in (policy.using, policy.with_check if policy.command != "INSERT" else None):
            if text is None:
                continue
            for column in analyze(text, table.name).filter_columns:
                if column not in leading and table.column(column) is not None:
                    seen.setdefault(column, [])
                    if policy.name not in seen[column]:
                        seen[column].append(policy.name)
    name = qualified_sql(table.schema, table.name)
    return [
        _finding(
            "policy_column_unindexed",
            "INFO",
            table,
            f"Policies on {table.key} ({', '.join(policies)}) filter on {column}, which no "
            "index leads with: each query scans the table.",
            f"CREATE INDEX ON {name} ({quote_ident(column)});",
            policy=policies[0] if len(policies) == 1 else None,
            extra={"column": column, "policies": policies},
        )
        for column, policies in seen.items()
    ]


def _unquote(text: str) -> str:
    text = text.strip()
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('""', '"')
    return text


def lint_catalog(catalog: Catalog, schemas: Iterable[str] | None = None) -> list[Finding]:
    """Every RLS finding for the tables of `schemas` (default: all but Supabase-managed ones)."""
    from workbench.rls.lint_paths import path_rules

    lint = Linter(catalog)
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
