-- workbench stand-in for pg_graphql 1.5.11: the schema `graphql` with resolve(),
-- comment_directive(), exception(), get_schema_version() and the schema-version
-- sequence. resolve() answers every query with a GraphQL error: nothing is resolved.

\echo Use "CREATE EXTENSION pg_graphql" to load this file. \quit

CREATE SEQUENCE graphql.seq_schema_version AS integer CYCLE;

CREATE FUNCTION graphql.get_schema_version() RETURNS integer
LANGUAGE sql SECURITY DEFINER
AS $$SELECT last_value FROM graphql.seq_schema_version$$;

CREATE FUNCTION graphql.increment_schema_version() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER
AS $$BEGIN PERFORM pg_catalog.nextval('graphql.seq_schema_version'); END$$;

CREATE FUNCTION graphql.exception(message text) RETURNS text
LANGUAGE plpgsql
AS $$BEGIN RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = message; END$$;

CREATE FUNCTION graphql.comment_directive(comment_ text) RETURNS jsonb
LANGUAGE sql IMMUTABLE
AS $$
SELECT CASE WHEN pg_catalog.btrim(m[1]) = '' THEN '{}'::jsonb ELSE m[1]::jsonb END
FROM pg_catalog.regexp_match(comment_, '@graphql\((.*)\)', 's') AS m
$$;

CREATE FUNCTION graphql._internal_resolve(query text, variables jsonb DEFAULT '{}',
    "operationName" text DEFAULT NULL, extensions jsonb DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
SELECT pg_catalog.jsonb_build_object('data', NULL, 'errors', pg_catalog.jsonb_build_array(
  pg_catalog.jsonb_build_object('message',
    'pg_graphql is a workbench stand-in here: GraphQL queries are not resolved')))
$$;

CREATE FUNCTION graphql.resolve(query text, variables jsonb DEFAULT '{}',
    "operationName" text DEFAULT NULL, extensions jsonb DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE
AS $$SELECT graphql._internal_resolve(query, variables, "operationName", extensions)$$;

GRANT USAGE ON SCHEMA graphql TO PUBLIC;
GRANT SELECT ON graphql.seq_schema_version TO PUBLIC;
