-- workbench stand-in for pgjwt 0.2.0: url_encode, url_decode, algorithm_sign, sign,
-- try_cast_double, verify; HMAC from pgcrypto (the real one or its stand-in), exact.

\echo Use "CREATE EXTENSION pgjwt" to load this file. \quit

CREATE FUNCTION url_encode(data bytea) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$SELECT pg_catalog.translate(pg_catalog.encode(data, 'base64'), E'+/=\n', '-_')$$;

CREATE FUNCTION url_decode(data text) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$
SELECT pg_catalog.decode(t || pg_catalog.repeat('=', (4 - pg_catalog.length(t) % 4) % 4), 'base64')
FROM pg_catalog.translate(data, '-_', '+/') AS t
$$;

CREATE FUNCTION algorithm_sign(signables text, secret text, algorithm text) RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  mac bytea;
BEGIN
  -- pgcrypto is relocatable: its schema is looked up, not written in
  EXECUTE pg_catalog.format('SELECT %s.hmac($1, $2, $3)',
    (SELECT e.extnamespace::pg_catalog.regnamespace::text
       FROM pg_catalog.pg_extension e WHERE e.extname = 'pgcrypto'))
    INTO mac
    USING signables, secret,
      CASE algorithm WHEN 'HS256' THEN 'sha256' WHEN 'HS384' THEN 'sha384'
                     WHEN 'HS512' THEN 'sha512' ELSE '' END;
  RETURN @extschema@.url_encode(mac);
END
$$;

CREATE FUNCTION sign(payload json, secret text, algorithm text DEFAULT 'HS256') RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
SELECT s || '.' || @extschema@.algorithm_sign(s, secret, algorithm)
FROM (SELECT @extschema@.url_encode(pg_catalog.convert_to(
               '{"alg":"' || algorithm || '","typ":"JWT"}', 'utf8'))
             || '.' || @extschema@.url_encode(pg_catalog.convert_to(payload::text, 'utf8')) AS s) AS t
$$;

CREATE FUNCTION try_cast_double(inp text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  RETURN inp::double precision;
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END
$$;

CREATE FUNCTION verify(token text, secret text, algorithm text DEFAULT 'HS256')
RETURNS TABLE(header json, payload json, valid boolean)
LANGUAGE sql IMMUTABLE
AS $$
SELECT jwt.header, jwt.payload,
       jwt.signature_ok AND pg_catalog.tstzrange(
         pg_catalog.to_timestamp(@extschema@.try_cast_double(jwt.payload->>'nbf')),
         pg_catalog.to_timestamp(@extschema@.try_cast_double(jwt.payload->>'exp'))
       ) @> CURRENT_TIMESTAMP
FROM (
  SELECT pg_catalog.convert_from(@extschema@.url_decode(r[1]), 'utf8')::json AS header,
         pg_catalog.convert_from(@extschema@.url_decode(r[2]), 'utf8')::json AS payload,
         r[3] = @extschema@.algorithm_sign(r[1] || '.' || r[2], secret, algorithm) AS signature_ok
  FROM pg_catalog.regexp_split_to_array(token, '\.') AS r
) AS jwt
$$;
