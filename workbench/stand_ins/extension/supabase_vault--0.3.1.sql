-- workbench stand-in for supabase_vault 0.3.1: vault.secrets, vault.decrypted_secrets,
-- vault.create_secret(), vault.update_secret() with the real columns and signatures.
-- NOT SECURE: `secret` holds the base64 of the plain text (no key, no encryption);
-- decrypted_secret reads it back. For local migration work only.

\echo Use "CREATE EXTENSION supabase_vault" to load this file. \quit

CREATE FUNCTION vault._crypto_aead_det_noncegen() RETURNS bytea
LANGUAGE sql VOLATILE
AS $$SELECT pg_catalog.uuid_send(pg_catalog.gen_random_uuid())$$;

CREATE FUNCTION vault._crypto_aead_det_encrypt(message bytea, additional bytea, key_id bigint,
    context bytea = 'pgsodium', nonce bytea = NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT message$$;

CREATE FUNCTION vault._crypto_aead_det_decrypt(message bytea, additional bytea, key_id bigint,
    context bytea = 'pgsodium', nonce bytea = NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$SELECT message$$;

CREATE TABLE vault.secrets (
  id uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
  name text,
  description text NOT NULL DEFAULT '',
  secret text NOT NULL,
  key_id uuid,
  nonce bytea DEFAULT vault._crypto_aead_det_noncegen(),
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

COMMENT ON TABLE vault.secrets IS
  'Table with encrypted `secret` column for storing sensitive information on disk.';

CREATE UNIQUE INDEX secrets_name_idx ON vault.secrets USING btree (name) WHERE name IS NOT NULL;

CREATE VIEW vault.decrypted_secrets AS
SELECT s.id, s.name, s.description, s.secret,
       pg_catalog.convert_from(vault._crypto_aead_det_decrypt(
         message := pg_catalog.decode(s.secret, 'base64'),
         additional := pg_catalog.convert_to(s.id::text, 'utf8'),
         key_id := 0, context := 'pgsodium'::bytea, nonce := s.nonce), 'utf8') AS decrypted_secret,
       s.key_id, s.nonce, s.created_at, s.updated_at
FROM vault.secrets s;

CREATE FUNCTION vault.create_secret(new_secret text, new_name text = NULL,
    new_description text = '', new_key_id uuid = NULL) RETURNS uuid
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
  new_id uuid;
BEGIN
  INSERT INTO vault.secrets (secret, name, description)
  VALUES (pg_catalog.encode(pg_catalog.convert_to(new_secret, 'utf8'), 'base64'), new_name,
          new_description)
  RETURNING id INTO new_id;
  RETURN new_id;
END
$$;

CREATE FUNCTION vault.update_secret(secret_id uuid, new_secret text = NULL, new_name text = NULL,
    new_description text = NULL, new_key_id uuid = NULL) RETURNS void
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  UPDATE vault.secrets s
  SET secret = coalesce(pg_catalog.encode(pg_catalog.convert_to(new_secret, 'utf8'), 'base64'),
                        s.secret),
      name = coalesce(new_name, s.name),
      description = coalesce(new_description, s.description),
      updated_at = pg_catalog.now()
  WHERE s.id = secret_id;
END
$$;

SELECT pg_catalog.pg_extension_config_dump('vault.secrets', '');
