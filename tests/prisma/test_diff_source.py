"""`workbench diff --from prisma[:PATH]`: the Prisma schema as a diff source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.compare.shadow import replay
from workbench.config import load_config
from workbench.db import connect
from workbench.migrations.files import load_project

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_template(pg_server, tmp_path_factory):
    """A database built from the demo migrations (copied per test)."""
    with pg_server.database(prefix="wb_prisma_src_tpl") as name:
        replay(pg_server.dsn(name), list(load_project(load_config(REPO)).ordered))
        yield name


@pytest.fixture
def demo_db(pg_server, demo_template):
    with pg_server.database(template=demo_template, prefix="wb_prisma_src") as name:
        yield pg_server.dsn(name)


def test_demo_prisma_schema_has_no_drift_with_its_migrations(cli, demo_project, demo_db):
    result = cli(
        "diff",
        "--project",
        demo_project,
        "--dsn",
        demo_db,
        "--from",
        "prisma",
        "--to",
        "db",
        "--exit-code",
    )
    assert result.code == 0, result.out + result.err
    assert "No differences" in result.out
    # What Prisma cannot express is listed apart, not as drift.
    assert "Not modelled by Prisma" in result.out
    assert "RLS policies" in result.out and "functions" in result.out


def test_not_modelled_items_are_in_the_json_apart_from_changes(cli, demo_project, demo_db):
    result = cli("diff", "--project", demo_project, "--dsn", demo_db, "--from", "prisma", "--json")
    data = json.loads(result.out)
    assert data["changes"] == []
    kinds = {item["kind"] for item in data["not_modelled"]}
    assert {"policy", "function", "trigger", "check constraint"} <= kinds
    policies = [i["object"] for i in data["not_modelled"] if i["kind"] == "policy"]
    assert any(p.startswith("public.events.") for p in policies)
    # Not a prisma diff: no such key.
    plain = cli("diff", "--project", demo_project, "--dsn", demo_db, "--from", "db", "--json")
    assert "not_modelled" not in json.loads(plain.out)


def test_drift_in_both_directions_and_formats(cli, demo_project, demo_db):
    with connect(demo_db, autocommit=True) as conn:
        conn.execute("ALTER TABLE public.offers ADD COLUMN note text")
    args = ("--project", demo_project, "--dsn", demo_db)
    result = cli("diff", *args, "--from", "prisma:prisma/schema.prisma", "--to", "db", "--json")
    data = json.loads(result.out)
    assert data["from"] == "prisma:prisma/schema.prisma"
    assert data["changes"] == [
        {
            "kind": "column",
            "object": "public.offers.note",
            "change": "added",
            "from": None,
            "to": "ALTER TABLE public.offers ADD COLUMN note text;",  # the one DDL writer
        }
    ]
    back = cli("diff", *args, "--from", "db", "--to", "prisma", "--exit-code")
    assert back.code == 1
    assert "public.offers" in back.out and "note" in back.out
    sql = cli("diff", *args, "--from", "db", "--to", "prisma", "--format", "sql")
    assert sql.out.strip().splitlines()[-1] == "ALTER TABLE public.offers DROP COLUMN note;"


def test_bad_prisma_source_is_a_one_line_error(cli, demo_project, demo_db):
    bad = demo_project / "prisma" / "bad.prisma"
    bad.write_text(
        'datasource db {\n  provider = "postgresql"\n  url = env("X")\n}\nmodel A {\n  id Int @id @wat\n}\n'
    )
    args = ("--project", demo_project, "--dsn", demo_db, "--to", "db")
    result = cli("diff", *args, "--from", f"prisma:{bad}")
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip().splitlines() == [
        "error: prisma/bad.prisma:6:14: attribute not known: @wat (on field id of model A)"
    ]
    missing = cli("diff", *args, "--from", "prisma:nope.prisma")
    assert missing.code == 2
    assert "Prisma schema not found" in missing.err
