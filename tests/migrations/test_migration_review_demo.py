"""The review facts on the demo (SPEC 15's done-when): locks of the pending migration, the
duration_ms values `workflow_duration`'s down drops, the DELETE access `org_admin_policy`'s
down changes."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from migration_helpers import catalog

from workbench.db import connect

BASELINE = "99999999999999_master_consolidated_schema.sql"


def dry(cli, root, dsn, direction: str) -> list[dict]:
    result = cli(direction, "--project", root, "--dsn", dsn, "--dry-run", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)["migrations"]


def test_demo_review_facts(cli, demo_project, db_dsn) -> None:
    if not (demo_project / "migrations" / BASELINE).exists():
        pytest.skip("the demo migrations are not there yet")
    versions = sorted(p.name.split("_")[0] for p in (demo_project / "migrations").glob("*.sql"))
    versions = [v for v in versions if v != BASELINE.split("_")[0]]
    # like `workbench demo`: everything but the newest migration, then the sample rows
    up_to = cli("up", "--project", demo_project, "--dsn", db_dsn, "--yes", "--to", versions[-2])
    assert up_to.code == 0, up_to.err
    seed = resources.files("workbench").joinpath("sql/demo_seed_data.sql").read_text("utf-8")
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(seed)
        conn.execute("ANALYZE")

    # the pending migration: ALTER TABLE blocks reads and writes, the UPDATE takes ROW EXCLUSIVE
    before = catalog(db_dsn)
    [pending] = dry(cli, demo_project, db_dsn, "up")
    assert pending["name"] == "workflow_duration"
    alter = next(s for s in pending["statements"] if s["command"] == "ALTER TABLE")
    assert {"relation": "public.workflow_executions", "mode": "AccessExclusiveLock"}.items() <= (
        alter["locks"][0].items()
    )
    assert alter["blocks"] == ["SELECT", "INSERT", "UPDATE", "DELETE"]
    update = next(s for s in pending["statements"] if s["command"] == "UPDATE")
    assert [(x["relation"], x["mode"]) for x in update["locks"]] == [
        ("public.workflow_executions", "RowExclusiveLock")
    ]
    text = cli("up", "--project", demo_project, "--dsn", db_dsn, "--dry-run").out
    flat = " ".join(text.split())
    assert (
        "AccessExclusiveLock public.workflow_executions" in flat
        and "blocks reads and writes" in flat
    )
    assert catalog(db_dsn) == before

    # stepping back workflow_duration drops its non-null duration_ms values
    assert cli("up", "--project", demo_project, "--dsn", db_dsn, "--yes").code == 0
    with connect(db_dsn, autocommit=True) as conn:
        filled = conn.execute(
            "SELECT count(duration_ms) FROM public.workflow_executions"
        ).fetchone()[0]
    assert filled > 0
    [back] = dry(cli, demo_project, db_dsn, "down")
    assert back["name"] == "workflow_duration"
    assert back["data_loss"] == [
        {
            "relation": "public.workflow_executions",
            "column": "duration_ms",
            "rows": filled,
            "reason": "column dropped",
        }
    ]
    text = " ".join(
        cli("down", "--project", demo_project, "--dsn", db_dsn, "--dry-run").out.split()
    )
    assert f"✗ {filled} non-null values of public.workflow_executions.duration_ms" in text

    # stepping back org_admin_policy: authenticated DELETE on public.workflows loses a policy
    assert cli("down", "--project", demo_project, "--dsn", db_dsn, "--yes").code == 0
    [back] = dry(cli, demo_project, db_dsn, "down")
    assert back["name"] == "org_admin_policy" and back["data_loss"] == []
    assert back["access"] == [
        {
            "table": "public.workflows",
            "role": "authenticated",
            "command": "DELETE",
            "before": "policies: Org admins can delete organization workflows, "
            "Users can delete own workflows",
            "after": "policies: Users can delete own workflows",
        }
    ]
