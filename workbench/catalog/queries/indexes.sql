-- Indexes on the tables and materialized views of the selected schemas; one row
-- each: table oid, name, definition (pg_get_indexdef's text), key column numbers
-- (indkey; 0 for an expression), the deparsed expressions of the expression
-- columns in order (NULL when there are none), number of key columns, unique,
-- primary, access method, partial index predicate, comment, inherited (attached
-- to an index of the parent), used as the table's replica identity. The backing
-- constraint comes from the constraints query. Column numbers are turned into
-- names with the columns query's rows.
--
-- The definition: pg_get_indexdef() looks up each key column's default operator
-- class with a scan of pg_opclass (~25 us per index, most of this query at 5,000
-- tables). Where every key column uses the default class of its exact type (no
-- domain, no binary-coercible match), no explicit collation, no class options,
-- and the index has no storage options and is not partitioned, the same text is
-- assembled here from the parts (names quoted by the server's quote_ident, the
-- expressions and predicate deparsed as pg_get_indexdef does them); any other
-- index gets pg_get_indexdef() itself. tests/catalog/test_index_definitions.py
-- compares the two on every kind of index. One approximation: an expression
-- column's collation is taken to be its type's (an index declared COLLATE
-- "default" over an expression of another collation would print without it).
SELECT g.indrelid,
       g.relname,
       CASE WHEN g.plain
            THEN 'CREATE ' || CASE WHEN g.indisunique THEN 'UNIQUE ' ELSE '' END
                 || 'INDEX ' || quote_ident(g.relname) || ' ON ' || g.tablename
                 || ' USING ' || quote_ident(g.amname) || ' (' || g.keys || ')'
                 || COALESCE(' INCLUDE (' || g.included || ')', '')
                 || CASE WHEN g.nullsnotdistinct THEN ' NULLS NOT DISTINCT' ELSE '' END
                 || COALESCE(' WHERE ' || p.predicate, '')
            ELSE pg_get_indexdef(g.indexrelid) END,
       g.indkey,
       g.exprs,
       g.indnkeyatts,
       g.indisunique,
       g.indisprimary,
       g.amname,
       p.predicate,
       d.description,
       inh.inhparent IS NOT NULL,
       g.indisreplident
FROM (
    SELECT i.indexrelid,
           i.indrelid,
           ic.relname,
           quote_ident(rn.nspname) || '.' || quote_ident(r.relname) AS tablename,
           i.indkey::int2[] AS indkey,
           i.indnkeyatts,
           i.indisunique,
           i.indisprimary,
           i.indisreplident,
           {nullsnotdistinct} AS nullsnotdistinct,
           i.indpred,
           am.amname,
           array_agg(x.expr ORDER BY k.n) FILTER (WHERE k.attnum = 0) AS exprs,
           string_agg(COALESCE(x.expr, quote_ident(a.attname))
                      || CASE i.indoption[k.n - 1] WHEN 1 THEN ' DESC NULLS LAST'
                                                   WHEN 3 THEN ' DESC'
                                                   WHEN 2 THEN ' NULLS FIRST' ELSE '' END,
                      ', ' ORDER BY k.n) FILTER (WHERE k.n <= i.indnkeyatts) AS keys,
           string_agg(quote_ident(a.attname), ', ' ORDER BY k.n)
               FILTER (WHERE k.n > i.indnkeyatts) AS included,
           ic.reloptions IS NULL AND ic.relkind = 'i'
           AND bool_and(k.n > i.indnkeyatts
                        OR (oc.opcdefault AND oc.opckeytype = 0
                            AND oc.opcintype = ia.atttypid AND ia.attoptions IS NULL
                            AND (i.indoption[k.n - 1] = 0
                                 OR (am.amname = 'btree' AND i.indoption[k.n - 1] IN (1, 2, 3)))
                            AND (i.indcollation[k.n - 1] = 0
                                 OR i.indcollation[k.n - 1] = CASE WHEN k.attnum = 0
                                                                   THEN t.typcollation
                                                                   ELSE a.attcollation END)))
               AS plain
    FROM pg_index i
    JOIN pg_class r ON r.oid = i.indrelid
    JOIN pg_namespace rn ON rn.oid = r.relnamespace
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    CROSS JOIN unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.n
    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    LEFT JOIN pg_opclass oc ON oc.oid = i.indclass[k.n - 1]
    LEFT JOIN pg_type t ON t.oid = ia.atttypid
    -- OFFSET 0: each expression deparsed once (not once per reference)
    LEFT JOIN LATERAL (
        SELECT pg_get_indexdef(i.indexrelid, k.n::int, false) AS expr
        WHERE k.attnum = 0
        OFFSET 0
    ) x ON true
    WHERE r.relnamespace = ANY (%(nsp)s::oid[])
      AND r.relkind IN ('r', 'p', 'm', 'f')
    -- the keys of pg_index, pg_class, pg_namespace and pg_am: their other columns follow
    GROUP BY i.indexrelid, r.oid, rn.oid, ic.oid, am.oid
) g
LEFT JOIN LATERAL (
    SELECT CASE WHEN g.indpred IS NOT NULL THEN pg_get_expr(g.indpred, g.indrelid) END
           AS predicate
    OFFSET 0
) p ON true
LEFT JOIN pg_inherits inh ON inh.inhrelid = g.indexrelid
LEFT JOIN pg_description d
       ON d.objoid = g.indexrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
-- no ORDER BY: Members orders each relation's rows by name (cheaper in Python)
