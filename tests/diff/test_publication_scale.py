"""A publication of thousands of tables renders in time linear in its size."""

from __future__ import annotations

import time

from workbench.catalog.model import Catalog, Publication, Table
from workbench.diff.differ import diff
from workbench.diff.sql import to_sql

N = 4000


def _catalog(published: bool) -> Catalog:
    tables = {f"public.t{i}": Table(schema="public", name=f"t{i}") for i in range(N)}
    tables["public.with space"] = Table(schema="public", name="with space")
    entries = (*(f"public.t{i}" for i in range(N)), "public.with space (id)")
    pubs = {"rt": Publication(name="rt", tables=entries)} if published else {}
    return Catalog(tables=tables, publications=pubs)


def test_big_publication_is_planned_quickly() -> None:
    a, b = _catalog(False), _catalog(True)
    started = time.perf_counter()
    text = to_sql(diff(a, b), a, b).text()
    elapsed = time.perf_counter() - started
    assert 'TABLE public."with space" (id)' in text
    assert "TABLE public.t3999" in text
    # every entry used to sort and scan all table keys: ~N^2 log N (about a minute here)
    assert elapsed < 10, f"{elapsed:.1f}s for a publication of {N} tables"
