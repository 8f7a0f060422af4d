-- Indexes for the hot paths found in pg_stat_statements (Dec 2024).

CREATE INDEX IF NOT EXISTS sessions_user_id_idx ON public.sessions (user_id);

CREATE INDEX IF NOT EXISTS events_user_id_timestamp_idx
    ON public.events (user_id, "timestamp");
CREATE INDEX IF NOT EXISTS events_file_path_idx ON public.events (file_path);

CREATE INDEX IF NOT EXISTS patterns_user_id_idx ON public.patterns (user_id);
CREATE INDEX IF NOT EXISTS relationships_user_id_idx ON public.relationships (user_id);

CREATE INDEX IF NOT EXISTS workflows_user_id_idx ON public.workflows (user_id);
CREATE INDEX IF NOT EXISTS workflows_organization_id_idx ON public.workflows (organization_id);
CREATE INDEX IF NOT EXISTS workflows_is_active_idx ON public.workflows (is_active);

CREATE INDEX IF NOT EXISTS workflow_executions_workflow_id_idx
    ON public.workflow_executions (workflow_id);
CREATE INDEX IF NOT EXISTS workflow_executions_status_idx
    ON public.workflow_executions (status);
CREATE INDEX IF NOT EXISTS workflow_executions_started_at_idx
    ON public.workflow_executions (started_at);

CREATE INDEX IF NOT EXISTS organization_members_user_id_idx
    ON public.organization_members (user_id);

ANALYZE public.events;
ANALYZE public.workflow_executions;
