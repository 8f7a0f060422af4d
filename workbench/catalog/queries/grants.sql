-- The ACLs of the selected schemas, their relations (tables, views,
-- sequences), columns and functions: one row per object whose ACL is set, the
-- ACL as its text items (`grantee=privileges/grantor`). Objects whose ACL is
-- NULL (the built-in default privileges) have no row. Each distinct ACL is
-- parsed once in Python (`introspect_members.parse_acl`): objects made under
-- the same default privileges share theirs, so this is far cheaper than
-- `aclexplode` (one row per privilege).
-- Returns: kind ('n' schema, 'r' relation, 'a' column, 'f' function), object
-- oid, column number (0 unless a column), ACL items.
SELECT 'n' AS kind, n.oid AS objid, 0::int2 AS subid, n.nspacl::text[] AS acl
FROM pg_namespace n
WHERE n.oid = ANY (%(nsp)s::oid[]) AND n.nspacl IS NOT NULL
UNION ALL
SELECT 'r', c.oid, 0::int2, c.relacl::text[]
FROM pg_class c
WHERE c.relnamespace = ANY (%(nsp)s::oid[]) AND c.relacl IS NOT NULL
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
UNION ALL
SELECT 'a', a.attrelid, a.attnum, a.attacl::text[]
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = ANY (%(nsp)s::oid[]) AND a.attacl IS NOT NULL
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'f', p.oid, 0::int2, p.proacl::text[]
FROM pg_proc p
WHERE p.pronamespace = ANY (%(nsp)s::oid[]) AND p.proacl IS NOT NULL
