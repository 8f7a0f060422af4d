"""status / up / down on the repo's demo project (the seed's migrations)."""

from __future__ import annotations

import json

from migration_helpers import catalog, schema_changes, status_of

BASELINE = "99999999999999"
NEWEST = "20250124090000"


def test_demo_project_timeline_apply_and_step_back(cli, demo_project, db_dsn) -> None:
    if not (demo_project / "migrations" / f"{BASELINE}_master_consolidated_schema.sql").exists():
        import pytest

        pytest.skip("the demo migrations are not there yet")
    data = json.loads(cli("status", "--project", demo_project, "--dsn", db_dsn, "--json").out)
    states = [m["state"] for m in data["migrations"]]
    assert states[0] == "pending" and data["migrations"][0]["version"] == BASELINE
    assert states.count("archived") == 13 and states[-13:] == ["archived"] * 13
    versions = [m["version"] for m in data["migrations"] if m["state"] != "archived"]

    # like `workbench demo`: everything but the newest migration
    result = cli("up", "--project", demo_project, "--dsn", db_dsn, "--yes", "--to", versions[-2])
    assert result.code == 0, result.err
    states = status_of(cli, demo_project, db_dsn)
    assert states[BASELINE] == "baseline"
    assert [states[v] for v in versions[1:]] == ["applied"] * (len(versions) - 2) + ["pending"]

    before = catalog(db_dsn)
    preview = cli("up", "--project", demo_project, "--dsn", db_dsn, "--dry-run", "--json")
    changes = json.loads(preview.out)["changes"]
    assert {"kind": "column", "object": "public.workflow_executions.duration_ms"}.items() <= (
        next(c for c in changes if c["kind"] == "column").items()
    )
    assert catalog(db_dsn) == before

    assert cli("up", "--project", demo_project, "--dsn", db_dsn, "--yes").code == 0
    after_all = catalog(db_dsn)
    # step back through every incremental migration, one at a time, each previewed
    dry = json.loads(
        cli("down", "--project", demo_project, "--dsn", db_dsn, "--dry-run", "--json").out
    )
    assert [m["version"] for m in dry["migrations"]] == [NEWEST]
    assert {c["object"] for c in dry["changes"]} >= {"public.workflow_executions.duration_ms"}
    assert catalog(db_dsn) == after_all
    for version in reversed(versions[1:]):
        result = cli("down", "--project", demo_project, "--dsn", db_dsn, "--yes")
        assert result.code == 0, result.err
        assert status_of(cli, demo_project, db_dsn)[version] == "pending"
    assert status_of(cli, demo_project, db_dsn)[BASELINE] == "baseline"
    assert cli("down", "--project", demo_project, "--dsn", db_dsn, "--yes").out.endswith(
        "nothing to roll back\n"
    )
    # and forward again: the same schema as before (re-added columns get new attnums,
    # so compare with the differ rather than ==)
    assert cli("up", "--project", demo_project, "--dsn", db_dsn, "--yes").code == 0
    assert schema_changes(after_all, catalog(db_dsn)) == []
