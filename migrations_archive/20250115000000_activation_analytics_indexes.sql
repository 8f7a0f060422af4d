-- Activation funnel: cohorts, UTM attribution, and the indexes the
-- activation dashboard needs.

CREATE TABLE IF NOT EXISTS public.utm_tracks (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid REFERENCES public.users (id) ON DELETE SET NULL,
    utm_source   text,
    utm_medium   text,
    utm_campaign text,
    landing_page text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.cohorts (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    cohort_date date NOT NULL,
    user_count  integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, cohort_date)
);

ALTER TABLE public.utm_tracks ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.cohorts ENABLE ROW LEVEL SECURITY;

CREATE INDEX IF NOT EXISTS utm_tracks_user_id_idx ON public.utm_tracks (user_id);
CREATE INDEX IF NOT EXISTS utm_tracks_utm_campaign_idx ON public.utm_tracks (utm_campaign);

-- "first workflow run" and "first pattern" per user
CREATE INDEX IF NOT EXISTS workflow_executions_workflow_id_started_at_idx
    ON public.workflow_executions (workflow_id, started_at);
CREATE INDEX IF NOT EXISTS patterns_user_id_created_at_idx
    ON public.patterns (user_id, created_at);
