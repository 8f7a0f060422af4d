-- migrate:up
-- Organization owners and admins may delete workflows shared with their
-- organization (until now only the workflow's author could).

CREATE POLICY "Org admins can delete organization workflows" ON public.workflows
    FOR DELETE TO authenticated
    USING (organization_id IS NOT NULL AND public.is_org_admin(organization_id));

-- migrate:down

DROP POLICY "Org admins can delete organization workflows" ON public.workflows;
