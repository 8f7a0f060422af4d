"""Prisma fidelity: a schema using the constructs real projects use, applied the way
Prisma Migrate writes it, shows no drift; every true-drift class is still reported,
and the CLI, `validate` and the TUI's drift engine agree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbench.compare.prisma_drift import prisma_drift
from workbench.config import load_config
from workbench.db import connect
from workbench.prisma.source import load

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = FIXTURES / "constructs.prisma"


@pytest.fixture(scope="module")
def constructs_template(pg_server):
    sql = (FIXTURES / "constructs.sql").read_text()
    with pg_server.database(template=None, prefix="wb_prisma_constructs_tpl", sql=sql) as name:
        yield name


@pytest.fixture
def constructs_db(pg_server, constructs_template):
    with pg_server.database(template=constructs_template, prefix="wb_prisma_constructs") as name:
        yield pg_server.dsn(name)


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "prisma").mkdir(parents=True)
    (root / "migrations").mkdir()
    shutil.copy(SCHEMA, root / "prisma" / "schema.prisma")
    return root


def _cli_drift(cli, project, dsn) -> dict:
    result = cli("--project", project, "--dsn", dsn, "diff", "--from", "prisma", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_every_construct_applied_as_prisma_writes_it_has_no_drift(cli, project, constructs_db):
    data = _cli_drift(cli, project, constructs_db)
    assert data["changes"] == []
    kinds = {(i["kind"], i["object"]) for i in data["not_modelled"]}
    assert ("fulltext index", "Project") in kinds  # declared, not modelled on PostgreSQL
    assert ("composite type", "Address") in kinds
    assert ("trigger", "public.projects.projects_search") in kinds
    # the partial indexes the schema declares (where:) are compared, not set aside
    assert not any(kind == "index" for kind, _ in kinds)
    text = cli("--project", project, "--dsn", constructs_db, "diff", "--from", "prisma")
    assert "No differences" in text.out
    assert "@@fulltext indexes" in text.out


@pytest.mark.parametrize(
    ("case", "sql", "kind", "obj", "change"),
    [
        (
            "index declared but not created",
            'DROP INDEX "projects_price_idx"',
            "index",
            "public.projects.projects_price_idx",
            "removed",
        ),
        (
            "trigram index created by raw SQL, not declared",
            'CREATE INDEX "projects_title_trgm" ON "projects" USING gin ("title" gin_trgm_ops)',
            "index",
            "public.projects.projects_title_trgm",
            "added",
        ),
        (
            "column type differs",
            'ALTER TABLE "Tag" ALTER COLUMN "label" TYPE varchar(10)',
            "column",
            "public.Tag.label",
            "changed",
        ),
        ("missing table", 'DROP TABLE "Scratch"', "table", "public.Scratch", "removed"),
        (
            "enum value missing",
            "ALTER TYPE \"plan\" RENAME VALUE 'ENTERPRISE' TO 'CORPORATE'",
            "enum",
            "public.plan",
            "changed",
        ),
        (
            "partial index with another predicate",
            'DROP INDEX "project_live_title"; CREATE INDEX "project_live_title" '
            'ON "projects"("title") WHERE "archived" = true AND "deletedAt" IS NULL',
            "index",
            "public.projects.project_live_title",
            "changed",
        ),
        (
            "dbgenerated default differs",
            'ALTER TABLE "projects" ALTER COLUMN "token" SET DEFAULT md5(\'fixed\')',
            "column",
            "public.projects.token",
            "changed",
        ),
        (
            "foreign key missing",
            'ALTER TABLE "_ProjectToTag" DROP CONSTRAINT "_ProjectToTag_B_fkey"',
            "constraint",
            "public._ProjectToTag._ProjectToTag_B_fkey",
            "removed",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else None,
)
def test_true_drift_is_still_reported(cli, project, constructs_db, case, sql, kind, obj, change):
    with connect(constructs_db, autocommit=True) as conn:
        conn.execute(sql)
    data = _cli_drift(cli, project, constructs_db)
    found = {(c["kind"], c["object"], c["change"]) for c in data["changes"]}
    assert (kind, obj, change) in found, found
    assert len(found) == 1, found


def test_cli_validate_and_tui_engine_report_the_same_drift(cli, project, constructs_db):
    with connect(constructs_db, autocommit=True) as conn:
        conn.execute('DROP INDEX "Org_createdAt_idx"')
        conn.execute('ALTER TABLE "Org" ADD COLUMN "extra" text')
    config = load_config(project)

    cli_objects = {c["object"] for c in _cli_drift(cli, project, constructs_db)["changes"]}

    from workbench.tui.panes.drift_work import PRISMA, compute
    from workbench.validate import validate

    tui = compute(config, constructs_db, PRISMA)
    tui_objects = {c.object for c in tui.changes}

    report = validate(config, constructs_db)
    prisma = next(c for c in report.checks if c.name == "prisma")
    validate_details = sorted(f.detail for f in prisma.findings if f.level == "ERROR")

    assert cli_objects == tui_objects == {"public.Org.Org_createdAt_idx", "public.Org.extra"}
    assert validate_details == [
        "column public.Org.extra: only in the target",
        "index public.Org.Org_createdAt_idx: missing from the target",
    ]
    # the same engine call, directly
    engine = prisma_drift(load(project / "prisma" / "schema.prisma"), tui.actual, constructs_db)
    assert {c.object for c in engine.changes} == cli_objects


def test_dbgenerated_defaults_are_deparsed_by_postgresql_in_the_cli(cli, project, empty_db_dsn):
    """md5(random()::text) is printed md5((random())::text) by PostgreSQL: not drift anywhere."""
    (project / "prisma" / "schema.prisma").write_text(
        'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
        'model K {\n  id Int @id\n  token String @default(dbgenerated("md5(random()::text)"))\n'
        "  at DateTime @default(dbgenerated(\"now() + interval '1 day'\"))\n}\n"
    )
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute(
            'CREATE TABLE "K" ("id" INTEGER NOT NULL, "token" TEXT NOT NULL DEFAULT '
            "md5(random()::text), \"at\" TIMESTAMP(3) NOT NULL DEFAULT now() + interval '1 day', "
            'CONSTRAINT "K_pkey" PRIMARY KEY ("id"))'
        )
    assert _cli_drift(cli, project, empty_db_dsn)["changes"] == []


def test_opclass_schema_qualification_is_not_drift(cli, project, empty_db_dsn):
    """`gin (email extensions.gin_trgm_ops)` is the schema's `gin_trgm_ops`."""
    (project / "prisma" / "schema.prisma").write_text(
        "datasource db {\n"
        '  provider = "postgresql"\n  url = env("DATABASE_URL")\n'
        '  extensions = [pg_trgm(schema: "extensions")]\n}\n'
        "model U {\n  id Int @id\n  email String\n"
        '  @@index([email(ops: raw("gin_trgm_ops"))], type: Gin)\n}\n'
    )
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA extensions")
        conn.execute('CREATE EXTENSION "pg_trgm" WITH SCHEMA "extensions"')
        conn.execute(
            'CREATE TABLE "U" ("id" INTEGER NOT NULL, "email" TEXT NOT NULL, '
            'CONSTRAINT "U_pkey" PRIMARY KEY ("id"))'
        )
        conn.execute(
            'CREATE INDEX "U_email_idx" ON "U" USING GIN ("email" extensions.gin_trgm_ops)'
        )
        definition = conn.execute("SELECT pg_get_indexdef('\"U_email_idx\"'::regclass)").fetchone()[
            0
        ]
    assert "extensions.gin_trgm_ops" in definition
    assert _cli_drift(cli, project, empty_db_dsn)["changes"] == []


def test_prisma5_join_table_layout_is_not_drift(cli, project, empty_db_dsn):
    """Prisma 5 made `_AB_unique` (a unique index) where Prisma 6 makes `_AB_pkey`."""
    (project / "prisma" / "schema.prisma").write_text(
        'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
        "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  as A[]\n}\n"
    )
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute(
            'CREATE TABLE "A" ("id" INTEGER NOT NULL, CONSTRAINT "A_pkey" PRIMARY KEY ("id"));'
            'CREATE TABLE "B" ("id" INTEGER NOT NULL, CONSTRAINT "B_pkey" PRIMARY KEY ("id"));'
            'CREATE TABLE "_AToB" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL);'
            'CREATE UNIQUE INDEX "_AToB_AB_unique" ON "_AToB"("A", "B");'
            'CREATE INDEX "_AToB_B_index" ON "_AToB"("B");'
            'ALTER TABLE "_AToB" ADD CONSTRAINT "_AToB_A_fkey" FOREIGN KEY ("A") '
            'REFERENCES "A"("id") ON DELETE CASCADE ON UPDATE CASCADE;'
            'ALTER TABLE "_AToB" ADD CONSTRAINT "_AToB_B_fkey" FOREIGN KEY ("B") '
            'REFERENCES "B"("id") ON DELETE CASCADE ON UPDATE CASCADE;'
        )
    assert _cli_drift(cli, project, empty_db_dsn)["changes"] == []
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute('DROP INDEX "_AToB_AB_unique"')
    changes = _cli_drift(cli, project, empty_db_dsn)["changes"]
    assert {c["object"] for c in changes} >= {"public._AToB._AToB_AB_pkey"}


def test_defaults_prisma_migrate_does_not_compare(cli, project, empty_db_dsn):
    """`dbgenerated()` without an argument and DateTime literals are never drift (as in
    prisma-engines' `defaults_match`); JSON defaults compare as JSON; others still do."""
    (project / "prisma" / "schema.prisma").write_text(
        'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
        "model D {\n  id Int @id\n"
        "  any String? @default(dbgenerated())\n"
        '  at DateTime @default("2024-01-01T00:00:00Z")\n'
        '  j Json @default("{\\"b\\": 1, \\"a\\": [1, 2]}")\n'
        '  s String @default("x")\n}\n'
    )
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute(
            'CREATE TABLE "D" ("id" INTEGER NOT NULL, "any" TEXT DEFAULT lower(\'X\'), '
            "\"at\" TIMESTAMP(3) NOT NULL DEFAULT '1999-12-31 00:00:00', "
            '"j" JSONB NOT NULL DEFAULT \'{"a":[1,2],"b":1}\', '
            '"s" TEXT NOT NULL DEFAULT \'y\', CONSTRAINT "D_pkey" PRIMARY KEY ("id"))'
        )
    changes = _cli_drift(cli, project, empty_db_dsn)["changes"]
    assert [(c["object"], c["change"]) for c in changes] == [("public.D.s", "changed")]
