-- Enum types of the selected schemas, leaving out extension members; one row
-- each: schema, name, labels in enumsortorder, owner, comment.
SELECT n.nspname,
       t.typname,
       COALESCE(array_agg(e.enumlabel ORDER BY e.enumsortorder)
                FILTER (WHERE e.oid IS NOT NULL), '{}'),
       pg_get_userbyid(t.typowner),
       d.description
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_enum e ON e.enumtypid = t.oid
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typnamespace = ANY (%(nsp)s::oid[])
  AND t.typtype = 'e'
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend x
        WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
GROUP BY n.nspname, t.typname, t.typowner, d.description
ORDER BY n.nspname, t.typname
