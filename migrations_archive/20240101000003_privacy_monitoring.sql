-- Privacy controls: preferences, app allowlist, signal toggles and the
-- transparency log shown in the privacy dashboard.

CREATE TABLE IF NOT EXISTS public.privacy_prefs (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id             uuid NOT NULL UNIQUE REFERENCES public.users (id) ON DELETE CASCADE,
    telemetry_enabled   boolean NOT NULL DEFAULT false,
    data_retention_days integer NOT NULL DEFAULT 90,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.app_allowlist (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    app_id     text NOT NULL,
    is_allowed boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, app_id)
);

CREATE TABLE IF NOT EXISTS public.signal_toggles (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    signal_key text NOT NULL,
    enabled    boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, signal_key)
);

CREATE TABLE IF NOT EXISTS public.privacy_transparency_log (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    action        text NOT NULL,
    data_category text NOT NULL,
    details       jsonb DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE public.privacy_prefs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.app_allowlist ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.signal_toggles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.privacy_transparency_log ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Users can manage own privacy prefs" ON public.privacy_prefs
    FOR ALL USING (auth.uid() = user_id);
CREATE POLICY "Users can manage own app allowlist" ON public.app_allowlist
    FOR ALL USING (auth.uid() = user_id);
CREATE POLICY "Users can manage own signal toggles" ON public.signal_toggles
    FOR ALL USING (auth.uid() = user_id);
CREATE POLICY "Users can view own transparency log" ON public.privacy_transparency_log
    FOR SELECT USING (auth.uid() = user_id);
