-- PostgreSQL's own dependency graph, raw: the pg_depend edges of kind normal or
-- auto (views depend through their pg_rewrite rule) between the classes of
-- depend_objects.sql, a type's own edges and an object's edges to itself (a
-- column on a column of its table) left out.
-- Each end is one bigint, objsubid << 48 | classid << 32 | objid (class oids
-- are below 2^16, column numbers below 2^15), so the client looks an end up
-- with one dictionary access; `introspect_depends` maps the ends to the
-- catalog's objects (depend_objects.sql) and keeps the edges between objects of
-- the selected schemas. No strings are built, joined or sorted here, and the
-- ~2 * 10^5 edges of 5,000 tables come as one value, not one row each:
-- Returns one row: dependent, referenced, dependent, ... as big-endian 8-byte
-- integers (int8send), NULL when there is no edge.
SELECT string_agg(
           int8send((d.objsubid::int8 << 48) | (d.classid::int8 << 32) | d.objid::int8)
           || int8send((d.refobjsubid::int8 << 48) | (d.refclassid::int8 << 32)
                       | d.refobjid::int8),
           ''::bytea)
FROM pg_depend d
WHERE d.deptype IN ('n', 'a')
  AND d.classid IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_rewrite'::regclass,
                    'pg_attrdef'::regclass, 'pg_constraint'::regclass, 'pg_policy'::regclass,
                    'pg_trigger'::regclass, 'pg_publication_rel'::regclass)
  AND d.refclassid IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_proc'::regclass,
                       'pg_rewrite'::regclass, 'pg_attrdef'::regclass, 'pg_constraint'::regclass,
                       'pg_policy'::regclass, 'pg_trigger'::regclass,
                       'pg_publication_rel'::regclass)
  AND NOT (d.classid = d.refclassid AND d.objid = d.refobjid)
  -- NOT NULL constraints (PostgreSQL 18: one per NOT NULL column) are no objects here
  AND NOT EXISTS (SELECT 1 FROM pg_constraint n
                  WHERE d.classid = 'pg_constraint'::regclass AND n.oid = d.objid
                    AND n.contype = 'n')
