-- The objects that ends of depends.sql's edges can name, as ids and names only
-- (`introspect_depends` builds the (kind, key, member) of each in Python; keys
-- and kinds are those of the differ's plan ids). One row per object:
-- class oid, object oid, then by class:
--   pg_class (relations, sequences, indexes of the selected schemas):
--     namespace, the index's table, -, relkind, name, -
--   pg_type (enums, domains, ranges, composite types and extension members of
--     the selected schemas; an array type stands for its element type):
--     namespace, relation of a composite type, -, typtype, name, extension
--   pg_proc (functions of the selected schemas):
--     namespace, -, -, identity arguments (not for extension members), name, extension
--   pg_rewrite: -, relation, -, -, rule name, -
--   pg_constraint (of the selected schemas, NOT NULL left out):
--     namespace, table or domain, backing index (primary, unique, exclusion),
--     'd' for a domain's constraint, name, -
--   pg_policy, pg_trigger (not internal): -, table, -, -, name, -
--   pg_publication_rel: -, -, -, -, publication, -
-- (Defaults come with the columns query: its pg_attrdef oids.)
-- Rules, policies and triggers of every schema: the client keeps those
-- whose relation it knows (cheaper than a join here).
SELECT 'pg_class'::regclass::int, c.oid, c.relnamespace, i.indrelid, NULL::oid,
       c.relkind::text, c.relname::text, NULL::text
FROM pg_class c
LEFT JOIN pg_index i ON i.indexrelid = c.oid
WHERE c.relnamespace = ANY (%(nsp)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'c', 'i', 'I')
UNION ALL
SELECT 'pg_type'::regclass::int, ty.oid, base.typnamespace, base.typrelid, NULL,
       base.typtype::text, base.typname::text, e.extname::text
FROM pg_type ty
JOIN pg_type base
  ON base.oid = CASE WHEN ty.typcategory = 'A' AND ty.typelem <> 0 THEN ty.typelem
                     ELSE ty.oid END
LEFT JOIN pg_depend ed
       ON ed.classid = 'pg_type'::regclass AND ed.objid = base.oid AND ed.deptype = 'e'
LEFT JOIN pg_extension e ON e.oid = ed.refobjid
WHERE base.typnamespace = ANY (%(nsp)s::oid[])
  AND (base.typtype IN ('e', 'd', 'r', 'c') OR e.extname IS NOT NULL)
UNION ALL
SELECT 'pg_proc'::regclass::int, p.oid, p.pronamespace, NULL, NULL,
       CASE WHEN e.extname IS NULL THEN pg_get_function_identity_arguments(p.oid) END,
       p.proname::text, e.extname::text
FROM pg_proc p
LEFT JOIN pg_depend ed
       ON ed.classid = 'pg_proc'::regclass AND ed.objid = p.oid AND ed.deptype = 'e'
LEFT JOIN pg_extension e ON e.oid = ed.refobjid
WHERE p.pronamespace = ANY (%(nsp)s::oid[])
UNION ALL
SELECT 'pg_rewrite'::regclass::int, r.oid, NULL, r.ev_class, NULL, NULL, r.rulename::text, NULL
FROM pg_rewrite r
UNION ALL
SELECT 'pg_constraint'::regclass::int, con.oid, con.connamespace,
       CASE WHEN con.contypid <> 0 THEN con.contypid ELSE con.conrelid END,
       CASE WHEN con.contype IN ('p', 'u', 'x') THEN con.conindid END,
       CASE WHEN con.contypid <> 0 THEN 'd' END, con.conname::text, NULL
FROM pg_constraint con
WHERE con.connamespace = ANY (%(nsp)s::oid[]) AND con.contype <> 'n'
UNION ALL
SELECT 'pg_policy'::regclass::int, pol.oid, NULL, pol.polrelid, NULL, NULL, pol.polname::text, NULL
FROM pg_policy pol
UNION ALL
SELECT 'pg_trigger'::regclass::int, tg.oid, NULL, tg.tgrelid, NULL, NULL, tg.tgname::text, NULL
FROM pg_trigger tg
WHERE NOT tg.tgisinternal
UNION ALL
SELECT 'pg_publication_rel'::regclass::int, pr.oid, NULL, NULL, NULL, NULL, p.pubname::text, NULL
FROM pg_publication_rel pr
JOIN pg_publication p ON p.oid = pr.prpubid
