"""RLS lint rules about policies: missing expressions, always-true and fail-open
conditions, per-row auth calls, user-writable claims, bypass roles, write checks
looser than read filters, and unindexed policy columns."""

from __future__ import annotations

from workbench.catalog.model import Policy, Table
from workbench.findings import Finding
from workbench.rls.access import PUBLIC
from workbench.rls.expr import analyze, is_constant_true
from workbench.rls.linter import Linter, finding, owner_condition, roles_text
from workbench.rls.names import qualified_sql, quote_ident


def alter_policy_fix(table: Table, policy: Policy, *, using: bool, check: bool) -> str:
    """`ALTER POLICY` with only the clauses PostgreSQL accepts for the policy's command
    (INSERT: WITH CHECK only; SELECT and DELETE: USING only)."""
    condition, note = owner_condition(table)
    clauses = []
    if using and policy.command != "INSERT":
        clauses.append(f"USING ({condition})")
    if check and policy.command in ("INSERT", "UPDATE", "ALL"):
        clauses.append(f"WITH CHECK ({condition})")
    if not clauses:  # e.g. only WITH CHECK asked of a DELETE policy: its USING is what filters
        clauses.append(f"USING ({condition})")
    name = qualified_sql(table.schema, table.name)
    return f"ALTER POLICY {quote_ident(policy.name)} ON {name} {' '.join(clauses)};{note}"


def policy_rules(lint: Linter, table: Table, policy: Policy) -> list[Finding]:
    """Rules about one policy's expressions and roles."""
    out = []
    name = qualified_sql(table.schema, table.name)
    pol = quote_ident(policy.name)
    f = lambda rule, level, detail, fix, **kw: finding(  # noqa: E731
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
        out.append(
            f(
                "dead_policy_missing_expression",
                "WARN",
                f"The {kind} {cmd} policy {policy.name!r} on {table.key} has no "
                f"{' or '.join(missing)} expression: {effect}.",
                alter_policy_fix(
                    table, policy, using="USING" in missing, check="WITH CHECK" in missing
                ),
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
                    f"{roles_text(lint.policy_roles(policy))}: they may "
                    + (
                        "insert any row."
                        if writes == ["WITH CHECK"]
                        else f"{'change' if cmd == 'ALL' else cmd.lower()} every row."
                    ),
                    alter_policy_fix(table, policy, using="USING" in writes, check=True),
                )
            )
        elif cmd == "SELECT" and is_constant_true(policy.using):
            out.append(
                f(
                    "policy_always_true",
                    "INFO",
                    f"The SELECT policy {policy.name!r} on {table.key} is always true: "
                    f"{roles_text(lint.policy_roles(policy))} may read every row.",
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
                f"Policy {policy.name!r} on {table.key} is for {roles_text(bypassing)}, which "
                "bypass{} RLS: it never applies to {}.".format(
                    "es" if len(bypassing) == 1 else "", "it" if len(bypassing) == 1 else "them"
                ),
                f"DROP POLICY {pol} ON {name};  -- or name the roles it is meant for",
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
            out[policy.name] = finding(
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
        # shared by the tables of one signature: policies are named by their position
        reads = lint.model.permissive_of(table, role, "SELECT")
        if not reads:
            continue
        required = set.intersection(
            *(set(analyze(p.using, table.name).owner_required) for _, p in reads)
        )
        if not required:
            continue
        for command in ("INSERT", "UPDATE"):
            for i, p in lint.model.permissive_of(table, role, command):
                policy_name = table.policies[i].name
                if policy_name in out or p.check is None or is_constant_true(p.check):
                    continue  # constant true: reported as policy_always_true
                cols = set(analyze(p.check, table.name).columns)
                if not required & cols:
                    missing = ", ".join(sorted(required))
                    out[policy_name] = finding(
                        "write_check_weaker_than_read",
                        "WARN",
                        table,
                        f"{role} can only read rows of {table.key} where {missing} matches "
                        f"them, but the {command} check of {policy_name!r} does not constrain "
                        f"{missing}: they can write rows that belong to someone else.",
                        f"Add the read condition to the WITH CHECK of {policy_name!r}, e.g. "
                        f"WITH CHECK ((select auth.uid()) = {sorted(required)[0]}).",
                        policy=policy_name,
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
        finding(
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
