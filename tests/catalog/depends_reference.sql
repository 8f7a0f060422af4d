-- The dependency query introspection used before the graph was mapped in Python
-- (introspect_depends): kept as the reference the new mapping is checked against.
-- PostgreSQL's own dependency graph (pg_depend, views through their pg_rewrite
-- rule), as edges between the catalog's objects: one row per edge, dependent
-- (kind, key, member) then referenced (kind, key, member), member '' for
-- top-level objects (a column is kind column, its table's key, its name). Kinds and keys are those of the differ's plan ids:
-- table, view, sequence, composite_type, enum, domain, range_type, function,
-- extension; members column, default, constraint, index, trigger, policy,
-- rule, and the publication membership of a table (kind publication).
-- A constraint's index stands for its constraint (foreign keys depend on the
-- unique index of the key they reference); an array type for its element
-- type; a type or function of an extension for the extension.
WITH objs AS (
    SELECT 'pg_class'::regclass AS classid, c.oid AS objid,
           CASE WHEN c.relkind IN ('r', 'p', 'f') THEN 'table'
                WHEN c.relkind IN ('v', 'm') THEN 'view'
                WHEN c.relkind = 'S' THEN 'sequence'
                WHEN c.relkind = 'c' THEN 'composite_type'
                ELSE CASE WHEN con.oid IS NOT NULL THEN 'constraint' ELSE 'index' END
           END AS kind,
           CASE WHEN c.relkind IN ('i', 'I') THEN tn.nspname || '.' || t.relname
                ELSE n.nspname || '.' || c.relname END AS key,
           CASE WHEN c.relkind IN ('i', 'I') THEN COALESCE(con.conname, c.relname)
                ELSE '' END AS member,
           c.relkind IN ('r', 'p', 'f') AS has_columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_index i ON i.indexrelid = c.oid
    LEFT JOIN pg_class t ON t.oid = i.indrelid
    LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
    LEFT JOIN pg_constraint con
           ON con.conindid = c.oid AND con.contype IN ('p', 'u', 'x') AND con.conrelid = t.oid
    WHERE c.relnamespace = ANY (%(nsp)s::oid[])
      AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'c', 'i', 'I')
    UNION ALL
    SELECT 'pg_type'::regclass, ty.oid,
           CASE WHEN e.extname IS NOT NULL THEN 'extension'
                WHEN base.typtype = 'e' THEN 'enum'
                WHEN base.typtype = 'd' THEN 'domain'
                WHEN base.typtype = 'r' THEN 'range_type'
                WHEN base.typtype = 'c' THEN
                    CASE WHEN rel.relkind = 'c' THEN 'composite_type' ELSE 'table' END
           END,
           COALESCE(e.extname, bn.nspname || '.' || COALESCE(rel.relname, base.typname)),
           '', false
    FROM pg_type ty
    JOIN pg_type base
      ON base.oid = CASE WHEN ty.typcategory = 'A' AND ty.typelem <> 0 THEN ty.typelem
                         ELSE ty.oid END
    JOIN pg_namespace bn ON bn.oid = base.typnamespace
    LEFT JOIN pg_class rel ON rel.oid = base.typrelid
    LEFT JOIN pg_depend ed
           ON ed.classid = 'pg_type'::regclass AND ed.objid = base.oid AND ed.deptype = 'e'
    LEFT JOIN pg_extension e ON e.oid = ed.refobjid
    WHERE base.typnamespace = ANY (%(nsp)s::oid[])
      AND (base.typtype IN ('e', 'd', 'r', 'c') OR e.extname IS NOT NULL)
    UNION ALL
    SELECT 'pg_proc'::regclass, p.oid,
           CASE WHEN e.extname IS NOT NULL THEN 'extension' ELSE 'function' END,
           COALESCE(e.extname, n.nspname || '.' || p.proname
                    || '(' || pg_get_function_identity_arguments(p.oid) || ')'),
           '', false
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    LEFT JOIN pg_depend ed
           ON ed.classid = 'pg_proc'::regclass AND ed.objid = p.oid AND ed.deptype = 'e'
    LEFT JOIN pg_extension e ON e.oid = ed.refobjid
    WHERE p.pronamespace = ANY (%(nsp)s::oid[])
    UNION ALL
    SELECT 'pg_rewrite'::regclass, r.oid,
           CASE WHEN r.rulename = '_RETURN' THEN 'view' ELSE 'rule' END,
           n.nspname || '.' || c.relname,
           CASE WHEN r.rulename = '_RETURN' THEN '' ELSE r.rulename END, false
    FROM pg_rewrite r
    JOIN pg_class c ON c.oid = r.ev_class
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relnamespace = ANY (%(nsp)s::oid[])
    UNION ALL
    SELECT 'pg_attrdef'::regclass, ad.oid, 'default', n.nspname || '.' || c.relname,
           a.attname, false
    FROM pg_attrdef ad
    JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    JOIN pg_class c ON c.oid = ad.adrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relnamespace = ANY (%(nsp)s::oid[]) AND a.attgenerated = ''
    UNION ALL
    SELECT 'pg_constraint'::regclass, con.oid,
           CASE WHEN con.contypid <> 0 THEN 'domain' ELSE 'constraint' END,
           n.nspname || '.' || COALESCE(c.relname, ty.typname),
           CASE WHEN con.contypid <> 0 THEN '' ELSE con.conname END, false
    FROM pg_constraint con
    JOIN pg_namespace n ON n.oid = con.connamespace
    LEFT JOIN pg_class c ON c.oid = con.conrelid
    LEFT JOIN pg_type ty ON ty.oid = con.contypid
    WHERE con.connamespace = ANY (%(nsp)s::oid[]) AND con.contype <> 'n'
    UNION ALL
    SELECT 'pg_policy'::regclass, pol.oid, 'policy', n.nspname || '.' || c.relname,
           pol.polname, false
    FROM pg_policy pol
    JOIN pg_class c ON c.oid = pol.polrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relnamespace = ANY (%(nsp)s::oid[])
    UNION ALL
    SELECT 'pg_trigger'::regclass, tg.oid, 'trigger', n.nspname || '.' || c.relname,
           tg.tgname, false
    FROM pg_trigger tg
    JOIN pg_class c ON c.oid = tg.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relnamespace = ANY (%(nsp)s::oid[]) AND NOT tg.tgisinternal
    UNION ALL
    SELECT 'pg_publication_rel'::regclass, pr.oid, 'publication', p.pubname, '', false
    FROM pg_publication_rel pr
    JOIN pg_publication p ON p.oid = pr.prpubid
)
SELECT DISTINCT
       CASE WHEN d.objsubid > 0 AND dep.has_columns THEN 'column' ELSE dep.kind END,
       dep.key,
       CASE WHEN d.objsubid > 0 AND dep.has_columns THEN da.attname ELSE dep.member END,
       CASE WHEN d.refobjsubid > 0 AND ref.has_columns THEN 'column' ELSE ref.kind END,
       ref.key,
       CASE WHEN d.refobjsubid > 0 AND ref.has_columns THEN ra.attname ELSE ref.member END
FROM pg_depend d
JOIN objs dep ON dep.classid = d.classid AND dep.objid = d.objid
JOIN objs ref ON ref.classid = d.refclassid AND ref.objid = d.refobjid
LEFT JOIN pg_attribute da
       ON d.objsubid > 0 AND da.attrelid = d.objid AND da.attnum = d.objsubid
LEFT JOIN pg_attribute ra
       ON d.refobjsubid > 0 AND ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid
WHERE d.deptype IN ('n', 'a')
  AND d.classid <> 'pg_type'::regclass
  AND NOT (d.classid = d.refclassid AND d.objid = d.refobjid)
  AND dep.kind IS NOT NULL AND ref.kind IS NOT NULL
