-- workbench stand-in for pgsodium 3.1.8: the schema `pgsodium`, its roles, the key
-- types, pgsodium.key with valid_key/decrypted_key/masking_rule/mask_columns, create_key,
-- and the functions migrations commonly call: randombytes_*, crypto_aead_det_* and
-- crypto_aead_ietf_* (all overloads: raw key, key id, key uuid), crypto_secretbox*,
-- crypto_auth_hmacsha256/512 (exact HMAC), crypto_generichash, crypto_pwhash_str*,
-- crypto_box_new_keypair, crypto_sign_new_keypair, crypto_kdf_keygen, derive_key.
-- NOT libsodium: ciphertexts are a SHA-256 keystream with a 16-byte check (round-trip
-- only, not secure), generichash is SHA-512 based (not BLAKE2b), and SECURITY LABEL
-- FOR pgsodium (transparent column encryption) is not supported.

\echo Use "CREATE EXTENSION pgsodium" to load this file. \quit

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['pgsodium_keyiduser', 'pgsodium_keyholder', 'pgsodium_keymaker'] LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END
$$;

GRANT pgsodium_keyiduser TO pgsodium_keyholder;
GRANT pgsodium_keyholder TO pgsodium_keymaker;
GRANT USAGE ON SCHEMA pgsodium TO pgsodium_keyiduser;

CREATE TYPE pgsodium.key_status AS ENUM ('default', 'valid', 'invalid', 'expired');
CREATE TYPE pgsodium.key_type AS ENUM ('aead-ietf', 'aead-det', 'hmacsha512', 'hmacsha256',
  'auth', 'shorthash', 'generichash', 'kdf', 'secretbox', 'secretstream', 'stream_xchacha20');
CREATE TYPE pgsodium.crypto_box_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.crypto_sign_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.crypto_kx_keypair AS (public bytea, secret bytea);

CREATE SEQUENCE pgsodium.key_key_id_seq START 1;

CREATE TABLE pgsodium.key (
  id uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
  status pgsodium.key_status DEFAULT 'valid',
  created timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires timestamptz,
  key_type pgsodium.key_type,
  key_id bigint DEFAULT pg_catalog.nextval('pgsodium.key_key_id_seq'),
  key_context bytea DEFAULT '\x7067736f6469756d' CHECK (pg_catalog.length(key_context) = 8),
  name text UNIQUE,
  associated_data text DEFAULT 'associated',
  raw_key bytea,
  raw_key_nonce bytea,
  parent_key uuid REFERENCES pgsodium.key (id),
  comment text,
  user_data text
);
ALTER SEQUENCE pgsodium.key_key_id_seq OWNED BY pgsodium.key.key_id;

CREATE VIEW pgsodium.valid_key AS
SELECT id, name, status, key_type, key_id, key_context, created, expires, associated_data
FROM pgsodium.key
WHERE status IN ('valid', 'default') AND CASE WHEN expires IS NULL THEN true ELSE expires > now() END;

CREATE VIEW pgsodium.decrypted_key AS
SELECT id, status, created, expires, key_type, key_id, key_context, name, associated_data,
       raw_key, raw_key AS decrypted_raw_key, raw_key_nonce, parent_key, comment
FROM pgsodium.key;

CREATE VIEW pgsodium.masking_rule AS
SELECT NULL::oid AS attrelid, NULL::integer AS attnum, NULL::regnamespace AS relnamespace,
       NULL::name AS relname, NULL::name AS attname, NULL::text AS format_type,
       NULL::text AS col_description, NULL::text AS key_id_column, NULL::text AS key_id,
       NULL::text AS associated_columns, NULL::text AS nonce_column, NULL::text AS view_name,
       NULL::integer AS priority, NULL::boolean AS security_invoker
WHERE false;

CREATE VIEW pgsodium.mask_columns AS
SELECT NULL::name AS attname, NULL::oid AS attrelid, NULL::text AS key_id,
       NULL::text AS key_id_column, NULL::text AS associated_columns,
       NULL::text AS nonce_column, NULL::text AS format_type
WHERE false;

GRANT SELECT ON pgsodium.valid_key TO pgsodium_keyiduser;
GRANT SELECT ON pgsodium.key, pgsodium.decrypted_key TO pgsodium_keymaker;

-- internals of the stand-in
CREATE FUNCTION pgsodium._wb_keystream(data bytea, key bytea, nonce bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  stream bytea := ''::bytea;
  out bytea := data;
  i int := 0;
BEGIN
  WHILE pg_catalog.length(stream) < pg_catalog.length(data) LOOP
    stream := stream || pg_catalog.sha256(coalesce(key, '') || coalesce(nonce, '') || pg_catalog.int4send(i));
    i := i + 1;
  END LOOP;
  FOR i IN 0..pg_catalog.length(data) - 1 LOOP
    out := pg_catalog.set_byte(out, i, pg_catalog.get_byte(data, i) # pg_catalog.get_byte(stream, i));
  END LOOP;
  RETURN out;
END
$$;

CREATE FUNCTION pgsodium._wb_seal(message bytea, additional bytea, key bytea, nonce bytea)
RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$
SELECT pgsodium._wb_keystream(message, key, nonce)
  || pg_catalog.substr(pg_catalog.sha256(coalesce(key, '') || coalesce(nonce, '')
                                         || coalesce(additional, '') || message), 1, 16)
$$;

CREATE FUNCTION pgsodium._wb_open(ciphertext bytea, additional bytea, key bytea, nonce bytea)
RETURNS bytea
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  n int := pg_catalog.length(ciphertext) - 16;
  plain bytea;
BEGIN
  IF n < 0 THEN
    RAISE EXCEPTION 'pgsodium_crypto_aead_det_decrypt_by_id: invalid message';
  END IF;
  plain := pgsodium._wb_keystream(pg_catalog.substr(ciphertext, 1, n), key, nonce);
  IF pg_catalog.substr(pg_catalog.sha256(coalesce(key, '') || coalesce(nonce, '')
                                         || coalesce(additional, '') || plain), 1, 16)
     <> pg_catalog.substr(ciphertext, n + 1) THEN
    RAISE EXCEPTION 'invalid ciphertext';
  END IF;
  RETURN plain;
END
$$;

CREATE FUNCTION pgsodium.derive_key(key_id bigint, key_len integer DEFAULT 32,
    context bytea DEFAULT 'pgsodium') RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$
SELECT pg_catalog.substr(pg_catalog.sha512('workbench stand-in root key' || pg_catalog.int8send(key_id)
                                           || context), 1, key_len)
$$;

CREATE FUNCTION pgsodium._wb_key(key_uuid uuid) RETURNS bytea
LANGUAGE sql STABLE
AS $$
SELECT coalesce(k.raw_key, pgsodium.derive_key(k.key_id, 32, k.key_context))
FROM pgsodium.key k WHERE k.id = key_uuid
$$;

CREATE FUNCTION pgsodium.randombytes_buf(size integer) RETURNS bytea
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  out bytea := ''::bytea;
BEGIN
  WHILE pg_catalog.length(out) < size LOOP
    out := out || pg_catalog.sha256(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                                    || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));
  END LOOP;
  RETURN pg_catalog.substr(out, 1, size);
END
$$;

CREATE FUNCTION pgsodium.randombytes_new_seed() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(32)$$;

CREATE FUNCTION pgsodium.randombytes_random() RETURNS integer
LANGUAGE sql VOLATILE
AS $$SELECT ('x' || pg_catalog.encode(pgsodium.randombytes_buf(4), 'hex'))::bit(32)::integer$$;

CREATE FUNCTION pgsodium.randombytes_uniform(upper_bound integer) RETURNS integer
LANGUAGE sql VOLATILE
AS $$SELECT ((('x' || pg_catalog.encode(pgsodium.randombytes_buf(8), 'hex'))::bit(64)::bigint
              & 9223372036854775807) % upper_bound)::integer$$;

CREATE FUNCTION pgsodium.randombytes_buf_deterministic(size integer, seed bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_keystream(pg_catalog.decode(pg_catalog.repeat('00', size), 'hex'), seed, NULL)$$;

CREATE FUNCTION pgsodium.create_key(key_type pgsodium.key_type DEFAULT 'aead-det',
    name text DEFAULT NULL, raw_key bytea DEFAULT NULL, raw_key_nonce bytea DEFAULT NULL,
    parent_key uuid DEFAULT NULL, key_context bytea DEFAULT 'pgsodium',
    expires timestamptz DEFAULT NULL, associated_data text DEFAULT '')
RETURNS pgsodium.valid_key
LANGUAGE plpgsql
AS $$
DECLARE
  new_key pgsodium.key;
  result pgsodium.valid_key;
BEGIN
  INSERT INTO pgsodium.key (key_type, name, raw_key, raw_key_nonce, parent_key, key_context,
                            expires, associated_data)
  VALUES (create_key.key_type, create_key.name, create_key.raw_key, create_key.raw_key_nonce,
          create_key.parent_key, create_key.key_context, create_key.expires,
          create_key.associated_data)
  RETURNING * INTO new_key;
  SELECT * INTO result FROM pgsodium.valid_key v WHERE v.id = new_key.id;
  RETURN result;
END
$$;

-- AEAD (deterministic and IETF): raw key, key id (+ context), key uuid
CREATE FUNCTION pgsodium.crypto_aead_det_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(32)$$;
CREATE FUNCTION pgsodium.crypto_aead_det_noncegen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(16)$$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(32)$$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_noncegen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(12)$$;

CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key bytea,
    nonce bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_seal(message, additional, key, nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key bytea,
    nonce bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_open(message, additional, key, nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key_id bigint,
    context bytea DEFAULT 'pgsodium', nonce bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_seal(message, additional, pgsodium.derive_key(key_id, 32, context), nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key_id bigint,
    context bytea DEFAULT 'pgsodium', nonce bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_open(message, additional, pgsodium.derive_key(key_id, 32, context), nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key_uuid uuid)
RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_seal(message, additional, pgsodium._wb_key(key_uuid), NULL)$$;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key_uuid uuid)
RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_open(message, additional, pgsodium._wb_key(key_uuid), NULL)$$;
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key_uuid uuid,
    nonce bytea) RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_seal(message, additional, pgsodium._wb_key(key_uuid), nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key_uuid uuid,
    nonce bytea) RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_open(message, additional, pgsodium._wb_key(key_uuid), nonce)$$;

CREATE FUNCTION pgsodium.crypto_aead_ietf_encrypt(message bytea, additional bytea, nonce bytea,
    key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_seal(message, additional, key, nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_decrypt(message bytea, additional bytea, nonce bytea,
    key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_open(message, additional, key, nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_encrypt(message bytea, additional bytea, nonce bytea,
    key_id bigint, context bytea DEFAULT 'pgsodium') RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_seal(message, additional, pgsodium.derive_key(key_id, 32, context), nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_decrypt(message bytea, additional bytea, nonce bytea,
    key_id bigint, context bytea DEFAULT 'pgsodium') RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_open(message, additional, pgsodium.derive_key(key_id, 32, context), nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_encrypt(message bytea, additional bytea, nonce bytea,
    key_uuid uuid) RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_seal(message, additional, pgsodium._wb_key(key_uuid), nonce)$$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_decrypt(message bytea, additional bytea, nonce bytea,
    key_uuid uuid) RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_open(message, additional, pgsodium._wb_key(key_uuid), nonce)$$;

-- secretbox
CREATE FUNCTION pgsodium.crypto_secretbox_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(32)$$;
CREATE FUNCTION pgsodium.crypto_secretbox_noncegen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(24)$$;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_seal(message, NULL, key, nonce)$$;
CREATE FUNCTION pgsodium.crypto_secretbox_open(ciphertext bytea, nonce bytea, key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_open(ciphertext, NULL, key, nonce)$$;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key_id bigint,
    context bytea DEFAULT 'pgsodium') RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_seal(message, NULL, pgsodium.derive_key(key_id, 32, context), nonce)$$;
CREATE FUNCTION pgsodium.crypto_secretbox_open(message bytea, nonce bytea, key_id bigint,
    context bytea DEFAULT 'pgsodium') RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_open(message, NULL, pgsodium.derive_key(key_id, 32, context), nonce)$$;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key_uuid uuid) RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_seal(message, NULL, pgsodium._wb_key(key_uuid), nonce)$$;
CREATE FUNCTION pgsodium.crypto_secretbox_open(message bytea, nonce bytea, key_uuid uuid) RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_open(message, NULL, pgsodium._wb_key(key_uuid), nonce)$$;

-- HMAC (exact, RFC 2104 with the core SHA-2 functions)
CREATE FUNCTION pgsodium._wb_hmac(message bytea, secret bytea, algo text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  block int := CASE algo WHEN 'sha512' THEN 128 ELSE 64 END;
  key bytea := secret;
  ipad bytea;
  opad bytea;
  i int;
BEGIN
  IF pg_catalog.length(key) > block THEN
    key := CASE algo WHEN 'sha512' THEN pg_catalog.sha512(key) ELSE pg_catalog.sha256(key) END;
  END IF;
  key := key || pg_catalog.decode(pg_catalog.repeat('00', block - pg_catalog.length(key)), 'hex');
  ipad := key;
  opad := key;
  FOR i IN 0..block - 1 LOOP
    ipad := pg_catalog.set_byte(ipad, i, pg_catalog.get_byte(key, i) # 54);
    opad := pg_catalog.set_byte(opad, i, pg_catalog.get_byte(key, i) # 92);
  END LOOP;
  IF algo = 'sha512' THEN
    RETURN pg_catalog.sha512(opad || pg_catalog.sha512(ipad || message));
  END IF;
  RETURN pg_catalog.sha256(opad || pg_catalog.sha256(ipad || message));
END
$$;

CREATE FUNCTION pgsodium.crypto_auth_hmacsha256_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(32)$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(32)$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256(message bytea, secret bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_hmac(message, secret, 'sha256')$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256(message bytea, key_id bigint,
    context bytea DEFAULT 'pgsodium') RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_hmac(message, pgsodium.derive_key(key_id, 32, context), 'sha256')$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256(message bytea, key_uuid uuid) RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_hmac(message, pgsodium._wb_key(key_uuid), 'sha256')$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256_verify(hash bytea, message bytea, secret bytea)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_hmac(message, secret, 'sha256') = hash$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512(message bytea, secret bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_hmac(message, secret, 'sha512')$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512(message bytea, key_id bigint,
    context bytea DEFAULT 'pgsodium') RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pgsodium._wb_hmac(message, pgsodium.derive_key(key_id, 32, context), 'sha512')$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512(message bytea, key_uuid uuid) RETURNS bytea
LANGUAGE sql STABLE AS $$SELECT pgsodium._wb_hmac(message, pgsodium._wb_key(key_uuid), 'sha512')$$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512_verify(hash bytea, message bytea, secret bytea)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$SELECT pgsodium._wb_hmac(message, secret, 'sha512') = hash$$;

-- hashing, password hashing, key pairs
CREATE FUNCTION pgsodium.crypto_generichash(message bytea, key bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pg_catalog.substr(pg_catalog.sha512(coalesce(key, '') || message), 1, 32)$$;
CREATE FUNCTION pgsodium.crypto_shorthash(message bytea, key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pg_catalog.substr(pg_catalog.sha256(key || message), 1, 8)$$;
CREATE FUNCTION pgsodium.crypto_pwhash_str(password bytea) RETURNS bytea
LANGUAGE sql VOLATILE
AS $$
SELECT pg_catalog.convert_to('$wbstandin$' || pg_catalog.encode(s, 'hex') || '$'
       || pg_catalog.encode(pg_catalog.sha512(s || password), 'hex'), 'UTF8')
FROM pgsodium.randombytes_buf(16) AS s
$$;
CREATE FUNCTION pgsodium.crypto_pwhash_str_verify(hashed_password bytea, password bytea)
RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
SELECT pg_catalog.split_part(h, '$', 4) = pg_catalog.encode(pg_catalog.sha512(
         pg_catalog.decode(pg_catalog.split_part(h, '$', 3), 'hex') || password), 'hex')
FROM pg_catalog.convert_from(hashed_password, 'UTF8') AS h
$$;
CREATE FUNCTION pgsodium.crypto_box_new_keypair() RETURNS pgsodium.crypto_box_keypair
LANGUAGE sql VOLATILE
AS $$SELECT ROW(pg_catalog.sha256(s), s)::pgsodium.crypto_box_keypair FROM pgsodium.randombytes_buf(32) AS s$$;
CREATE FUNCTION pgsodium.crypto_sign_new_keypair() RETURNS pgsodium.crypto_sign_keypair
LANGUAGE sql VOLATILE
AS $$SELECT ROW(pg_catalog.sha256(s), s || pg_catalog.sha256(s))::pgsodium.crypto_sign_keypair
      FROM pgsodium.randombytes_buf(32) AS s$$;
CREATE FUNCTION pgsodium.crypto_kdf_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$SELECT pgsodium.randombytes_buf(32)$$;
CREATE FUNCTION pgsodium.crypto_kdf_derive_from_key(subkey_size bigint, subkey_id bigint,
    context bytea, primary_key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pg_catalog.substr(pg_catalog.sha512(primary_key || pg_catalog.int8send(subkey_id) || context),
                              1, subkey_size::integer)$$;
CREATE FUNCTION pgsodium.sodium_bin2base64(bin bytea) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$SELECT pg_catalog.translate(pg_catalog.encode(bin, 'base64'), E'+/\n', '-_')$$;
CREATE FUNCTION pgsodium.sodium_base642bin(base64 text) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT pg_catalog.decode(t || pg_catalog.repeat('=', (4 - pg_catalog.length(t) % 4) % 4), 'base64')
      FROM pg_catalog.translate(base64, '-_', '+/') AS t$$;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgsodium TO pgsodium_keyiduser;
