-- Installed extensions (database-wide, whatever the schema filter); one row
-- each: name, schema, version, comment.
SELECT e.extname,
       n.nspname,
       e.extversion,
       d.description
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_description d
       ON d.objoid = e.oid AND d.classoid = 'pg_extension'::regclass AND d.objsubid = 0
ORDER BY e.extname
