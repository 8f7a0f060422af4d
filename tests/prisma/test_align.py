"""Prisma vs database: drift is told apart from what Prisma does not model."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.catalog.introspect import introspect
from workbench.compare.shadow import replay
from workbench.config import load_config
from workbench.db import connect
from workbench.diff.differ import diff
from workbench.migrations.files import load_project
from workbench.prisma.align import align
from workbench.prisma.deparse import deparser
from workbench.prisma.merge import expected_for
from workbench.prisma.parser import parse_text
from workbench.prisma.semantics import resolve
from workbench.prisma.to_catalog import to_catalog

from .helpers import load_prisma_catalog

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def _catalog(dsn: str):
    with connect(dsn, autocommit=True) as conn:
        return introspect(conn)


def _summary(alignment, actual=None) -> list[tuple[str, str, str]]:
    """The drift; with `actual`, also checks the diff source gives the very same changes."""
    changes = [(c.kind, c.object, c.change) for c in diff(alignment.expected, alignment.actual)]
    if actual is not None:
        merged = diff(expected_for(alignment, actual), actual)
        assert [(c.kind, c.object, c.change) for c in merged] == changes
    return changes


@pytest.fixture(scope="module")
def full_template(pg_server):
    """A database built from full.sql, used as a template by the tests below."""
    sql = (FIXTURES / "full.sql").read_text()
    with pg_server.database(template=None, prefix="wb_prisma_align", sql=sql) as name:
        yield name


@pytest.fixture
def full_dsn(pg_server, full_template):
    with pg_server.database(template=full_template, prefix="wb_prisma_align_copy") as name:
        yield pg_server.dsn(name)


@pytest.fixture(scope="module")
def full_prisma():
    return load_prisma_catalog(FIXTURES / "full.prisma")


def test_built_from_equivalent_sql_there_is_no_drift(full_dsn, full_prisma):
    actual = _catalog(full_dsn)
    alignment = align(full_prisma, actual)
    assert _summary(alignment, actual) == []
    assert alignment.not_modelled == []


def test_what_prisma_cannot_model_is_listed_not_drift(full_dsn, full_prisma):
    with connect(full_dsn, autocommit=True) as conn:
        conn.execute(
            """
            ALTER TABLE public."Post" ENABLE ROW LEVEL SECURITY;
            CREATE POLICY "read posts" ON public."Post" FOR SELECT USING (true);
            CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER post_touch BEFORE UPDATE ON public."Post"
                FOR EACH ROW EXECUTE FUNCTION public.touch();
            ALTER TABLE public."Post" ADD CONSTRAINT views_positive CHECK (views >= 0);
            COMMENT ON TABLE public.users IS 'people';
            COMMENT ON COLUMN public.users.email IS 'login';
            GRANT SELECT ON public."Post" TO PUBLIC;
            CREATE VIEW public.recent_posts AS SELECT id FROM public."Post";
            CREATE SEQUENCE public.invoice_numbers;
            CREATE EXTENSION btree_gist;
            CREATE INDEX post_title_lower ON public."Post" (lower(title));
            CREATE INDEX post_published ON public."Post" (id) WHERE "publishedAt" IS NOT NULL;
            CREATE FOREIGN DATA WRAPPER wb_w;
            CREATE SERVER wb_s FOREIGN DATA WRAPPER wb_w;
            CREATE USER MAPPING FOR PUBLIC SERVER wb_s;
            """
        )
    actual = _catalog(full_dsn)
    alignment = align(full_prisma, actual)
    assert _summary(alignment, actual) == []
    listed = {(i.kind, i.object) for i in alignment.not_modelled}
    assert listed == {
        ("rls", "public.Post"),
        ("policy", "public.Post.read posts"),
        ("function", "public.touch()"),
        ("trigger", "public.Post.post_touch"),
        ("check constraint", "public.Post.views_positive"),
        ("comment", "public.users"),
        ("comment", "public.users.email"),
        ("grant", "public.Post"),
        ("view", "public.recent_posts"),
        ("sequence", "public.invoice_numbers"),
        ("extension", "btree_gist"),
        ("index", "public.Post.post_title_lower"),
        ("index", "public.Post.post_published"),
    }


def test_real_drift_is_reported(full_dsn, full_prisma):
    with connect(full_dsn, autocommit=True) as conn:
        conn.execute(
            """
            ALTER TABLE public.users ADD COLUMN nickname text;
            ALTER TABLE public."Post" ALTER COLUMN title TYPE varchar(300);
            ALTER TABLE public."Post" ALTER COLUMN views SET DEFAULT 1;
            CREATE INDEX post_status ON public."Post" (status);
            DROP INDEX public."Category_name_key";
            ALTER TABLE public."Profile" DROP CONSTRAINT "Profile_user_id_fkey";
            ALTER TABLE public."Profile" ADD CONSTRAINT "Profile_user_id_fkey"
                FOREIGN KEY (user_id) REFERENCES public.users(id);
            ALTER TYPE public."Status" ADD VALUE 'ARCHIVED';
            CREATE TABLE public.extra (id int PRIMARY KEY);
            """
        )
    actual = _catalog(full_dsn)
    assert _summary(align(full_prisma, actual), actual) == [
        ("index", "public.Category.Category_name_key", "removed"),
        ("column", "public.Post.title", "changed"),
        ("column", "public.Post.views", "changed"),
        ("index", "public.Post.post_status", "added"),
        ("constraint", "public.Profile.Profile_user_id_fkey", "changed"),
        ("enum", "public.Status", "changed"),
        ("table", "public.extra", "added"),
        ("column", "public.users.nickname", "added"),
    ]


SPELLINGS = """
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
model T {
  id      Int      @id @default(autoincrement())
  at      DateTime @default(now()) @db.Timestamptz(6)
  amount  Decimal  @default(0) @db.Decimal(10, 2)
  code    String   @unique
  token   String   @default(dbgenerated("md5(random()::text)"))
}
"""


def test_equivalent_spellings_are_not_drift(empty_db_dsn):
    db_dsn = empty_db_dsn
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(
            """
            CREATE TABLE public."T" (
                id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL DEFAULT now(),
                amount numeric(10,2) NOT NULL DEFAULT 0.00,
                code text NOT NULL CONSTRAINT "T_code_key" UNIQUE,
                token text NOT NULL DEFAULT (md5((random())::text))
            );
            """
        )
    prisma = to_catalog(resolve(parse_text(SPELLINGS, "schema.prisma")))
    actual = _catalog(db_dsn)
    alignment = align(prisma, actual)
    assert [c.object for c in diff(alignment.expected, alignment.actual)] == ["public.T.token"]
    alignment = align(prisma, actual, deparse=deparser(db_dsn))
    assert _summary(alignment) == []
    assert alignment.not_modelled == []


def test_demo_schema_aligns_with_the_demo_migrations(pg_server, demo_project):
    if not (demo_project / "prisma" / "schema.prisma").exists():
        pytest.skip("the demo's prisma/schema.prisma is not there yet")
    name = pg_server.new_database(prefix="wb_prisma_demo")
    try:
        dsn = pg_server.dsn(name)
        project = load_project(load_config(demo_project))
        replay(dsn, list(project.ordered))
        actual = _catalog(dsn)
        alignment = align(load_prisma_catalog(demo_project / "prisma" / "schema.prisma"), actual)
        assert _summary(alignment, actual) == []
        kinds = {i.kind for i in alignment.not_modelled}
        assert {"policy", "rls", "function", "trigger", "check constraint"} <= kinds
        assert ("foreign key", "public.users.users_id_fkey") in {
            (i.kind, i.object) for i in alignment.not_modelled
        }
    finally:
        pg_server.drop(name)


def test_repo_demo_schema_is_the_one_tested():
    assert (REPO / "prisma" / "schema.prisma").exists()
