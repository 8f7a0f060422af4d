-- Upsert helpers called by the desktop agent over PostgREST RPC.
-- (Numbered 800 so it sorted after the old 0007xx bootstrap scripts.)

CREATE OR REPLACE FUNCTION public.upsert_privacy_prefs(
    p_telemetry_enabled   boolean,
    p_data_retention_days integer
)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO public.privacy_prefs (user_id, telemetry_enabled, data_retention_days)
    VALUES (auth.uid(), p_telemetry_enabled, p_data_retention_days)
    ON CONFLICT (user_id) DO UPDATE
        SET telemetry_enabled   = EXCLUDED.telemetry_enabled,
            data_retention_days = EXCLUDED.data_retention_days,
            updated_at          = now();
END;
$$;

CREATE OR REPLACE FUNCTION public.upsert_signal_toggle(p_signal_key text, p_enabled boolean)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO public.signal_toggles (user_id, signal_key, enabled)
    VALUES (auth.uid(), p_signal_key, p_enabled)
    ON CONFLICT (user_id, signal_key) DO UPDATE
        SET enabled = EXCLUDED.enabled, updated_at = now();
END;
$$;

CREATE OR REPLACE FUNCTION public.upsert_pattern(p_file_extension text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO public.patterns (user_id, file_extension)
    VALUES (auth.uid(), lower(p_file_extension))
    ON CONFLICT (user_id, file_extension) DO UPDATE
        SET frequency = public.patterns.frequency + 1, updated_at = now();
END;
$$;
