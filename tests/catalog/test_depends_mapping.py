"""The dependency graph mapped in Python (introspect_depends) gives the edges the
former all-SQL query gave (depends_reference.sql), on schemas with every kind of edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.catalog.introspect import introspect
from workbench.catalog.introspect_depends import dependencies
from workbench.db import connect

from .namespaces import namespace_oids

REFERENCE = (Path(__file__).resolve().parent / "depends_reference.sql").read_text("utf-8")

# Beyond the mixed schema: a view over a view over a view, a rule's and a domain
# constraint's edges, a generated column (no default object) next to a default, a
# foreign key to a partitioned table (PostgreSQL adds internal copies per partition),
# an extension's types and functions used by a table, and an extension installed in
# a read schema (its view's rule depends on its functions).
MORE = """
CREATE SCHEMA other;
CREATE TABLE other.t (id int PRIMARY KEY, label text DEFAULT 'x');
CREATE FUNCTION other.f(i int) RETURNS int LANGUAGE sql IMMUTABLE RETURN i + 1;
CREATE TABLE app.uses_other (
    id int PRIMARY KEY REFERENCES other.t (id),
    n int DEFAULT other.f(1),
    twice int GENERATED ALWAYS AS (other.f(n) * 2) STORED,
    tag public.citext,
    tags public.citext[]);
CREATE VIEW app.v1 AS SELECT id, n FROM app.uses_other;
CREATE VIEW app.v2 AS SELECT id, other.f(n) AS m FROM app.v1;
CREATE VIEW app.v3 AS SELECT v2.id FROM app.v2 JOIN other.t USING (id);
CREATE RULE v1_ins AS ON INSERT TO app.v1 DO INSTEAD
    INSERT INTO app.uses_other (id, n) VALUES (NEW.id, other.f(NEW.n));
CREATE DOMAIN app.small AS int CHECK (VALUE < other.f(100));
CREATE TABLE app.parted (id int PRIMARY KEY) PARTITION BY RANGE (id);
CREATE TABLE app.parted_1 PARTITION OF app.parted FOR VALUES FROM (0) TO (10);
CREATE TABLE app.refs_parted (p int REFERENCES app.parted (id));
CREATE EXTENSION pg_buffercache SCHEMA app;
"""


def _reference(conn, nsp: list[int]) -> list[tuple[str, ...]]:
    with conn.transaction():
        conn.execute("SET LOCAL enable_nestloop = off")
        conn.execute("SET LOCAL search_path = pg_catalog")
        rows = conn.execute(REFERENCE, {"nsp": nsp}).fetchall()
    return sorted(set(rows))


@pytest.mark.parametrize("schemas", [None, ["app"], ["other", "public"]])
def test_same_edges_as_the_sql_mapping(mixed_dsn, schemas):
    with connect(mixed_dsn, autocommit=True) as conn:
        conn.execute(MORE)
        expected = _reference(conn, namespace_oids(conn, schemas))
        catalog = introspect(conn, schemas)
    assert list(catalog.dependencies) == expected
    edges = set(expected)
    if schemas == ["app"]:
        # only edges between objects of the read schemas: other.f, other.t are not there
        assert not any("other." in e[1] or "other." in e[4] for e in edges)
        assert ("view", "app.v2", "", "view", "app.v1", "") in edges
        assert ("column", "app.uses_other", "tag", "extension", "citext", "") not in edges
        return
    sets = {
        None: [
            ("view", "app.v3", "", "view", "app.v2", ""),
            ("view", "app.v2", "", "function", "other.f(i integer)", ""),
            ("rule", "app.v1", "v1_ins", "column", "app.uses_other", "n"),
            ("default", "app.uses_other", "n", "function", "other.f(i integer)", ""),
            ("column", "app.uses_other", "tags", "extension", "citext", ""),
            ("domain", "app.small", "", "function", "other.f(i integer)", ""),
            (
                "constraint",
                "app.uses_other",
                "uses_other_id_fkey",
                "constraint",
                "other.t",
                "t_pkey",
            ),
            ("view", "app.pg_buffercache", "", "extension", "pg_buffercache", ""),
            ("view", "extensions.pg_stat_statements", "", "extension", "pg_stat_statements", ""),
        ],
        ("other", "public"): [("default", "other.t", "label", "column", "other.t", "label")],
    }[tuple(schemas) if schemas else None]
    for edge in sets:
        assert edge in edges
    # a generated column's expression is the column's, not a default
    assert not any(e[0] == "default" and e[2] == "twice" for e in edges)


def test_no_edges():
    assert dependencies([(None,)], [], {}, {}) == ()
    assert dependencies([], [], {}, {}) == ()
