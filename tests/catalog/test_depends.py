"""PostgreSQL's dependency graph in the catalog: edges between the differ's plan ids."""

from __future__ import annotations

from workbench.catalog.introspect import introspect

SCHEMA = """
CREATE TYPE public.mood AS ENUM ('sad', 'ok');
CREATE TABLE public.t (id serial PRIMARY KEY, n int, feel public.mood, feels public.mood[]);
CREATE TABLE public.u (id int PRIMARY KEY, t_id int REFERENCES public.t (id));
CREATE VIEW public.v AS SELECT id, n FROM public.t;
CREATE VIEW public.w AS SELECT id FROM public.v;
CREATE FUNCTION public.sad(m public.mood) RETURNS boolean LANGUAGE sql IMMUTABLE
  AS $$ SELECT m = 'sad' $$;
CREATE FUNCTION public.total() RETURNS bigint LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT sum(n) FROM public.v; END;
ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON public.t USING (public.sad(feel));
CREATE INDEX t_sad ON public.t (id) WHERE public.sad(feel);
ALTER PUBLICATION supabase_realtime ADD TABLE public.u;
"""


def test_dependencies_name_plan_ids(conn):
    conn.execute(SCHEMA)
    catalog = introspect(conn)
    edges = set(catalog.dependencies)
    sad = next(k for k in catalog.functions if k.startswith("public.sad("))

    def has(dep: tuple[str, str, str], ref: tuple[str, str, str]) -> bool:
        return (*dep, *ref) in edges

    # a foreign key depends on the referenced key (its index stands for the constraint)
    assert has(("constraint", "public.u", "u_t_id_fkey"), ("constraint", "public.t", "t_pkey"))
    # views over views, through their rewrite rules, down to columns
    assert has(("view", "public.w", ""), ("view", "public.v", ""))
    assert has(("view", "public.v", ""), ("column", "public.t", "n"))
    # a SQL-standard function body on a view
    assert has(("function", "public.total()", ""), ("view", "public.v", ""))
    # functions, defaults and columns on types; arrays stand for their element type
    assert has(("function", sad, ""), ("enum", "public.mood", ""))
    assert has(("column", "public.t", "feels"), ("enum", "public.mood", ""))
    assert has(("default", "public.t", "id"), ("sequence", "public.t_id_seq", ""))
    # policies and indexes on functions
    assert has(("policy", "public.t", "p"), ("function", sad, ""))
    assert has(("index", "public.t", "t_sad"), ("function", sad, ""))
    # publication membership
    assert has(("publication", "supabase_realtime", ""), ("table", "public.u", ""))
