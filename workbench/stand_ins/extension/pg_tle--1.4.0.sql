-- workbench stand-in for pg_tle 1.4.0: the schema `pgtle`, the role pgtle_admin, and
-- install_extension, install_update_path, set_default_version, uninstall_extension,
-- available_extensions, available_extension_versions, register_feature and
-- unregister_feature. Installs are recorded in pgtle.workbench_installed; a later
-- CREATE EXTENSION of such a "trusted language extension" is NOT possible (the stand-in
-- cannot add control files to the server): add it to `stand_ins` for an empty one.

\echo Use "CREATE EXTENSION pg_tle" to load this file. \quit

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgtle_admin') THEN
    CREATE ROLE pgtle_admin NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA pgtle TO PUBLIC;

CREATE TYPE pgtle.pg_tle_features AS ENUM ('passcheck', 'clientauth');

CREATE TABLE pgtle.feature_info (
  feature pgtle.pg_tle_features,
  schema_name text,
  proname text,
  obj_identity text PRIMARY KEY
);

CREATE TABLE pgtle.workbench_installed (
  name text NOT NULL,
  version text NOT NULL,
  from_version text,
  description text,
  ext text NOT NULL,
  requires text[],
  is_default boolean NOT NULL DEFAULT false,
  installed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (name, version, ext)
);

CREATE FUNCTION pgtle.install_extension(name text, version text, description text, ext text,
    requires text[] DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
  IF EXISTS (SELECT FROM pgtle.workbench_installed w WHERE w.name = install_extension.name
             AND w.from_version IS NULL) THEN
    RAISE EXCEPTION 'extension "%" already installed', name USING ERRCODE = '42710';
  END IF;
  INSERT INTO pgtle.workbench_installed (name, version, description, ext, requires, is_default)
  VALUES (name, version, description, ext, requires, true);
  RETURN true;
END
$$;

CREATE FUNCTION pgtle.install_extension_version_sql(name text, version text, ext text)
RETURNS boolean
LANGUAGE sql
AS $$
INSERT INTO pgtle.workbench_installed (name, version, ext) VALUES (name, version, ext);
SELECT true
$$;

CREATE FUNCTION pgtle.install_update_path(name text, fromvers text, tovers text, ext text)
RETURNS boolean
LANGUAGE sql
AS $$
INSERT INTO pgtle.workbench_installed (name, version, from_version, ext)
VALUES (name, tovers, fromvers, ext);
SELECT true
$$;

CREATE FUNCTION pgtle.set_default_version(name text, version text) RETURNS boolean
LANGUAGE sql
AS $$
UPDATE pgtle.workbench_installed w SET is_default = (w.version = set_default_version.version)
WHERE w.name = set_default_version.name AND w.from_version IS NULL;
SELECT true
$$;

CREATE FUNCTION pgtle.uninstall_extension(extname text) RETURNS boolean
LANGUAGE sql
AS $$
WITH d AS (DELETE FROM pgtle.workbench_installed WHERE name = extname RETURNING 1)
SELECT EXISTS (SELECT FROM d)
$$;

CREATE FUNCTION pgtle.uninstall_extension(extname text, version text) RETURNS boolean
LANGUAGE sql
AS $$
WITH d AS (DELETE FROM pgtle.workbench_installed w
           WHERE w.name = extname AND w.version = uninstall_extension.version RETURNING 1)
SELECT EXISTS (SELECT FROM d)
$$;

CREATE FUNCTION pgtle.uninstall_extension_if_exists(extname text) RETURNS boolean
LANGUAGE sql
AS $$SELECT pgtle.uninstall_extension(extname)$$;

CREATE FUNCTION pgtle.available_extensions(OUT name name, OUT default_version text,
    OUT comment text) RETURNS SETOF record
LANGUAGE sql STABLE
AS $$
SELECT w.name::name, w.version, w.description FROM pgtle.workbench_installed w
WHERE w.is_default
$$;

CREATE FUNCTION pgtle.available_extension_versions(OUT name name, OUT version text,
    OUT superuser boolean, OUT trusted boolean, OUT relocatable boolean, OUT schema name,
    OUT requires name[], OUT comment text) RETURNS SETOF record
LANGUAGE sql STABLE
AS $$
SELECT w.name::name, w.version, false, false, false, NULL::name, w.requires::name[], w.description
FROM pgtle.workbench_installed w WHERE w.from_version IS NULL
$$;

CREATE FUNCTION pgtle.extension_update_paths(name name, OUT source text, OUT target text,
    OUT path text) RETURNS SETOF record
LANGUAGE sql STABLE
AS $$
SELECT w.from_version, w.version, w.from_version || '--' || w.version
FROM pgtle.workbench_installed w
WHERE w.name = extension_update_paths.name AND w.from_version IS NOT NULL
$$;

CREATE FUNCTION pgtle.register_feature(proc regproc, feature pgtle.pg_tle_features) RETURNS void
LANGUAGE sql
AS $$
INSERT INTO pgtle.feature_info
SELECT feature, n.nspname, p.proname, pg_catalog.pg_describe_object('pg_proc'::regclass, p.oid, 0)
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.oid = proc
$$;

CREATE FUNCTION pgtle.register_feature_if_not_exists(proc regproc, feature pgtle.pg_tle_features)
RETURNS boolean
LANGUAGE sql
AS $$
INSERT INTO pgtle.feature_info
SELECT feature, n.nspname, p.proname, pg_catalog.pg_describe_object('pg_proc'::regclass, p.oid, 0)
FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.oid = proc
ON CONFLICT DO NOTHING;
SELECT true
$$;

CREATE FUNCTION pgtle.unregister_feature(proc regproc, feature pgtle.pg_tle_features) RETURNS void
LANGUAGE sql
AS $$DELETE FROM pgtle.feature_info f WHERE f.feature = unregister_feature.feature
      AND f.obj_identity = pg_catalog.pg_describe_object('pg_proc'::regclass, proc, 0)$$;

CREATE FUNCTION pgtle.unregister_feature_if_exists(proc regproc, feature pgtle.pg_tle_features)
RETURNS boolean
LANGUAGE sql
AS $$
WITH d AS (DELETE FROM pgtle.feature_info f WHERE f.feature = unregister_feature_if_exists.feature
           AND f.obj_identity = pg_catalog.pg_describe_object('pg_proc'::regclass, proc, 0)
           RETURNING 1)
SELECT EXISTS (SELECT FROM d)
$$;
