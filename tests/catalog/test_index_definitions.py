"""Index definitions are PostgreSQL's own text: the indexes query assembles the common
ones from their parts (queries/indexes.sql) and must give exactly what pg_get_indexdef()
gives, for every kind of index; the judge here is pg_get_indexdef() itself."""

from __future__ import annotations

from workbench.catalog.introspect import introspect, query_text
from workbench.db import connect

from .namespaces import namespace_oids

INDEXES = r"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA "Odd Schema";
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE "Odd Schema"."Mixed Table" (
    id bigint PRIMARY KEY,
    "user" text,
    "order" int,
    "Camel" varchar(40),
    c_name text COLLATE "C",
    tags text[],
    doc jsonb,
    body tsvector,
    amount numeric,
    mood mood,
    n positive,
    during tstzrange,
    created timestamptz,
    ip inet
);
SET search_path = "Odd Schema", public;
CREATE INDEX plain_two ON "Mixed Table" ("user", "order");
CREATE INDEX desc_one ON "Mixed Table" (created DESC);
CREATE INDEX desc_nulls_first ON "Mixed Table" (created DESC NULLS FIRST);
CREATE INDEX asc_nulls_first ON "Mixed Table" (created NULLS FIRST);
CREATE INDEX asc_nulls_last ON "Mixed Table" (created ASC NULLS LAST);
CREATE INDEX with_include ON "Mixed Table" ("order") INCLUDE ("user", amount);
CREATE UNIQUE INDEX unique_expr ON "Mixed Table" (lower("user"));
CREATE INDEX expr_mid ON "Mixed Table" ("order", ("user" || 'x'), created DESC);
CREATE INDEX expr_cast ON "Mixed Table" ((doc ->> 'k'));
CREATE INDEX partial ON "Mixed Table" ("order") WHERE amount > 0 AND "user" IS NOT NULL;
CREATE INDEX pattern_ops ON "Mixed Table" ("user" text_pattern_ops);
CREATE INDEX varchar_col ON "Mixed Table" ("Camel");
CREATE INDEX varchar_pattern ON "Mixed Table" ("Camel" varchar_pattern_ops);
CREATE INDEX collated_col ON "Mixed Table" (c_name);
CREATE INDEX collate_override ON "Mixed Table" (c_name COLLATE "default");
CREATE INDEX collate_explicit ON "Mixed Table" ("user" COLLATE "C");
CREATE INDEX collate_expr ON "Mixed Table" (lower(c_name));
CREATE INDEX gin_array ON "Mixed Table" USING gin (tags);
CREATE INDEX gin_jsonb_path ON "Mixed Table" USING gin (doc jsonb_path_ops);
CREATE INDEX gin_trgm ON "Mixed Table" USING gin ("user" gin_trgm_ops);
CREATE INDEX gist_tsv ON "Mixed Table" USING gist (body);
CREATE INDEX gist_tsv_siglen ON "Mixed Table" USING gist (body tsvector_ops (siglen = 100));
CREATE INDEX gist_range ON "Mixed Table" USING gist (during);
CREATE INDEX gist_inet ON "Mixed Table" USING gist (ip inet_ops);
CREATE INDEX hash_idx ON "Mixed Table" USING hash ("order");
CREATE INDEX brin_idx ON "Mixed Table" USING brin (created);
CREATE INDEX with_fillfactor ON "Mixed Table" ("order") WITH (fillfactor = 70);
CREATE INDEX enum_col ON "Mixed Table" (mood);
CREATE INDEX domain_col ON "Mixed Table" (n);
CREATE UNIQUE INDEX nulls_not_distinct ON "Mixed Table" ("order") NULLS NOT DISTINCT;
CREATE INDEX "Quoted ""Index"" [x]" ON "Mixed Table" ("user");
CREATE INDEX select_kw ON "Mixed Table" ("user", "order") WHERE "order" IN (1, 2);
ALTER TABLE "Mixed Table" ADD CONSTRAINT no_overlap EXCLUDE USING gist ("order" WITH =, during WITH &&);
ALTER TABLE "Mixed Table" ADD CONSTRAINT uq_pair UNIQUE ("user", "order");
CREATE TABLE parted (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX parted_at ON parted (at);
CREATE INDEX parted_2026_extra ON parted_2026 (id DESC);
CREATE MATERIALIZED VIEW mv AS SELECT id, "user" FROM "Mixed Table";
CREATE UNIQUE INDEX mv_id ON mv (id);
CREATE TABLE public."select" ("from" int, "where" text);
CREATE INDEX "select_from" ON public."select" ("from", "where");
"""


def test_every_index_definition_is_pg_get_indexdef(empty_db_dsn):
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute(INDEXES)
        reference = {
            (r[0], r[1]): r[2]
            for r in conn.execute(
                "SELECT i.indrelid, c.relname, pg_get_indexdef(i.indexrelid)"
                " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname IN ('Odd Schema', 'public')"
            )
        }
        nsp = namespace_oids(conn, ["Odd Schema", "public"])
        rows = conn.execute(query_text("indexes", conn.info.server_version), {"nsp": nsp})
        got = {(r[0], r[1]): r[2] for r in rows}
        catalog = introspect(conn)
    assert len(reference) > 40
    assert got == reference
    # and the model carries that text
    table = catalog.tables["Odd Schema.Mixed Table"]
    by_name = {index.name: index for index in table.indexes}
    assert by_name["asc_nulls_first"].definition.endswith("(created NULLS FIRST)")
    assert by_name["gist_tsv_siglen"].definition.endswith("(body tsvector_ops (siglen='100'))")
    assert by_name['Quoted "Index" [x]'].definition.startswith(
        'CREATE INDEX "Quoted ""Index"" [x]" ON "Odd Schema"."Mixed Table"'
    )


ASSEMBLED = {
    "plain_two", "desc_one", "desc_nulls_first", "asc_nulls_first", "asc_nulls_last",
    "with_include", "unique_expr", "expr_mid", "expr_cast", "partial", "collated_col",
    "hash_idx", "nulls_not_distinct", 'Quoted "Index" [x]', "select_kw", "uq_pair", "mv_id",
    "select_from", "Mixed Table_pkey", "parted_2026_extra",
}  # fmt: skip
# non-default or polymorphic classes, storage types, options, domains, collations, partitioned
LEFT_TO_POSTGRES = {
    "pattern_ops", "varchar_col", "varchar_pattern", "collate_override", "collate_explicit",
    "collate_expr", "gin_jsonb_path", "gin_trgm", "gin_array", "gist_tsv", "gist_tsv_siglen",
    "gist_inet", "gist_range", "no_overlap", "enum_col", "with_fillfactor", "domain_col",
    "parted_at", "parted_pkey",
}  # fmt: skip


def test_common_indexes_are_assembled_and_the_rest_left_to_pg_get_indexdef(empty_db_dsn):
    """Which path each index takes (the assembled text is checked against PostgreSQL's
    above): the speed-up covers the common indexes, the rest is PostgreSQL's text."""
    text = query_text("indexes", 180000)
    fallback = "ELSE pg_get_indexdef(g.indexrelid) END"
    assert text.count(fallback) == 1
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute(INDEXES)
        nsp = namespace_oids(conn, ["Odd Schema", "public"])
        query = query_text("indexes", conn.info.server_version).replace(fallback, "END")
        rows = conn.execute(query, {"nsp": nsp}).fetchall()
    assembled = {r[1] for r in rows if r[2] is not None}
    assert ASSEMBLED <= assembled
    assert not LEFT_TO_POSTGRES & assembled
