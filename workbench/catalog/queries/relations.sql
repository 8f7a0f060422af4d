-- Relations of the selected schemas (%(nsp)s: namespace oids): tables, partitioned
-- and foreign tables, views, materialized views and standalone composite types,
-- leaving out extension members. One row each:
-- oid, schema, name, relkind, relpersistence, partition key, partition bound,
-- is-partition, parents (qualified, in inhseqno order), rls enabled, rls forced,
-- owner, comment, reltuples, estimated total size in bytes (table, TOAST and
-- indexes, from relpages as of the last VACUUM/ANALYZE/CREATE INDEX: no file
-- system calls; NULL when never analyzed), reloptions, replica identity, view
-- definition (views and matviews), foreign server and options (foreign tables).
WITH parents AS (
    SELECT i.inhrelid,
           array_agg(pn.nspname || '.' || pc.relname ORDER BY i.inhseqno) AS names
    FROM pg_inherits i
    JOIN pg_class pc ON pc.oid = i.inhparent
    JOIN pg_namespace pn ON pn.oid = pc.relnamespace
    JOIN pg_class cc ON cc.oid = i.inhrelid
    WHERE cc.relnamespace = ANY (%(nsp)s::oid[]) AND cc.relkind IN ('r', 'p', 'f')
    GROUP BY i.inhrelid
),
index_pages AS (
    SELECT i.indrelid, sum(ic.relpages) AS pages
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE ic.relnamespace = ANY (%(nsp)s::oid[])
    GROUP BY i.indrelid
)
SELECT c.oid,
       n.nspname,
       c.relname,
       c.relkind,
       c.relpersistence,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
       c.relispartition,
       p.names,
       c.relrowsecurity,
       c.relforcerowsecurity,
       pg_get_userbyid(c.relowner),
       d.description,
       c.reltuples,
       CASE WHEN c.relkind IN ('r', 'm') AND c.reltuples >= 0 THEN
           (c.relpages::bigint + COALESCE(t.relpages, 0) + COALESCE(ip.pages, 0))
           * current_setting('block_size')::bigint
       END,
       c.reloptions,
       c.relreplident,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
       fs.srvname,
       ft.ftoptions
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN parents p ON p.inhrelid = c.oid
LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
LEFT JOIN index_pages ip ON ip.indrelid = c.oid
LEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
LEFT JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
LEFT JOIN pg_description d
       ON d.objoid = CASE WHEN c.relkind = 'c' THEN c.reltype ELSE c.oid END
      AND d.classoid = CASE WHEN c.relkind = 'c' THEN 'pg_type'::regclass ELSE 'pg_class'::regclass END
      AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c')
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend e
        WHERE e.deptype = 'e'
          AND ((e.classid = 'pg_class'::regclass AND e.objid = c.oid)
            OR (e.classid = 'pg_type'::regclass AND e.objid = c.reltype)))
ORDER BY n.nspname, c.relname
