"""Smaller defects of the migration commands: a modified applied file, `down --steps`
beyond what is applied, unicode names, the status table at 80 columns, one duration."""

from __future__ import annotations

import json

from migration_helpers import status_of
from rich.console import Console

from workbench.cli import migrate_view as view
from workbench.config import load_config
from workbench.db import connect
from workbench.migrations.files import load_project
from workbench.migrations.state import migration_status

CREATE = (
    "-- migrate:up\nCREATE TABLE public.t{n} (id int);\n-- migrate:down\nDROP TABLE public.t{n};\n"
)
BASE = "99999999999999_master_consolidated_schema.sql"


def three(make_project, **kwargs):
    return make_project({f"000{n}_t{n}.sql": CREATE.format(n=n) for n in (1, 2, 3)}, **kwargs)


def test_up_warns_about_a_modified_applied_file(cli, make_project, db_dsn):
    root = three(make_project)
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes", "--to", "0002").code == 0
    path = root / "migrations" / "0001_t1.sql"
    path.write_text(path.read_text("utf-8").replace("(id int)", "(id bigint)"), "utf-8")
    result = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert result.code == 0, result.err
    assert "warning: 0001_t1 was modified since it was applied" in result.err
    assert status_of(cli, root, db_dsn)["0003"] == "applied"


def test_down_steps_beyond_the_applied_says_so(cli, make_project, db_dsn):
    root = three(make_project)
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 0
    dry = cli("down", "--project", root, "--dsn", db_dsn, "--steps", "5", "--dry-run")
    assert "--steps 5: only 3 applied migrations to roll back" in dry.err
    result = cli("down", "--project", root, "--dsn", db_dsn, "--steps", "5", "--yes")
    assert result.code == 0, result.err
    assert "--steps 5: only 3 applied migrations to roll back" in result.err
    assert "rolled back 3" in result.err
    exact = cli("up", "--project", root, "--dsn", db_dsn, "--yes").code
    assert exact == 0
    quiet = cli("down", "--project", root, "--dsn", db_dsn, "--steps", "3", "--yes")
    assert "only" not in quiet.err


def test_new_keeps_unicode_letters(cli, make_project):
    root = make_project({})
    result = cli("new", "héllo wörld", "--project", root, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["name"] == "héllo_wörld"
    assert cli("new", "Добавить таблицу!", "--project", root, "--json").code == 0
    names = sorted(p.name.split("_", 1)[1] for p in (root / "migrations").glob("*.sql"))
    assert names == sorted(["добавить_таблицу.sql", "héllo_wörld.sql"])


def test_status_fits_80_columns(cli, make_project, db_dsn):
    root = make_project(
        {
            BASE: "CREATE TABLE IF NOT EXISTS public.base (id int);\n",
            "0001_t1.sql": CREATE.format(n=1),
        }
    )
    assert cli("up", "--project", root, "--dsn", db_dsn, "--yes").code == 0
    with connect(db_dsn, autocommit=True) as conn:
        statuses = migration_status(conn, load_project(load_config(root)))
    console = Console(width=80, record=True, color_system=None)
    console.print(view.status_table(statuses, compact=True))
    lines = console.export_text().splitlines()
    assert any("master_consolidated_schema" in line for line in lines), lines
    assert all(len(line) <= 80 for line in lines)


def test_up_reports_the_duration_status_shows(cli, make_project, db_dsn):
    slow = "-- migrate:up\nCREATE TABLE public.s (id int);\nSELECT pg_sleep(0.05);\n"
    root = make_project({"0001_s.sql": slow})
    result = cli("up", "--project", root, "--dsn", db_dsn, "--yes", "--json")
    assert result.code == 0, result.err
    (step,) = json.loads(result.out)["steps"]
    status = json.loads(cli("status", "--project", root, "--dsn", db_dsn, "--json").out)
    assert step["duration_ms"] == status["migrations"][0]["duration_ms"]
