-- workbench stand-in for pg_hashids 1.3: id_encode, id_decode and id_decode_once with
-- the real results (the Hashids algorithm: salt, minimum length, alphabet), in PL/pgSQL.

\echo Use "CREATE EXTENSION pg_hashids" to load this file. \quit

CREATE FUNCTION _wb_shuffle(alphabet text, salt text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  a text[] := pg_catalog.string_to_array(alphabet, NULL);
  s int[];
  v int := 0;
  p int := 0;
  x int;
  j int;
  tmp text;
  i int;
BEGIN
  IF salt = '' THEN
    RETURN alphabet;
  END IF;
  SELECT pg_catalog.array_agg(pg_catalog.ascii(c) ORDER BY o) INTO s
  FROM pg_catalog.unnest(pg_catalog.string_to_array(salt, NULL)) WITH ORDINALITY AS u(c, o);
  FOR i IN REVERSE pg_catalog.cardinality(a) - 1..1 LOOP
    v := v % pg_catalog.cardinality(s);
    x := s[v + 1];
    p := p + x;
    j := (x + v + p) % i;
    tmp := a[i + 1]; a[i + 1] := a[j + 1]; a[j + 1] := tmp;
    v := v + 1;
  END LOOP;
  RETURN pg_catalog.array_to_string(a, '');
END
$$;

-- {alphabet, separators, guards} for a salt and alphabet
CREATE FUNCTION _wb_setup(salt text, alphabet text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  alpha text := '';
  seps text := '';
  guards text;
  c text;
  n int;
BEGIN
  FOREACH c IN ARRAY pg_catalog.string_to_array(alphabet, NULL) LOOP
    IF pg_catalog.strpos(alpha, c) = 0 THEN alpha := alpha || c; END IF;
  END LOOP;
  IF pg_catalog.length(alpha) < 16 THEN
    RAISE EXCEPTION 'alphabet must contain at least 16 unique characters' USING ERRCODE = '22023';
  END IF;
  IF pg_catalog.strpos(alpha, ' ') > 0 THEN
    RAISE EXCEPTION 'alphabet cannot contain spaces' USING ERRCODE = '22023';
  END IF;
  FOREACH c IN ARRAY pg_catalog.string_to_array('cfhistuCFHISTU', NULL) LOOP
    IF pg_catalog.strpos(alpha, c) > 0 THEN
      seps := seps || c;
      alpha := pg_catalog.replace(alpha, c, '');
    END IF;
  END LOOP;
  seps := @extschema@._wb_shuffle(seps, salt);
  IF seps = '' OR pg_catalog.length(alpha)::numeric / pg_catalog.length(seps) > 3.5 THEN
    n := pg_catalog.ceil(pg_catalog.length(alpha) / 3.5);
    IF n = 1 THEN n := 2; END IF;
    IF n > pg_catalog.length(seps) THEN
      n := n - pg_catalog.length(seps);
      seps := seps || pg_catalog.left(alpha, n);
      alpha := pg_catalog.substr(alpha, n + 1);
    ELSE
      seps := pg_catalog.left(seps, n);
    END IF;
  END IF;
  alpha := @extschema@._wb_shuffle(alpha, salt);
  n := pg_catalog.ceil(pg_catalog.length(alpha) / 12.0);
  IF pg_catalog.length(alpha) < 3 THEN
    guards := pg_catalog.left(seps, n);
    seps := pg_catalog.substr(seps, n + 1);
  ELSE
    guards := pg_catalog.left(alpha, n);
    alpha := pg_catalog.substr(alpha, n + 1);
  END IF;
  RETURN ARRAY[alpha, seps, guards];
END
$$;

CREATE FUNCTION id_encode(numbers bigint[], salt text DEFAULT '', min_length integer DEFAULT 0,
    alphabet text DEFAULT 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890')
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  setup text[] := @extschema@._wb_setup(salt, alphabet);
  alpha text := setup[1];
  seps text := setup[2];
  guards text := setup[3];
  values_hash bigint := 0;
  lottery text;
  ret text;
  last text;
  n bigint;
  i int;
  half int;
  excess int;
BEGIN
  IF pg_catalog.cardinality(numbers) = 0 THEN
    RETURN '';
  END IF;
  FOR i IN 1..pg_catalog.cardinality(numbers) LOOP
    IF numbers[i] < 0 THEN
      RAISE EXCEPTION 'negative numbers cannot be encoded' USING ERRCODE = '22023';
    END IF;
    values_hash := values_hash + numbers[i] % (i - 1 + 100);
  END LOOP;
  lottery := pg_catalog.substr(alpha, (values_hash % pg_catalog.length(alpha))::int + 1, 1);
  ret := lottery;
  FOR i IN 1..pg_catalog.cardinality(numbers) LOOP
    n := numbers[i];
    alpha := @extschema@._wb_shuffle(alpha, pg_catalog.left(lottery || salt || alpha, pg_catalog.length(alpha)));
    last := '';
    LOOP
      last := pg_catalog.substr(alpha, (n % pg_catalog.length(alpha))::int + 1, 1) || last;
      n := n / pg_catalog.length(alpha);
      EXIT WHEN n = 0;
    END LOOP;
    ret := ret || last;
    IF i < pg_catalog.cardinality(numbers) THEN
      n := numbers[i] % (pg_catalog.ascii(last) + i - 1);
      ret := ret || pg_catalog.substr(seps, (n % pg_catalog.length(seps))::int + 1, 1);
    END IF;
  END LOOP;
  IF pg_catalog.length(ret) < min_length THEN
    ret := pg_catalog.substr(guards, ((values_hash + pg_catalog.ascii(ret)) % pg_catalog.length(guards))::int + 1, 1) || ret;
    IF pg_catalog.length(ret) < min_length THEN
      ret := ret || pg_catalog.substr(guards, ((values_hash + pg_catalog.ascii(pg_catalog.substr(ret, 3, 1)))
                                               % pg_catalog.length(guards))::int + 1, 1);
    END IF;
  END IF;
  half := pg_catalog.length(alpha) / 2;
  WHILE pg_catalog.length(ret) < min_length LOOP
    alpha := @extschema@._wb_shuffle(alpha, alpha);
    ret := pg_catalog.substr(alpha, half + 1) || ret || pg_catalog.left(alpha, half);
    excess := pg_catalog.length(ret) - min_length;
    IF excess > 0 THEN
      ret := pg_catalog.substr(ret, excess / 2 + 1, min_length);
    END IF;
  END LOOP;
  RETURN ret;
END
$$;

CREATE FUNCTION id_encode(number bigint, salt text DEFAULT '', min_length integer DEFAULT 0,
    alphabet text DEFAULT 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890')
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT @extschema@.id_encode(ARRAY[number], salt, min_length, alphabet)$$;

CREATE FUNCTION id_decode(hash text, salt text DEFAULT '', min_length integer DEFAULT 0,
    alphabet text DEFAULT 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890')
RETURNS bigint[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  setup text[] := @extschema@._wb_setup(salt, alphabet);
  alpha text := setup[1];
  seps text := setup[2];
  guards text := setup[3];
  parts text[];
  body text;
  lottery text;
  part text;
  n bigint;
  c text;
  result bigint[] := '{}';
BEGIN
  IF hash = '' THEN
    RETURN result;
  END IF;
  parts := pg_catalog.string_to_array(pg_catalog.translate(hash, guards, pg_catalog.repeat(' ', pg_catalog.length(guards))), ' ');
  body := CASE WHEN pg_catalog.cardinality(parts) IN (2, 3) THEN parts[2] ELSE parts[1] END;
  IF body IS NULL OR body = '' THEN
    RETURN result;
  END IF;
  lottery := pg_catalog.left(body, 1);
  body := pg_catalog.substr(body, 2);
  FOREACH part IN ARRAY pg_catalog.string_to_array(pg_catalog.translate(body, seps, pg_catalog.repeat(' ', pg_catalog.length(seps))), ' ') LOOP
    alpha := @extschema@._wb_shuffle(alpha, pg_catalog.left(lottery || salt || alpha, pg_catalog.length(alpha)));
    n := 0;
    FOREACH c IN ARRAY pg_catalog.string_to_array(part, NULL) LOOP
      IF pg_catalog.strpos(alpha, c) = 0 THEN
        RETURN '{}';
      END IF;
      n := n * pg_catalog.length(alpha) + pg_catalog.strpos(alpha, c) - 1;
    END LOOP;
    result := result || n;
  END LOOP;
  IF @extschema@.id_encode(result, salt, min_length, alphabet) <> hash THEN
    RETURN '{}';
  END IF;
  RETURN result;
END
$$;

CREATE FUNCTION id_decode_once(hash text, salt text DEFAULT '', min_length integer DEFAULT 0,
    alphabet text DEFAULT 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890')
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT (@extschema@.id_decode(hash, salt, min_length, alphabet))[1]$$;
