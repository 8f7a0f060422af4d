-- workbench stand-in for pg_cron 1.6.4: schema `cron` with cron.job, cron.job_run_details,
-- schedule (both forms), schedule_in_database, unschedule (by id and by name), alter_job.
-- Jobs are recorded, never run: cron.job_run_details stays empty.

\echo Use "CREATE EXTENSION pg_cron" to load this file. \quit

CREATE SCHEMA cron;

CREATE SEQUENCE cron.jobid_seq;
CREATE SEQUENCE cron.runid_seq;

CREATE TABLE cron.job (
  jobid bigint PRIMARY KEY DEFAULT pg_catalog.nextval('cron.jobid_seq'),
  schedule text NOT NULL,
  command text NOT NULL,
  nodename text NOT NULL DEFAULT 'localhost',
  nodeport integer NOT NULL DEFAULT coalesce(pg_catalog.inet_server_port(), 5432),
  database text NOT NULL DEFAULT pg_catalog.current_database(),
  username text NOT NULL DEFAULT CURRENT_USER,
  active boolean NOT NULL DEFAULT true,
  jobname text,
  CONSTRAINT jobname_username_uniq UNIQUE (jobname, username)
);
ALTER SEQUENCE cron.jobid_seq OWNED BY cron.job.jobid;

CREATE TABLE cron.job_run_details (
  jobid bigint,
  runid bigint PRIMARY KEY DEFAULT pg_catalog.nextval('cron.runid_seq'),
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);
ALTER SEQUENCE cron.runid_seq OWNED BY cron.job_run_details.runid;

ALTER TABLE cron.job ENABLE ROW LEVEL SECURITY;
ALTER TABLE cron.job_run_details ENABLE ROW LEVEL SECURITY;
CREATE POLICY cron_job_policy ON cron.job USING (username = CURRENT_USER);
CREATE POLICY cron_job_run_details_policy ON cron.job_run_details USING (username = CURRENT_USER);

GRANT USAGE ON SCHEMA cron TO PUBLIC;
GRANT SELECT ON cron.job TO PUBLIC;
GRANT SELECT, DELETE ON cron.job_run_details TO PUBLIC;

CREATE FUNCTION cron._check_schedule(schedule text) RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  IF schedule IS NULL OR NOT (
       pg_catalog.btrim(schedule) ~* '^@(yearly|annually|monthly|weekly|daily|hourly|reboot)$'
    OR pg_catalog.btrim(schedule) ~* '^[0-9]+ seconds?$'
    OR pg_catalog.btrim(schedule) ~ '^[0-9*/,LW#?A-Za-z$-]+(\s+[0-9*/,LW#?A-Za-z$-]+){4}$') THEN
    RAISE EXCEPTION 'invalid schedule: %', schedule USING ERRCODE = '22023';
  END IF;
  RETURN schedule;
END
$$;

CREATE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint
LANGUAGE sql STRICT
AS $$
INSERT INTO cron.job (schedule, command) VALUES (cron._check_schedule(schedule), command)
RETURNING jobid
$$;

CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint
LANGUAGE sql STRICT
AS $$
INSERT INTO cron.job (schedule, command, jobname)
VALUES (cron._check_schedule(schedule), command, job_name)
ON CONFLICT (jobname, username) DO UPDATE SET schedule = EXCLUDED.schedule,
                                              command = EXCLUDED.command
RETURNING jobid
$$;

CREATE FUNCTION cron.schedule_in_database(job_name text, schedule text, command text,
    database text, username text DEFAULT NULL, active boolean DEFAULT true) RETURNS bigint
LANGUAGE sql
AS $$
INSERT INTO cron.job (schedule, command, jobname, database, username, active)
VALUES (cron._check_schedule(schedule), command, job_name, database,
        coalesce(username, CURRENT_USER), coalesce(active, true))
ON CONFLICT (jobname, username) DO UPDATE SET schedule = EXCLUDED.schedule,
  command = EXCLUDED.command, database = EXCLUDED.database, active = EXCLUDED.active
RETURNING jobid
$$;

CREATE FUNCTION cron.unschedule(job_id bigint) RETURNS boolean
LANGUAGE plpgsql STRICT
AS $$
BEGIN
  DELETE FROM cron.job WHERE jobid = job_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'could not find valid entry for job %', job_id;
  END IF;
  RETURN true;
END
$$;

CREATE FUNCTION cron.unschedule(job_name text) RETURNS boolean
LANGUAGE plpgsql STRICT
AS $$
BEGIN
  DELETE FROM cron.job WHERE jobname = job_name AND username = CURRENT_USER;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'could not find valid entry for job ''%''', job_name;
  END IF;
  RETURN true;
END
$$;

CREATE FUNCTION cron.alter_job(job_id bigint, schedule text DEFAULT NULL,
    command text DEFAULT NULL, database text DEFAULT NULL, username text DEFAULT NULL,
    active boolean DEFAULT NULL) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  UPDATE cron.job j
  SET schedule = CASE WHEN alter_job.schedule IS NULL THEN j.schedule
                      ELSE cron._check_schedule(alter_job.schedule) END,
      command = coalesce(alter_job.command, j.command),
      database = coalesce(alter_job.database, j.database),
      username = coalesce(alter_job.username, j.username),
      active = coalesce(alter_job.active, j.active)
  WHERE j.jobid = job_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'could not find valid entry for job %', job_id;
  END IF;
END
$$;
