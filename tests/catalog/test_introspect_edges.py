"""`introspect(..., edges=False)`: the same catalog without its dependency graph."""

from __future__ import annotations

import dataclasses

import pytest

from workbench.catalog.introspect import IntrospectStats, introspect
from workbench.db import connect

SCHEMA = """
CREATE TABLE public.t (id integer PRIMARY KEY, n integer);
CREATE VIEW public.v AS SELECT id, n FROM public.t;
CREATE FUNCTION public.total() RETURNS bigint LANGUAGE sql STABLE
    BEGIN ATOMIC SELECT sum(n) FROM public.v; END;
"""


@pytest.mark.parametrize("parallel", [False, True])
def test_without_edges_skips_the_graph_queries_and_nothing_else(db_dsn, parallel):
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(SCHEMA)
    with connect(db_dsn) as conn:
        full_stats, bare_stats = IntrospectStats(), IntrospectStats()
        full = introspect(conn, stats=full_stats, parallel=parallel)
        bare = introspect(conn, stats=bare_stats, parallel=parallel, edges=False)
    assert full.dependencies
    assert bare.dependencies == ()
    assert bare == dataclasses.replace(full, dependencies=())
    assert set(full_stats.rows) - set(bare_stats.rows) == {"depends", "depend_objects"}
    assert full_stats.queries - bare_stats.queries == 2
