-- Table constraints of the selected schemas (primary, unique, foreign, check,
-- exclusion; constraint triggers are read as triggers; NOT NULL constraints
-- only when NOT VALID, since pg_attribute.attnotnull already says which columns
-- are NOT NULL). Internal copies of a foreign key that PostgreSQL makes for
-- each partition of a referenced partitioned table are left out. One row each:
-- table oid, name, kind, pg_get_constraintdef, key column numbers (conkey),
-- referenced table oid, referenced table (qualified), referenced column numbers
-- (confkey), referenced column names (only when the referenced table is not in
-- the selected schemas; otherwise the columns query's rows name them), on
-- update, on delete, deferrable, deferred, validated, enforced, backing index
-- name, comment, inherited (not declared locally), the referenced table quoted by
-- the server (foreign keys).
--
-- The definition is NULL for the primary keys, unique constraints and foreign keys
-- whose pg_get_constraintdef() text says no more than the other columns: the client
-- writes that text (introspect_members.Members._constraints; ~0.06 s of server CPU
-- less at 5,000 tables, cold). Those with INCLUDE columns, NULLS NOT DISTINCT, a
-- PERIOD / WITHOUT OVERLAPS, MATCH FULL or SET NULL/DEFAULT (columns) get the
-- server's text. tests/catalog/test_constraint_definitions.py compares the two.
SELECT c.conrelid,
       c.conname,
       CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE'
                      WHEN 'f' THEN 'FOREIGN KEY' WHEN 'c' THEN 'CHECK'
                      WHEN 'x' THEN 'EXCLUDE' WHEN 'n' THEN 'NOT NULL' END,
       CASE WHEN (c.contype IN ('p', 'u') AND ci.indnatts = ci.indnkeyatts
                  AND NOT {keynullsnotdistinct} AND NOT {conperiod})
              OR (c.contype = 'f' AND c.confmatchtype = 's' AND {nodelsetcols}
                  AND NOT {conperiod})
            THEN NULL
            ELSE pg_get_constraintdef(c.oid) END,
       c.conkey,
       c.confrelid,
       CASE WHEN c.contype = 'f' THEN fn.nspname || '.' || f.relname END,
       c.confkey,
       CASE WHEN c.contype = 'f' AND f.relnamespace <> ALL (%(nsp)s::oid[]) THEN
           ARRAY(SELECT a.attname
                 FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
                 ORDER BY k.n)
       END,
       CASE c.confupdtype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
           WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END,
       CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
           WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END,
       c.condeferrable,
       c.condeferred,
       c.convalidated,
       {conenforced},
       CASE WHEN c.contype IN ('p', 'u', 'x') THEN i.relname END,
       d.description,
       NOT c.conislocal,
       CASE WHEN c.contype = 'f' THEN quote_ident(fn.nspname) || '.' || quote_ident(f.relname) END
FROM pg_constraint c
JOIN pg_class r ON r.oid = c.conrelid
LEFT JOIN pg_constraint pc ON pc.oid = c.conparentid
LEFT JOIN pg_class f ON f.oid = c.confrelid AND c.contype = 'f'
LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
LEFT JOIN pg_class i ON i.oid = c.conindid AND c.contype IN ('p', 'u', 'x')
LEFT JOIN pg_index ci ON ci.indexrelid = c.conindid AND c.contype IN ('p', 'u')
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
WHERE r.relnamespace = ANY (%(nsp)s::oid[])
  AND r.relkind IN ('r', 'p', 'f')
  AND c.contype <> 't'
  AND (c.contype <> 'n' OR NOT c.convalidated)
  AND (pc.oid IS NULL OR pc.conrelid <> c.conrelid)
-- no ORDER BY: Members orders each relation's rows by name (cheaper in Python)
