"""Two databases read to be compared share a pool (`introspect(..., pool=)`): their equal
members, grants and columns are one object each; everything else, and every comparison,
is as when each is read alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from workbench.catalog.introspect import introspect
from workbench.db import connect
from workbench.diff.differ import diff
from workbench.diff.sql import to_sql

CHANGES = """
ALTER TABLE app.organizations ADD CONSTRAINT organizations_name_long CHECK (length(name) > 1);
CREATE POLICY extra ON app.organizations FOR SELECT USING (true);
"""


def _read(dsn: str, pool: dict | None = None, edges: bool = True):
    with connect(dsn) as conn:
        return introspect(conn, pool=pool, edges=edges)


def test_pooled_catalogs_equal_their_own_reads_and_share_equal_members(shared_mixed_dsn, mixed_dsn):
    with connect(mixed_dsn, autocommit=True) as conn:
        conn.execute(CHANGES)
    alone_a, alone_b = _read(shared_mixed_dsn), _read(mixed_dsn, edges=False)
    pool: dict = {}
    with ThreadPoolExecutor(2) as workers:  # read at the same time, as `diff` does
        future_b = workers.submit(_read, mixed_dsn, pool, False)
        a = _read(shared_mixed_dsn, pool)
        b = future_b.result()
    assert a == alone_a and b == alone_b
    assert a.dependencies == alone_a.dependencies

    shared = changed = 0
    for key, table in a.tables.items():
        other = b.tables[key]
        for kind in ("columns", "constraints", "indexes", "policies", "triggers", "grants"):
            mine, theirs = getattr(table, kind), getattr(other, kind)
            by_name = {getattr(m, "name", m): m for m in theirs}
            for member in mine:
                match = by_name.get(getattr(member, "name", member))
                if match is not None and match == member:
                    assert match is member, (key, kind)  # equal: one object
                    shared += 1
    organizations = b.tables["app.organizations"]
    assert any(c.name == "organizations_name_long" for c in organizations.constraints)
    assert any(p.name == "extra" for p in organizations.policies)
    changed = len(organizations.constraints) - len(a.tables["app.organizations"].constraints)
    assert shared > 20 and changed == 1

    # the comparison and the SQL are the same as from separate reads
    pooled_changes, alone_changes = diff(a, b), diff(alone_a, alone_b)
    assert [c.to_json() for c in pooled_changes] == [c.to_json() for c in alone_changes]
    assert to_sql(pooled_changes, a, b).text() == to_sql(alone_changes, alone_a, alone_b).text()
