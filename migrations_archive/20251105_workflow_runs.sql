-- Workflow runs v2: typed status, run inputs/outputs, and version history.

CREATE TYPE public.workflow_status AS ENUM (
    'pending', 'running', 'succeeded', 'failed', 'cancelled'
);

ALTER TABLE public.workflow_executions
    ALTER COLUMN status DROP DEFAULT,
    ALTER COLUMN status TYPE public.workflow_status
        USING (CASE status WHEN 'success' THEN 'succeeded'
                           WHEN 'error'   THEN 'failed'
                           ELSE status END)::public.workflow_status,
    ALTER COLUMN status SET DEFAULT 'pending';

ALTER TABLE public.workflow_executions
    ADD COLUMN IF NOT EXISTS user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
    ADD COLUMN IF NOT EXISTS error_message text,
    ADD COLUMN IF NOT EXISTS input jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS output jsonb;

CREATE TABLE IF NOT EXISTS public.workflow_versions (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id    uuid NOT NULL REFERENCES public.workflows (id) ON DELETE CASCADE,
    version        integer NOT NULL CHECK (version >= 1),
    definition     jsonb NOT NULL,
    change_summary text,
    created_by     uuid REFERENCES public.users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workflow_id, version)
);

ALTER TABLE public.workflow_versions ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Users can view versions of visible workflows" ON public.workflow_versions
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM public.workflows w WHERE w.id = workflow_versions.workflow_id));
