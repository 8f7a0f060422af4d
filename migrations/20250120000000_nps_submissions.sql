-- migrate:up
-- NPS survey responses.
--
-- Idempotent: the master consolidated schema creates the same table (same
-- definition), so this migration is a no-op on a database bootstrapped from
-- it, and creates the table on databases that predate the consolidation.

CREATE TABLE IF NOT EXISTS public.nps_submissions (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL,
    score      integer     NOT NULL,
    comment    text,
    source     text        NOT NULL DEFAULT 'in_app',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nps_submissions_pkey PRIMARY KEY (id),
    CONSTRAINT nps_submissions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES public.users (id) ON DELETE CASCADE,
    CONSTRAINT nps_submissions_score_check CHECK (score BETWEEN 0 AND 10),
    CONSTRAINT nps_submissions_source_check CHECK (source IN ('in_app', 'email', 'web'))
);

CREATE INDEX IF NOT EXISTS nps_submissions_user_id_idx ON public.nps_submissions (user_id);
CREATE INDEX IF NOT EXISTS nps_submissions_created_at_idx ON public.nps_submissions (created_at);

COMMENT ON TABLE public.nps_submissions IS 'NPS survey responses (score 0-10).';

ALTER TABLE public.nps_submissions ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS "Users can submit NPS" ON public.nps_submissions;
CREATE POLICY "Users can submit NPS" ON public.nps_submissions
    FOR INSERT TO authenticated
    WITH CHECK ((SELECT auth.uid()) = user_id);

DROP POLICY IF EXISTS "Users can view own NPS submissions" ON public.nps_submissions;
CREATE POLICY "Users can view own NPS submissions" ON public.nps_submissions
    FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) = user_id);

GRANT ALL ON TABLE public.nps_submissions TO anon, authenticated, service_role;

-- migrate:down
-- Nothing to undo: the master consolidated schema (applied before this
-- migration) owns public.nps_submissions, so rolling this no-op back must not
-- drop the table and its rows. (On a database that predates the consolidation,
-- drop it by hand if you really mean to: DROP TABLE public.nps_submissions;)
