-- Workbench Supabase shim
--
-- Makes plain PostgreSQL look enough like a Supabase project for Supabase
-- migrations (RLS policies calling auth.uid(), grants to anon/authenticated,
-- foreign keys to auth.users) to run without Docker.
--
-- Rules:
--   * every object is created only where it is missing, so loading the shim
--     into a real Supabase database (or twice into the same one) changes
--     nothing;
--   * roles are cluster-wide: another database on the same server may already
--     have created them, possibly concurrently, so duplicates are tolerated;
--   * one plain script, no psql meta-commands.
--
-- The auth.* function bodies are the ones Supabase ships (supabase/auth
-- migrations): the legacy `request.jwt.claim.<name>` settings are read first,
-- then the `request.jwt.claims` JSON document.

-- ---------------------------------------------------------------------------
-- Roles (cluster-wide)
-- ---------------------------------------------------------------------------
DO $shim$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT * FROM (VALUES
            ('anon',         false),
            ('authenticated', false),
            ('service_role', true),
            ('authenticator', false),
            ('supabase_admin', true)
        ) AS v(rolname, bypassrls)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.rolname) THEN
            BEGIN
                -- INHERIT: Supabase's setting for these roles since 2023.
                EXECUTE format(
                    'CREATE ROLE %I NOLOGIN INHERIT%s',
                    r.rolname,
                    CASE WHEN r.bypassrls THEN ' BYPASSRLS' ELSE '' END
                );
            EXCEPTION
                -- created meanwhile by a concurrent session (possibly for
                -- another database of this cluster)
                WHEN duplicate_object OR unique_violation THEN
                    NULL;
            END;
        END IF;
    END LOOP;
END
$shim$;

-- ---------------------------------------------------------------------------
-- Schema auth
-- ---------------------------------------------------------------------------
DO $shim$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'auth') THEN
        BEGIN
            CREATE SCHEMA auth;
        EXCEPTION
            WHEN duplicate_schema OR unique_violation THEN
                NULL;
        END;
    END IF;
END
$shim$;

-- ---------------------------------------------------------------------------
-- auth.uid(), auth.role(), auth.email(), auth.jwt()
-- ---------------------------------------------------------------------------
DO $shim$
BEGIN
    IF to_regprocedure('auth.uid()') IS NULL THEN
        EXECUTE $fn$
            CREATE FUNCTION auth.uid()
            RETURNS uuid
            LANGUAGE sql
            STABLE
            AS $body$
                SELECT coalesce(
                    nullif(current_setting('request.jwt.claim.sub', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
                )::uuid
            $body$
        $fn$;
        COMMENT ON FUNCTION auth.uid() IS
            'Deprecated. Use auth.jwt() -> ''sub'' instead. (Workbench shim of the Supabase function.)';
    END IF;

    IF to_regprocedure('auth.role()') IS NULL THEN
        EXECUTE $fn$
            CREATE FUNCTION auth.role()
            RETURNS text
            LANGUAGE sql
            STABLE
            AS $body$
                SELECT coalesce(
                    nullif(current_setting('request.jwt.claim.role', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
                )::text
            $body$
        $fn$;
        COMMENT ON FUNCTION auth.role() IS
            'Deprecated. Use auth.jwt() -> ''role'' instead. (Workbench shim of the Supabase function.)';
    END IF;

    IF to_regprocedure('auth.email()') IS NULL THEN
        EXECUTE $fn$
            CREATE FUNCTION auth.email()
            RETURNS text
            LANGUAGE sql
            STABLE
            AS $body$
                SELECT coalesce(
                    nullif(current_setting('request.jwt.claim.email', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
                )::text
            $body$
        $fn$;
        COMMENT ON FUNCTION auth.email() IS
            'Deprecated. Use auth.jwt() -> ''email'' instead. (Workbench shim of the Supabase function.)';
    END IF;

    IF to_regprocedure('auth.jwt()') IS NULL THEN
        EXECUTE $fn$
            CREATE FUNCTION auth.jwt()
            RETURNS jsonb
            LANGUAGE sql
            STABLE
            AS $body$
                SELECT coalesce(
                    nullif(current_setting('request.jwt.claim', true), ''),
                    nullif(current_setting('request.jwt.claims', true), '')
                )::jsonb
            $body$
        $fn$;
        COMMENT ON FUNCTION auth.jwt() IS
            'The JWT claims of the current request. (Workbench shim of the Supabase function.)';
    END IF;
END
$shim$;

-- ---------------------------------------------------------------------------
-- auth.users (minimal)
-- ---------------------------------------------------------------------------
DO $shim$
BEGIN
    IF to_regclass('auth.users') IS NULL THEN
        CREATE TABLE auth.users (
            id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
            email              text,
            raw_user_meta_data jsonb       DEFAULT '{}'::jsonb,
            raw_app_meta_data  jsonb       DEFAULT '{}'::jsonb,
            created_at         timestamptz DEFAULT now(),
            role               text        DEFAULT 'authenticated',
            CONSTRAINT users_pkey PRIMARY KEY (id)
        );
        COMMENT ON TABLE auth.users IS
            'Auth: Stores user login data within a secure schema. (Minimal workbench shim.)';
    END IF;
EXCEPTION
    WHEN duplicate_table OR unique_violation THEN
        NULL;  -- created meanwhile by a concurrent session
END
$shim$;

-- ---------------------------------------------------------------------------
-- Schemas extensions and storage, storage.buckets / storage.objects (minimal)
-- and the supabase_realtime publication: what Supabase migrations commonly
-- reference (`create extension ... with schema extensions`, avatar buckets,
-- policies on storage.objects, `alter publication supabase_realtime add table`).
-- ---------------------------------------------------------------------------
DO $shim$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['extensions', 'storage'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = s) THEN
            BEGIN
                EXECUTE format('CREATE SCHEMA %I', s);
            EXCEPTION
                WHEN duplicate_schema OR unique_violation THEN
                    NULL;
            END;
        END IF;
    END LOOP;
END
$shim$;

DO $shim$
BEGIN
    IF to_regclass('storage.buckets') IS NULL THEN
        CREATE TABLE storage.buckets (
            id                 text        NOT NULL,
            name               text        NOT NULL,
            owner              uuid,
            public             boolean     DEFAULT false,
            file_size_limit    bigint,
            allowed_mime_types text[],
            created_at         timestamptz DEFAULT now(),
            updated_at         timestamptz DEFAULT now(),
            CONSTRAINT buckets_pkey PRIMARY KEY (id)
        );
        CREATE UNIQUE INDEX bname ON storage.buckets USING btree (name);
        CREATE TABLE storage.objects (
            id               uuid        NOT NULL DEFAULT gen_random_uuid(),
            bucket_id        text        REFERENCES storage.buckets (id),
            name             text,
            owner            uuid,
            metadata         jsonb,
            path_tokens      text[]      GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
            created_at       timestamptz DEFAULT now(),
            updated_at       timestamptz DEFAULT now(),
            last_accessed_at timestamptz DEFAULT now(),
            CONSTRAINT objects_pkey PRIMARY KEY (id)
        );
        CREATE UNIQUE INDEX bucketid_objname ON storage.objects USING btree (bucket_id, name);
        ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
        GRANT ALL ON storage.buckets, storage.objects TO anon, authenticated, service_role;
    END IF;
EXCEPTION
    WHEN duplicate_table OR unique_violation THEN
        NULL;  -- created meanwhile by a concurrent session
END
$shim$;

DO $shim$
BEGIN
    IF to_regprocedure('storage.foldername(text)') IS NULL THEN
        CREATE FUNCTION storage.foldername(name text) RETURNS text[]
            LANGUAGE sql IMMUTABLE
            AS $f$ SELECT (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1] $f$;
    END IF;
    IF to_regprocedure('storage.filename(text)') IS NULL THEN
        CREATE FUNCTION storage.filename(name text) RETURNS text
            LANGUAGE sql IMMUTABLE
            AS $f$ SELECT (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)] $f$;
    END IF;
    IF to_regprocedure('storage.extension(text)') IS NULL THEN
        CREATE FUNCTION storage.extension(name text) RETURNS text
            LANGUAGE sql IMMUTABLE
            AS $f$ SELECT reverse(split_part(reverse(storage.filename(name)), '.', 1)) $f$;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = 'supabase_realtime') THEN
        CREATE PUBLICATION supabase_realtime;
    END IF;
EXCEPTION
    WHEN duplicate_function OR duplicate_object OR unique_violation THEN
        NULL;  -- created meanwhile by a concurrent session
END
$shim$;

-- ---------------------------------------------------------------------------
-- Schema privileges (granted only where missing)
-- ---------------------------------------------------------------------------
DO $shim$
DECLARE
    r text;
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['auth', 'public', 'extensions', 'storage'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = s);
        FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
            IF NOT has_schema_privilege(r, s, 'USAGE') THEN
                EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, r);
            END IF;
        END LOOP;
    END LOOP;
END
$shim$;

-- ---------------------------------------------------------------------------
-- Supabase's default privileges in schema public (for objects created by the
-- role running the migrations). Re-granting an existing default changes
-- nothing.
-- ---------------------------------------------------------------------------
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
