"""AccessModel shares accesses between tables that differ only in their names."""

from __future__ import annotations

from workbench.catalog.model import Catalog, Column, Grant, Policy, Role, Schema, Table
from workbench.rls.access import COMMANDS, AccessModel


def _table(name: str, *, grants=None, column_grants=(), check="(owner = auth.uid())") -> Table:
    grants = (
        grants
        if grants is not None
        else (
            Grant("authenticated", "SELECT"),
            Grant("authenticated", "INSERT"),
            Grant("authenticated", "UPDATE"),
        )
    )
    return Table(
        schema="public",
        name=name,
        rls_enabled=True,
        owner="postgres",
        columns=(Column("id", "bigint"), Column("owner", "uuid", grants=column_grants)),
        grants=grants,
        policies=(
            Policy(f"{name}_read", "SELECT", roles=("authenticated",), using="true"),
            Policy(f"{name}_write", "ALL", roles=("authenticated",), using=check),
        ),
    )


def test_shared_accesses_equal_the_ones_computed_for_each_table():
    tables = [
        _table("a"),
        _table("b"),  # same as a but for the names
        _table("c", check="false"),  # another expression
        _table("d", grants=()),  # no table grant ...
        _table("e", grants=(), column_grants=(Grant("authenticated", "UPDATE"),)),  # ... or one
    ]
    catalog = Catalog(
        schemas={"public": Schema("public", owner="postgres", grants=(Grant("PUBLIC", "USAGE"),))},
        tables={t.key: t for t in tables},
        roles={r: Role(r) for r in ("authenticated", "anon", "postgres")},
    )
    shared, fresh = AccessModel(catalog), AccessModel(catalog)
    for table in tables:
        for role in ("authenticated", "anon", "postgres", "PUBLIC"):
            got = shared.table_access(table, role)
            for command in COMMANDS:
                expected = fresh._access(table, role, command)  # computed for this table alone
                assert got[command] == expected, (table.name, role, command)
    b = shared.access("public.b", "authenticated", "SELECT")
    assert b.table == "public.b"
    assert [p.name for p in b.policies] == ["b_read", "b_write"]
    assert shared.access("public.c", "authenticated", "UPDATE").using != (
        shared.access("public.a", "authenticated", "UPDATE").using
    )
    assert shared.access("public.e", "authenticated", "UPDATE").columns == ("owner",)
    assert not shared.access("public.d", "authenticated", "UPDATE").privilege
