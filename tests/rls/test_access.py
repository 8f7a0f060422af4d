"""The effective-access model against what PostgreSQL actually does.

Each table below is one policy configuration. For every (table, role, command)
the model's verdict and composed predicates are turned into an expected outcome
(evaluated as the superuser, where RLS does not apply) and compared with the
real statement run as that role.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from workbench.catalog.introspect import introspect
from workbench.db import connect
from workbench.rls.access import (
    BYPASS,
    NO_POLICY,
    NO_PRIVILEGE,
    NO_RLS,
    POLICIES,
    PUBLIC,
    AccessModel,
)

# Cluster-wide roles for these tests (created once, tolerated if they exist).
GROUP, MEMBER, NOINHERIT, NOBODY = (
    "wb_rls_grp",
    "wb_rls_member",
    "wb_rls_noinherit",
    "wb_rls_nobody",
)
ROLES = ("anon", "authenticated", "service_role", MEMBER, NOINHERIT, NOBODY)

ROLES_SQL = f"""
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['CREATE ROLE {GROUP} NOLOGIN',
                           'CREATE ROLE {MEMBER} NOLOGIN INHERIT IN ROLE {GROUP}',
                           'CREATE ROLE {NOINHERIT} NOLOGIN NOINHERIT IN ROLE {GROUP}',
                           'CREATE ROLE {NOBODY} NOLOGIN'] LOOP
    BEGIN EXECUTE r; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  END LOOP;
END $$;
"""

# table name -> statements after `CREATE TABLE t (id int, v int)` with rows v = 1..4,
# RLS enabled, and ALL granted to anon, authenticated, service_role and the group.
CONFIGS: dict[str, list[str]] = {
    "rls_off": ["ALTER TABLE {t} DISABLE ROW LEVEL SECURITY"],
    "no_policy": [],
    "select_some": ["CREATE POLICY p ON {t} FOR SELECT TO authenticated USING (v <= 2)"],
    "select_no_using": ["CREATE POLICY p ON {t} FOR SELECT TO authenticated"],
    "insert_no_check": ["CREATE POLICY p ON {t} FOR INSERT TO authenticated"],
    "insert_check": ["CREATE POLICY p ON {t} FOR INSERT TO authenticated WITH CHECK (v = 3)"],
    "update_using_only": ["CREATE POLICY p ON {t} FOR UPDATE TO authenticated USING (v = 1)"],
    "update_both": [
        "CREATE POLICY p ON {t} FOR UPDATE TO authenticated USING (v <= 2) WITH CHECK (v >= 5)"
    ],
    "update_check_only": ["CREATE POLICY p ON {t} FOR UPDATE TO authenticated WITH CHECK (true)"],
    "all_using_only": ["CREATE POLICY p ON {t} TO authenticated USING (v <= 2)"],
    "all_check_only": ["CREATE POLICY p ON {t} TO authenticated WITH CHECK (true)"],
    "delete_some": [
        "CREATE POLICY p ON {t} FOR DELETE TO authenticated USING (v = 4)",
        "CREATE POLICY q ON {t} FOR DELETE TO anon",
    ],
    "restrictive": [
        "CREATE POLICY p ON {t} FOR SELECT USING (true)",
        "CREATE POLICY p2 ON {t} FOR INSERT WITH CHECK (true)",
        "CREATE POLICY r ON {t} AS RESTRICTIVE TO authenticated USING (v <> 2)",
    ],
    "restrictive_only": ["CREATE POLICY r ON {t} AS RESTRICTIVE USING (true)"],
    "restrictive_no_expr": [
        "CREATE POLICY p ON {t} FOR DELETE USING (v > 1)",
        "CREATE POLICY r ON {t} AS RESTRICTIVE FOR DELETE TO authenticated",
    ],
    "public_or_role": [
        "CREATE POLICY p ON {t} FOR SELECT USING (v = 1)",
        "CREATE POLICY q ON {t} FOR SELECT TO authenticated USING (v = 2)",
    ],
    "group_policy": [f"CREATE POLICY p ON {{t}} TO {GROUP} USING (v >= 3)"],
    "owner_group": [f"ALTER TABLE {{t}} OWNER TO {GROUP}"],
    "owner_forced": [
        f"ALTER TABLE {{t}} OWNER TO {GROUP}",
        "ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY p ON {{t}} TO {GROUP} USING (v = 1)",
    ],
    "column_grant": [
        "REVOKE ALL ON {t} FROM anon, authenticated",
        "GRANT SELECT (id), INSERT (id, v), UPDATE (v) ON {t} TO anon",
        "CREATE POLICY p ON {t} USING (v > 1)",
    ],
    "widened_check": [
        "CREATE POLICY p ON {t} FOR UPDATE TO authenticated USING (v <= 2) WITH CHECK (v = 1)",
        "CREATE POLICY q ON {t} FOR UPDATE TO authenticated WITH CHECK (v >= 5)",
    ],
    "no_grant": [
        "REVOKE ALL ON {t} FROM anon, authenticated",
        "CREATE POLICY p ON {t} USING (true)",
    ],
    "public_grant": [
        "REVOKE ALL ON {t} FROM anon, authenticated",
        "GRANT SELECT, DELETE ON {t} TO PUBLIC",
        "CREATE POLICY p ON {t} USING (v = 2)",
    ],
}


# Tables outside `public`, qualified: (schema, table) -> statements.
OTHER_SCHEMAS = {
    ("wb_hidden", "no_usage"): [
        "CREATE SCHEMA wb_hidden",
        "CREATE TABLE wb_hidden.no_usage (id int, v int)",
        "GRANT ALL ON wb_hidden.no_usage TO anon, authenticated",
        "INSERT INTO wb_hidden.no_usage SELECT i, i FROM generate_series(1, 4) i",
    ],
    ("wb_shared", "usage_granted"): [
        "CREATE SCHEMA wb_shared",
        "GRANT USAGE ON SCHEMA wb_shared TO authenticated",
        "CREATE TABLE wb_shared.usage_granted (id int, v int)",
        "ALTER TABLE wb_shared.usage_granted ENABLE ROW LEVEL SECURITY",
        "GRANT ALL ON wb_shared.usage_granted TO anon, authenticated",
        "CREATE POLICY p ON wb_shared.usage_granted USING (v > 2)",
        "INSERT INTO wb_shared.usage_granted SELECT i, i FROM generate_series(1, 4) i",
    ],
}
TABLES = [("public", name) for name in CONFIGS] + list(OTHER_SCHEMAS)


def _setup(conn: psycopg.Connection) -> None:
    conn.execute(ROLES_SQL)
    for statements in OTHER_SCHEMAS.values():
        for statement in statements:
            conn.execute(statement)
    for name, statements in CONFIGS.items():
        t = sql.Identifier(name)
        conn.execute(sql.SQL("CREATE TABLE {} (id int, v int)").format(t))
        conn.execute(sql.SQL("INSERT INTO {} SELECT i, i FROM generate_series(1, 4) i").format(t))
        conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(t))
        conn.execute(
            sql.SQL("GRANT ALL ON {} TO anon, authenticated, service_role, {}").format(
                t, sql.Identifier(GROUP)
            )
        )
        for statement in statements:
            conn.execute(sql.SQL(statement.replace("{t}", "{}")).format(t))


def _as_role(conn: psycopg.Connection, role: str, statement: sql.Composable) -> int | str:
    """Row count of `statement` run as `role` (rolled back), or 'denied' / 'check' on error."""
    conn.execute("BEGIN")
    try:
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
        cur = conn.execute(statement)
        return cur.fetchone()[0] if cur.description else cur.rowcount
    except psycopg.errors.InsufficientPrivilege as exc:
        return "check" if "row-level security" in str(exc) else "denied"
    finally:
        conn.execute("ROLLBACK")


def _count(conn: psycopg.Connection, t: sql.Identifier, where: str | None) -> int:
    if where is None:
        return 0
    q = sql.SQL("SELECT count(*) FROM {t} WHERE {w}").format(t=t, w=sql.SQL(where))
    return conn.execute(q).fetchone()[0]


def _expected(
    conn: psycopg.Connection, model: AccessModel, schema: str, name: str, role: str, command: str
):
    t = sql.Identifier(schema, name)
    alias = sql.Identifier(name)
    access = model.access(f"{schema}.{name}", role, command)
    if access.verdict == NO_PRIVILEGE:
        return "denied"
    every = access.verdict in (BYPASS, NO_RLS)
    if command == "SELECT":
        return 4 if every else _count(conn, t, access.using)
    if command == "DELETE":
        return 4 if every else _count(conn, t, access.using)
    if command == "INSERT":
        if every:
            return 1
        if access.verdict == NO_POLICY:
            return "check"
        ok = conn.execute(
            sql.SQL("SELECT coalesce(({c}), false) FROM (SELECT 100 AS id, 3 AS v) AS {a}").format(
                c=sql.SQL(access.check), a=alias
            )
        ).fetchone()[0]
        return 1 if ok else "check"
    # UPDATE t SET v = 5: rows admitted by USING, each new row checked.
    if every:
        return 4
    rows = _count(conn, t, access.using)
    if rows == 0:
        return 0
    ok = conn.execute(
        sql.SQL(
            "SELECT bool_and(coalesce(({c}), false)) FROM "
            "(SELECT id, 5 AS v FROM {t} WHERE {u}) AS {a}"
        ).format(c=sql.SQL(access.check), t=t, a=alias, u=sql.SQL(access.using))
    ).fetchone()[0]
    return rows if ok else "check"


STATEMENTS = {
    "SELECT": "SELECT count(*) FROM {}",
    "INSERT": "INSERT INTO {} (id, v) VALUES (100, 3)",
    "UPDATE": "UPDATE {} SET v = 5",
    "DELETE": "DELETE FROM {}",
}


@pytest.fixture(scope="module")
def configured(pg_server) -> Iterator[tuple[psycopg.Connection, AccessModel]]:
    """One database holding every configuration, and the model read from it."""
    name = pg_server.new_database()
    try:
        with connect(pg_server.dsn(name), autocommit=True) as conn:
            _setup(conn)
            schemas = ["public"] + sorted({s for s, _ in OTHER_SCHEMAS})
            yield conn, AccessModel(introspect(conn, schemas))
    finally:
        pg_server.drop(name)


def test_model_matches_postgresql(configured) -> None:
    conn, model = configured
    mismatches = []
    checked = 0
    for schema, name in TABLES:
        for role in ROLES:
            for command, statement in STATEMENTS.items():
                target = sql.Identifier(schema, name)
                actual = _as_role(conn, role, sql.SQL(statement).format(target))
                expected = _expected(conn, model, schema, name, role, command)
                checked += 1
                if actual != expected:
                    access = model.access(f"{schema}.{name}", role, command)
                    mismatches.append(
                        f"{schema}.{name} {role} {command}: postgres={actual} model={expected} "
                        f"({access.verdict}, using={access.using}, check={access.check})"
                    )
    assert not mismatches, "\n".join(mismatches)
    assert checked == len(TABLES) * len(ROLES) * 4


def test_verdicts_for_known_configurations(configured) -> None:
    _, model = configured

    def verdict(table: str, role: str, command: str) -> str:
        return model.access(f"public.{table}", role, command).verdict

    assert verdict("rls_off", "anon", "SELECT") == NO_RLS
    assert verdict("no_policy", "authenticated", "SELECT") == NO_POLICY
    assert verdict("select_no_using", "authenticated", "SELECT") == NO_POLICY
    assert verdict("insert_no_check", "authenticated", "INSERT") == NO_POLICY
    assert verdict("update_check_only", "authenticated", "UPDATE") == NO_POLICY
    assert verdict("all_check_only", "authenticated", "INSERT") == POLICIES
    assert verdict("all_check_only", "authenticated", "SELECT") == NO_POLICY
    assert verdict("select_some", "service_role", "SELECT") == BYPASS
    assert verdict("owner_group", MEMBER, "SELECT") == BYPASS  # inherits the owner's rights
    assert verdict("owner_group", NOINHERIT, "SELECT") == NO_PRIVILEGE
    assert verdict("owner_forced", MEMBER, "SELECT") == POLICIES
    assert verdict("no_grant", "authenticated", "SELECT") == NO_PRIVILEGE
    assert verdict("public_grant", NOBODY, "DELETE") == POLICIES
    assert verdict("public_grant", PUBLIC, "SELECT") == POLICIES
    hidden = model.access("wb_hidden.no_usage", "authenticated", "SELECT")
    assert hidden.verdict == NO_PRIVILEGE and "USAGE" in hidden.privilege_via[0]
    assert model.access("wb_shared.usage_granted", "anon", "SELECT").verdict == NO_PRIVILEGE
    assert model.access("wb_shared.usage_granted", "authenticated", "SELECT").verdict == POLICIES
    update = model.access("public.update_using_only", "authenticated", "UPDATE")
    assert update.policies[0].check_from_using
    column = model.access("public.column_grant", "anon", "SELECT")
    assert column.columns == ("id",) and "column grant" in column.privilege_via[0]
    dead = model.access("public.restrictive_no_expr", "authenticated", "DELETE")
    assert [p.name for p in dead.policies if not p.effective] == ["r"] and dead.using == "(v > 1)"


@pytest.mark.parametrize("role", ["anon", PUBLIC])
def test_public_pseudo_role_gets_public_policies_only(role: str) -> None:
    from workbench.catalog.model import Catalog, Grant, Policy, Role, Table

    table = Table(
        schema="public",
        name="t",
        rls_enabled=True,
        owner="postgres",
        grants=(Grant("PUBLIC", "SELECT"),),
        policies=(
            Policy("everyone", "SELECT", roles=("public",), using="(a = 1)"),
            Policy("members", "SELECT", roles=("authenticated",), using="(a = 2)"),
        ),
    )
    catalog = Catalog(
        tables={"public.t": table},
        roles={r: Role(r) for r in ("anon", "authenticated", "postgres")},
    )
    access = AccessModel(catalog).access("public.t", role, "SELECT")
    assert access.verdict == POLICIES
    assert [p.name for p in access.permissive] == ["everyone"]
    assert access.using == "(a = 1)"
