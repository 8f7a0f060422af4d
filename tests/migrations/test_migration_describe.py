"""Plain-words summaries of what statements do (the timeline's "What it does")."""

from __future__ import annotations

import pytest

from workbench.migrations.analyze import analyze_statements
from workbench.migrations.split import split_sql


def describe_statements(up_sql: str) -> list[str]:
    """The plain words the timeline shows for each thing an up section does."""
    return [a.text for a in analyze_statements(split_sql(up_sql))]


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("CREATE TABLE IF NOT EXISTS public.t (id int)", "creates table public.t"),
        (
            "ALTER TABLE public.users ADD COLUMN locale text",
            "adds column locale text to public.users",
        ),
        ("CREATE UNIQUE INDEX i ON public.t (a)", "adds unique index i on public.t"),
        ("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING gin (a)", "adds index i on t"),
        ("ALTER TABLE public.w ENABLE ROW LEVEL SECURITY", "enables RLS on public.w"),
        ("ALTER TABLE ONLY public.w FORCE ROW LEVEL SECURITY", "forces RLS on public.w"),
        (
            'CREATE POLICY "own rows" ON public.t FOR SELECT TO authenticated USING (true)',
            'creates policy "own rows" on public.t (for SELECT)',
        ),
        ('DROP POLICY IF EXISTS "own rows" ON public.t', 'drops policy "own rows" on public.t'),
        (
            "CREATE OR REPLACE FUNCTION public.f(a int) RETURNS int LANGUAGE sql AS $$ select a $$",
            "creates function public.f()",
        ),
        (
            "CREATE FUNCTION public.g() RETURNS trigger LANGUAGE plpgsql SET search_path = ''"
            " AS $$ BEGIN RETURN NEW; END $$",
            "creates function public.g()",
        ),
        (
            "CREATE TRIGGER tr BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION f()",
            "creates trigger tr on public.t",
        ),
        ("ALTER TABLE t DROP COLUMN c", "drops column c from t"),
        ("ALTER TABLE t ALTER COLUMN c TYPE bigint", "changes the type of column c of t to bigint"),
        ("ALTER TABLE t ADD CONSTRAINT c_pos CHECK (c > 0)", "adds constraint c_pos to t"),
        ("DROP TABLE IF EXISTS public.old", "drops table public.old"),
        ("CREATE EXTENSION IF NOT EXISTS citext", "enables extension citext"),
        ("CREATE TYPE mood AS ENUM ('a', 'b')", "creates enum type mood"),
        ("ALTER TYPE mood ADD VALUE 'c'", "adds value 'c' to enum mood"),
        ("COMMENT ON COLUMN public.t.c IS 'x'", "sets the comment on column public.t.c"),
        (
            "GRANT SELECT, INSERT ON TABLE public.t TO anon, authenticated",
            "grants SELECT, INSERT on public.t to anon, authenticated",
        ),
        ("INSERT INTO public.t (id) VALUES (1)", "inserts rows into public.t"),
        ("UPDATE t SET a = 1 WHERE b", "updates rows of t"),
        ("DELETE FROM t", "deletes rows from t"),
        ("TRUNCATE TABLE t", "empties table t"),
        ("DO $$ BEGIN PERFORM 1; END $$", "runs a DO block"),
        ("CREATE OR REPLACE VIEW v AS SELECT 1", "creates view v"),
        ("CREATE MATERIALIZED VIEW m AS SELECT 1", "creates materialized view m"),
    ],
)
def test_describe_statements(sql: str, words: str) -> None:
    assert describe_statements(sql + ";") == [words]


def test_several_statements_and_actions_in_order() -> None:
    sql = (
        "ALTER TABLE public.t ADD COLUMN a int, DROP COLUMN b;\n"
        "-- a comment; with a semicolon\n"
        "CREATE INDEX t_a_idx ON public.t (a);\n"
    )
    assert describe_statements(sql) == [
        "adds column a int to public.t",
        "drops column b from public.t",
        "adds index t_a_idx on public.t",
    ]


def test_unknown_statements_never_crash() -> None:
    assert describe_statements("VACUUM ANALYZE t; LISTEN x; ALTER ROLE r SET a = 1;") == [
        "runs VACUUM",
        "runs LISTEN x",
        "alters role r",
    ]
