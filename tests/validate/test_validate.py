"""`workbench validate` end to end on the demo project: passes clean, reports each problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbench.catalog.introspect import introspect
from workbench.cli.lines import BatchedLines
from workbench.cli.main import main
from workbench.db import connect

REPO = Path(__file__).resolve().parents[2]


def _copy_demo(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("migrations", "migrations_archive", "prisma"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture(scope="module")
def demo_template(pg_server, tmp_path_factory):
    """A database with every demo migration applied by `workbench up` (copied per test)."""
    root = _copy_demo(tmp_path_factory.mktemp("validate") / "project")
    with pg_server.database(prefix="wb_validate_tpl") as name:
        assert main(["up", "--project", str(root), "--dsn", pg_server.dsn(name), "--yes"]) == 0
        yield name


@pytest.fixture
def demo_db(pg_server, demo_template):
    with pg_server.database(template=demo_template, prefix="wb_validate") as name:
        yield pg_server.dsn(name)


def _findings(result) -> list[dict]:
    data = json.loads(result.out)
    assert set(data) == {"ok", "findings"}
    for finding in data["findings"]:
        assert set(finding) == {"name", "level", "file", "line", "detail"}
        assert finding["level"] in ("ERROR", "WARN", "INFO")
    return data["findings"]


def test_demo_passes(cli, demo_project, demo_db):
    result = cli("validate", "--project", demo_project, "--dsn", demo_db, "--json")
    assert result.code == 0, result.out + result.err
    findings = _findings(result)
    assert json.loads(result.out)["ok"] is True
    assert not [f for f in findings if f["level"] == "ERROR"]
    not_modelled = " ".join(f["detail"] for f in findings if f["name"] == "prisma_not_modelled")
    for kind in ("RLS policies", "functions", "triggers", "check constraints", "grants"):
        assert kind in not_modelled
    assert not [f for f in findings if f["name"].startswith(("prisma_drift", "migration_drift"))]
    # migration lint findings point into the files
    assert any(f["file"].startswith("migrations/") and f["line"] for f in findings if f["file"])


def test_strict_fails_on_warnings_and_no_prisma_schema_is_skipped(cli, demo_project, demo_db):
    shutil.rmtree(demo_project / "prisma")
    result = cli("validate", "--project", demo_project, "--dsn", demo_db, "--json", "--strict")
    findings = _findings(result)
    assert result.code == 1  # the demo's RLS lints include WARN findings
    assert json.loads(result.out)["ok"] is False
    assert {"WARN"} == {f["level"] for f in findings if f["level"] != "INFO"}
    assert "prisma_skipped" in {f["name"] for f in findings}


def test_each_kind_of_problem_is_reported(cli, demo_project, demo_db, monkeypatch):
    migrations = demo_project / "migrations"
    # modified: an applied migration edited after the fact
    locale = next(migrations.glob("*_users_locale.sql"))
    locale.write_text(
        locale.read_text().replace("-- migrate:down", "SELECT 1;\n-- migrate:down", 1)
    )
    # out-of-order: a new file older than the newest applied migration
    (migrations / "20250121000000_late.sql").write_text("CREATE TABLE public.late (id int);\n")
    # failed: a migration whose last attempt failed
    (migrations / "20990101000000_broken.sql").write_text("SELECT 1 / 0;\n")
    assert cli("up", "--project", demo_project, "--dsn", demo_db, "--yes").code == 2
    # pending: a new migration not applied yet
    (migrations / "20990102000000_future.sql").write_text("SELECT 1;\n")
    # drift: changes made by hand on the target; one also breaks an RLS rule
    with connect(demo_db, autocommit=True) as conn:
        conn.execute("ALTER TABLE public.offers ADD COLUMN note text")
        conn.execute("CREATE TABLE public.leaky (id int PRIMARY KEY)")
        conn.execute("GRANT SELECT ON public.leaky TO anon")
    # prisma drift: the Prisma schema disagrees with the database on one column
    schema = demo_project / "prisma" / "schema.prisma"
    text = schema.read_text()
    assert "  name        String\n  description String?\n  definition  Json" in text
    schema.write_text(
        text.replace(
            "  name        String\n  description String?\n  definition  Json",
            "  name        String   @db.VarChar(50)\n  description String?\n  definition  Json",
            1,
        )
    )
    line = schema.read_text().splitlines().index("  name        String   @db.VarChar(50)") + 1

    result = cli("validate", "--project", demo_project, "--dsn", demo_db, "--json")
    assert result.code == 1, result.err
    findings = _findings(result)
    got = {(f["name"], f["level"]) for f in findings}
    assert {
        ("migration_modified", "ERROR"),
        ("migration_out_of_order", "ERROR"),
        ("migration_failed", "ERROR"),
        ("migration_pending", "WARN"),
        ("migration_drift", "ERROR"),
        ("prisma_drift", "ERROR"),
        ("rls_disabled_exposed", "ERROR"),
    } <= got
    by_name = {}
    for f in findings:
        by_name.setdefault(f["name"], []).append(f)
    assert by_name["migration_modified"][0]["file"].endswith("_users_locale.sql")
    assert by_name["migration_failed"][0]["file"] == "migrations/20990101000000_broken.sql"
    drift = {f["detail"] for f in by_name["migration_drift"]}
    assert "column public.offers.note: only in the target" in drift
    assert "table public.leaky: only in the target" in drift
    prisma = {(f["detail"], f["file"], f["line"]) for f in by_name["prisma_drift"]}
    assert ("column public.cohorts.name: differs", "prisma/schema.prisma", line) in prisma
    assert any(d == "column public.offers.note: only in the target" for d, _, _ in prisma)

    text = cli("validate", "--project", demo_project, "--dsn", demo_db)
    assert text.code == 1
    assert "FAILED" in text.out
    assert f"prisma/schema.prisma:{line}" in text.out

    # in a pipe the findings are printed in batches: the same bytes as one line a call
    monkeypatch.setattr(BatchedLines, "CHUNK", 1)
    one_by_one = cli("validate", "--project", demo_project, "--dsn", demo_db, "--verbose").out
    monkeypatch.setattr(BatchedLines, "CHUNK", 3)  # several batches, the last one short
    batched = cli("validate", "--project", demo_project, "--dsn", demo_db, "--verbose").out
    assert one_by_one.count("\n") > 10
    assert batched == one_by_one


def test_cli_tui_and_validate_report_the_same_migrations_drift(cli, demo_project, demo_db):
    """One drift computation (compare.expected_actual) behind `diff`, the drift pane and
    `validate`: changes by hand and a pending migration give the same
    differences everywhere, and the pending migration is not drift."""
    (demo_project / "migrations" / "20990102000000_future.sql").write_text(
        "CREATE TABLE public.future (id int);\n"
    )
    with connect(demo_db, autocommit=True) as conn:
        conn.execute("ALTER TABLE public.offers ADD COLUMN note text")
        conn.execute("CREATE TABLE public.by_hand (id int PRIMARY KEY)")
    result = cli("diff", "--project", demo_project, "--dsn", demo_db, "--json")
    assert result.code == 0, result.err
    assert "1 pending migration not applied, so not compared" in result.err
    cli_changes = {(c["kind"], c["object"], c["change"]) for c in json.loads(result.out)["changes"]}

    from workbench.config import load_config
    from workbench.tui.panes.drift_work import MIGRATIONS, compute

    tui = compute(load_config(demo_project), demo_db, MIGRATIONS)
    assert tui.applied is not None and tui.applied.recorded
    tui_changes = {(c.kind, c.object, c.change) for c in tui.changes}

    checked = cli("validate", "--project", demo_project, "--dsn", demo_db, "--json")
    assert checked.code == 1, checked.err
    validate_details = {f["detail"] for f in _findings(checked) if f["name"] == "migration_drift"}

    assert cli_changes == tui_changes
    assert {o for _, o, _ in cli_changes} >= {"public.offers.note", "public.by_hand"}
    assert not any("future" in o for _, o, _ in cli_changes)
    where = {"added": "only in the target", "removed": "missing from the target"}
    assert validate_details == {
        f"{kind} {obj}: {where.get(change, 'differs')}" for kind, obj, change in cli_changes
    }


def test_malformed_prisma_schema_is_a_one_line_error(cli, demo_project, demo_db, pg_server):
    schema = demo_project / "prisma" / "schema.prisma"
    schema.write_text(schema.read_text().replace("model Offer {", "model Offer {\n  oops Strnig"))
    with connect(demo_db, autocommit=True) as conn:
        before = introspect(conn)
    result = cli("validate", "--project", demo_project, "--dsn", demo_db)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: prisma/schema.prisma:")
    assert 'type "Strnig" is neither a built-in type' in lines[0]
    with connect(demo_db, autocommit=True) as conn:
        assert introspect(conn) == before


def test_unreachable_target_is_a_one_line_error(cli, demo_project):
    result = cli(
        "validate", "--project", demo_project, "--dsn", "postgresql://u:secret@127.0.0.1:1/x"
    )
    assert result.code == 2
    assert result.err.startswith("error: ")
    assert "secret" not in result.err
