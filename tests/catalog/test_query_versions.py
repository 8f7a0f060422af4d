"""Every catalog query, in the text made for each supported server version (14 to 18),
has all its version fragments filled in and runs; the older texts leave out only what
older servers lack, so on this server they read the same rows."""

from __future__ import annotations

import re

import pytest

from workbench.catalog.introspect import QUERIES, query_text
from workbench.db import connect

from .namespaces import namespace_oids

VERSIONS = (140000, 150000, 160000, 170000, 180000)
# columns renamed since: the older name, and what this server calls it
RENAMED = {"c.colliculocale": "c.colllocale"}  # PostgreSQL 17


@pytest.mark.parametrize("version", VERSIONS)
def test_every_query_text_is_complete_and_runs(db_dsn, version):
    with connect(db_dsn, autocommit=True) as conn:
        nsp = namespace_oids(conn)
        conn.execute("SET search_path = pg_catalog")
        for name in QUERIES:
            text = query_text(name, version)
            assert not re.search(r"\{[a-z_]+\}", text), (name, version)
            for old, new in RENAMED.items():
                text = text.replace(old, new)
            params = {"nsp": nsp, "schemas": None}
            rows = conn.execute(text, params).fetchall()
            newest = conn.execute(query_text(name, 180000), params).fetchall()
            assert len(rows) == len(newest), (name, version)
