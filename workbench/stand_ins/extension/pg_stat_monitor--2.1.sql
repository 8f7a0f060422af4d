-- workbench stand-in for pg_stat_monitor 2.1: the pg_stat_monitor view (its main
-- columns; no rows: nothing is collected), pg_stat_monitor_reset() and
-- pg_stat_monitor_version().

\echo Use "CREATE EXTENSION pg_stat_monitor" to load this file. \quit

CREATE FUNCTION pg_stat_monitor_version() RETURNS text
LANGUAGE sql IMMUTABLE AS $$SELECT '2.1.0'::text$$;

CREATE FUNCTION pg_stat_monitor_reset() RETURNS void
LANGUAGE sql AS $$SELECT$$;

CREATE VIEW pg_stat_monitor AS
SELECT NULL::bigint AS bucket, NULL::timestamptz AS bucket_start_time, NULL::oid AS userid,
       NULL::name AS username, NULL::oid AS dbid, NULL::name AS datname, NULL::inet AS client_ip,
       NULL::bigint AS pgsm_query_id, NULL::bigint AS queryid, NULL::boolean AS toplevel,
       NULL::bigint AS top_queryid, NULL::text AS query, NULL::text AS comments,
       NULL::bigint AS planid, NULL::text AS query_plan, NULL::text AS top_query,
       NULL::text AS application_name, NULL::text[] AS relations, NULL::integer AS cmd_type,
       NULL::text AS cmd_type_text, NULL::integer AS elevel, NULL::text AS sqlcode,
       NULL::text AS message, NULL::bigint AS calls, NULL::double precision AS total_exec_time,
       NULL::double precision AS min_exec_time, NULL::double precision AS max_exec_time,
       NULL::double precision AS mean_exec_time, NULL::double precision AS stddev_exec_time,
       NULL::bigint AS rows, NULL::bigint AS shared_blks_hit, NULL::bigint AS shared_blks_read,
       NULL::bigint AS shared_blks_dirtied, NULL::bigint AS shared_blks_written,
       NULL::bigint AS plans, NULL::double precision AS total_plan_time,
       NULL::double precision AS cpu_user_time, NULL::double precision AS cpu_sys_time,
       NULL::bigint AS wal_records, NULL::numeric AS wal_bytes
WHERE false;

GRANT SELECT ON pg_stat_monitor TO PUBLIC;
