"""The namespace oids a catalog query reads (its `nsp` parameter), found as `introspect`
finds them: by the schemas query."""

from __future__ import annotations

import psycopg

from workbench.catalog.introspect import query_text


def namespace_oids(conn: psycopg.Connection, schemas: list[str] | None = None) -> list[int]:
    """The oids of `schemas` (default: every schema `introspect` reads)."""
    rows = conn.execute(query_text("schemas"), {"schemas": schemas}).fetchall()
    return [row[0] for row in rows]
