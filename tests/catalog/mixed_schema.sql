-- A schema with one of (nearly) every kind the catalog covers.
CREATE EXTENSION pg_trgm;
CREATE EXTENSION citext;
CREATE EXTENSION btree_gist;
CREATE SCHEMA app AUTHORIZATION postgres;
COMMENT ON SCHEMA app IS 'application schema';
GRANT USAGE ON SCHEMA app TO authenticated;

CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'ok';
COMMENT ON TYPE app.mood IS 'how it feels';
CREATE DOMAIN app.positive AS integer NOT NULL DEFAULT 1
    CONSTRAINT positive_check CHECK (VALUE > 0)
    CONSTRAINT small CHECK (VALUE < 1000000);
CREATE DOMAIN app.email AS citext COLLATE "C";
CREATE TYPE app.pair AS (left_value integer, right_value text COLLATE "C");
COMMENT ON TYPE app.pair IS 'a composite';
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE COLLATION app.nocase (provider = libc, locale = 'C');

CREATE TABLE app.organizations (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY,
    name text COLLATE app.nocase NOT NULL,
    slug text NOT NULL UNIQUE,
    mood app.mood DEFAULT 'ok',
    score app.positive,
    created_at timestamptz NOT NULL DEFAULT now(),
    payload jsonb,
    CONSTRAINT slug_format CHECK (slug ~ '^[a-z0-9-]+$') NOT VALID
) WITH (fillfactor = 70);
ALTER TABLE app.organizations ALTER COLUMN payload SET STORAGE EXTERNAL;
ALTER TABLE app.organizations ALTER COLUMN payload SET STATISTICS 500;
COMMENT ON TABLE app.organizations IS 'tenants';
COMMENT ON COLUMN app.organizations.slug IS 'url name';
COMMENT ON CONSTRAINT slug_format ON app.organizations IS 'lowercase';

CREATE TABLE app.members (
    org_id bigint NOT NULL,
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    role text NOT NULL DEFAULT 'member',
    seq serial,
    full_name text GENERATED ALWAYS AS (role || ':' || user_id::text) STORED,
    upper_role text GENERATED ALWAYS AS (upper(role)) VIRTUAL,
    PRIMARY KEY (org_id, user_id),
    CONSTRAINT members_org_fk FOREIGN KEY (org_id) REFERENCES app.organizations (id)
        ON UPDATE RESTRICT ON DELETE SET NULL (org_id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT role_known CHECK (role IN ('member', 'admin')) NOT ENFORCED
);
ALTER TABLE app.members REPLICA IDENTITY FULL;
CREATE INDEX members_role_idx ON app.members (lower(role), org_id) INCLUDE (seq) WHERE role <> 'member';
COMMENT ON INDEX app.members_role_idx IS 'admins';
CREATE INDEX members_name_trgm ON app.members USING gin (role gin_trgm_ops);
ALTER TABLE app.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.members FORCE ROW LEVEL SECURITY;
CREATE POLICY members_self ON app.members FOR SELECT TO authenticated, anon
    USING (user_id = (SELECT auth.uid()));
CREATE POLICY members_insert ON app.members AS RESTRICTIVE FOR INSERT
    WITH CHECK (role = 'member');
CREATE POLICY members_all ON app.members USING (true) WITH CHECK (true);
COMMENT ON POLICY members_self ON app.members IS 'own rows';
GRANT SELECT, INSERT ON app.members TO authenticated;
GRANT UPDATE (role) ON app.members TO anon;
REVOKE ALL ON app.members FROM anon;
GRANT SELECT (role, org_id) ON app.members TO anon;
CREATE STATISTICS app.members_stats (dependencies) ON org_id, role FROM app.members;

CREATE UNLOGGED TABLE app.cache (k text PRIMARY KEY, v text);
ALTER TABLE app.cache REPLICA IDENTITY USING INDEX cache_pkey;
CREATE TABLE app.events (
    id bigint NOT NULL,
    at date NOT NULL,
    during tstzrange,
    EXCLUDE USING gist (during WITH &&, at WITH =)
) PARTITION BY RANGE (at);
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_at_idx ON app.events (at);
CREATE TABLE app.base (id int, note text);
CREATE TABLE app.child (extra int) INHERITS (app.base);
CREATE RULE child_noop AS ON DELETE TO app.child DO INSTEAD NOTHING;

CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql
    SET search_path = '' AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
COMMENT ON FUNCTION app.touch() IS 'sets created_at';
CREATE TRIGGER organizations_touch BEFORE UPDATE ON app.organizations
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION app.touch();
CREATE TRIGGER organizations_off AFTER INSERT ON app.organizations
    FOR EACH STATEMENT EXECUTE FUNCTION app.touch();
ALTER TABLE app.organizations DISABLE TRIGGER organizations_off;
CREATE FUNCTION app.add(a integer, b integer DEFAULT 1) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF RETURN a + b;
CREATE FUNCTION app.org_count() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
    BEGIN ATOMIC SELECT count(*) FROM app.organizations; END;
REVOKE EXECUTE ON FUNCTION app.org_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.org_count() TO authenticated;
CREATE PROCEDURE app.cleanup(days integer) LANGUAGE plpgsql AS $$ BEGIN PERFORM days; END $$;
CREATE AGGREGATE app.total(integer) (sfunc = int4pl, stype = integer, initcond = '0');
CREATE AGGREGATE app.pct(float8 ORDER BY float8) (
    sfunc = ordered_set_transition, stype = internal,
    finalfunc = percentile_disc_final, finalfunc_extra, parallel = safe);

CREATE VIEW app.member_roles WITH (security_invoker = true) AS
    SELECT org_id, role FROM app.members WHERE role <> 'x';
COMMENT ON VIEW app.member_roles IS 'who does what';
GRANT SELECT ON app.member_roles TO anon;
CREATE MATERIALIZED VIEW app.org_sizes AS
    SELECT o.id, count(m.*) AS members FROM app.organizations o
    LEFT JOIN app.members m ON m.org_id = o.id GROUP BY o.id WITH NO DATA;
CREATE UNIQUE INDEX org_sizes_id ON app.org_sizes (id);

CREATE SEQUENCE app.ticket_seq AS integer START 100 INCREMENT 2 MINVALUE 50 MAXVALUE 100000 CACHE 10 CYCLE;
CREATE TABLE app.tickets (id integer DEFAULT nextval('app.ticket_seq') PRIMARY KEY);
ALTER SEQUENCE app.ticket_seq OWNED BY app.tickets.id;
GRANT USAGE ON SEQUENCE app.ticket_seq TO authenticated;

CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER app_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION app.on_ddl();
CREATE PUBLICATION app_pub FOR TABLE app.organizations (id, slug) WHERE (id > 0), app.tickets
    WITH (publish = 'insert, update');
CREATE PUBLICATION app_schema_pub FOR TABLES IN SCHEMA app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO anon;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO authenticated;
