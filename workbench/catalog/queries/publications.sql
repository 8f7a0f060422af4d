-- Publications (database-wide); one row each: name, all tables, tables (as SQL,
-- sorted: quoted `schema.table`, plus ` (columns)` and ` WHERE (...)` when set), schemas (FOR
-- TABLES IN SCHEMA, sorted), insert, update, delete, truncate, publish via
-- root, owner, comment.
WITH rels AS (
    SELECT pr.prpubid,
           array_agg(quote_ident(n.nspname) || '.' || quote_ident(c.relname) || {relextra}
                     ORDER BY n.nspname, c.relname) AS names
    FROM pg_publication_rel pr
    JOIN pg_class c ON c.oid = pr.prrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    GROUP BY pr.prpubid
),
nsps AS (
    {pubschemas}
)
SELECT p.pubname,
       p.puballtables,
       COALESCE(rels.names, '{}'),
       COALESCE(nsps.names, '{}'),
       p.pubinsert,
       p.pubupdate,
       p.pubdelete,
       p.pubtruncate,
       p.pubviaroot,
       pg_get_userbyid(p.pubowner),
       d.description
FROM pg_publication p
LEFT JOIN rels ON rels.prpubid = p.oid
LEFT JOIN nsps ON nsps.pnpubid = p.oid
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_publication'::regclass AND d.objsubid = 0
ORDER BY p.pubname
