-- workbench stand-in for uuid-ossp 1.1: same functions and signatures, written in SQL.
-- v3 and v5 are exact (RFC 4122: MD5 and SHA-1 of namespace || name); v4 uses the
-- server's strong random source; v1 and v1mc use the clock and a random multicast node
-- (no MAC address is read).

\echo Use "CREATE EXTENSION ""uuid-ossp""" to load this file. \quit

CREATE FUNCTION uuid_nil() RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT '00000000-0000-0000-0000-000000000000'::uuid$$;

CREATE FUNCTION uuid_ns_dns() RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid$$;

CREATE FUNCTION uuid_ns_url() RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT '6ba7b811-9dad-11d1-80b4-00c04fd430c8'::uuid$$;

CREATE FUNCTION uuid_ns_oid() RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT '6ba7b812-9dad-11d1-80b4-00c04fd430c8'::uuid$$;

CREATE FUNCTION uuid_ns_x500() RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT '6ba7b814-9dad-11d1-80b4-00c04fd430c8'::uuid$$;

CREATE FUNCTION uuid_generate_v4() RETURNS uuid
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
AS $$SELECT pg_catalog.gen_random_uuid()$$;

CREATE FUNCTION uuid_generate_v1() RETURNS uuid
LANGUAGE plpgsql VOLATILE STRICT PARALLEL SAFE
AS $$
DECLARE
  -- 100-nanosecond intervals since 1582-10-15 (the Gregorian reform)
  ts bigint := (extract(epoch FROM pg_catalog.clock_timestamp()) * 10000000)::bigint
               + 122192928000000000;
  rnd bytea := pg_catalog.uuid_send(pg_catalog.gen_random_uuid());
  node bytea := pg_catalog.substr(rnd, 11, 6);
BEGIN
  node := pg_catalog.set_byte(node, 0, pg_catalog.get_byte(node, 0) | 1);  -- multicast: not a MAC
  RETURN pg_catalog.encode(
      pg_catalog.decode(pg_catalog.lpad(pg_catalog.to_hex(ts & 4294967295), 8, '0')
        || pg_catalog.lpad(pg_catalog.to_hex((ts >> 32) & 65535), 4, '0')
        || pg_catalog.lpad(pg_catalog.to_hex(((ts >> 48) & 4095) | 4096), 4, '0')
        || pg_catalog.lpad(pg_catalog.to_hex(
             ((pg_catalog.get_byte(rnd, 8) & 63) | 128) * 256 + pg_catalog.get_byte(rnd, 9)), 4, '0'),
        'hex') || node,
      'hex')::uuid;
END
$$;

CREATE FUNCTION uuid_generate_v1mc() RETURNS uuid
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT uuid_generate_v1(); END;  -- v1's node is a random multicast one too

CREATE FUNCTION uuid_generate_v3(namespace uuid, name text) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  h bytea := pg_catalog.decode(pg_catalog.md5(pg_catalog.uuid_send(namespace)
               || pg_catalog.convert_to(name, pg_catalog.getdatabaseencoding())), 'hex');
BEGIN
  h := pg_catalog.set_byte(h, 6, (pg_catalog.get_byte(h, 6) & 15) | 48);
  h := pg_catalog.set_byte(h, 8, (pg_catalog.get_byte(h, 8) & 63) | 128);
  RETURN pg_catalog.encode(h, 'hex')::uuid;
END
$$;

CREATE FUNCTION uuid_generate_v5(namespace uuid, name text) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  -- SHA-1 (FIPS 180-4) of namespace || name; PostgreSQL has no built-in sha1
  msg bytea := pg_catalog.uuid_send(namespace)
               || pg_catalog.convert_to(name, pg_catalog.getdatabaseencoding());
  ml bigint := pg_catalog.length(msg)::bigint * 8;
  m32 constant bigint := 4294967295;
  h0 bigint := 1732584193; h1 bigint := 4023233417; h2 bigint := 2562383102;
  h3 bigint := 271733878; h4 bigint := 3285377520;
  a bigint; b bigint; c bigint; d bigint; e bigint; f bigint; k bigint; t bigint;
  w bigint[];
  p int; i int;
  h bytea;
BEGIN
  msg := msg || '\x80'::bytea;
  msg := msg || pg_catalog.decode(pg_catalog.repeat('00', (120 - pg_catalog.length(msg) % 64) % 64), 'hex')
             || pg_catalog.int8send(ml);
  p := 0;
  WHILE p < pg_catalog.length(msg) LOOP
    w := '{}';
    FOR i IN 0..15 LOOP
      w[i] := (pg_catalog.get_byte(msg, p + 4 * i)::bigint << 24)
            | (pg_catalog.get_byte(msg, p + 4 * i + 1) << 16)
            | (pg_catalog.get_byte(msg, p + 4 * i + 2) << 8)
            | pg_catalog.get_byte(msg, p + 4 * i + 3);
    END LOOP;
    FOR i IN 16..79 LOOP
      t := w[i - 3] # w[i - 8] # w[i - 14] # w[i - 16];
      w[i] := ((t << 1) | (t >> 31)) & m32;
    END LOOP;
    a := h0; b := h1; c := h2; d := h3; e := h4;
    FOR i IN 0..79 LOOP
      IF i < 20 THEN f := (b & c) | ((b # m32) & d); k := 1518500249;
      ELSIF i < 40 THEN f := b # c # d; k := 1859775393;
      ELSIF i < 60 THEN f := (b & c) | (b & d) | (c & d); k := 2400959708;
      ELSE f := b # c # d; k := 3395469782;
      END IF;
      t := ((((a << 5) | (a >> 27)) & m32) + f + e + k + w[i]) & m32;
      e := d; d := c; c := ((b << 30) | (b >> 2)) & m32; b := a; a := t;
    END LOOP;
    h0 := (h0 + a) & m32; h1 := (h1 + b) & m32; h2 := (h2 + c) & m32;
    h3 := (h3 + d) & m32; h4 := (h4 + e) & m32;
    p := p + 64;
  END LOOP;
  h := pg_catalog.decode(pg_catalog.lpad(pg_catalog.to_hex(h0), 8, '0')
         || pg_catalog.lpad(pg_catalog.to_hex(h1), 8, '0')
         || pg_catalog.lpad(pg_catalog.to_hex(h2), 8, '0')
         || pg_catalog.lpad(pg_catalog.to_hex(h3), 8, '0'), 'hex');
  h := pg_catalog.set_byte(h, 6, (pg_catalog.get_byte(h, 6) & 15) | 80);
  h := pg_catalog.set_byte(h, 8, (pg_catalog.get_byte(h, 8) & 63) | 128);
  RETURN pg_catalog.encode(h, 'hex')::uuid;
END
$$;
