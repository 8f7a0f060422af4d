-- Enable RLS and add the first owner-only policies.

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.patterns ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.relationships ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.organization_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workflows ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workflow_executions ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Users can view own profile" ON public.users
    FOR SELECT USING (auth.uid() = id);
CREATE POLICY "Users can update own profile" ON public.users
    FOR UPDATE USING (auth.uid() = id);

CREATE POLICY "Users can view own sessions" ON public.sessions
    FOR SELECT USING (auth.uid() = user_id);

CREATE POLICY "Users can view own events" ON public.events
    FOR SELECT USING (auth.uid() = user_id);
CREATE POLICY "Users can insert own events" ON public.events
    FOR INSERT WITH CHECK (auth.uid() = user_id);

CREATE POLICY "Users can manage own patterns" ON public.patterns
    FOR ALL USING (auth.uid() = user_id);
CREATE POLICY "Users can manage own relationships" ON public.relationships
    FOR ALL USING (auth.uid() = user_id);

-- Organization access through a membership subquery.
CREATE POLICY "Members can view their organizations" ON public.organizations
    FOR SELECT USING (
        id IN (SELECT organization_id FROM public.organization_members
               WHERE user_id = auth.uid())
    );

CREATE POLICY "Users can view own workflows" ON public.workflows
    FOR SELECT USING (
        auth.uid() = user_id
        OR organization_id IN (SELECT organization_id FROM public.organization_members
                               WHERE user_id = auth.uid())
    );

CREATE POLICY "Users can view executions of own workflows" ON public.workflow_executions
    FOR SELECT USING (
        workflow_id IN (SELECT id FROM public.workflows WHERE user_id = auth.uid())
    );
