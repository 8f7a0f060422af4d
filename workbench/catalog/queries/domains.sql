-- Domains of the selected schemas, leaving out extension members; one row each:
-- schema, name, base type (format_type), not null, default expression,
-- collation (SQL text, only when it differs from the base type's), check
-- constraint names, definitions and validated flags (parallel arrays, by name),
-- owner, comment.
WITH checks AS (
    SELECT c.contypid,
           array_agg(c.conname ORDER BY c.conname) AS names,
           array_agg(pg_get_constraintdef(c.oid) ORDER BY c.conname) AS defs,
           array_agg(c.convalidated ORDER BY c.conname) AS validated
    FROM pg_constraint c
    JOIN pg_type t ON t.oid = c.contypid
    WHERE t.typnamespace = ANY (%(nsp)s::oid[]) AND c.contype = 'c'
    GROUP BY c.contypid
)
SELECT n.nspname,
       t.typname,
       format_type(t.typbasetype, t.typtypmod),
       t.typnotnull,
       CASE WHEN t.typdefaultbin IS NOT NULL THEN pg_get_expr(t.typdefaultbin, 0) END,
       CASE WHEN co.oid IS NOT NULL THEN
           CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace THEN quote_ident(co.collname)
                ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
       END,
       COALESCE(k.names, '{}'),
       COALESCE(k.defs, '{}'),
       COALESCE(k.validated, '{}'),
       pg_get_userbyid(t.typowner),
       d.description
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_collation co ON co.oid = t.typcollation AND t.typcollation <> bt.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN checks k ON k.contypid = t.oid
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typnamespace = ANY (%(nsp)s::oid[])
  AND t.typtype = 'd'
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend x
        WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY n.nspname, t.typname
