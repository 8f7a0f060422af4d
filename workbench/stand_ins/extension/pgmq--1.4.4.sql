-- workbench stand-in for pgmq 1.4.4: the schema `pgmq`, pgmq.meta, the queue tables
-- pgmq.q_<name> and pgmq.a_<name>, and create, create_unlogged, drop_queue, send,
-- send_batch, read, read_with_poll, pop, archive, delete, purge_queue, set_vt, metrics,
-- metrics_all and list_queues with the real behaviour (visibility timeouts included).
-- Partitioned queues (create_partitioned) are created as plain queues.

\echo Use "CREATE EXTENSION pgmq" to load this file. \quit

CREATE TABLE pgmq.meta (
  queue_name varchar UNIQUE NOT NULL,
  is_partitioned boolean NOT NULL,
  is_unlogged boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE pgmq.message_record AS (
  msg_id bigint, read_ct integer, enqueued_at timestamptz, vt timestamptz, message jsonb
);

CREATE TYPE pgmq.queue_record AS (
  queue_name varchar, is_partitioned boolean, is_unlogged boolean, created_at timestamptz
);

CREATE TYPE pgmq.metrics_result AS (
  queue_name text, queue_length bigint, newest_msg_age_sec integer,
  oldest_msg_age_sec integer, total_messages bigint, scrape_time timestamptz
);

CREATE FUNCTION pgmq.format_table_name(queue_name text, prefix text) RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  IF queue_name ~ '\$|;|--|''' THEN
    RAISE EXCEPTION 'queue name contains invalid characters: $, ;, --, or \''';
  END IF;
  RETURN pg_catalog.lower(prefix || '_' || queue_name);
END
$$;

CREATE FUNCTION pgmq._create(queue_name text, unlogged boolean, partitioned boolean) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  qtable text := pgmq.format_table_name(queue_name, 'q');
  atable text := pgmq.format_table_name(queue_name, 'a');
BEGIN
  IF pg_catalog.length(qtable) > 47 THEN
    RAISE EXCEPTION 'queue name is too long, maximum length is 48 characters';
  END IF;
  EXECUTE pg_catalog.format(
    'CREATE %s TABLE IF NOT EXISTS pgmq.%I (msg_id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,'
    ' read_ct integer DEFAULT 0 NOT NULL, enqueued_at timestamptz DEFAULT now() NOT NULL,'
    ' vt timestamptz NOT NULL, message jsonb)',
    CASE WHEN unlogged THEN 'UNLOGGED' ELSE '' END, qtable);
  EXECUTE pg_catalog.format(
    'CREATE TABLE IF NOT EXISTS pgmq.%I (msg_id bigint PRIMARY KEY, read_ct integer DEFAULT 0'
    ' NOT NULL, enqueued_at timestamptz DEFAULT now() NOT NULL, archived_at timestamptz'
    ' DEFAULT now() NOT NULL, vt timestamptz NOT NULL, message jsonb)', atable);
  EXECUTE pg_catalog.format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (vt ASC)',
                            qtable || '_vt_idx', qtable);
  EXECUTE pg_catalog.format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (archived_at)',
                            'archived_at_idx_' || queue_name, atable);
  IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pgmq')
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                     WHERE d.objid = pg_catalog.to_regclass('pgmq.' || pg_catalog.quote_ident(qtable))
                       AND d.deptype = 'e') THEN
    EXECUTE pg_catalog.format('ALTER EXTENSION pgmq ADD TABLE pgmq.%I', qtable);
    EXECUTE pg_catalog.format('ALTER EXTENSION pgmq ADD TABLE pgmq.%I', atable);
  END IF;
  INSERT INTO pgmq.meta (queue_name, is_partitioned, is_unlogged)
  VALUES (queue_name, partitioned, unlogged)
  ON CONFLICT ON CONSTRAINT meta_queue_name_key DO NOTHING;
END
$$;

CREATE FUNCTION pgmq."create"(queue_name text) RETURNS void
LANGUAGE sql AS $$SELECT pgmq._create(queue_name, false, false)$$;

CREATE FUNCTION pgmq.create_non_partitioned(queue_name text) RETURNS void
LANGUAGE sql AS $$SELECT pgmq._create(queue_name, false, false)$$;

CREATE FUNCTION pgmq.create_unlogged(queue_name text) RETURNS void
LANGUAGE sql AS $$SELECT pgmq._create(queue_name, true, false)$$;

CREATE FUNCTION pgmq.create_partitioned(queue_name text, partition_interval text DEFAULT '10000',
    retention_interval text DEFAULT '100000') RETURNS void
LANGUAGE sql AS $$SELECT pgmq._create(queue_name, false, true)$$;

CREATE FUNCTION pgmq.drop_queue(queue_name text, partitioned boolean DEFAULT false) RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
  qtable text := pgmq.format_table_name(queue_name, 'q');
  atable text := pgmq.format_table_name(queue_name, 'a');
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_depend d
             WHERE d.objid = pg_catalog.to_regclass('pgmq.' || pg_catalog.quote_ident(qtable))
               AND d.deptype = 'e') THEN
    EXECUTE pg_catalog.format('ALTER EXTENSION pgmq DROP TABLE pgmq.%I', qtable);
    EXECUTE pg_catalog.format('ALTER EXTENSION pgmq DROP TABLE pgmq.%I', atable);
  END IF;
  EXECUTE pg_catalog.format('DROP TABLE IF EXISTS pgmq.%I', qtable);
  EXECUTE pg_catalog.format('DROP TABLE IF EXISTS pgmq.%I', atable);
  DELETE FROM pgmq.meta m WHERE m.queue_name = drop_queue.queue_name;
  RETURN true;
END
$$;

CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, delay integer DEFAULT 0)
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE pg_catalog.format(
    'INSERT INTO pgmq.%I (vt, message) VALUES (clock_timestamp() + %L, $1) RETURNING msg_id',
    pgmq.format_table_name(queue_name, 'q'), pg_catalog.make_interval(secs => delay)) USING msg;
END
$$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay integer DEFAULT 0)
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE pg_catalog.format(
    'INSERT INTO pgmq.%I (vt, message) SELECT clock_timestamp() + %L, m'
    ' FROM unnest($1) WITH ORDINALITY AS u(m, o) ORDER BY o RETURNING msg_id',
    pgmq.format_table_name(queue_name, 'q'), pg_catalog.make_interval(secs => delay)) USING msgs;
END
$$;

CREATE FUNCTION pgmq.read(queue_name text, vt integer, qty integer)
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE pg_catalog.format(
    'WITH cte AS (SELECT msg_id FROM pgmq.%1$I WHERE vt <= clock_timestamp() ORDER BY msg_id'
    ' LIMIT $1 FOR UPDATE SKIP LOCKED)'
    ' UPDATE pgmq.%1$I m SET vt = clock_timestamp() + %2$L, read_ct = read_ct + 1'
    ' FROM cte WHERE m.msg_id = cte.msg_id'
    ' RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message',
    pgmq.format_table_name(queue_name, 'q'), pg_catalog.make_interval(secs => vt)) USING qty;
END
$$;

CREATE FUNCTION pgmq.read_with_poll(queue_name text, vt integer, qty integer,
    max_poll_seconds integer DEFAULT 5, poll_interval_ms integer DEFAULT 100)
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
DECLARE
  stop_at timestamptz := pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => max_poll_seconds);
  found_any boolean;
BEGIN
  LOOP
    found_any := false;
    RETURN QUERY SELECT * FROM pgmq.read(queue_name, vt, qty);
    GET DIAGNOSTICS found_any = ROW_COUNT;
    EXIT WHEN found_any OR pg_catalog.clock_timestamp() >= stop_at;
    PERFORM pg_catalog.pg_sleep(poll_interval_ms / 1000.0);
  END LOOP;
END
$$;

CREATE FUNCTION pgmq.pop(queue_name text) RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE pg_catalog.format(
    'WITH cte AS (SELECT msg_id FROM pgmq.%1$I WHERE vt <= clock_timestamp() ORDER BY msg_id'
    ' LIMIT 1 FOR UPDATE SKIP LOCKED)'
    ' DELETE FROM pgmq.%1$I m USING cte WHERE m.msg_id = cte.msg_id'
    ' RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message',
    pgmq.format_table_name(queue_name, 'q'));
END
$$;

CREATE FUNCTION pgmq.delete(queue_name text, msg_ids bigint[]) RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE pg_catalog.format(
    'DELETE FROM pgmq.%I WHERE msg_id = ANY($1) RETURNING msg_id',
    pgmq.format_table_name(queue_name, 'q')) USING msg_ids;
END
$$;

CREATE FUNCTION pgmq.delete(queue_name text, msg_id bigint) RETURNS boolean
LANGUAGE sql
AS $$SELECT EXISTS (SELECT FROM pgmq.delete(queue_name, ARRAY[msg_id]))$$;

CREATE FUNCTION pgmq.archive(queue_name text, msg_ids bigint[]) RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE pg_catalog.format(
    'WITH archived AS (DELETE FROM pgmq.%I WHERE msg_id = ANY($1)'
    ' RETURNING msg_id, vt, read_ct, enqueued_at, message)'
    ' INSERT INTO pgmq.%I (msg_id, vt, read_ct, enqueued_at, message)'
    ' SELECT msg_id, vt, read_ct, enqueued_at, message FROM archived RETURNING msg_id',
    pgmq.format_table_name(queue_name, 'q'), pgmq.format_table_name(queue_name, 'a'))
    USING msg_ids;
END
$$;

CREATE FUNCTION pgmq.archive(queue_name text, msg_id bigint) RETURNS boolean
LANGUAGE sql
AS $$SELECT EXISTS (SELECT FROM pgmq.archive(queue_name, ARRAY[msg_id]))$$;

CREATE FUNCTION pgmq.purge_queue(queue_name text) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  deleted bigint;
BEGIN
  EXECUTE pg_catalog.format('DELETE FROM pgmq.%I', pgmq.format_table_name(queue_name, 'q'));
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END
$$;

CREATE FUNCTION pgmq.set_vt(queue_name text, msg_id bigint, vt integer)
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE pg_catalog.format(
    'UPDATE pgmq.%I SET vt = clock_timestamp() + %L WHERE msg_id = $1'
    ' RETURNING msg_id, read_ct, enqueued_at, vt, message',
    pgmq.format_table_name(queue_name, 'q'), pg_catalog.make_interval(secs => vt)) USING msg_id;
END
$$;

CREATE FUNCTION pgmq.metrics(queue_name text) RETURNS pgmq.metrics_result
LANGUAGE plpgsql
AS $$
DECLARE
  result pgmq.metrics_result;
BEGIN
  EXECUTE pg_catalog.format(
    'SELECT %L::text, count(*), extract(epoch FROM now() - max(enqueued_at))::int,'
    ' extract(epoch FROM now() - min(enqueued_at))::int,'
    ' (SELECT coalesce(max(last_value), 0) FROM pg_catalog.pg_sequences'
    '   WHERE schemaname = %L AND sequencename = %L), now() FROM pgmq.%I',
    queue_name, 'pgmq', pgmq.format_table_name(queue_name, 'q') || '_msg_id_seq',
    pgmq.format_table_name(queue_name, 'q'))
    INTO result;
  RETURN result;
END
$$;

CREATE FUNCTION pgmq.metrics_all() RETURNS SETOF pgmq.metrics_result
LANGUAGE sql
AS $$SELECT (pgmq.metrics(m.queue_name)).* FROM pgmq.meta m ORDER BY m.queue_name$$;

CREATE FUNCTION pgmq.list_queues() RETURNS SETOF pgmq.queue_record
LANGUAGE sql
AS $$SELECT queue_name, is_partitioned, is_unlogged, created_at FROM pgmq.meta ORDER BY created_at$$;

SELECT pg_catalog.pg_extension_config_dump('pgmq.meta', '');
