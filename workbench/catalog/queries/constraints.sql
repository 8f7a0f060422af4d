-- Table constraints of the selected schemas (primary, unique, foreign, check,
-- exclusion; constraint triggers are read as triggers; NOT NULL constraints only when NOT VALID, since
-- pg_attribute.attnotnull already says which columns are NOT NULL). Internal
-- copies of a foreign key that PostgreSQL makes for each partition of a
-- referenced partitioned table are left out. One row each: table oid, then the
-- fields of model.Constraint in order: name, kind, pg_get_constraintdef, key
-- column names, referenced table (qualified), referenced column names, on
-- update, on delete, deferrable, deferred, validated, enforced, backing index
-- name, comment, inherited (not declared locally).
WITH con AS (
    SELECT c.*
    FROM pg_constraint c
    JOIN pg_class r ON r.oid = c.conrelid
    LEFT JOIN pg_constraint pc ON pc.oid = c.conparentid
    WHERE r.relnamespace = ANY (%(nsp)s::oid[])
      AND r.relkind IN ('r', 'p', 'f')
      AND c.contype <> 't'
      AND (c.contype <> 'n' OR NOT c.convalidated)
      AND (pc.oid IS NULL OR pc.conrelid <> c.conrelid)
),
keys AS (
    SELECT con.oid, array_agg(a.attname ORDER BY k.ord) AS names
    FROM con
    CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
    GROUP BY con.oid
),
refkeys AS (
    SELECT con.oid, array_agg(a.attname ORDER BY k.ord) AS names
    FROM con
    CROSS JOIN LATERAL unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
    WHERE con.contype = 'f'
    GROUP BY con.oid
)
SELECT con.conrelid,
       con.conname,
       CASE con.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE'
                        WHEN 'f' THEN 'FOREIGN KEY' WHEN 'c' THEN 'CHECK'
                        WHEN 'x' THEN 'EXCLUDE' WHEN 'n' THEN 'NOT NULL' END,
       pg_get_constraintdef(con.oid),
       COALESCE(keys.names, '{}'),
       CASE WHEN con.contype = 'f' THEN fn.nspname || '.' || f.relname END,
       COALESCE(refkeys.names, '{}'),
       CASE con.confupdtype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
           WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END,
       CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
           WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END,
       con.condeferrable,
       con.condeferred,
       con.convalidated,
       {conenforced},
       CASE WHEN con.contype IN ('p', 'u', 'x') THEN i.relname END,
       d.description,
       NOT con.conislocal
FROM con
LEFT JOIN keys ON keys.oid = con.oid
LEFT JOIN refkeys ON refkeys.oid = con.oid
LEFT JOIN pg_class f ON f.oid = con.confrelid AND con.contype = 'f'
LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
LEFT JOIN pg_class i ON i.oid = con.conindid AND con.contype IN ('p', 'u', 'x')
LEFT JOIN pg_description d
       ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
ORDER BY con.conrelid, con.conname
