-- Columns (attributes) of the relations of the selected schemas, in no
-- particular order (Python orders each relation's columns by attnum: cheaper
-- than sorting every row on the server). One row each: relation oid, then the
-- fields of model.Column in order up to the comment (comments come from
-- column_comments.sql, grants from grants.sql): name, format_type, not null,
-- default, identity (ALWAYS / BY DEFAULT), generation expression, STORED /
-- VIRTUAL, collation (SQL text, only when it differs from the type's default),
-- storage (only when it differs from the type's default), statistics target
-- (when set); then attnum, inherited (not declared locally), and the NOT NULL
-- constraint's name when it is not the default `<table>_<column>_not_null`
-- (PostgreSQL 18; none before; not when the default would be truncated); last,
-- the pg_attrdef oid of a default that is not a generation expression (the
-- dependency graph's ends name it: introspect_depends).
SELECT a.attrelid,
       a.attname,
       format_type(a.atttypid, a.atttypmod),
       a.attnotnull,
       CASE WHEN a.atthasdef AND a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END,
       CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END,
       CASE WHEN a.atthasdef AND a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
       CASE a.attgenerated WHEN 's' THEN 'STORED' WHEN 'v' THEN 'VIRTUAL' END,
       CASE WHEN co.oid IS NOT NULL THEN
           CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace THEN quote_ident(co.collname)
                ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
       END,
       CASE WHEN a.attstorage <> t.typstorage THEN
           CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL'
                             WHEN 'm' THEN 'MAIN' WHEN 'x' THEN 'EXTENDED' END
       END,
       NULLIF(a.attstattarget, -1),
       a.attnum,
       NOT a.attislocal,
       CASE WHEN nn.conname <> c.relname || '_' || a.attname || '_not_null'
             AND octet_length(c.relname || '_' || a.attname || '_not_null') < 64
            THEN nn.conname END,
       CASE WHEN a.attgenerated = '' THEN ad.oid END
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_constraint nn
       ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum
WHERE c.relnamespace = ANY (%(nsp)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c')
  AND a.attnum > 0
  AND NOT a.attisdropped
