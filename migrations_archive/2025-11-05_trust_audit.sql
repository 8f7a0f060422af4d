-- Trust & audit: general audit log, retention policies.

CREATE TABLE IF NOT EXISTS public.audit_logs (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid REFERENCES public.users (id) ON DELETE SET NULL,
    organization_id uuid REFERENCES public.organizations (id) ON DELETE SET NULL,
    action          text NOT NULL,
    resource_type   text,
    resource_id     uuid,
    metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
    ip_address      inet,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.retention_policies (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES public.organizations (id) ON DELETE CASCADE,
    data_category   text NOT NULL,
    retention_days  integer NOT NULL CHECK (retention_days > 0),
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, data_category)
);

ALTER TABLE public.audit_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.retention_policies ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Users and org admins can view audit logs" ON public.audit_logs
    FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid())
           OR (organization_id IS NOT NULL AND public.is_org_admin(organization_id)));

-- The web app writes client-side audit events directly.
CREATE POLICY "Authenticated users can write audit logs" ON public.audit_logs
    FOR INSERT TO authenticated
    WITH CHECK (true);

CREATE POLICY "Members can view retention policies" ON public.retention_policies
    FOR SELECT TO authenticated USING (public.is_org_member(organization_id));
