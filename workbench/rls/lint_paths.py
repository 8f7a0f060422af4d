"""Cross-object RLS rules: partition children, bypass paths, policy cycles.

* partition_child_bypass: a partition (or inheritance child) queried directly
  is governed by its own RLS, not its parent's.
* bypass_path_to_rls_table: views that run with their owner's rights (no
  security_invoker) and SECURITY DEFINER functions whose owner bypasses RLS,
  usable by the API roles.
* policy_recursion_risk: policies whose sub-selects (directly or through
  functions that do not bypass RLS) lead back to the table: PostgreSQL raises
  "infinite recursion detected in policy".
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

from workbench.catalog.model import Function, Table
from workbench.findings import Finding
from workbench.rls.access import COMMANDS
from workbench.rls.expr import analyze
from workbench.rls.linter import Linter, finding
from workbench.rls.names import qualified_sql, resolve_relation, resolve_table

_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")
_NAME_TOKENS = {TokenType.VAR, TokenType.IDENTIFIER}
_BEFORE_TABLE = {TokenType.FROM, TokenType.JOIN, TokenType.INTO, TokenType.UPDATE, TokenType.TABLE}


def _search_path(fn: Function) -> tuple[str, ...]:
    for setting in fn.config:
        if setting.startswith("search_path="):
            value = setting.split("=", 1)[1]
            parts = [p.strip().strip('"') for p in value.split(",")]
            return tuple(p for p in parts if p and p != "$user" and p != "pg_temp")
    return ("public",)


def _name_token(token) -> str | None:
    if token.token_type == TokenType.IDENTIFIER:
        return token.text
    if token.token_type in _NAME_TOKENS or _WORD.match(token.text or ""):
        return token.text.lower()
    return None


def body_tables(lint: Linter, fn: Function) -> set[str]:
    """Tables a function body reads or writes (SQL parsed; PL/pgSQL scanned by tokens)."""
    body = fn.body or ""
    path = _search_path(fn)
    found: set[str] = set()
    if fn.language == "sql":
        try:
            for statement in sqlglot.parse(body, read="postgres"):
                for t in statement.find_all(exp.Table) if statement else ():
                    key = resolve_table(lint.catalog, t.db or None, t.name, path)
                    if key:
                        found.add(key)
            return found
        except SqlglotError:
            pass
    try:
        tokens = Postgres().tokenize(body)
    except SqlglotError:
        return found
    for i, token in enumerate(tokens):
        first = _name_token(token)
        if first is None:
            continue
        if i + 2 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
            second = _name_token(tokens[i + 2])
            if second and (key := resolve_table(lint.catalog, first, second)):
                found.add(key)
                continue
        if i > 0 and tokens[i - 1].token_type in _BEFORE_TABLE:
            prev_dot = i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT
            if not prev_dot and (key := resolve_table(lint.catalog, None, first, path)):
                found.add(key)
    return found


def _functions_named(lint: Linter, schema: str | None, name: str) -> list[Function]:
    schemas = (schema,) if schema else ("public",)
    return [f for f in lint.catalog.functions.values() if f.schema in schemas and f.name == name]


def _api_can(lint: Linter, grants, privilege: str, default_public: bool) -> list[str]:
    """API roles holding `privilege` through these grants (() = the built-in default ACL)."""
    if not grants:
        return list(lint.api_roles) if default_public else []
    return [
        r
        for r in lint.api_roles
        if any(
            g.privilege == privilege and g.grantee in lint.model.privileges_of(r) for g in grants
        )
    ]


def _owner_bypasses(lint: Linter, owner: str | None, table: Table) -> bool:
    return owner is None or lint.model.bypass(table, owner) is not None


def partition_children(lint: Linter) -> list[Finding]:
    out = []
    for table in lint.catalog.tables.values():
        parents = ([table.partition_of] if table.partition_of else []) + list(table.inherits)
        for key in parents:
            parent = lint.catalog.tables.get(key)
            if parent is None or not parent.rls_enabled or table.rls_enabled:
                continue
            roles = [
                r
                for r in lint.subject_roles(table)
                if any(lint.model.privilege(table, r, c)[0] for c in COMMANDS)
            ]
            if not roles:
                continue
            relation = "a partition" if table.partition_of == key else "an inheritance child"
            out.append(
                finding(
                    "partition_child_bypass",
                    "ERROR",
                    table,
                    f"{table.key} is {relation} of {parent.key}, which has RLS, but has RLS "
                    f"disabled itself: {', '.join(roles)} querying {table.key} directly "
                    "bypass the parent's policies.",
                    f"ALTER TABLE {qualified_sql(table.schema, table.name)} ENABLE ROW LEVEL "
                    f"SECURITY;  -- or instead: REVOKE ALL ON it FROM {', '.join(roles)}",
                    extra={"parent": parent.key, "roles": roles},
                )
            )
    return out


def _view_tables(lint: Linter, key: str, seen: set[str]) -> set[str]:
    if key in seen:
        return set()
    seen.add(key)
    view = lint.catalog.views[key]
    try:
        tree = sqlglot.parse_one(view.definition, read="postgres")
    except SqlglotError:
        return set()
    found: set[str] = set()
    for t in tree.find_all(exp.Table):
        ref = resolve_relation(lint.catalog, t.db or None, t.name)
        if ref in lint.catalog.tables:
            found.add(ref)
        elif ref in lint.catalog.views:
            found |= _view_tables(lint, ref, seen)
    return found


def bypass_paths(lint: Linter) -> list[Finding]:
    out = []
    for key, view in sorted(lint.catalog.views.items()):
        if view.security_invoker and not view.materialized:
            continue
        roles = _api_can(lint, view.grants, "SELECT", default_public=False)
        if not roles:
            continue
        for table_key in sorted(_view_tables(lint, key, set())):
            table = lint.catalog.tables[table_key]
            if not table.rls_enabled:
                continue
            if not view.materialized and not _owner_bypasses(lint, view.owner, table):
                continue
            if view.materialized:
                detail = (
                    f"Materialized view {key} stores rows of {table_key} without RLS and "
                    f"{', '.join(roles)} may read it: every stored row is visible."
                )
                fix = f"REVOKE SELECT ON {_sql_name(key)} FROM {', '.join(roles)};"
            else:
                detail = (
                    f"View {key} runs with its owner's rights ({view.owner or 'unknown owner'}, "
                    f"who bypasses RLS on {table_key}) and {', '.join(roles)} may read it: the "
                    f"policies of {table_key} do not apply through the view."
                )
                fix = f"ALTER VIEW {_sql_name(key)} SET (security_invoker = true);"
            out.append(
                finding(
                    "bypass_path_to_rls_table",
                    "WARN" if view.materialized else "ERROR",
                    table,
                    detail,
                    fix,
                    extra={"view": key, "roles": roles},
                )
            )
    for key, fn in sorted(lint.catalog.functions.items()):
        if not fn.security_definer:
            continue
        roles = _api_can(lint, fn.grants, "EXECUTE", default_public=True)
        if not roles:
            continue
        for table_key in sorted(body_tables(lint, fn)):
            table = lint.catalog.tables[table_key]
            if not table.rls_enabled or not _owner_bypasses(lint, fn.owner, table):
                continue
            out.append(
                finding(
                    "bypass_path_to_rls_table",
                    "WARN",
                    table,
                    f"SECURITY DEFINER function {key} reads {table_key} as {fn.owner or 'its owner'}, "
                    f"who bypasses its RLS, and {', '.join(roles)} may call it directly "
                    "(e.g. as an API rpc): whatever it returns escapes the policies.",
                    f"Check it only reveals what the caller may see, or "
                    f"REVOKE EXECUTE ON FUNCTION {_sql_name(f'{fn.schema}.{fn.name}')}"
                    f"({fn.identity_args}) FROM PUBLIC, anon;",
                    extra={"function": key, "roles": roles},
                )
            )
    return out


def _sql_name(key: str) -> str:
    schema, _, name = key.partition(".")
    return qualified_sql(schema, name)


def policy_edges(lint: Linter) -> dict[str, dict[str, str]]:
    """`{table: {referenced RLS table: policy}}`: what evaluating each table's policies reads."""
    fn_cache: dict[str, set[str]] = {}
    edges: dict[str, dict[str, str]] = {}
    for table in lint.catalog.tables.values():
        if not table.rls_enabled:
            continue
        for policy in table.policies:
            for text in (policy.using, policy.with_check):
                if text is None:
                    continue
                info = analyze(text, table.name)
                targets = {
                    k
                    for s, n in info.tables
                    if (k := resolve_table(lint.catalog, s, n)) is not None
                }
                for schema, name in info.functions:
                    for fn in _functions_named(lint, schema, name):
                        if fn.key not in fn_cache:
                            fn_cache[fn.key] = body_tables(lint, fn)
                        for k in fn_cache[fn.key]:
                            target = lint.catalog.tables[k]
                            if fn.security_definer and _owner_bypasses(lint, fn.owner, target):
                                continue  # runs as an owner RLS does not apply to
                            targets.add(k)
                for k in targets:
                    if lint.catalog.tables[k].rls_enabled:
                        edges.setdefault(table.key, {}).setdefault(k, policy.name)
    return edges


def _cycles(edges: dict[str, dict[str, str]]) -> list[list[str]]:
    """Strongly connected components that form a cycle (Tarjan), each in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, {})):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1 or node in edges.get(node, {}):
                result.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


def recursion(lint: Linter) -> list[Finding]:
    edges = policy_edges(lint)
    out = []
    for component in _cycles(edges):
        members = set(component)
        path = " -> ".join(component + [component[0]])
        for key in component:
            table = lint.catalog.tables[key]
            for target, policy in sorted(edges[key].items()):
                if target not in members:
                    continue
                out.append(
                    finding(
                        "policy_recursion_risk",
                        "ERROR",
                        table,
                        f"Policy {policy!r} on {key} reads {target}, whose policies lead back to "
                        f"{key} ({path}): queries fail with 'infinite recursion detected in "
                        "policy'.",
                        "Move the lookup into a SECURITY DEFINER function owned by a role that "
                        "bypasses RLS (e.g. `is_member(org_id)`), and call it from the policy.",
                        policy=policy,
                        extra={"cycle": component, "references": target},
                    )
                )
    return out


def path_rules(lint: Linter) -> list[Finding]:
    """All cross-object findings."""
    return partition_children(lint) + bypass_paths(lint) + recursion(lint)
