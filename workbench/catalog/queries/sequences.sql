-- Sequences of the selected schemas, leaving out extension members; one row
-- each: schema, name, data type, start, increment, min, max, cache, cycle,
-- owning column (`schema.table.column`, from OWNED BY or an identity column),
-- backs-an-identity-column flag, owner, comment, oid.
SELECT n.nspname,
       c.relname,
       format_type(s.seqtypid, NULL),
       s.seqstart,
       s.seqincrement,
       s.seqmin,
       s.seqmax,
       s.seqcache,
       s.seqcycle,
       tn.nspname || '.' || t.relname || '.' || a.attname,
       COALESCE(dep.deptype = 'i', false),
       pg_get_userbyid(c.relowner),
       d.description,
       c.oid
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend dep
       ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
      AND dep.refclassid = 'pg_class'::regclass AND dep.refobjsubid > 0
      AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class t ON t.oid = dep.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s::oid[])
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend x
        WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname
