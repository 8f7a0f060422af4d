-- Row-level security policies on tables of the selected schemas; one row each:
-- table oid, name, command (ALL, SELECT, INSERT, UPDATE, DELETE), permissive, role oids
-- (0 for PUBLIC; named and sorted in Python from the roles query's rows: cheaper
-- than a sorted sub-select per policy), USING expression, WITH CHECK expression, comment.
SELECT p.polrelid,
       p.polname,
       CASE p.polcmd WHEN '*' THEN 'ALL' WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                     WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' END,
       p.polpermissive,
       p.polroles,
       pg_get_expr(p.polqual, p.polrelid),
       pg_get_expr(p.polwithcheck, p.polrelid),
       d.description
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_policy'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s::oid[])
-- no ORDER BY: Members orders each relation's rows by name (cheaper in Python)
