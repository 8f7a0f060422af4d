"""`workbench diff` and `workbench align` end to end, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.db import connect

from .conftest import execute, read

BASE = """-- migrate:up
CREATE TABLE public.items (id integer PRIMARY KEY, title text NOT NULL);
CREATE INDEX items_title_idx ON public.items (title);
-- migrate:down
DROP TABLE public.items;
"""
POLICY = """-- migrate:up
ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_read ON public.items FOR SELECT TO authenticated USING (true);
-- migrate:down
DROP POLICY items_read ON public.items;
"""
FILES = {"20250101000000_items.sql": BASE, "20250102000000_items_policy.sql": POLICY}


def make_project(root: Path, files: dict[str, str] = FILES) -> Path:
    (root / "migrations").mkdir(parents=True)
    for name, text in files.items():
        (root / "migrations" / name).write_text(text, "utf-8")
    return root


def up_sql(files: dict[str, str] = FILES) -> str:
    return "\n".join(
        t.split("-- migrate:down")[0].replace("-- migrate:up", "") for t in files.values()
    )


@pytest.fixture(scope="module")
def untouched_db(pg_server):
    """One database for the error cases, which must leave it as it was."""
    name = pg_server.new_database()
    yield pg_server.dsn(name)
    pg_server.drop(name)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def matching_db(db_dsn: str) -> str:
    """A target holding exactly what the migrations build."""
    execute(db_dsn, up_sql())
    return db_dsn


def test_no_drift_exits_zero(cli, project, matching_db):
    result = cli("diff", "--project", project, "--dsn", matching_db, "--exit-code")
    assert result.code == 0, result.err
    assert "No differences" in result.out


def test_drift_json_shape_and_exit_codes(cli, project, matching_db):
    execute(
        matching_db,
        "ALTER TABLE public.items ADD COLUMN price numeric(10,2);"
        "DROP INDEX public.items_title_idx;"
        "ALTER POLICY items_read ON public.items USING (id > 0);",
    )
    result = cli("diff", "--project", project, "--dsn", matching_db, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) == {"from", "to", "changes"}
    assert (data["from"], data["to"]) == ("migrations", "db")
    assert all(set(c) == {"kind", "object", "change", "from", "to"} for c in data["changes"])
    by_object = {(c["kind"], c["object"]): c for c in data["changes"]}
    added = by_object[("column", "public.items.price")]
    assert added["change"] == "added" and added["from"] is None and "numeric(10,2)" in added["to"]
    removed = by_object[("index", "public.items.items_title_idx")]
    assert removed["change"] == "removed" and removed["to"] is None
    changed = by_object[("policy", "public.items.items_read")]
    assert changed["change"] == "changed" and "(id > 0)" in changed["to"]

    assert cli("diff", "--project", project, "--dsn", matching_db, "--exit-code").code == 1
    text = cli("diff", "--project", project, "--dsn", matching_db)
    assert text.code == 0
    assert "public.items" in text.out and "3 differences" in text.out


def test_format_sql_applies_cleanly(cli, databases, tmp_path):
    with databases(2) as (from_dsn, to_dsn):
        execute(from_dsn, up_sql() + "CREATE TYPE public.state AS ENUM ('a', 'b');")
        execute(
            to_dsn,
            up_sql()
            + "CREATE TYPE public.state AS ENUM ('a', 'c');"
            + 'CREATE TABLE public."Odd ""name"" [bold]x" (id int, s public.state);'
            + "ALTER TABLE public.items ALTER COLUMN title DROP NOT NULL;"
            + "COMMENT ON TABLE public.items IS 'things';",
        )
        args = ("diff", "--project", tmp_path, "--from", from_dsn, "--to", to_dsn)
        result = cli(*args, "--format", "sql")
        assert result.code == 0, result.err
        assert 'CREATE TABLE public."Odd ""name"" [bold]x"' in result.out
        execute(from_dsn, result.out)
        assert cli(*args, "--exit-code").code == 0


def test_destructive_statements_warned_on_stderr(cli, databases, tmp_path):
    with databases(2) as (from_dsn, to_dsn):
        execute(from_dsn, up_sql())
        execute(to_dsn, up_sql() + "ALTER TABLE public.items DROP COLUMN title;")
        result = cli(
            "diff", "--project", tmp_path, "--from", from_dsn, "--to", to_dsn, "--format", "sql"
        )
        assert result.code == 0
        assert "-- destructive: drops column public.items.title" in result.out
        assert "warning: 1 destructive statement(s)" in result.err
        assert "drops column public.items.title" in result.err


def test_text_output_prints_names_literally(cli, databases, tmp_path):
    with databases(2) as (from_dsn, to_dsn):
        execute(to_dsn, 'CREATE TABLE public."[bold]x[/]" (id int);')
        result = cli("diff", "--project", tmp_path, "--from", from_dsn, "--to", to_dsn)
        assert result.code == 0, result.err
        assert "public.[bold]x[/]" in result.out


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("nonsense", "unknown source 'nonsense'"),
        ("snapshot:", "snapshot source needs a file"),
        ("postgresql://u:secret@/x?host=/nonexistent", "cannot connect"),
    ],
)
def test_bad_sources(cli, tmp_path, source, message):
    result = cli("diff", "--project", tmp_path, "--from", source, "--to", "snapshot:none.json")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert "secret" not in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ('{"format": "workbench-catalog", ', "invalid JSON at line 1"),
        ('{"format": "other", "version": 1}', "not a workbench catalog"),
        ('{"format": "workbench-catalog", "version": 1, "tables": {"x": 1}}', "expected an object"),
        (b"\xff\xfe", "not valid UTF-8"),
    ],
)
def test_bad_snapshot_files(cli, tmp_path, untouched_db, content, message):
    db_dsn = untouched_db
    path = tmp_path / "snap.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, "utf-8")
    before = read(db_dsn)
    result = cli("diff", "--project", tmp_path, "--dsn", db_dsn, "--from", f"snapshot:{path}")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], result.err
    assert read(db_dsn) == before


def test_snapshot_source_round_trip(cli, matching_db, project, tmp_path):
    snap = tmp_path / "expected.json"
    assert cli("snapshot", "--dsn", matching_db, "-o", snap).code == 0
    assert (
        cli(
            "diff",
            "--project",
            project,
            "--dsn",
            matching_db,
            "--from",
            f"snapshot:{snap}",
            "--exit-code",
        ).code
        == 0
    )
    execute(matching_db, "ALTER TABLE public.items ADD COLUMN extra int;")
    result = cli(
        "diff",
        "--project",
        project,
        "--dsn",
        matching_db,
        "--from",
        f"snapshot:{snap}",
        "--exit-code",
    )
    assert result.code == 1 and "extra" in result.out


def test_missing_prisma_schema_is_a_clear_error(cli, tmp_path, untouched_db):
    result = cli(
        "diff", "--project", tmp_path, "--dsn", untouched_db, "--from", "prisma:none.prisma"
    )
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "none.prisma" in lines[0]


def test_align_writes_migration_and_records_it(cli, project, matching_db):
    execute(
        matching_db,
        "ALTER TABLE public.items ADD COLUMN note text; CREATE INDEX items_note ON public.items (note);",
    )
    revert = cli("align", "--project", project, "--dsn", matching_db, "--revert")
    assert revert.code == 0, revert.err
    assert "DROP INDEX public.items_note;" in revert.out and "DROP COLUMN note" in revert.out

    refused = cli("align", "--project", project, "--dsn", matching_db)
    assert refused.code == 2 and "pass --yes" in refused.err
    assert not list((project / "migrations").glob("*_align_*.sql"))

    result = cli("align", "--project", project, "--dsn", matching_db, "--yes")
    assert result.code == 0, result.err
    written = sorted((project / "migrations").glob("*_align_*.sql"))
    assert len(written) == 1
    text = written[0].read_text("utf-8")
    up, down = text.split("-- migrate:down")
    assert "ADD COLUMN note text" in up and "CREATE INDEX items_note" in up
    assert "DROP COLUMN note" in down
    version = written[0].name.split("_")[0]
    with connect(matching_db) as conn:
        row = conn.execute(
            "SELECT name, checksum FROM workbench.schema_migrations WHERE version = %s", (version,)
        ).fetchone()
    assert row is not None and row[0].startswith("align_")
    # the migrations now describe the target: no drift, and nothing to align
    assert cli("diff", "--project", project, "--dsn", matching_db, "--exit-code").code == 0
    again = cli("align", "--project", project, "--dsn", matching_db, "--yes")
    assert again.code == 0 and "No drift" in again.out
    status = cli("status", "--project", project, "--dsn", matching_db, "--json")
    states = {m["name"]: m["state"] for m in json.loads(status.out)["migrations"]}
    assert states[row[0]] == "applied"


def test_align_revert_to_file_restores_the_migrations(cli, project, matching_db, tmp_path):
    execute(
        matching_db,
        "DROP POLICY items_read ON public.items; ALTER TABLE public.items ALTER COLUMN title TYPE varchar(200);",
    )
    out = tmp_path / "revert.sql"
    result = cli("align", "--project", project, "--dsn", matching_db, "--revert", "-o", out)
    assert result.code == 0, result.err
    execute(matching_db, out.read_text("utf-8"))
    assert cli("diff", "--project", project, "--dsn", matching_db, "--exit-code").code == 0
