-- Privileges from the ACLs of the selected schemas, their relations (tables,
-- views, sequences), columns and functions: one row per (object, grantee,
-- privilege), ordered by object then grantee and privilege. Objects whose ACL
-- is NULL (the built-in default privileges) have no rows.
-- Returns: kind ('n' schema, 'r' relation, 'a' column, 'f' function), object
-- oid, column number (0 unless a column), grantee ('PUBLIC' for everyone),
-- privilege, grantable, grantor.
WITH acls AS (
    SELECT 'n' AS kind, n.oid AS objid, 0::int2 AS subid, n.nspacl AS acl
    FROM pg_namespace n
    WHERE n.oid = ANY (%(nsp)s::oid[]) AND n.nspacl IS NOT NULL
    UNION ALL
    SELECT 'r', c.oid, 0::int2, c.relacl
    FROM pg_class c
    WHERE c.relnamespace = ANY (%(nsp)s::oid[]) AND c.relacl IS NOT NULL
      AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
    UNION ALL
    SELECT 'a', a.attrelid, a.attnum, a.attacl
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = ANY (%(nsp)s::oid[]) AND a.attacl IS NOT NULL
      AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'f', p.oid, 0::int2, p.proacl
    FROM pg_proc p
    WHERE p.pronamespace = ANY (%(nsp)s::oid[]) AND p.proacl IS NOT NULL
),
rows AS (
    SELECT acls.kind, acls.objid, acls.subid,
           CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END AS grantee,
           x.privilege_type COLLATE "C" AS privilege_type, x.is_grantable,
           pg_get_userbyid(x.grantor) AS grantor
    FROM acls
    CROSS JOIN LATERAL aclexplode(acls.acl) AS x
)
SELECT kind, objid, subid, grantee, privilege_type, is_grantable, grantor
FROM rows
ORDER BY kind, objid, subid, grantee, privilege_type, grantor
