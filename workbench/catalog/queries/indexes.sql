-- Indexes on the tables and materialized views of the selected schemas; one row
-- each: table oid, then the fields of model.Index in order: name,
-- pg_get_indexdef (called once per index), key columns (the column name, or the
-- deparsed expression), unique, primary, access method, partial index
-- predicate, INCLUDE columns, backing constraint name, comment, inherited
-- (attached to an index of the parent table).
WITH idx AS (
    SELECT i.*
    FROM pg_index i
    JOIN pg_class r ON r.oid = i.indrelid
    WHERE r.relnamespace = ANY (%(nsp)s::oid[])
      AND r.relkind IN ('r', 'p', 'm', 'f')
),
cols AS (
    SELECT idx.indexrelid,
           array_agg(CASE WHEN k.attnum = 0 THEN pg_get_indexdef(idx.indexrelid, k.ord::int, false)
                          ELSE a.attname::text END
                     ORDER BY k.ord) AS names
    FROM idx
    CROSS JOIN LATERAL unnest(idx.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = idx.indrelid AND a.attnum = k.attnum
    GROUP BY idx.indexrelid
)
SELECT idx.indrelid,
       ic.relname,
       pg_get_indexdef(idx.indexrelid),
       COALESCE(cols.names[1:idx.indnkeyatts], '{}'),
       idx.indisunique,
       idx.indisprimary,
       am.amname,
       CASE WHEN idx.indpred IS NOT NULL THEN pg_get_expr(idx.indpred, idx.indrelid) END,
       COALESCE(cols.names[idx.indnkeyatts + 1:], '{}'),
       con.conname,
       d.description,
       inh.inhparent IS NOT NULL
FROM idx
JOIN pg_class ic ON ic.oid = idx.indexrelid
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN cols ON cols.indexrelid = idx.indexrelid
LEFT JOIN pg_constraint con
       ON con.conindid = idx.indexrelid AND con.conrelid = idx.indrelid
      AND con.contype IN ('p', 'u', 'x')
LEFT JOIN pg_inherits inh ON inh.inhrelid = idx.indexrelid
LEFT JOIN pg_description d
       ON d.objoid = idx.indexrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
ORDER BY idx.indrelid, ic.relname
