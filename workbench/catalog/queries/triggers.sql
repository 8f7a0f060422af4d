-- User triggers on relations of the selected schemas (not internal ones, not the
-- clones PostgreSQL makes on partitions); one row each: table oid, name,
-- pg_get_triggerdef, function (qualified), enabled (ORIGIN / DISABLED / REPLICA /
-- ALWAYS), comment.
SELECT t.tgrelid,
       t.tgname,
       pg_get_triggerdef(t.oid),
       pn.nspname || '.' || p.proname,
       CASE t.tgenabled WHEN 'O' THEN 'ORIGIN' WHEN 'D' THEN 'DISABLED'
                   WHEN 'R' THEN 'REPLICA' WHEN 'A' THEN 'ALWAYS' END,
       d.description
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_trigger'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s::oid[])
  AND NOT t.tgisinternal
  AND t.tgparentid = 0
-- no ORDER BY: Members orders each relation's rows by name (cheaper in Python)
