-- User-defined collations of the selected schemas, leaving out extension
-- members; one row each: schema, name, provider (c libc, i icu, b builtin),
-- locale (ICU/builtin), lc_collate, lc_ctype, deterministic, owner, comment.
SELECT n.nspname,
       c.collname,
       c.collprovider,
       {colllocale},
       c.collcollate,
       c.collctype,
       c.collisdeterministic,
       pg_get_userbyid(c.collowner),
       d.description
FROM pg_collation c
JOIN pg_namespace n ON n.oid = c.collnamespace
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_collation'::regclass AND d.objsubid = 0
WHERE c.collnamespace = ANY (%(nsp)s::oid[])
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend x
        WHERE x.classid = 'pg_collation'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.collname
