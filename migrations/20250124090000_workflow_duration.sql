-- migrate:up
-- Keep the duration of each workflow run, computed by the database from
-- started_at / finished_at, for the execution-time charts.

ALTER TABLE public.workflow_executions ADD COLUMN duration_ms integer;

ALTER TABLE public.workflow_executions
    ADD CONSTRAINT workflow_executions_duration_ms_check CHECK (duration_ms >= 0);

COMMENT ON COLUMN public.workflow_executions.duration_ms IS
    'finished_at - started_at in milliseconds; maintained by trigger.';

CREATE FUNCTION public.set_execution_duration()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    IF NEW.finished_at IS NULL THEN
        NEW.duration_ms := NULL;
    ELSE
        NEW.duration_ms := (extract(epoch FROM NEW.finished_at - NEW.started_at) * 1000)::integer;
    END IF;
    RETURN NEW;
END;
$$;

COMMENT ON FUNCTION public.set_execution_duration() IS
    'BEFORE UPDATE trigger on workflow_executions: derives duration_ms.';

CREATE TRIGGER workflow_executions_set_duration
    BEFORE UPDATE OF started_at, finished_at ON public.workflow_executions
    FOR EACH ROW EXECUTE FUNCTION public.set_execution_duration();

-- Backfill finished runs (fires the trigger).
UPDATE public.workflow_executions
SET finished_at = finished_at
WHERE finished_at IS NOT NULL;

-- migrate:down

DROP TRIGGER workflow_executions_set_duration ON public.workflow_executions;

DROP FUNCTION public.set_execution_duration();

ALTER TABLE public.workflow_executions DROP CONSTRAINT workflow_executions_duration_ms_check;

ALTER TABLE public.workflow_executions DROP COLUMN duration_ms;
