-- Indexes on the tables and materialized views of the selected schemas; one row
-- each: table oid, name, pg_get_indexdef (called once per index), key column
-- numbers (indkey; 0 for an expression), the deparsed expressions of the
-- expression columns in order (NULL when there are none), number of key
-- columns, unique, primary, access method, partial index predicate, comment,
-- inherited (attached to an index of the parent), used as the table's replica
-- identity. The backing constraint comes from the constraints query.
-- Column numbers are turned into names with the columns query's rows.
SELECT i.indrelid,
       ic.relname,
       pg_get_indexdef(i.indexrelid),
       i.indkey::int2[],
       CASE WHEN i.indexprs IS NOT NULL THEN
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k.n::int, false)
                 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                 WHERE k.attnum = 0
                 ORDER BY k.n)
       END,
       i.indnkeyatts,
       i.indisunique,
       i.indisprimary,
       am.amname,
       CASE WHEN i.indpred IS NOT NULL THEN pg_get_expr(i.indpred, i.indrelid) END,
       d.description,
       inh.inhparent IS NOT NULL,
       i.indisreplident
FROM pg_index i
JOIN pg_class r ON r.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_inherits inh ON inh.inhrelid = i.indexrelid
LEFT JOIN pg_description d
       ON d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE r.relnamespace = ANY (%(nsp)s::oid[])
  AND r.relkind IN ('r', 'p', 'm', 'f')
-- no ORDER BY: Members orders each relation's rows by name (cheaper in Python)
