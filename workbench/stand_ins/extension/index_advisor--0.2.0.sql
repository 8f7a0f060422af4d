-- workbench stand-in for index_advisor 0.2.0: index_advisor(query) with the real
-- columns; it recommends nothing (the stand-in hypopg cannot cost indexes) and says so
-- in `errors`.

\echo Use "CREATE EXTENSION index_advisor" to load this file. \quit

CREATE FUNCTION index_advisor(query text)
RETURNS TABLE(startup_cost_before jsonb, startup_cost_after jsonb, total_cost_before jsonb,
              total_cost_after jsonb, index_statements text[], errors text[])
LANGUAGE sql VOLATILE
AS $$
SELECT NULL::jsonb, NULL::jsonb, NULL::jsonb, NULL::jsonb, '{}'::text[],
       ARRAY['index_advisor is a workbench stand-in here: no recommendation']::text[]
$$;
