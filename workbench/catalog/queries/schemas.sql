-- Schemas to read: one row per schema that is not a system schema
-- (pg_catalog, information_schema, pg_toast*, pg_temp_*) and not created by an
-- extension, limited to the names in %(schemas)s unless that is NULL.
-- Returns: oid, name, owner, comment.
SELECT n.oid,
       n.nspname,
       pg_get_userbyid(n.nspowner),
       d.description
FROM pg_namespace n
LEFT JOIN pg_description d
       ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%%'
  AND n.nspname <> 'information_schema'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY (%(schemas)s::text[]))
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend e
        WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
ORDER BY n.nspname
