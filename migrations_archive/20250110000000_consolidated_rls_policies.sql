-- Consolidate organization policies behind SECURITY DEFINER helpers (the
-- membership subqueries recursed into organization_members' own RLS), and
-- wrap auth.uid() in a sub-select so it is evaluated once per statement.

CREATE OR REPLACE FUNCTION public.is_org_member(org uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
    SELECT EXISTS (SELECT 1 FROM public.organization_members m
                   WHERE m.organization_id = org AND m.user_id = (SELECT auth.uid()));
$$;

CREATE OR REPLACE FUNCTION public.is_org_admin(org uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
    SELECT EXISTS (SELECT 1 FROM public.organization_members m
                   WHERE m.organization_id = org AND m.user_id = (SELECT auth.uid())
                     AND m.role IN ('owner', 'admin'));
$$;

DROP POLICY IF EXISTS "Members can view their organizations" ON public.organizations;
CREATE POLICY "Members can view their organizations" ON public.organizations
    FOR SELECT TO authenticated
    USING (owner_id = (SELECT auth.uid()) OR public.is_org_member(id));

CREATE POLICY "Members can view memberships" ON public.organization_members
    FOR SELECT TO authenticated
    USING (public.is_org_member(organization_id));

DROP POLICY IF EXISTS "Users can view own workflows" ON public.workflows;
CREATE POLICY "Users can view own and organization workflows" ON public.workflows
    FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid())
           OR (organization_id IS NOT NULL AND public.is_org_member(organization_id)));

DROP POLICY IF EXISTS "Users can manage own patterns" ON public.patterns;
CREATE POLICY "Users can manage own patterns" ON public.patterns
    FOR ALL TO authenticated
    USING ((SELECT auth.uid()) = user_id)
    WITH CHECK ((SELECT auth.uid()) = user_id);

-- TODO: "Users can view own events" still calls auth.uid() per row.
