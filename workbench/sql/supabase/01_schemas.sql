-- Supabase environment, part 1: schemas (with their owners and usage grants),
-- the preinstalled extensions, the supabase_realtime publication and the
-- default privileges in public.

DO $shim$
DECLARE
    s record;
BEGIN
    FOR s IN
        SELECT * FROM (VALUES
            ('extensions',          'postgres'),
            ('auth',                'supabase_admin'),
            ('storage',             'supabase_admin'),
            ('realtime',            'supabase_admin'),
            ('graphql',             'supabase_admin'),
            ('graphql_public',      'supabase_admin'),
            ('vault',               'supabase_admin'),
            ('pgsodium',            'supabase_admin'),
            ('pgbouncer',           'pgbouncer'),
            ('supabase_functions',  'supabase_admin'),
            ('supabase_migrations', 'postgres')
        ) AS v(nspname, owner)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = s.nspname) THEN
            EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', s.nspname, s.owner);
        ELSE
            EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s.nspname, s.owner);
        END IF;
    END LOOP;
END
$shim$;

-- Usage grants, as the supabase/postgres image gives them.
GRANT USAGE ON SCHEMA public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA extensions TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA extensions TO dashboard_user;
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA auth TO postgres, dashboard_user;
GRANT ALL ON SCHEMA auth TO supabase_auth_admin;
GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA storage TO postgres WITH GRANT OPTION;
GRANT ALL ON SCHEMA storage TO supabase_storage_admin, dashboard_user;
GRANT USAGE ON SCHEMA realtime TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA realtime TO supabase_realtime_admin;
GRANT USAGE ON SCHEMA graphql TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA graphql_public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA vault TO postgres, service_role;
GRANT USAGE ON SCHEMA supabase_functions TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA supabase_functions TO supabase_functions_admin;
GRANT USAGE ON SCHEMA pgbouncer TO pgbouncer;

-- Preinstalled extensions: created where the server offers them (the
-- workbench's stand-ins, or the real ones of a `postgres_bin`).
DO $shim$
DECLARE
    e record;
BEGIN
    FOR e IN
        SELECT * FROM (VALUES
            (1, 'uuid-ossp',          'extensions'),
            (2, 'pgcrypto',           'extensions'),
            (3, 'pgjwt',              'extensions'),
            (4, 'pg_stat_statements', 'extensions'),
            (5, 'pg_graphql',         'graphql'),
            (6, 'supabase_vault',     'vault')
        ) AS v(ord, extname, nspname)
        ORDER BY ord
    LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = e.extname);
        CONTINUE WHEN NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = e.extname
        );
        EXECUTE format('CREATE EXTENSION %I WITH SCHEMA %I CASCADE', e.extname, e.nspname);
    END LOOP;
END
$shim$;

DO $shim$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = 'supabase_realtime') THEN
        CREATE PUBLICATION supabase_realtime;
    END IF;
END
$shim$;

-- Objects created in public by postgres or supabase_admin are granted to the
-- API roles. Re-granting an existing default changes nothing.
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public
    GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public
    GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public
    GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
    GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
    GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
    GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;

-- When the role running the migrations is neither (a local server's own
-- superuser), its objects get the same grants.
DO $shim$
BEGIN
    IF current_user NOT IN ('postgres', 'supabase_admin') THEN
        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public'
                ' GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role';
        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public'
                ' GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role';
        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public'
                ' GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role';
    END IF;
END
$shim$;

-- A service owns its schema's objects: the relations of `relkinds` (not a sequence a
-- column owns: it follows its table), the functions, and the enums when `enums`.
-- A temporary function: it lives as long as this session, in no schema of the catalog.
CREATE OR REPLACE FUNCTION pg_temp.own_schema(
    nsp regnamespace, relkinds "char"[], rel_owner name, fn_owner name, enums boolean
) RETURNS void LANGUAGE plpgsql AS $shim$
DECLARE
    o record;
BEGIN
    FOR o IN
        SELECT c.oid::regclass AS rel FROM pg_catalog.pg_class c
        WHERE c.relnamespace = nsp AND c.relkind = ANY (relkinds)
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', o.rel, rel_owner);
    END LOOP;
    FOR o IN SELECT p.oid::regprocedure AS fn FROM pg_catalog.pg_proc p WHERE p.pronamespace = nsp
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', o.fn, fn_owner);
    END LOOP;
    FOR o IN
        SELECT t.oid::regtype AS typ FROM pg_catalog.pg_type t
        WHERE enums AND t.typnamespace = nsp AND t.typtype = 'e'
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO %I', o.typ, rel_owner);
    END LOOP;
END
$shim$;
