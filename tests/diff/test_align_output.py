"""`align -o FILE`: the file is written wherever asked, but only a new migration of the
project's migrations folder is recorded as applied (never a version `0`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import execute
from .test_cli import FILES, make_project, up_sql


@pytest.fixture
def drifted(db_dsn: str, tmp_path: Path) -> tuple[Path, str]:
    project = make_project(tmp_path / "project")
    execute(db_dsn, up_sql())
    execute(db_dsn, "ALTER TABLE public.items ADD COLUMN note text")
    return project, db_dsn


@pytest.fixture
def applied_then_drifted(db_dsn: str, tmp_path: Path, cli) -> tuple[Path, str]:
    """The migrations applied by `up` (so recorded), then a change by hand."""
    project = make_project(tmp_path / "project")
    assert cli("up", "--project", project, "--dsn", db_dsn, "--yes").code == 0
    execute(db_dsn, "ALTER TABLE public.items ADD COLUMN note text")
    return project, db_dsn


def _states(cli, project: Path, dsn: str) -> dict[str, str]:
    result = cli("status", "--project", project, "--dsn", dsn, "--json")
    assert result.code == 0, result.err
    return {m["version"]: m["state"] for m in json.loads(result.out)["migrations"]}


def _history(dsn: str) -> list[str]:
    from workbench.db import connect

    with connect(dsn, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('workbench.schema_migrations')").fetchone()[0] is None:
            return []
        return [r[0] for r in conn.execute("SELECT version FROM workbench.schema_migrations")]


@pytest.mark.parametrize(
    "where",
    ["outside.sql", "0001_outside_the_folder.sql", "migrations/notes.sql"],
)
def test_output_that_is_not_a_new_migration_is_written_not_recorded(
    cli, applied_then_drifted, where
):
    project, dsn = applied_then_drifted
    before = _history(dsn)
    out = project / where if where.startswith("migrations/") else project.parent / where
    result = cli("align", "--project", project, "--dsn", dsn, "-o", out, "--yes")
    assert result.code == 0, result.err
    assert "ADD COLUMN note text" in out.read_text("utf-8")
    assert "not recorded as applied" in result.out
    assert sorted(_history(dsn)) == sorted(before)  # no version 0, nothing recorded
    states = _states(cli, project, dsn)
    assert "0" not in states and "missing" not in states.values()
    validate = cli("validate", "--project", project, "--dsn", dsn, "--json")
    names = {f["name"] for f in json.loads(validate.out)["findings"]}
    assert not {n for n in names if "history" in n or "missing" in n}, names


def test_new_migration_in_the_folder_is_recorded(cli, drifted):
    project, dsn = drifted
    out = project / "migrations" / "20260101000000_note.sql"
    result = cli("align", "--project", project, "--dsn", dsn, "-o", out, "--yes")
    assert result.code == 0, result.err
    assert "recorded as applied" in result.out and "not recorded" not in result.out
    assert _states(cli, project, dsn)["20260101000000"] == "applied"
    assert cli("diff", "--project", project, "--dsn", dsn, "--exit-code").code == 0


def test_output_over_an_existing_migration_or_its_version_is_refused(cli, drifted):
    project, dsn = drifted
    existing = project / "migrations" / next(iter(FILES))
    text = existing.read_text("utf-8")
    for out in (existing, project / "migrations" / "20250101000000_again.sql"):
        result = cli("align", "--project", project, "--dsn", dsn, "-o", out, "--yes")
        # the target keeps no history: a note says every file is replayed
        lines = [line for line in result.err.splitlines() if not line.startswith("note: ")]
        assert result.code == 2 and lines[0].startswith(f"error: cannot write {out}")
        assert len(lines) == 1
    assert existing.read_text("utf-8") == text
    assert not (project / "migrations" / "20250101000000_again.sql").exists()
    assert _history(dsn) == []
