-- Foreign data wrappers (those an extension creates too, for their grants), foreign servers, user
-- mappings and foreign tables' column options (database-wide, whatever the schema
-- filter). One row each: kind ('w' wrapper, 's' server, 'u' user mapping, 'c' a foreign
-- table column with options), name (of the wrapper or server; the mapped role for a
-- user mapping, 'public' for PUBLIC; the column), wrapper (servers), server (user
-- mappings) or table (columns), handler, validator (wrappers), type (servers; the
-- table's schema for columns; the extension that created a wrapper), version (servers),
-- options as `name=value` in catalog
-- order, owner, comment, ACL items (wrappers and servers).
-- Options whose name says they hold a secret (password, secret, token, key; not a name
-- that only names, points to or switches one: see catalog/secrets.py) never leave
-- the server: their value is replaced by `<redacted:` + 16 hex digits of its SHA-256 +
-- `>` (catalog/secrets.py), which tells a changed secret from an unchanged one.
-- User mappings come from the pg_user_mappings view (pg_user_mapping is superuser-only).
WITH opts AS (
    SELECT o.owner_kind, o.owner_oid, o.sub,
           array_agg(
               CASE WHEN t.option_name ~* '(password|passwd|secret|token|key)'
                         AND t.option_name !~* '(_id|_name|_required|_column|_path|_file)$'
                         AND lower(t.option_name) <> 'sslkey'
                    THEN t.option_name || '=<redacted:'
                         || left(encode(sha256(convert_to(COALESCE(t.option_value, ''), 'UTF8')), 'hex'), 16)
                         || '>'
                    ELSE t.option_name || '=' || COALESCE(t.option_value, '') END
               ORDER BY t.ord) AS options
    FROM (
        SELECT 'w' AS owner_kind, w.oid AS owner_oid, 0::int2 AS sub, w.fdwoptions AS options
        FROM pg_foreign_data_wrapper w WHERE w.fdwoptions IS NOT NULL
        UNION ALL
        SELECT 's', s.oid, 0, s.srvoptions FROM pg_foreign_server s WHERE s.srvoptions IS NOT NULL
        UNION ALL
        SELECT 'u', um.umid, 0, um.umoptions FROM pg_user_mappings um WHERE um.umoptions IS NOT NULL
        UNION ALL
        SELECT 'c', a.attrelid, a.attnum, a.attfdwoptions
        FROM pg_attribute a
        JOIN pg_foreign_table ft ON ft.ftrelid = a.attrelid
        WHERE a.attfdwoptions IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    ) o
    CROSS JOIN LATERAL pg_options_to_table(o.options) WITH ORDINALITY AS t(option_name, option_value, ord)
    GROUP BY o.owner_kind, o.owner_oid, o.sub
)
SELECT 'w', w.fdwname, NULL::name,
       CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::regproc::text END,
       CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::regproc::text END,
       x.extname::text, NULL::text,
       COALESCE(o.options, '{}'),
       pg_get_userbyid(w.fdwowner), d.description, w.fdwacl::text[]
FROM pg_foreign_data_wrapper w
LEFT JOIN opts o ON o.owner_kind = 'w' AND o.owner_oid = w.oid
LEFT JOIN pg_description d
       ON d.objoid = w.oid AND d.classoid = 'pg_foreign_data_wrapper'::regclass AND d.objsubid = 0
LEFT JOIN pg_depend e
       ON e.classid = 'pg_foreign_data_wrapper'::regclass AND e.objid = w.oid AND e.deptype = 'e'
LEFT JOIN pg_extension x ON x.oid = e.refobjid
UNION ALL
SELECT 's', s.srvname, w.fdwname, NULL, NULL, s.srvtype, s.srvversion,
       COALESCE(o.options, '{}'),
       pg_get_userbyid(s.srvowner), d.description, s.srvacl::text[]
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
LEFT JOIN opts o ON o.owner_kind = 's' AND o.owner_oid = s.oid
LEFT JOIN pg_description d
       ON d.objoid = s.oid AND d.classoid = 'pg_foreign_server'::regclass AND d.objsubid = 0
WHERE NOT EXISTS (
    SELECT 1 FROM pg_depend e
    WHERE e.classid = 'pg_foreign_server'::regclass AND e.objid = s.oid AND e.deptype = 'e')
UNION ALL
SELECT 'u', CASE WHEN um.umuser = 0 THEN 'public' ELSE um.usename END, um.srvname,
       NULL, NULL, NULL, NULL,
       COALESCE(o.options, '{}'),
       NULL, NULL, NULL
FROM pg_user_mappings um
LEFT JOIN opts o ON o.owner_kind = 'u' AND o.owner_oid = um.umid
UNION ALL
SELECT 'c', a.attname, c.relname, NULL, NULL, n.nspname::text, NULL,
       o.options, NULL, NULL, NULL
FROM opts o
JOIN pg_attribute a ON a.attrelid = o.owner_oid AND a.attnum = o.sub
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE o.owner_kind = 'c'
ORDER BY 1, 2, 3
