-- Hardening after the security review:
--   * pin search_path on functions (Supabase advisor 0011),
--   * MFA-enforced sessions for sensitive actions,
--   * revoke what anon never needs.

ALTER FUNCTION public.upsert_privacy_prefs(boolean, integer) SET search_path = '';
ALTER FUNCTION public.upsert_signal_toggle(text, boolean) SET search_path = '';
ALTER FUNCTION public.upsert_pattern(text) SET search_path = '';

CREATE TABLE IF NOT EXISTS public.mfa_enforced_sessions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id  uuid NOT NULL UNIQUE REFERENCES public.sessions (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    factor_type text NOT NULL DEFAULT 'totp'
                CHECK (factor_type IN ('totp', 'webauthn', 'sms')),
    verified_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

ALTER TABLE public.mfa_enforced_sessions ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Users can view own MFA sessions" ON public.mfa_enforced_sessions
    FOR SELECT TO authenticated USING ((SELECT auth.uid()) = user_id);

REVOKE ALL ON public.sessions FROM anon;
REVOKE ALL ON public.mfa_enforced_sessions FROM anon;

-- Users may revoke their own sessions from the account page.
CREATE POLICY "Users can revoke own sessions" ON public.sessions
    FOR DELETE TO authenticated USING ((SELECT auth.uid()) = user_id);
