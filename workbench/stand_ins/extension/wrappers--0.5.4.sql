-- workbench stand-in for Supabase Wrappers 0.5.4: each wrapper's handler, validator and
-- meta functions, so `CREATE FOREIGN DATA WRAPPER x HANDLER stripe_fdw_handler VALIDATOR
-- stripe_fdw_validator`, servers, user mappings and foreign tables can be created.
-- The handlers are file_fdw's (a C handler is the only kind PostgreSQL accepts): reading
-- a foreign table, or IMPORT FOREIGN SCHEMA, fails. The validators accept any options.

\echo Use "CREATE EXTENSION wrappers" to load this file. \quit

CREATE TABLE wrappers_fdw_stats (
  fdw_name text NOT NULL PRIMARY KEY,
  create_times bigint,
  rows_in bigint,
  rows_out bigint,
  bytes_in bigint,
  bytes_out bigint,
  metadata jsonb,
  created_at timestamptz NOT NULL DEFAULT pg_catalog.timezone('utc', pg_catalog.now()),
  updated_at timestamptz NOT NULL DEFAULT pg_catalog.timezone('utc', pg_catalog.now())
);

COMMENT ON TABLE wrappers_fdw_stats IS 'Wrappers Foreign Data Wrapper statistics';

DO $$
DECLARE
  fdw text;
BEGIN
  FOREACH fdw IN ARRAY ARRAY['airtable', 'auth0', 'big_query', 'click_house', 'cnosdb',
      'cognito', 'duckdb', 'dynamodb', 'firebase', 'hello_world', 'iceberg', 'logflare',
      'mongodb', 'mssql', 'mysql', 'nocodb', 'notion', 'openai', 'qdrant', 'redis', 's3',
      's3_vectors', 'stripe', 'wasm']
  LOOP
    EXECUTE pg_catalog.format(
      'CREATE FUNCTION @extschema@.%I() RETURNS fdw_handler LANGUAGE c STRICT'
      ' AS %L, %L', fdw || '_fdw_handler', '$libdir/file_fdw', 'file_fdw_handler');
    EXECUTE pg_catalog.format(
      'CREATE FUNCTION @extschema@.%I(options text[], catalog oid) RETURNS void'
      ' LANGUAGE plpgsql AS %L', fdw || '_fdw_validator', 'BEGIN END');
    EXECUTE pg_catalog.format(
      'CREATE FUNCTION @extschema@.%I() RETURNS TABLE(name text, version text, author text,'
      ' website text) LANGUAGE sql AS %L', fdw || '_fdw_meta',
      pg_catalog.format('SELECT %L::text, %L::text, %L::text, %L::text',
        fdw || '_fdw', '0.5.4', 'workbench stand-in', 'https://github.com/supabase/wrappers'));
  END LOOP;
END
$$;
