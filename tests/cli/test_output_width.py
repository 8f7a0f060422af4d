"""CLI text output: plain lines in a pipe, readable blocks at 80 columns, `COLUMNS` respected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

LONG = "x" * 70
FILES = {
    # a long file name and a finding with a long detail (an index without CONCURRENTLY)
    f"20250101000000_{LONG}.sql": (
        "-- migrate:up\nCREATE TABLE t (id bigint PRIMARY KEY, note text);\n"
        "-- migrate:down\nDROP TABLE t;\n"
    ),
    "20250102000000_index.sql": (
        "-- migrate:up\nCREATE INDEX t_note_idx ON t (note);\n"
        "-- migrate:down\nDROP INDEX t_note_idx;\n"
    ),
}
FINDING = re.compile(r"^migrations/20250102000000_index\.sql:\d+: (ERROR|WARN|INFO) [\w:-]+: \S")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "migrations").mkdir(parents=True)
    for name, text in FILES.items():
        (root / "migrations" / name).write_text(text, "utf-8")
    return root


def assert_clean(out: str, width: int | None = None) -> None:
    for line in out.splitlines():
        assert line == line.rstrip(), f"trailing spaces: {line!r}"
        if width is not None:
            assert len(line) <= width, f"wider than {width}: {line!r}"


def test_lint_piped_is_one_plain_line_per_finding(cli, project, monkeypatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    result = cli("--project", project, "lint")
    assert result.code == 0, result.err
    findings = [line for line in result.out.splitlines() if FINDING.match(line)]
    assert findings, result.out
    assert any("concurrently" in line.lower() for line in findings)  # the detail, whole
    assert_clean(result.out)
    assert "─" not in result.out  # no table rules


def test_lint_at_80_columns_keeps_the_detail(cli, project, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("--project", project, "lint")
    assert result.code == 0, result.err
    assert_clean(result.out, 80)
    assert "migrations/20250102000000_index.sql:" in result.out
    assert "concurrently" in result.out.lower()  # wrapped, not dropped
    monkeypatch.setenv("COLUMNS", "120")
    wide = cli("--project", project, "lint")
    assert_clean(wide.out, 120)
    assert max(map(len, wide.out.splitlines())) > 80  # COLUMNS is the width


def test_status_and_validate_piped(cli, project, db_dsn, monkeypatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert (
        cli("--project", project, "--dsn", db_dsn, "up", "--to", "20250101000000", "--yes").code
        == 0
    )
    status = cli("--project", project, "--dsn", db_dsn, "status")
    assert_clean(status.out)
    lines = status.out.splitlines()
    assert re.match(
        rf"^20250101000000_{LONG}: applied \d{{4}}-\d\d-\d\d [\d:]+ \(\d+ ms\)$", lines[1]
    )
    assert lines[2] == "20250102000000_index: pending"
    report = cli("--project", project, "--dsn", db_dsn, "validate")
    assert_clean(report.out)
    assert "migrations/20250102000000_index.sql: WARN migration_pending: " in report.out
    monkeypatch.setenv("COLUMNS", "80")
    narrow = cli("--project", project, "--dsn", db_dsn, "validate")
    body = [line for line in narrow.out.splitlines() if not line.startswith("Target:")]
    assert_clean("\n".join(body), 80)


def test_rls_at_80_columns_wraps_with_an_indent(cli, project, db_dsn, monkeypatch) -> None:
    from workbench.db import connect

    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE notes (id bigint PRIMARY KEY, owner text, body text);"
            "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;"
            'CREATE POLICY "Every signed-in user can read every note of anyone" ON notes '
            "FOR SELECT TO authenticated USING (owner IS NOT NULL OR body IS NOT NULL "
            "OR id > 0 OR id < 0);"
        )
    monkeypatch.delenv("COLUMNS", raising=False)
    piped = cli("--project", project, "--dsn", db_dsn, "rls")
    assert piped.code == 0, piped.err
    assert_clean(piped.out)
    assert any(
        line.startswith("      USING (") and "id < 0" in line for line in piped.out.splitlines()
    )
    monkeypatch.setenv("COLUMNS", "80")
    narrow = cli("--project", project, "--dsn", db_dsn, "rls")
    assert_clean(narrow.out, 80)
    assert "id < 0" in " ".join(narrow.out.split())  # wrapped, whole
