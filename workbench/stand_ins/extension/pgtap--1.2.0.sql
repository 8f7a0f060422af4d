-- workbench stand-in for pgtap 1.2.0: the core of pgTAP with the real TAP lines
-- (plan, no_plan, ok, is, isnt, pass, fail, diag, finish, has_table, hasnt_table,
-- has_column, lives_ok, throws_ok). Enough for migrations that install pgTAP and for
-- simple test files; the rest of pgTAP's hundreds of assertions are not stood in.

\echo Use "CREATE EXTENSION pgtap" to load this file. \quit

-- The run's state: one temporary table per session, as pgTAP's own __tcache__.
CREATE FUNCTION _wb_tap_state() RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS __wb_tap (
    n serial PRIMARY KEY, passed boolean NOT NULL
  );
END
$$;

CREATE FUNCTION plan(integer) RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM @extschema@._wb_tap_state();
  CREATE TEMP TABLE IF NOT EXISTS __wb_tap_plan (planned int);
  IF EXISTS (SELECT 1 FROM pg_temp.__wb_tap_plan) THEN
    RAISE EXCEPTION 'You tried to plan twice!';
  END IF;
  INSERT INTO pg_temp.__wb_tap_plan VALUES ($1);
  RETURN '1..' || $1;
END
$$;

CREATE FUNCTION no_plan() RETURNS SETOF boolean
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM @extschema@._wb_tap_state();
  CREATE TEMP TABLE IF NOT EXISTS __wb_tap_plan (planned int);
  RETURN;
END
$$;

CREATE FUNCTION ok(boolean, text) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  num int;
  good boolean := coalesce($1, false);
BEGIN
  PERFORM @extschema@._wb_tap_state();
  INSERT INTO pg_temp.__wb_tap (passed) VALUES (good) RETURNING n INTO num;
  RETURN CASE WHEN good THEN '' ELSE 'not ' END || 'ok ' || num
    || CASE WHEN coalesce($2, '') = '' THEN '' ELSE ' - ' || $2 END
    || CASE WHEN $1 IS NULL THEN E'\n# Test ' || num || ' is NULL' ELSE '' END;
END
$$;

CREATE FUNCTION ok(boolean) RETURNS text
LANGUAGE sql
AS $$ SELECT @extschema@.ok($1, NULL) $$;

CREATE FUNCTION pass(text DEFAULT NULL) RETURNS text
LANGUAGE sql
AS $$ SELECT @extschema@.ok(true, $1) $$;

CREATE FUNCTION fail(text DEFAULT NULL) RETURNS text
LANGUAGE sql
AS $$ SELECT @extschema@.ok(false, $1) $$;

CREATE FUNCTION diag(text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT '# ' || pg_catalog.replace($1, E'\n', E'\n# ') $$;

CREATE FUNCTION is(anyelement, anyelement, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  line text := @extschema@.ok($1 IS NOT DISTINCT FROM $2, $3);
BEGIN
  IF $1 IS DISTINCT FROM $2 THEN
    line := line || E'\n' || @extschema@.diag(
      '        have: ' || coalesce($1::text, 'NULL') || E'\n        want: ' || coalesce($2::text, 'NULL'));
  END IF;
  RETURN line;
END
$$;

CREATE FUNCTION isnt(anyelement, anyelement, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  line text := @extschema@.ok($1 IS DISTINCT FROM $2, $3);
BEGIN
  IF $1 IS NOT DISTINCT FROM $2 THEN
    line := line || E'\n' || @extschema@.diag(
      '        have: ' || coalesce($1::text, 'NULL') || E'\n        want: anything else');
  END IF;
  RETURN line;
END
$$;

CREATE FUNCTION has_table(name, name, text) RETURNS text
LANGUAGE sql
AS $$
SELECT @extschema@.ok(EXISTS (
  SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')), $3)
$$;

CREATE FUNCTION has_table(name, text) RETURNS text
LANGUAGE sql
AS $$
SELECT @extschema@.ok(EXISTS (
  SELECT 1 FROM pg_catalog.pg_class c
  WHERE c.relname = $1 AND c.relkind IN ('r', 'p') AND pg_catalog.pg_table_is_visible(c.oid)), $2)
$$;

CREATE FUNCTION has_table(name) RETURNS text
LANGUAGE sql
AS $$ SELECT @extschema@.has_table($1, 'Table ' || pg_catalog.quote_ident($1) || ' should exist') $$;

CREATE FUNCTION hasnt_table(name, name, text) RETURNS text
LANGUAGE sql
AS $$
SELECT @extschema@.ok(NOT EXISTS (
  SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')), $3)
$$;

CREATE FUNCTION has_column(name, name, name, text) RETURNS text
LANGUAGE sql
AS $$
SELECT @extschema@.ok(EXISTS (
  SELECT 1 FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3
    AND a.attnum > 0 AND NOT a.attisdropped), $4)
$$;

CREATE FUNCTION has_column(name, name, text) RETURNS text
LANGUAGE sql
AS $$
SELECT @extschema@.ok(EXISTS (
  SELECT 1 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  WHERE c.relname = $1 AND a.attname = $2 AND pg_catalog.pg_table_is_visible(c.oid)
    AND a.attnum > 0 AND NOT a.attisdropped), $3)
$$;

CREATE FUNCTION lives_ok(text, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE $1;
  RETURN @extschema@.ok(true, $2);
EXCEPTION WHEN OTHERS THEN
  RETURN @extschema@.ok(false, $2) || E'\n' || @extschema@.diag(
    '        died: ' || SQLSTATE || ': ' || SQLERRM);
END
$$;

CREATE FUNCTION throws_ok(text, text DEFAULT NULL, text DEFAULT NULL, text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE $1;
  RETURN @extschema@.ok(false, $4) || E'\n' || @extschema@.diag('    no exception thrown');
EXCEPTION WHEN OTHERS THEN
  -- $2 is an SQLSTATE (5 characters) or, as in pgTAP, the message when $3 is absent
  IF $2 IS NULL
     OR ($3 IS NULL AND pg_catalog.length($2) <> 5 AND SQLERRM = $2)
     OR (SQLSTATE = $2 AND ($3 IS NULL OR SQLERRM = $3)) THEN
    RETURN @extschema@.ok(true, $4);
  END IF;
  RETURN @extschema@.ok(false, $4) || E'\n' || @extschema@.diag(
    '      caught: ' || SQLSTATE || ': ' || SQLERRM || E'\n      wanted: '
    || coalesce($2, '') || coalesce(': ' || $3, ''));
END
$$;

CREATE FUNCTION finish() RETURNS SETOF text
LANGUAGE plpgsql
AS $$
DECLARE
  planned int;
  ran int;
  failed int;
BEGIN
  PERFORM @extschema@._wb_tap_state();
  CREATE TEMP TABLE IF NOT EXISTS __wb_tap_plan (planned int);
  SELECT p.planned INTO planned FROM pg_temp.__wb_tap_plan p LIMIT 1;
  SELECT count(*), count(*) FILTER (WHERE NOT passed) INTO ran, failed FROM pg_temp.__wb_tap;
  IF planned IS NULL THEN
    RETURN NEXT '1..' || ran;
  ELSIF planned <> ran THEN
    RETURN NEXT @extschema@.diag('Looks like you planned ' || planned || ' test'
      || CASE WHEN planned = 1 THEN '' ELSE 's' END || ' but ran ' || ran);
  END IF;
  IF failed > 0 THEN
    RETURN NEXT @extschema@.diag('Looks like you failed ' || failed || ' test'
      || CASE WHEN failed = 1 THEN '' ELSE 's' END || ' of ' || ran);
  END IF;
  DROP TABLE pg_temp.__wb_tap;
  DROP TABLE pg_temp.__wb_tap_plan;
  RETURN;
END
$$;
