-- Supabase environment, part 0: roles (cluster-wide) and the database settings.
--
-- Roles are shared by every database of the server: another database may
-- already have created them, possibly concurrently, so duplicates are
-- tolerated. Attributes follow the supabase/postgres image, except LOGIN: no
-- role is given a login (nobody connects as them here; SET ROLE works).

DO $shim$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT * FROM (VALUES
            ('postgres',                   ''),
            ('supabase_admin',             'SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS'),
            ('anon',                       'INHERIT'),
            ('authenticated',              'INHERIT'),
            ('service_role',               'INHERIT BYPASSRLS'),
            ('authenticator',              'NOINHERIT'),
            ('supabase_auth_admin',        'NOINHERIT CREATEROLE NOREPLICATION'),
            ('supabase_storage_admin',     'NOINHERIT CREATEROLE NOREPLICATION'),
            ('supabase_realtime_admin',    'NOINHERIT NOREPLICATION'),
            ('supabase_replication_admin', 'REPLICATION'),
            ('supabase_read_only_user',    'BYPASSRLS'),
            ('supabase_functions_admin',   'NOINHERIT CREATEROLE NOREPLICATION'),
            ('dashboard_user',             'CREATEDB CREATEROLE REPLICATION'),
            ('pgbouncer',                  '')
        ) AS v(rolname, attributes)
    LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.rolname);
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN %s', r.rolname, r.attributes);
        EXCEPTION
            -- created meanwhile by a concurrent session (possibly for another
            -- database of this cluster)
            WHEN duplicate_object OR unique_violation THEN
                NULL;
        END;
    END LOOP;
END
$shim$;

-- Memberships: the API roles are granted to authenticator (PostgREST switches
-- to them); the read-only user reads everything.
DO $shim$
DECLARE
    m record;
BEGIN
    FOR m IN
        SELECT * FROM (VALUES
            ('anon',              'authenticator'),
            ('authenticated',     'authenticator'),
            ('service_role',      'authenticator'),
            ('pg_read_all_data',  'supabase_read_only_user')
        ) AS v(granted, member)
    LOOP
        CONTINUE WHEN pg_catalog.pg_has_role(m.member, m.granted, 'MEMBER');
        BEGIN
            EXECUTE format('GRANT %I TO %I', m.granted, m.member);
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;
        END;
    END LOOP;
END
$shim$;

-- The database's search_path: extensions' objects (uuid_generate_v4(),
-- vector(1536)) resolve unqualified, as on Supabase.
DO $shim$
BEGIN
    EXECUTE format(
        'ALTER DATABASE %I SET search_path = "$user", public, extensions',
        current_database()
    );
END
$shim$;
