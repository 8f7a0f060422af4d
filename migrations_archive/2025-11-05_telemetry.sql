-- Privacy-first telemetry: events are only written when the user opted in
-- (privacy_prefs.telemetry_enabled), checked by the API before insert.

CREATE TABLE IF NOT EXISTS public.telemetry_events (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid REFERENCES public.users (id) ON DELETE CASCADE,
    app_id      text NOT NULL,
    event_name  text NOT NULL,
    properties  jsonb NOT NULL DEFAULT '{}'::jsonb,
    "timestamp" timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS telemetry_events_user_id_timestamp_idx
    ON public.telemetry_events (user_id, "timestamp");
CREATE INDEX IF NOT EXISTS telemetry_events_app_id_idx ON public.telemetry_events (app_id);
CREATE INDEX IF NOT EXISTS telemetry_events_timestamp_idx ON public.telemetry_events ("timestamp");

ALTER TABLE public.telemetry_events ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Users can view own telemetry" ON public.telemetry_events
    FOR SELECT TO authenticated USING ((SELECT auth.uid()) = user_id);
CREATE POLICY "Users can send own telemetry" ON public.telemetry_events
    FOR INSERT TO authenticated WITH CHECK ((SELECT auth.uid()) = user_id);

COMMENT ON TABLE public.telemetry_events IS
    'Privacy-first product telemetry; only collected when privacy_prefs.telemetry_enabled.';
