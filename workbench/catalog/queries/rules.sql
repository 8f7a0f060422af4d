-- Rewrite rules on relations of the selected schemas, except the _RETURN rules
-- that implement views; one row each: relation oid, name, pg_get_ruledef,
-- enabled (ORIGIN / DISABLED / REPLICA / ALWAYS), comment.
SELECT r.ev_class,
       r.rulename,
       pg_get_ruledef(r.oid),
       CASE r.ev_enabled WHEN 'O' THEN 'ORIGIN' WHEN 'D' THEN 'DISABLED'
                   WHEN 'R' THEN 'REPLICA' WHEN 'A' THEN 'ALWAYS' END,
       d.description
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
LEFT JOIN pg_description d
       ON d.objoid = r.oid AND d.classoid = 'pg_rewrite'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s::oid[])
  AND r.rulename <> '_RETURN'
-- no ORDER BY: Members orders each relation's rows by name (cheaper in Python)
