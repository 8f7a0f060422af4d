-- Supabase environment, part 4: realtime, supabase_functions (database
-- webhooks), graphql_public and pgbouncer.

-- realtime ------------------------------------------------------------------
DO $shim$
BEGIN
    IF to_regtype('realtime.equality_op') IS NULL THEN
        CREATE TYPE realtime.equality_op AS ENUM ('eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in');
    END IF;
    IF to_regtype('realtime.action') IS NULL THEN
        CREATE TYPE realtime.action AS ENUM ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'ERROR');
    END IF;
    IF to_regtype('realtime.user_defined_filter') IS NULL THEN
        CREATE TYPE realtime.user_defined_filter AS (
            column_name text,
            op realtime.equality_op,
            value text
        );
    END IF;
END
$shim$;

CREATE TABLE IF NOT EXISTS realtime.schema_migrations (
    version bigint NOT NULL,
    inserted_at timestamp(0),
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

CREATE OR REPLACE FUNCTION realtime.to_regrole(role_name text) RETURNS regrole
    LANGUAGE sql IMMUTABLE
    AS $body$ SELECT role_name::regrole $body$;

CREATE TABLE IF NOT EXISTS realtime.subscription (
    id bigint GENERATED ALWAYS AS IDENTITY,
    subscription_id uuid NOT NULL,
    entity regclass NOT NULL,
    filters realtime.user_defined_filter[] NOT NULL DEFAULT '{}',
    claims jsonb NOT NULL,
    claims_role regrole NOT NULL
        GENERATED ALWAYS AS (realtime.to_regrole(claims ->> 'role')) STORED,
    created_at timestamp NOT NULL DEFAULT timezone('utc', now()),
    action_filter text DEFAULT '*'
        CHECK (action_filter = ANY (ARRAY['*', 'INSERT', 'UPDATE', 'DELETE'])),
    CONSTRAINT pk_subscription PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS ix_realtime_subscription_entity ON realtime.subscription USING btree (entity);

-- Realtime partitions messages by day; one plain table keeps inserts working
-- without a partition per day.
CREATE TABLE IF NOT EXISTS realtime.messages (
    topic text NOT NULL,
    extension text NOT NULL,
    payload jsonb,
    event text,
    private boolean DEFAULT false,
    updated_at timestamp NOT NULL DEFAULT now(),
    inserted_at timestamp NOT NULL DEFAULT now(),
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    CONSTRAINT messages_pkey PRIMARY KEY (id, inserted_at)
);
CREATE INDEX IF NOT EXISTS messages_inserted_at_topic_index
    ON realtime.messages USING btree (inserted_at DESC, topic)
    WHERE extension = 'broadcast' AND private IS TRUE;
ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;

-- The topic of the channel a Realtime Authorization policy is checked for.
CREATE OR REPLACE FUNCTION realtime.topic() RETURNS text
    LANGUAGE sql STABLE
    AS $body$ SELECT nullif(current_setting('realtime.topic', true), '')::text $body$;

-- Broadcast a message: Realtime delivers the rows of realtime.messages.
CREATE OR REPLACE FUNCTION realtime.send(
    payload jsonb, event text, topic text, private boolean DEFAULT true
) RETURNS void
    LANGUAGE plpgsql
    AS $body$
BEGIN
    BEGIN
        PERFORM set_config('realtime.topic', topic, true);
        INSERT INTO realtime.messages (payload, event, topic, private, extension)
        VALUES (payload, event, topic, private, 'broadcast');
    EXCEPTION
        WHEN OTHERS THEN
            RAISE WARNING 'ErrorSendingBroadcastMessage: %', SQLERRM;
    END;
END
$body$;

-- Broadcast a row change (called from a trigger with NEW/OLD).
CREATE OR REPLACE FUNCTION realtime.broadcast_changes(
    topic_name text,
    event_name text,
    operation text,
    table_name text,
    table_schema text,
    new record,
    old record,
    level text DEFAULT 'ROW'
) RETURNS void
    LANGUAGE plpgsql
    AS $body$
DECLARE
    row_data jsonb := '{}'::jsonb;
BEGIN
    IF level = 'STATEMENT' THEN
        RAISE EXCEPTION 'function can only be triggered for each row, not for each statement';
    END IF;
    IF operation = 'INSERT' OR operation = 'UPDATE' OR operation = 'DELETE' THEN
        row_data := jsonb_build_object(
            'old_record', old, 'record', new, 'operation', operation,
            'table', table_name, 'schema', table_schema
        );
        PERFORM realtime.send(row_data, event_name, topic_name);
    ELSE
        RAISE EXCEPTION 'Unexpected operation type: %', operation;
    END IF;
END
$body$;

SELECT pg_temp.own_schema('realtime', '{r,p}', 'supabase_realtime_admin', 'supabase_admin', false);
GRANT SELECT, INSERT, UPDATE ON realtime.messages TO anon, authenticated, service_role;
GRANT ALL ON ALL TABLES IN SCHEMA realtime TO postgres, dashboard_user WITH GRANT OPTION;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA realtime TO postgres, anon, authenticated, service_role;

-- supabase_functions: database webhooks ---------------------------------------
CREATE TABLE IF NOT EXISTS supabase_functions.migrations (
    version text NOT NULL,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT migrations_pkey PRIMARY KEY (version)
);

CREATE TABLE IF NOT EXISTS supabase_functions.hooks (
    id bigserial NOT NULL,
    hook_table_id integer NOT NULL,
    hook_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    request_id bigint,
    CONSTRAINT hooks_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE supabase_functions.hooks IS
    'Supabase Functions Hooks: Audit trail for triggered hooks.';
CREATE INDEX IF NOT EXISTS supabase_functions_hooks_request_id_idx
    ON supabase_functions.hooks USING btree (request_id);
CREATE INDEX IF NOT EXISTS supabase_functions_hooks_h_table_id_h_name_idx
    ON supabase_functions.hooks USING btree (hook_table_id, hook_name);

-- The webhook trigger function: checks its arguments (url, method, headers,
-- params, timeout in ms) like Supabase's and records the call in
-- supabase_functions.hooks; it sends nothing over the network.
CREATE OR REPLACE FUNCTION supabase_functions.http_request() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = supabase_functions
    AS $body$
DECLARE
    url text := TG_ARGV[0]::text;
    method text := TG_ARGV[1]::text;
    headers jsonb;
    params jsonb;
    timeout_ms integer;
BEGIN
    IF url IS NULL OR url = 'null' THEN
        RAISE EXCEPTION 'url argument is missing';
    END IF;
    IF method IS NULL OR method = 'null' THEN
        RAISE EXCEPTION 'method argument is missing';
    END IF;
    IF method NOT IN ('GET', 'POST') THEN
        RAISE EXCEPTION 'method argument % is invalid', method;
    END IF;
    headers := CASE WHEN TG_ARGV[2] IS NULL OR TG_ARGV[2] = 'null'
                    THEN '{"Content-Type": "application/json"}'::jsonb ELSE TG_ARGV[2]::jsonb END;
    params := CASE WHEN TG_ARGV[3] IS NULL OR TG_ARGV[3] = 'null'
                   THEN '{}'::jsonb ELSE TG_ARGV[3]::jsonb END;
    timeout_ms := CASE WHEN TG_ARGV[4] IS NULL OR TG_ARGV[4] = 'null'
                       THEN 1000 ELSE TG_ARGV[4]::integer END;
    INSERT INTO supabase_functions.hooks (hook_table_id, hook_name, request_id)
    VALUES (TG_RELID, TG_NAME, NULL);
    RETURN NEW;
END
$body$;

DO $shim$
BEGIN
    ALTER TABLE supabase_functions.migrations OWNER TO supabase_functions_admin;
    ALTER TABLE supabase_functions.hooks OWNER TO supabase_functions_admin;
    ALTER FUNCTION supabase_functions.http_request() OWNER TO supabase_functions_admin;
END
$shim$;
GRANT ALL ON ALL TABLES IN SCHEMA supabase_functions TO postgres, anon, authenticated, service_role;
GRANT ALL ON ALL SEQUENCES IN SCHEMA supabase_functions TO postgres, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION supabase_functions.http_request() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION supabase_functions.http_request() TO postgres, anon, authenticated, service_role;

-- graphql_public.graphql(): pg_graphql's resolver when it is installed, else
-- the error Supabase's placeholder returns.
CREATE OR REPLACE FUNCTION graphql_public.graphql(
    "operationName" text DEFAULT NULL,
    query text DEFAULT NULL,
    variables jsonb DEFAULT NULL,
    extensions jsonb DEFAULT NULL
) RETURNS jsonb
    LANGUAGE plpgsql
    AS $body$
DECLARE
    result jsonb;
BEGIN
    IF to_regproc('graphql.resolve') IS NULL THEN
        RETURN jsonb_build_object('errors', jsonb_build_array(
            jsonb_build_object('message', 'pg_graphql extension is not enabled.')));
    END IF;
    EXECUTE 'SELECT graphql.resolve(query := $1, variables := coalesce($2, ''{}''),'
            ' "operationName" := $3, extensions := $4)'
        INTO result USING query, variables, "operationName", extensions;
    RETURN result;
END
$body$;
ALTER FUNCTION graphql_public.graphql(text, text, jsonb, jsonb) OWNER TO supabase_admin;
GRANT EXECUTE ON FUNCTION graphql_public.graphql(text, text, jsonb, jsonb)
    TO postgres, anon, authenticated, service_role;

-- pgbouncer: the auth query of Supabase's connection pooler.
CREATE OR REPLACE FUNCTION pgbouncer.get_auth(p_usename text)
    RETURNS TABLE (username text, password text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = ''
    AS $body$
BEGIN
    RETURN QUERY
        SELECT rolname::text,
               CASE WHEN rolvaliduntil < now() THEN NULL ELSE rolpassword::text END
        FROM pg_catalog.pg_authid
        WHERE rolname = p_usename AND rolcanlogin;
END
$body$;
ALTER FUNCTION pgbouncer.get_auth(text) OWNER TO supabase_admin;
REVOKE ALL ON FUNCTION pgbouncer.get_auth(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgbouncer.get_auth(text) TO pgbouncer, postgres;
