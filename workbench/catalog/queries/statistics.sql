-- Extended statistics (CREATE STATISTICS) on tables of the selected schemas; one
-- row each: table oid, statistics schema, name, pg_get_statisticsobjdef,
-- statistics target (when set), comment.
SELECT s.stxrelid,
       n.nspname,
       s.stxname,
       pg_get_statisticsobjdef(s.oid),
       NULLIF(s.stxstattarget, -1),
       d.description
FROM pg_statistic_ext s
JOIN pg_class c ON c.oid = s.stxrelid
JOIN pg_namespace n ON n.oid = s.stxnamespace
LEFT JOIN pg_description d
       ON d.objoid = s.oid AND d.classoid = 'pg_statistic_ext'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s::oid[])
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend e
        WHERE e.classid = 'pg_statistic_ext'::regclass AND e.objid = s.oid AND e.deptype = 'e')
-- no ORDER BY: Members orders each relation's rows by name (cheaper in Python)
