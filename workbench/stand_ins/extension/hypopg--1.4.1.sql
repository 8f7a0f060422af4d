-- workbench stand-in for hypopg 1.4.1: hypopg_create_index, hypopg_drop_index,
-- hypopg_reset, hypopg_list_indexes, hypopg(), hypopg_get_indexdef,
-- hypopg_relation_size, hypopg_hide_index/unhide_index/hidden_indexes.
-- Hypothetical indexes are kept in a table (the real ones live in the session's memory)
-- and the planner never sees them: EXPLAIN plans are unchanged.

\echo Use "CREATE EXTENSION hypopg" to load this file. \quit

CREATE TABLE hypopg_stand_in_indexes (
  indexrelid oid PRIMARY KEY,
  indexname text NOT NULL,
  nspname name,
  relname name,
  amname name,
  indexdef text NOT NULL
);

CREATE SEQUENCE hypopg_stand_in_oid START 1000000000;

CREATE FUNCTION hypopg_create_index(sql_order text, OUT indexrelid oid, OUT indexname text)
RETURNS SETOF record
LANGUAGE plpgsql STRICT
AS $$
DECLARE
  m text[] := pg_catalog.regexp_match(sql_order,
    '^\s*create\s+(?:unique\s+)?index\s+(?:\S+\s+)?on\s+(?:only\s+)?([^\s(]+)\s*(?:using\s+(\w+))?', 'i');
  rel regclass;
BEGIN
  IF m IS NULL THEN
    RAISE EXCEPTION 'hypopg: SQL order #1 is not a CREATE INDEX statement';
  END IF;
  rel := m[1]::regclass;
  indexrelid := pg_catalog.nextval('@extschema@.hypopg_stand_in_oid')::oid;
  indexname := '<' || indexrelid || '>' || pg_catalog.left('btree_' || (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = rel), 50);
  INSERT INTO @extschema@.hypopg_stand_in_indexes
  SELECT indexrelid, indexname, n.nspname, c.relname, coalesce(pg_catalog.lower(m[2]), 'btree'), sql_order
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = rel;
  RETURN NEXT;
END
$$;

CREATE FUNCTION hypopg_drop_index(indexid oid) RETURNS boolean
LANGUAGE sql STRICT
AS $$
WITH d AS (DELETE FROM @extschema@.hypopg_stand_in_indexes WHERE indexrelid = indexid RETURNING 1)
SELECT EXISTS (SELECT FROM d)
$$;

CREATE FUNCTION hypopg_reset() RETURNS void
LANGUAGE sql AS $$DELETE FROM @extschema@.hypopg_stand_in_indexes$$;

CREATE FUNCTION hypopg_reset_index() RETURNS void
LANGUAGE sql AS $$DELETE FROM @extschema@.hypopg_stand_in_indexes$$;

CREATE FUNCTION hypopg(OUT indexname text, OUT indexrelid oid, OUT indrelid oid,
    OUT innatts integer, OUT indisunique boolean, OUT indkey int2vector,
    OUT indcollation oidvector, OUT indclass oidvector, OUT indoption oidvector,
    OUT indexprs pg_node_tree, OUT indpred pg_node_tree, OUT amid oid)
RETURNS SETOF record
LANGUAGE sql
AS $$
SELECT h.indexname, h.indexrelid, pg_catalog.to_regclass(pg_catalog.quote_ident(h.nspname) || '.'
       || pg_catalog.quote_ident(h.relname))::oid, NULL::integer, NULL::boolean,
       NULL::int2vector, NULL::oidvector, NULL::oidvector, NULL::oidvector, NULL::pg_node_tree,
       NULL::pg_node_tree, (SELECT a.oid FROM pg_catalog.pg_am a WHERE a.amname = h.amname)
FROM @extschema@.hypopg_stand_in_indexes h
$$;

CREATE VIEW hypopg_list_indexes AS
SELECT indexrelid, indexname AS index_name, nspname AS schema_name, relname AS table_name,
       amname AS am_name
FROM hypopg_stand_in_indexes;

CREATE FUNCTION hypopg_get_indexdef(indexid oid) RETURNS text
LANGUAGE sql STRICT
AS $$SELECT indexdef FROM @extschema@.hypopg_stand_in_indexes WHERE indexrelid = indexid$$;

CREATE FUNCTION hypopg_relation_size(indexid oid) RETURNS bigint
LANGUAGE sql STRICT
AS $$SELECT CASE WHEN EXISTS (SELECT FROM @extschema@.hypopg_stand_in_indexes WHERE indexrelid = indexid)
                 THEN 8192::bigint END$$;

CREATE FUNCTION hypopg_hide_index(indexid oid) RETURNS boolean
LANGUAGE sql STRICT AS $$SELECT false$$;

CREATE FUNCTION hypopg_unhide_index(indexid oid) RETURNS boolean
LANGUAGE sql STRICT AS $$SELECT false$$;

CREATE FUNCTION hypopg_unhide_all_indexes() RETURNS void
LANGUAGE sql AS $$SELECT$$;

CREATE FUNCTION hypopg_hidden_indexes() RETURNS TABLE(indexid oid)
LANGUAGE sql AS $$SELECT NULL::oid WHERE false$$;

CREATE VIEW hypopg_hidden_indexes AS
SELECT NULL::oid AS indexrelid, NULL::name AS index_name, NULL::name AS schema_name,
       NULL::name AS table_name, NULL::name AS am_name, NULL::boolean AS is_hypo
WHERE false;
