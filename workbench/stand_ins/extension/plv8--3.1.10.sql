-- workbench stand-in for plv8 3.1.10: the language `plv8`, so `CREATE FUNCTION ...
-- LANGUAGE plv8` works (bodies are not checked). There is no JavaScript engine: calling
-- such a function fails (its body reaches PL/pgSQL's handler and is a syntax error there),
-- and DO blocks in plv8 are not supported.

\echo Use "CREATE EXTENSION plv8" to load this file. \quit

CREATE FUNCTION plv8_call_handler() RETURNS language_handler
LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';

CREATE TRUSTED LANGUAGE plv8 HANDLER plv8_call_handler;

CREATE FUNCTION plv8_version() RETURNS text
LANGUAGE sql IMMUTABLE AS $$SELECT '3.1.10 (workbench stand-in)'::text$$;

CREATE FUNCTION plv8_reset() RETURNS void
LANGUAGE sql AS $$SELECT$$;

CREATE FUNCTION plv8_info() RETURNS json
LANGUAGE sql AS $$SELECT '[]'::json$$;
