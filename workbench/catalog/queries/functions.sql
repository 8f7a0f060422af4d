-- Functions, procedures, aggregates and window functions of the selected
-- schemas, leaving out extension members and the constructors PostgreSQL makes
-- for range types (internal dependencies); one row each: schema, name, identity
-- arguments, prokind, arguments (with defaults), result (NULL for procedures),
-- language, body (prosrc, or the deparsed SQL-standard body), pg_get_functiondef
-- (NULL for aggregates), provolatile, security definer, strict, leakproof,
-- proparallel, proconfig, owner, comment, oid.
SELECT n.nspname,
       p.proname,
       pg_get_function_identity_arguments(p.oid),
       p.prokind,
       pg_get_function_arguments(p.oid),
       CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END,
       l.lanname,
       {body},
       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,
       p.provolatile,
       p.prosecdef,
       p.proisstrict,
       p.proleakproof,
       p.proparallel,
       p.proconfig,
       pg_get_userbyid(p.proowner),
       d.description,
       p.oid
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE p.pronamespace = ANY (%(nsp)s::oid[])
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend e
        WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i'))
ORDER BY n.nspname, p.proname  -- overloads are sorted by identity arguments in Python
