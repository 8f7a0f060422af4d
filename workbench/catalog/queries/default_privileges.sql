-- Default privileges (ALTER DEFAULT PRIVILEGES), global ones and those of the
-- selected schemas; one row per (entry, grantee, privilege): role, schema (NULL
-- for all schemas), object type (r tables, S sequences, f functions, T types,
-- n schemas), grantee ('PUBLIC' for everyone), privilege, grantable, grantor.
SELECT pg_get_userbyid(a.defaclrole) AS role,
       n.nspname AS schema,
       a.defaclobjtype,
       CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END AS grantee,
       x.privilege_type COLLATE "C",
       x.is_grantable,
       pg_get_userbyid(x.grantor)
FROM pg_default_acl a
LEFT JOIN pg_namespace n ON n.oid = a.defaclnamespace
CROSS JOIN LATERAL aclexplode(a.defaclacl) AS x
WHERE a.defaclnamespace = 0 OR a.defaclnamespace = ANY (%(nsp)s::oid[])
ORDER BY 1, 2 NULLS FIRST, 3, 4, 5
