"""Commands that need neither the TUI nor SQL highlighting don't import them (start-up time).

Each command runs in a fresh interpreter (as a user runs it) that reports the
modules it imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import atexit, json, sys
atexit.register(lambda: print("MODULES " + json.dumps(sorted(sys.modules)), file=sys.stderr))
from workbench.cli.main import main
sys.exit(main(sys.argv[1:]))
"""
NEVER = ("textual", "workbench.tui", "pygments", "squawk")


def _modules(args: list[str], cwd: Path) -> tuple[int, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("MODULES ")][-1]
    return done.returncode, set(json.loads(line[len("MODULES ") :]))


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} | modules


@pytest.mark.parametrize(
    "command, also_absent",
    [
        (
            ["snapshot", "-o", "snap.json"],
            ("sqlglot", "workbench.diff", "workbench.migrations", "rich"),
        ),
        (["status"], ()),
        (["rls"], ()),
    ],
)
def test_command_does_not_import_heavy_modules(db_dsn, tmp_path, command, also_absent):
    (tmp_path / "migrations").mkdir()
    code, modules = _modules([*command, "--dsn", db_dsn], tmp_path)
    assert code in (0, 1), command  # rls exits 1 when it has findings
    present = _top(modules)
    for name in (*NEVER, *also_absent):
        assert name not in present, f"`workbench {command[0]}` imported {name}"
    if command[0] == "snapshot":
        assert (tmp_path / "snap.json").stat().st_size > 0


def test_help_still_lists_every_command(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli.main", "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    for name in ("snapshot", "diff", "status", "up", "rls", "validate", "lint", "db", "tui"):
        assert f"    {name}" in done.stdout, name


def test_options_before_the_command_are_skipped(tmp_path):
    from workbench.cli.main import _command_module

    assert _command_module(["--dsn", "status", "snapshot"]) == "workbench.cli.snapshot_cmd"
    assert _command_module(["--project", "x", "up", "--yes"]) == "workbench.cli.migrate_cmd"
    assert _command_module(["snapshot", "--help"]) is None
    assert _command_module(["nonsense"]) is None
    assert _command_module([]) is None


def test_snapshot_starts_reading_before_the_model_is_imported(db_dsn, tmp_path):
    """`snapshot` sends its first catalog queries before importing the model (~20 ms of
    class creation): registering the command, connecting and starting the reading
    threads import none of it."""
    probe = """
import sys, threading
from workbench.catalog import introspect as I
seen = []
original = I._Prefetch.__init__
def spy(self, *args, **kwargs):
    seen.append("workbench.catalog.model" in sys.modules)
    original(self, *args, **kwargs)
I._Prefetch.__init__ = spy
from workbench.cli.main import main
code = main(sys.argv[1:])
print("MODEL_BEFORE_QUERIES", seen)
sys.exit(code)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", probe, "--dsn", db_dsn, "snapshot", "-o", "s.json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "MODEL_BEFORE_QUERIES [False]" in done.stdout
    assert (tmp_path / "s.json").stat().st_size > 0


def _probe_prefetch(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    probe = """
import sys
from workbench.compare import sources
seen = []
original = sources.prefetch
def spy(*args, **kwargs):
    seen.append("workbench.diff.sql" in sys.modules)
    original(*args, **kwargs)
sources.prefetch = spy
from workbench.cli.main import main
code = main(sys.argv[1:])
print("DIFFER_BEFORE_QUERIES", seen)
sys.exit(code)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_diff_of_two_databases_reads_both_before_importing_the_differ(pg_server, db_dsn, tmp_path):
    other = pg_server.dsn(pg_server.new_database())
    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute("CREATE TABLE only_here (id int PRIMARY KEY)")
    done = _probe_prefetch(["diff", "--from", db_dsn, "--to", other, "--format", "sql"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "DIFFER_BEFORE_QUERIES [False, False]" in done.stdout
    assert "CREATE TABLE public.only_here" in done.stdout


def test_diff_prefetch_error_is_one_clear_line(db_dsn, tmp_path):
    """A side that cannot be read fails as before: one line, exit 2, no traceback."""
    bad = db_dsn.rsplit("/", 1)[0] + "/no_such_database_here"
    if "?" in db_dsn:
        bad += "?" + db_dsn.split("?", 1)[1]
    done = _probe_prefetch(["diff", "--from", db_dsn, "--to", bad], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "no_such_database_here" in done.stderr
    assert "Traceback" not in done.stderr
