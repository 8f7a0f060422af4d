"""The number of catalog queries is fixed, whatever the size of the schema."""

from __future__ import annotations

import psycopg
from psycopg import sql

from workbench.catalog.introspect import QUERIES, IntrospectStats, introspect


class CountingCursor(psycopg.Cursor):
    """Counts the statements sent through it (independently of IntrospectStats)."""

    sent: list[str] = []

    def execute(self, query, params=None, **kwargs):
        CountingCursor.sent.append(query if isinstance(query, str) else repr(query))
        return super().execute(query, params, **kwargs)


def _create_tables(conn: psycopg.Connection, schema: str, n: int) -> None:
    """n tables with a bit of everything: identity, FK, index, RLS policy, trigger, grants."""
    parts = [
        sql.SQL("CREATE SCHEMA {s}; CREATE TYPE {s}.state AS ENUM ('a', 'b');").format(
            s=sql.Identifier(schema)
        ),
        sql.SQL(
            "CREATE FUNCTION {s}.touch() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RETURN NEW; END $$;"
        ).format(s=sql.Identifier(schema)),
    ]
    for i in range(n):
        t = sql.Identifier(schema, f"t{i}")
        parent = sql.Identifier(schema, f"t{i - 1}")
        fk = sql.SQL("REFERENCES {}").format(parent) if i else sql.SQL("")
        parts.append(
            sql.SQL(
                "CREATE TABLE {t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                " parent bigint {fk}, name text NOT NULL DEFAULT 'x', st {s}.state,"
                " CHECK (length(name) < 100));"
                "CREATE INDEX ON {t} (lower(name)) WHERE st = 'a';"
                "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;"
                "CREATE POLICY p ON {t} FOR SELECT TO authenticated USING (st = 'a');"
                "CREATE TRIGGER touch BEFORE UPDATE ON {t} FOR EACH ROW"
                " EXECUTE FUNCTION {s}.touch();"
                "GRANT SELECT (name) ON {t} TO anon; GRANT SELECT ON {t} TO authenticated;"
                "COMMENT ON TABLE {t} IS 'table';"
            ).format(t=t, fk=fk, s=sql.Identifier(schema))
        )
        if i % 10 == 0:
            parts.append(
                sql.SQL("CREATE VIEW {} AS SELECT id, name FROM {};").format(
                    sql.Identifier(schema, f"v{i}"), t
                )
            )
    conn.execute(sql.SQL("\n").join(parts))


def _count(conn: psycopg.Connection) -> tuple[int, IntrospectStats, int]:
    CountingCursor.sent = []
    conn.cursor_factory = CountingCursor
    stats = IntrospectStats()
    catalog = introspect(conn, stats=stats)
    conn.cursor_factory = psycopg.Cursor
    return len(CountingCursor.sent), stats, len(catalog.tables)


def test_query_count_does_not_grow_with_the_schema(conn, pg_server):
    _create_tables(conn, "small", 2)
    small_sent, small_stats, small_tables = _count(conn)
    _create_tables(conn, "big", 200)
    big_sent, big_stats, big_tables = _count(conn)
    assert big_tables - small_tables == 200
    assert big_stats.rows["columns"] >= small_stats.rows["columns"] + 200 * 4
    assert small_sent == big_sent == small_stats.queries == big_stats.queries
    # BEGIN, search_path, the catalog queries, ROLLBACK
    assert big_sent == len(QUERIES) + 3
    assert set(big_stats.rows) == set(QUERIES)


def test_query_count_inside_a_transaction(conn):
    _create_tables(conn, "small", 2)
    with conn.transaction():
        stats = IntrospectStats()
        introspect(conn, stats=stats)
        # search_path set and restored, no BEGIN/ROLLBACK of its own
        assert stats.queries == len(QUERIES) + 2
