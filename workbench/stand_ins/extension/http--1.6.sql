-- workbench stand-in for http (pgsql-http) 1.6: the types http_method, http_header,
-- http_request, http_response and the functions http(), http_get/post/put/patch/delete/
-- head, http_header(), urlencode(), bytea_to_text(), text_to_bytea() and the curlopt functions.
-- No request is sent: each call is recorded in http_stand_in_calls and answered with
-- status 200, content type application/json and the body '{}'.

\echo Use "CREATE EXTENSION http" to load this file. \quit

CREATE DOMAIN http_method AS text
  CHECK (VALUE ILIKE 'get' OR VALUE ILIKE 'post' OR VALUE ILIKE 'put' OR VALUE ILIKE 'delete'
         OR VALUE ILIKE 'patch' OR VALUE ILIKE 'head');

CREATE DOMAIN content_type AS text CHECK (VALUE ~ '^\S+\/\S+');

CREATE TYPE http_header AS (field character varying, value character varying);

CREATE TYPE http_response AS (status integer, content_type character varying,
                              headers http_header[], content character varying);

CREATE TYPE http_request AS (method http_method, uri character varying,
                             headers http_header[], content_type character varying,
                             content character varying);

CREATE TABLE http_stand_in_calls (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  called_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
  request http_request NOT NULL
);
COMMENT ON TABLE http_stand_in_calls IS 'workbench stand-in: the HTTP calls made (never sent)';

CREATE FUNCTION http_set_curlopt(curlopt character varying, value character varying)
RETURNS boolean LANGUAGE sql AS $$SELECT true$$;

CREATE FUNCTION http_reset_curlopt() RETURNS boolean LANGUAGE sql AS $$SELECT true$$;

CREATE FUNCTION http_list_curlopt() RETURNS TABLE(curlopt text, value text)
LANGUAGE sql AS $$SELECT NULL::text, NULL::text WHERE false$$;

CREATE FUNCTION http_header(field character varying, value character varying)
RETURNS http_header LANGUAGE sql IMMUTABLE
AS $$SELECT ROW(field, value)::@extschema@.http_header$$;

CREATE FUNCTION http(request @extschema@.http_request) RETURNS @extschema@.http_response
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  INSERT INTO @extschema@.http_stand_in_calls (request) VALUES (request);
  RETURN ROW(200, 'application/json', '{}'::@extschema@.http_header[], '{}')::@extschema@.http_response;
END
$$;

CREATE FUNCTION urlencode(string character varying) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
SELECT coalesce(pg_catalog.string_agg(
  CASE WHEN b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122
            OR b IN (45, 46, 95, 126)
       THEN pg_catalog.chr(b) ELSE '%' || pg_catalog.upper(pg_catalog.lpad(pg_catalog.to_hex(b), 2, '0')) END,
  '' ORDER BY i), '')
FROM (SELECT i, pg_catalog.get_byte(pg_catalog.convert_to(string, 'UTF8'), i) AS b
      FROM pg_catalog.generate_series(0, pg_catalog.octet_length(string::text) - 1) AS i) AS t
$$;

CREATE FUNCTION urlencode(string bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$SELECT @extschema@.urlencode(pg_catalog.convert_from(string, 'UTF8')::character varying)$$;

CREATE FUNCTION urlencode(data jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
SELECT coalesce(pg_catalog.string_agg(@extschema@.urlencode(key::character varying) || '='
                                      || @extschema@.urlencode(value::character varying), '&'), '')
FROM pg_catalog.jsonb_each_text(data)
$$;

CREATE FUNCTION http_get(uri character varying) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('GET', uri, NULL, NULL, NULL)::@extschema@.http_request)$$;

CREATE FUNCTION http_get(uri character varying, data jsonb) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('GET', uri || '?' || @extschema@.urlencode(data), NULL, NULL,
                                 NULL)::@extschema@.http_request)$$;

CREATE FUNCTION http_post(uri character varying, content character varying,
    content_type character varying) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('POST', uri, NULL, content_type, content)::@extschema@.http_request)$$;

CREATE FUNCTION http_post(uri character varying, data jsonb) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('POST', uri, NULL, 'application/x-www-form-urlencoded',
                                 @extschema@.urlencode(data))::@extschema@.http_request)$$;

CREATE FUNCTION http_put(uri character varying, content character varying,
    content_type character varying) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('PUT', uri, NULL, content_type, content)::@extschema@.http_request)$$;

CREATE FUNCTION http_patch(uri character varying, content character varying,
    content_type character varying) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('PATCH', uri, NULL, content_type, content)::@extschema@.http_request)$$;

CREATE FUNCTION http_delete(uri character varying) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('DELETE', uri, NULL, NULL, NULL)::@extschema@.http_request)$$;

CREATE FUNCTION http_delete(uri character varying, content character varying,
    content_type character varying) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('DELETE', uri, NULL, content_type, content)::@extschema@.http_request)$$;

CREATE FUNCTION http_head(uri character varying) RETURNS http_response
LANGUAGE sql VOLATILE
AS $$SELECT @extschema@.http(ROW('HEAD', uri, NULL, NULL, NULL)::@extschema@.http_request)$$;

CREATE FUNCTION bytea_to_text(data bytea) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$SELECT pg_catalog.convert_from(data, pg_catalog.getdatabaseencoding())$$;

CREATE FUNCTION text_to_bytea(data text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT
AS $$SELECT pg_catalog.convert_to(data, pg_catalog.getdatabaseencoding())$$;
