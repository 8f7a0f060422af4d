-- workbench stand-in for pg_net 0.19.5: schema `net` with http_get, http_post and
-- http_delete returning request ids, net.http_request_queue and net._http_response.
-- No request is ever sent: each call is recorded in net.http_request_queue (and stays
-- there; no response row is written). For local migration work only.

\echo Use "CREATE EXTENSION pg_net" to load this file. \quit

CREATE SCHEMA IF NOT EXISTS net;

CREATE DOMAIN net.http_method AS text
  CHECK (value ILIKE 'get' OR value ILIKE 'post' OR value ILIKE 'delete'
         OR value ILIKE 'put' OR value ILIKE 'patch' OR value ILIKE 'head');

CREATE UNLOGGED TABLE net.http_request_queue (
  id bigserial,
  method net.http_method NOT NULL,
  url text NOT NULL,
  headers jsonb NOT NULL,
  body bytea,
  timeout_milliseconds integer NOT NULL
);

CREATE UNLOGGED TABLE net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ON net._http_response (created);

CREATE TYPE net.request_status AS ENUM ('PENDING', 'SUCCESS', 'ERROR');
CREATE TYPE net.http_response AS (status_code integer, headers jsonb, body text);
CREATE TYPE net.http_response_result AS (status net.request_status, message text,
                                         response net.http_response);

CREATE FUNCTION net._urlencode_string(string varchar) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
SELECT pg_catalog.string_agg(
  CASE WHEN b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122
            OR b IN (45, 46, 95, 126)
       THEN pg_catalog.chr(b) ELSE '%' || pg_catalog.upper(pg_catalog.lpad(pg_catalog.to_hex(b), 2, '0')) END,
  '' ORDER BY i)
FROM (SELECT i, pg_catalog.get_byte(pg_catalog.convert_to(string, 'UTF8'), i) AS b
      FROM pg_catalog.generate_series(0, pg_catalog.octet_length(string::text) - 1) AS i) AS t
$$;

CREATE FUNCTION net._encode_url_with_params_array(url text, params_array text[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
SELECT CASE WHEN pg_catalog.cardinality(params_array) = 0 THEN url
            ELSE url || CASE WHEN pg_catalog.strpos(url, '?') > 0 THEN '&' ELSE '?' END
                 || pg_catalog.array_to_string(params_array, '&') END
$$;

CREATE FUNCTION net.http_get(url text, params jsonb DEFAULT '{}'::jsonb,
    headers jsonb DEFAULT '{}'::jsonb, timeout_milliseconds integer DEFAULT 5000) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL SAFE STRICT
AS $$
DECLARE
  request_id bigint;
BEGIN
  INSERT INTO net.http_request_queue (method, url, headers, timeout_milliseconds)
  VALUES ('GET', net._encode_url_with_params_array(url, (
            SELECT coalesce(pg_catalog.array_agg(net._urlencode_string(key) || '='
                                                  || net._urlencode_string(value)), '{}')
            FROM pg_catalog.jsonb_each_text(params))), headers, timeout_milliseconds)
  RETURNING id INTO request_id;
  RETURN request_id;
END
$$;

CREATE FUNCTION net.http_post(url text, body jsonb DEFAULT '{}'::jsonb,
    params jsonb DEFAULT '{}'::jsonb,
    headers jsonb DEFAULT '{"Content-Type": "application/json"}'::jsonb,
    timeout_milliseconds integer DEFAULT 5000) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL SAFE
AS $$
DECLARE
  request_id bigint;
  content_type text;
BEGIN
  SELECT v INTO content_type FROM pg_catalog.jsonb_each_text(coalesce(headers, '{}')) AS h(k, v)
  WHERE pg_catalog.lower(k) = 'content-type' LIMIT 1;
  IF content_type IS NULL THEN
    headers := coalesce(headers, '{}') || '{"Content-Type": "application/json"}'::jsonb;
  ELSIF content_type <> 'application/json' THEN
    RAISE EXCEPTION 'Content-Type header must be "application/json"';
  END IF;
  IF body IS NULL THEN
    RAISE EXCEPTION 'body must not be null';
  END IF;
  INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  VALUES ('POST', net._encode_url_with_params_array(url, (
            SELECT coalesce(pg_catalog.array_agg(net._urlencode_string(key) || '='
                                                  || net._urlencode_string(value)), '{}')
            FROM pg_catalog.jsonb_each_text(coalesce(params, '{}')))),
          headers, pg_catalog.convert_to(body::text, 'UTF8'), timeout_milliseconds)
  RETURNING id INTO request_id;
  RETURN request_id;
END
$$;

CREATE FUNCTION net.http_delete(url text, params jsonb DEFAULT '{}'::jsonb,
    headers jsonb DEFAULT '{}'::jsonb, timeout_milliseconds integer DEFAULT 5000,
    body jsonb DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL SAFE
AS $$
DECLARE
  request_id bigint;
BEGIN
  INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  VALUES ('DELETE', net._encode_url_with_params_array(url, (
            SELECT coalesce(pg_catalog.array_agg(net._urlencode_string(key) || '='
                                                  || net._urlencode_string(value)), '{}')
            FROM pg_catalog.jsonb_each_text(coalesce(params, '{}')))),
          coalesce(headers, '{}'), pg_catalog.convert_to(body::text, 'UTF8'), timeout_milliseconds)
  RETURNING id INTO request_id;
  RETURN request_id;
END
$$;

CREATE FUNCTION net._await_response(request_id bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL SAFE STRICT
AS $$
BEGIN
  RAISE EXCEPTION 'no response will arrive: pg_net is a workbench stand-in (requests are never sent)';
END
$$;

CREATE FUNCTION net.check_worker_is_up() RETURNS void
LANGUAGE sql AS $$SELECT$$;

CREATE FUNCTION net._http_collect_response(request_id bigint, async boolean DEFAULT true)
RETURNS net.http_response_result
LANGUAGE plpgsql VOLATILE PARALLEL SAFE STRICT
AS $$
DECLARE
  rec net._http_response;
BEGIN
  SELECT * INTO rec FROM net._http_response WHERE id = request_id;
  IF rec IS NULL THEN
    RETURN ('PENDING', 'request not sent: pg_net is a workbench stand-in', NULL)::net.http_response_result;
  END IF;
  RETURN ('SUCCESS', 'ok', (rec.status_code, rec.headers, rec.content)::net.http_response)::net.http_response_result;
END
$$;

CREATE FUNCTION net.http_collect_response(request_id bigint, async boolean DEFAULT true)
RETURNS net.http_response_result
LANGUAGE sql VOLATILE PARALLEL SAFE STRICT
AS $$SELECT net._http_collect_response(request_id, async)$$;

CREATE FUNCTION net.worker_restart() RETURNS boolean
LANGUAGE sql AS $$SELECT true$$;

CREATE FUNCTION net.wait_until_running() RETURNS void
LANGUAGE sql AS $$SELECT$$;

CREATE FUNCTION net.wake() RETURNS void
LANGUAGE sql AS $$SELECT$$;

GRANT USAGE ON SCHEMA net TO PUBLIC;
