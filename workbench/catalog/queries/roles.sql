-- All roles of the cluster (not filtered); one row each: name, superuser,
-- bypass RLS, inherit, can login, roles it is a direct member of (sorted), oid
-- (policies name their roles by oid: introspect maps them with these rows).
WITH members AS (
    SELECT m.member, array_agg(r.rolname ORDER BY r.rolname) AS names
    FROM pg_auth_members m
    JOIN pg_roles r ON r.oid = m.roleid
    GROUP BY m.member
)
SELECT r.rolname,
       r.rolsuper,
       r.rolbypassrls,
       r.rolinherit,
       r.rolcanlogin,
       COALESCE(members.names, '{}'),
       r.oid
FROM pg_roles r
LEFT JOIN members ON members.member = r.oid
ORDER BY r.rolname
