-- Workbench demo: a change made "by hand" on the database (say, in the
-- Supabase dashboard's SQL editor during an incident), outside the
-- migrations. The drift pane shows it: a column and an index no migration
-- created, and a policy whose expression no longer matches the migrations
-- (expired offers become visible again: anon now sees BLACKFRIDAY too).

ALTER TABLE public.users ADD COLUMN nickname text;

CREATE INDEX users_nickname_idx ON public.users (nickname);

ALTER POLICY "Anyone can view active offers" ON public.offers USING (is_active);
