-- Range types of the selected schemas, leaving out extension members; one row
-- each: schema, name, subtype (format_type), subtype operator class (only when
-- not the default one), collation (only when it differs from the subtype's),
-- canonical function, subtype_diff function, multirange type (qualified),
-- owner, comment.
SELECT n.nspname,
       t.typname,
       format_type(r.rngsubtype, NULL),
       CASE WHEN NOT opc.opcdefault THEN
           CASE WHEN opc.opcnamespace = 'pg_catalog'::regnamespace THEN quote_ident(opc.opcname)
                ELSE quote_ident(on_.nspname) || '.' || quote_ident(opc.opcname) END
       END,
       CASE WHEN co.oid IS NOT NULL THEN
           CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace THEN quote_ident(co.collname)
                ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
       END,
       NULLIF(r.rngcanonical, 0)::regproc::text,
       NULLIF(r.rngsubdiff, 0)::regproc::text,
       mn.nspname || '.' || mt.typname,
       pg_get_userbyid(t.typowner),
       d.description
FROM pg_range r
JOIN pg_type t ON t.oid = r.rngtypid
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type st ON st.oid = r.rngsubtype
JOIN pg_opclass opc ON opc.oid = r.rngsubopc
JOIN pg_namespace on_ ON on_.oid = opc.opcnamespace
LEFT JOIN pg_collation co ON co.oid = r.rngcollation AND r.rngcollation <> st.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_type mt ON mt.oid = r.rngmultitypid
LEFT JOIN pg_namespace mn ON mn.oid = mt.typnamespace
LEFT JOIN pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typnamespace = ANY (%(nsp)s::oid[])
  AND NOT EXISTS (
        SELECT 1 FROM pg_depend x
        WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY n.nspname, t.typname
