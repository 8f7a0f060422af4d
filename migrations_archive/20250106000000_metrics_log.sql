-- System metrics written by backend jobs (service_role only).

CREATE TABLE IF NOT EXISTS public.metrics_log (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_name  text NOT NULL,
    metric_value double precision NOT NULL,
    tags         jsonb NOT NULL DEFAULT '{}'::jsonb,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS metrics_log_metric_name_recorded_at_idx
    ON public.metrics_log (metric_name, recorded_at);

-- RLS on, no policy: only service_role (BYPASSRLS) can read or write.
ALTER TABLE public.metrics_log ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE public.metrics_log IS 'System metrics written by backend jobs.';
