-- workbench stand-in for pgcrypto 1.3: the same functions and signatures, in SQL.
-- Exact: digest() and hmac() for md5, sha1, sha224, sha256, sha384, sha512 (HMAC per
-- RFC 2104), gen_random_bytes() and gen_random_uuid() (the server's strong random
-- source), armor()/dearmor().
-- crypt() is exact for MD5-crypt ($1$).
-- NOT SECURE, round-trip only: crypt() for bcrypt and DES (hashes of the right shape that
-- verify with crypt(password, hash), but do not verify against real ones), pgp_sym_encrypt/decrypt and encrypt/decrypt (a SHA-256 keystream,
-- not OpenPGP or AES). pgp_pub_* raise an error.
-- Wrappers that only call another function have SQL-standard bodies (BEGIN ATOMIC): the
-- call is bound when the extension is created, so they keep working when it is relocated.

\echo Use "CREATE EXTENSION pgcrypto" to load this file. \quit

CREATE FUNCTION digest(bytea, text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  msg bytea := $1;
  ml bigint := pg_catalog.length($1)::bigint * 8;
  m32 constant bigint := 4294967295;
  h0 bigint := 1732584193; h1 bigint := 4023233417; h2 bigint := 2562383102;
  h3 bigint := 271733878; h4 bigint := 3285377520;
  a bigint; b bigint; c bigint; d bigint; e bigint; f bigint; k bigint; t bigint;
  w bigint[];
  p int; i int;
BEGIN
  CASE pg_catalog.lower($2)
    WHEN 'md5' THEN RETURN pg_catalog.decode(pg_catalog.md5($1), 'hex');
    WHEN 'sha224' THEN RETURN pg_catalog.sha224($1);
    WHEN 'sha256' THEN RETURN pg_catalog.sha256($1);
    WHEN 'sha384' THEN RETURN pg_catalog.sha384($1);
    WHEN 'sha512' THEN RETURN pg_catalog.sha512($1);
    WHEN 'sha1' THEN NULL;  -- below: SHA-1 (FIPS 180-4), which PostgreSQL lacks
    ELSE RAISE EXCEPTION 'Cannot use "%": No such hash algorithm', $2
         USING ERRCODE = '39000';
  END CASE;
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
  RETURN pg_catalog.decode(pg_catalog.lpad(pg_catalog.to_hex(h0), 8, '0')
    || pg_catalog.lpad(pg_catalog.to_hex(h1), 8, '0') || pg_catalog.lpad(pg_catalog.to_hex(h2), 8, '0')
    || pg_catalog.lpad(pg_catalog.to_hex(h3), 8, '0') || pg_catalog.lpad(pg_catalog.to_hex(h4), 8, '0'),
    'hex');
END
$$;

CREATE FUNCTION digest(text, text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT digest(pg_catalog.convert_to($1, pg_catalog.getdatabaseencoding()), $2); END;

CREATE FUNCTION hmac(bytea, bytea, text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  block int := CASE WHEN pg_catalog.lower($3) IN ('sha384', 'sha512') THEN 128 ELSE 64 END;
  key bytea := $2;
  ipad bytea;
  opad bytea;
  i int;
  -- the extension is relocatable: its schema is looked up, not written in
  digest text := pg_catalog.format('SELECT %s.digest($1, $2)', (SELECT e.extnamespace::pg_catalog.regnamespace::text FROM pg_catalog.pg_extension e WHERE e.extname = 'pgcrypto'));
BEGIN
  IF pg_catalog.length(key) > block THEN
    EXECUTE digest INTO key USING key, $3;
  ELSE
    EXECUTE digest USING ''::bytea, $3;  -- the algorithm's error, if unknown
  END IF;
  key := key || pg_catalog.decode(pg_catalog.repeat('00', block - pg_catalog.length(key)), 'hex');
  ipad := key;
  opad := key;
  FOR i IN 0..block - 1 LOOP
    ipad := pg_catalog.set_byte(ipad, i, pg_catalog.get_byte(key, i) # 54);
    opad := pg_catalog.set_byte(opad, i, pg_catalog.get_byte(key, i) # 92);
  END LOOP;
  EXECUTE digest INTO ipad USING ipad || $1, $3;
  EXECUTE digest INTO opad USING opad || ipad, $3;
  RETURN opad;
END
$$;

CREATE FUNCTION hmac(text, text, text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT hmac(pg_catalog.convert_to($1, pg_catalog.getdatabaseencoding()),
                         pg_catalog.convert_to($2, pg_catalog.getdatabaseencoding()), $3); END;

CREATE FUNCTION gen_random_uuid() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$SELECT pg_catalog.gen_random_uuid()$$;

CREATE FUNCTION gen_random_bytes(integer) RETURNS bytea
LANGUAGE plpgsql VOLATILE STRICT PARALLEL SAFE
AS $$
DECLARE
  out bytea := ''::bytea;
  u bytea;
BEGIN
  IF $1 < 1 OR $1 > 1024 THEN
    RAISE EXCEPTION 'Length not in range' USING ERRCODE = '22023';
  END IF;
  WHILE pg_catalog.length(out) < $1 LOOP
    -- the 14 bytes of a v4 UUID that carry no version or variant bits
    u := pg_catalog.uuid_send(pg_catalog.gen_random_uuid());
    out := out || pg_catalog.substr(u, 1, 6) || pg_catalog.substr(u, 8, 1) || pg_catalog.substr(u, 10, 7);
  END LOOP;
  RETURN pg_catalog.substr(out, 1, $1);
END
$$;

-- crypt() and gen_salt(): salts and hashes of the real shapes ($2a$NN$..., $1$...$...,
-- _xxxxxxxx..., 2-character DES). MD5-crypt ($1$) is exact; the others are
-- self-consistent but not the real algorithms (bcrypt and DES are not computed).

CREATE FUNCTION gen_salt(text, integer) RETURNS text
LANGUAGE plpgsql VOLATILE STRICT PARALLEL SAFE
AS $$
DECLARE
  alphabet constant text := './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  r bytea := pg_catalog.sha512(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                                || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));
  chars text := '';
  i int;
BEGIN
  FOR i IN 0..21 LOOP
    chars := chars || pg_catalog.substr(alphabet, pg_catalog.get_byte(r, i) % 64 + 1, 1);
  END LOOP;
  CASE pg_catalog.lower($1)
    WHEN 'bf' THEN
      IF $2 < 4 OR $2 > 31 THEN
        RAISE EXCEPTION 'gen_salt: Incorrect number of rounds' USING ERRCODE = '22023';
      END IF;
      RETURN '$2a$' || pg_catalog.lpad($2::text, 2, '0') || '$' || chars;
    WHEN 'md5' THEN RETURN '$1$' || pg_catalog.left(chars, 8);
    WHEN 'xdes' THEN
      IF $2 < 1 OR $2 > 16777215 OR $2 % 2 = 0 THEN
        RAISE EXCEPTION 'gen_salt: Incorrect number of rounds' USING ERRCODE = '22023';
      END IF;
      RETURN '_' || pg_catalog.substr(alphabet, $2 % 64 + 1, 1)
        || pg_catalog.substr(alphabet, ($2 >> 6) % 64 + 1, 1)
        || pg_catalog.substr(alphabet, ($2 >> 12) % 64 + 1, 1)
        || pg_catalog.substr(alphabet, ($2 >> 18) % 64 + 1, 1) || pg_catalog.left(chars, 4);
    WHEN 'des' THEN RETURN pg_catalog.left(chars, 2);
    ELSE RAISE EXCEPTION 'gen_salt: Unknown salt algorithm' USING ERRCODE = '22023';
  END CASE;
END
$$;

CREATE FUNCTION gen_salt(text) RETURNS text
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT gen_salt($1, CASE pg_catalog.lower($1) WHEN 'bf' THEN 6 WHEN 'xdes' THEN 725
                                                           ELSE 0 END); END;

CREATE FUNCTION crypt(text, text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  alphabet constant text := './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  setting text;
  n int;
  h bytea;
  out text := '';
  i int;
BEGIN
  IF $2 ~ '^\$2[abxy]\$[0-9]{2}\$' THEN
    setting := pg_catalog.left($2, 29); n := 31;
  ELSIF $2 LIKE '$1$%' THEN
    -- MD5-crypt, exact (the FreeBSD algorithm pgcrypto implements)
    DECLARE
      pw bytea := pg_catalog.convert_to($1, 'UTF8');
      salt text := pg_catalog.left(pg_catalog.split_part(pg_catalog.substr($2, 4), '$', 1), 8);
      sb bytea := pg_catalog.convert_to(pg_catalog.left(pg_catalog.split_part(pg_catalog.substr($2, 4), '$', 1), 8), 'UTF8');
      ctx bytea;
      alt bytea;
      fin bytea;
      pl int;
      k int;
      v int;
      enc text := '';
      triple int[] := ARRAY[0, 6, 12, 1, 7, 13, 2, 8, 14, 3, 9, 15, 4, 10, 5];
    BEGIN
      ctx := pw || '$1$'::bytea || sb;
      alt := pg_catalog.decode(pg_catalog.md5(pw || sb || pw), 'hex');
      pl := pg_catalog.length(pw);
      WHILE pl > 0 LOOP
        ctx := ctx || pg_catalog.substr(alt, 1, LEAST(16, pl));
        pl := pl - 16;
      END LOOP;
      k := pg_catalog.length(pw);
      WHILE k > 0 LOOP
        ctx := ctx || CASE WHEN k & 1 = 1 THEN '\x00'::bytea ELSE pg_catalog.substr(pw, 1, 1) END;
        k := k >> 1;
      END LOOP;
      fin := pg_catalog.decode(pg_catalog.md5(ctx), 'hex');
      FOR k IN 0..999 LOOP
        ctx := CASE WHEN k & 1 = 1 THEN pw ELSE fin END;
        IF k % 3 <> 0 THEN ctx := ctx || sb; END IF;
        IF k % 7 <> 0 THEN ctx := ctx || pw; END IF;
        ctx := ctx || CASE WHEN k & 1 = 1 THEN fin ELSE pw END;
        fin := pg_catalog.decode(pg_catalog.md5(ctx), 'hex');
      END LOOP;
      FOR k IN 0..4 LOOP
        v := (pg_catalog.get_byte(fin, triple[3 * k + 1]) << 16)
           | (pg_catalog.get_byte(fin, triple[3 * k + 2]) << 8) | pg_catalog.get_byte(fin, triple[3 * k + 3]);
        FOR pl IN 1..4 LOOP
          enc := enc || pg_catalog.substr(alphabet, (v & 63) + 1, 1);
          v := v >> 6;
        END LOOP;
      END LOOP;
      v := pg_catalog.get_byte(fin, 11);
      enc := enc || pg_catalog.substr(alphabet, (v & 63) + 1, 1) || pg_catalog.substr(alphabet, ((v >> 6) & 63) + 1, 1);
      RETURN '$1$' || salt || '$' || enc;
    END;
  ELSIF $2 LIKE '\_%' THEN
    setting := pg_catalog.left($2, 9); n := 11;
  ELSE
    IF pg_catalog.length($2) < 2 THEN
      RAISE EXCEPTION 'invalid salt' USING ERRCODE = '22023';
    END IF;
    setting := pg_catalog.left($2, 2); n := 11;
  END IF;
  h := pg_catalog.sha512(pg_catalog.convert_to(setting || $1, 'UTF8'));
  FOR i IN 0..n - 1 LOOP
    out := out || pg_catalog.substr(alphabet, pg_catalog.get_byte(h, i) % 64 + 1, 1);
  END LOOP;
  RETURN setting || out;
END
$$;

-- encrypt()/decrypt(): a SHA-256 keystream (same length as the data), not AES/Blowfish.

CREATE FUNCTION encrypt_iv(bytea, bytea, bytea, text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  out bytea := $1;
  stream bytea := ''::bytea;
  counter int := 0;
  i int;
BEGIN
  WHILE pg_catalog.length(stream) < pg_catalog.length($1) LOOP
    stream := stream || pg_catalog.sha256($2 || $3 || pg_catalog.convert_to($4, 'UTF8')
                                          || pg_catalog.int4send(counter));
    counter := counter + 1;
  END LOOP;
  FOR i IN 0..pg_catalog.length($1) - 1 LOOP
    out := pg_catalog.set_byte(out, i, pg_catalog.get_byte($1, i) # pg_catalog.get_byte(stream, i));
  END LOOP;
  RETURN out;
END
$$;

CREATE FUNCTION decrypt_iv(bytea, bytea, bytea, text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT encrypt_iv($1, $2, $3, $4); END;

CREATE FUNCTION encrypt(bytea, bytea, text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT encrypt_iv($1, $2, ''::bytea, $3); END;

CREATE FUNCTION decrypt(bytea, bytea, text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT encrypt_iv($1, $2, ''::bytea, $3); END;

-- pgp_sym_*: 'WBPGP' || 16-byte nonce || 8-byte check || data XOR keystream.

CREATE FUNCTION pgp_sym_encrypt_bytea(bytea, text, text) RETURNS bytea
LANGUAGE plpgsql VOLATILE STRICT PARALLEL SAFE
AS $$
DECLARE
  nonce bytea := pg_catalog.uuid_send(pg_catalog.gen_random_uuid());
  key bytea := pg_catalog.convert_to($2, 'UTF8');
  sealed bytea;
BEGIN
  EXECUTE pg_catalog.format('SELECT %s.encrypt_iv($1, $2, $3, $4)', (SELECT e.extnamespace::pg_catalog.regnamespace::text FROM pg_catalog.pg_extension e WHERE e.extname = 'pgcrypto'))
    INTO sealed USING $1, key, nonce, 'pgp';
  RETURN 'WBPGP'::bytea || nonce || pg_catalog.substr(pg_catalog.sha256(key || nonce || $1), 1, 8)
         || sealed;
END
$$;

CREATE FUNCTION pgp_sym_encrypt_bytea(bytea, text) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_sym_encrypt_bytea($1, $2, ''); END;

CREATE FUNCTION pgp_sym_encrypt(text, text, text) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_sym_encrypt_bytea(pg_catalog.convert_to($1, 'UTF8'), $2, $3); END;

CREATE FUNCTION pgp_sym_encrypt(text, text) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_sym_encrypt_bytea(pg_catalog.convert_to($1, 'UTF8'), $2, ''); END;

CREATE FUNCTION pgp_sym_decrypt_bytea(bytea, text, text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  key bytea := pg_catalog.convert_to($2, 'UTF8');
  nonce bytea := pg_catalog.substr($1, 6, 16);
  plain bytea;
BEGIN
  IF pg_catalog.length($1) < 29 OR pg_catalog.substr($1, 1, 5) <> 'WBPGP'::bytea THEN
    RAISE EXCEPTION 'Wrong key or corrupt data' USING ERRCODE = '39000';
  END IF;
  EXECUTE pg_catalog.format('SELECT %s.encrypt_iv($1, $2, $3, $4)', (SELECT e.extnamespace::pg_catalog.regnamespace::text FROM pg_catalog.pg_extension e WHERE e.extname = 'pgcrypto'))
    INTO plain USING pg_catalog.substr($1, 30), key, nonce, 'pgp';
  IF pg_catalog.substr(pg_catalog.sha256(key || nonce || plain), 1, 8) <> pg_catalog.substr($1, 22, 8) THEN
    RAISE EXCEPTION 'Wrong key or corrupt data' USING ERRCODE = '39000';
  END IF;
  RETURN plain;
END
$$;

CREATE FUNCTION pgp_sym_decrypt_bytea(bytea, text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_sym_decrypt_bytea($1, $2, ''); END;

CREATE FUNCTION pgp_sym_decrypt(bytea, text, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pg_catalog.convert_from(pgp_sym_decrypt_bytea($1, $2, $3), 'UTF8'); END;

CREATE FUNCTION pgp_sym_decrypt(bytea, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pg_catalog.convert_from(pgp_sym_decrypt_bytea($1, $2, ''), 'UTF8'); END;

-- Public-key encryption needs OpenPGP keys: the stand-in has the functions, not the crypto.

CREATE FUNCTION pgp_pub_encrypt_bytea(bytea, bytea, text) RETURNS bytea
LANGUAGE plpgsql VOLATILE STRICT PARALLEL SAFE
AS $$BEGIN RAISE EXCEPTION 'pgp_pub_* are not available in the workbench''s pgcrypto stand-in'
          USING ERRCODE = '0A000'; END$$;

CREATE FUNCTION pgp_pub_encrypt_bytea(bytea, bytea) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_pub_encrypt_bytea($1, $2, ''); END;

CREATE FUNCTION pgp_pub_encrypt(text, bytea, text) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_pub_encrypt_bytea(pg_catalog.convert_to($1, 'UTF8'), $2, $3); END;

CREATE FUNCTION pgp_pub_encrypt(text, bytea) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_pub_encrypt_bytea(pg_catalog.convert_to($1, 'UTF8'), $2, ''); END;

CREATE FUNCTION pgp_pub_decrypt_bytea(bytea, bytea, text, text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_pub_encrypt_bytea($1, $2, $4); END;

CREATE FUNCTION pgp_pub_decrypt_bytea(bytea, bytea, text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_pub_encrypt_bytea($1, $2, ''); END;

CREATE FUNCTION pgp_pub_decrypt_bytea(bytea, bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pgp_pub_encrypt_bytea($1, $2, ''); END;

CREATE FUNCTION pgp_pub_decrypt(bytea, bytea, text, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pg_catalog.convert_from(pgp_pub_encrypt_bytea($1, $2, $4), 'UTF8'); END;

CREATE FUNCTION pgp_pub_decrypt(bytea, bytea, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pg_catalog.convert_from(pgp_pub_encrypt_bytea($1, $2, ''), 'UTF8'); END;

CREATE FUNCTION pgp_pub_decrypt(bytea, bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT pg_catalog.convert_from(pgp_pub_encrypt_bytea($1, $2, ''), 'UTF8'); END;

CREATE FUNCTION pgp_key_id(bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT CASE WHEN pg_catalog.substr($1, 1, 5) = 'WBPGP'::bytea THEN 'SYMKEY' ELSE 'ANYKEY' END$$;

-- ASCII armor (RFC 4880 section 6): base64 body and a CRC-24 checksum.

CREATE FUNCTION armor(bytea, text[], text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  crc bigint := 11994318;  -- 0xB704CE
  headers text := '';
  i int;
  j int;
BEGIN
  IF pg_catalog.array_length($2, 1) IS DISTINCT FROM pg_catalog.array_length($3, 1) THEN
    RAISE EXCEPTION 'mismatched array dimensions' USING ERRCODE = '2202E';
  END IF;
  FOR i IN 1..coalesce(pg_catalog.array_length($2, 1), 0) LOOP
    headers := headers || $2[i] || ': ' || $3[i] || E'\n';
  END LOOP;
  FOR i IN 0..pg_catalog.length($1) - 1 LOOP
    crc := crc # (pg_catalog.get_byte($1, i)::bigint << 16);
    FOR j IN 1..8 LOOP
      crc := crc << 1;
      IF crc & 16777216 <> 0 THEN crc := crc # 25578747; END IF;  -- 0x1864CFB
    END LOOP;
  END LOOP;
  crc := crc & 16777215;
  RETURN E'-----BEGIN PGP MESSAGE-----\n' || headers || E'\n'
    || pg_catalog.encode($1, 'base64') || E'\n='
    || pg_catalog.encode(pg_catalog.substr(pg_catalog.int4send(crc::int), 2, 3), 'base64')
    || E'\n-----END PGP MESSAGE-----\n';
END
$$;

CREATE FUNCTION armor(bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC SELECT armor($1, '{}'::text[], '{}'::text[]); END;

CREATE FUNCTION pgp_armor_headers(text, key OUT text, value OUT text) RETURNS SETOF record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT pg_catalog.split_part(l, ': ', 1), pg_catalog.substr(l, pg_catalog.strpos(l, ': ') + 2)
FROM pg_catalog.unnest((pg_catalog.string_to_array(pg_catalog.split_part(
       pg_catalog.replace($1, E'\r', ''), E'\n\n', 1), E'\n'))[2:]) AS l
WHERE pg_catalog.strpos(l, ': ') > 0
$$;

CREATE FUNCTION dearmor(text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  body text;
BEGIN
  body := (pg_catalog.regexp_match($1,
    E'-----BEGIN PGP [A-Z ]+-----\r?\n(?:[^\n]*: [^\n]*\r?\n)*\r?\n(.*?)\r?\n=[A-Za-z0-9+/]{4}\r?\n-----END'))[1];
  IF body IS NULL THEN
    RAISE EXCEPTION 'Corrupt ascii-armor' USING ERRCODE = '39000';
  END IF;
  RETURN pg_catalog.decode(body, 'base64');
END
$$;
