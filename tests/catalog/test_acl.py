"""ACLs parsed in Python agree with PostgreSQL's own `aclexplode`, whatever the role names."""

from __future__ import annotations

import os

import psycopg
import pytest
from psycopg import sql

from workbench.catalog.acl import AclError, parse_acl, parse_item
from workbench.catalog.introspect import introspect
from workbench.catalog.model import Grant

# Roles are global to the server: suffixed per test process (xdist workers run at once).
_SUFFIX = f"_{os.getpid()}"
ROLE_NAMES = ['we"ird', "a=b/c", "Upper Case", "ünï 表", "x*y", '"', "plain"]


def _roles(conn: psycopg.Connection) -> list[str]:
    names = [name + _SUFFIX for name in ROLE_NAMES]
    for name in names:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(name)))
    return names


def _exploded(conn: psycopg.Connection, acl_sql: str) -> tuple[Grant, ...]:
    """PostgreSQL's own reading of an ACL column, in the order `parse_acl` promises."""
    rows = conn.execute(
        f"""SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END,
                   x.privilege_type, x.is_grantable, pg_get_userbyid(x.grantor)
            FROM ({acl_sql}) s(acl) CROSS JOIN LATERAL aclexplode(s.acl) x"""
    ).fetchall()
    return tuple(
        sorted((Grant(*r) for r in rows), key=lambda g: (g.grantee, g.privilege, g.grantor))
    )


def test_parsed_acls_match_aclexplode(conn):
    roles = _roles(conn)
    conn.execute("CREATE SCHEMA acl_s")
    conn.execute("CREATE TABLE acl_s.t (a int, b text)")
    conn.execute("CREATE SEQUENCE acl_s.q")
    conn.execute("CREATE FUNCTION acl_s.f() RETURNS int LANGUAGE sql AS 'SELECT 1'")
    for i, role in enumerate(roles):
        r = sql.Identifier(role)
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA acl_s TO {}").format(r))
        privileges = ["SELECT", "INSERT, UPDATE", "ALL", "TRUNCATE, REFERENCES, TRIGGER"][i % 4]
        option = sql.SQL(" WITH GRANT OPTION" if i % 2 else "")
        conn.execute(sql.SQL("GRANT {} ON acl_s.t TO {}{}").format(sql.SQL(privileges), r, option))
        conn.execute(sql.SQL("GRANT UPDATE (b) ON acl_s.t TO {}{}").format(r, option))
        conn.execute(sql.SQL("GRANT USAGE, SELECT ON SEQUENCE acl_s.q TO {}").format(r))
        conn.execute(sql.SQL("GRANT EXECUTE ON FUNCTION acl_s.f() TO {}{}").format(r, option))
    conn.execute("GRANT CREATE ON SCHEMA acl_s TO PUBLIC")
    conn.execute("REVOKE EXECUTE ON FUNCTION acl_s.f() FROM PUBLIC")
    # A grant made by a role holding the grant option (roles[1] has INSERT WITH GRANT
    # OPTION): the grantor is not the owner.
    grantor = roles[1]
    conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(grantor)))
    conn.execute(sql.SQL("GRANT INSERT ON acl_s.t TO {}").format(sql.Identifier(roles[2])))
    conn.execute("RESET ROLE")

    sources = {
        "schema": "SELECT nspacl FROM pg_namespace WHERE nspname = 'acl_s'",
        "table": "SELECT relacl FROM pg_class WHERE oid = 'acl_s.t'::regclass",
        "column": "SELECT attacl FROM pg_attribute WHERE attrelid = 'acl_s.t'::regclass AND attname = 'b'",
        "sequence": "SELECT relacl FROM pg_class WHERE oid = 'acl_s.q'::regclass",
        "function": "SELECT proacl FROM pg_proc WHERE oid = 'acl_s.f()'::regprocedure",
    }
    for what, query in sources.items():
        (items,) = conn.execute(query.replace("acl FROM", "acl::text[] FROM", 1)).fetchone()
        expected = _exploded(conn, query)
        assert parse_acl(items) == expected, what
        assert any(g.grantee in roles for g in expected), what

    catalog = introspect(conn, schemas=["acl_s"])
    table = catalog.tables["acl_s.t"]
    assert set(table.grants) == set(_exploded(conn, sources["table"]))
    assert Grant(roles[2], "INSERT", False, grantor) in table.grants
    assert set(table.column("b").grants) == set(_exploded(conn, sources["column"]))
    assert table.column("a").grants == ()
    assert Grant("PUBLIC", "CREATE", False, "postgres") in catalog.schemas["acl_s"].grants
    assert set(catalog.functions["acl_s.f()"].grants) == set(_exploded(conn, sources["function"]))


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("=r/postgres", [Grant("PUBLIC", "SELECT", False, "postgres")]),
        (
            'anon=r*w/"we""ird"',
            [Grant("anon", "SELECT", True, 'we"ird'), Grant("anon", "UPDATE", False, 'we"ird')],
        ),
        ('"a=b/c"=X*/"x/y"', [Grant("a=b/c", "EXECUTE", True, "x/y")]),
        ("role=/postgres", []),
        ("r=m/postgres", [Grant("r", "MAINTAIN", False, "postgres")]),
    ],
)
def test_parse_item(item, expected):
    assert parse_item(item) == expected


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("anon", "expected '='"),
        ("anon=r", "expected '/'"),
        ('"anon=r/postgres', "unterminated quoted role name"),
        ("anon=rq/postgres", "unknown privilege letter 'q'"),
        ('"anon"x=r/postgres', "expected '=' after the grantee"),
        ('anon=r/"postgres"x', "unexpected text after the grantor"),
    ],
)
def test_malformed_items_are_clear_errors(item, message):
    with pytest.raises(AclError, match=message):
        parse_item(item)
