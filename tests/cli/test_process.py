"""The console entry point ends the process without freeing its heap (`cli.process`):
run as a user runs it, in a fresh interpreter, everything written is complete, the exit
code is the command's, and exit handlers still run."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA = """
CREATE SCHEMA app;
CREATE TABLE app.parent (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE app.child (id int PRIMARY KEY, parent_id int REFERENCES app.parent (id));
"""


def _workbench(*args: str, cwd: Path, stdout=subprocess.PIPE, prelude: str = ""):
    """`workbench ARGS` through the console entry point (`run`), in a fresh interpreter."""
    code = f"{prelude}\nfrom workbench.cli.main import run\nrun()\n"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
    )


def _schema(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SCHEMA)


def test_snapshot_to_stdout_is_complete(db_dsn, tmp_path):
    _schema(db_dsn)
    out = tmp_path / "out.json"
    with out.open("wb") as stream:
        done = _workbench("--dsn", db_dsn, "snapshot", cwd=tmp_path, stdout=stream)
    assert done.returncode == 0, done.stderr
    catalog = json.loads(out.read_text())  # the last byte written, not a truncated buffer
    assert {"app.parent", "app.child"} <= set(catalog["tables"])


def test_diff_exit_code_and_sql_through_a_pipe(pg_server, db_dsn, tmp_path):
    _schema(db_dsn)
    other = pg_server.dsn(pg_server.new_database())
    done = _workbench(
        "diff", "--from", other, "--to", db_dsn, "--format", "sql", "--exit-code", cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr  # drift found, with --exit-code
    text = done.stdout.decode()
    assert "CREATE TABLE app.parent" in text and "CREATE TABLE app.child" in text
    same = _workbench("diff", "--from", db_dsn, "--to", db_dsn, "--exit-code", cwd=tmp_path)
    assert same.returncode == 0, same.stderr


def test_exit_handlers_run_and_errors_keep_their_code(db_dsn, tmp_path):
    marker = tmp_path / "handler-ran"
    prelude = f"import atexit, pathlib\natexit.register(pathlib.Path({str(marker)!r}).touch)"
    done = _workbench("--dsn", db_dsn, "snapshot", "-o", "s.json", cwd=tmp_path, prelude=prelude)
    assert done.returncode == 0, done.stderr
    assert marker.exists() and (tmp_path / "s.json").stat().st_size > 0
    marker.unlink()
    bad = _workbench("diff", "--from", "nowhere:x", cwd=tmp_path, prelude=prelude)
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("error: unknown source")
    assert marker.exists()


TRIM_PROBE = """
import sys
from workbench.cli.process import give_back_freed_memory
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
if sys.argv[1] == "on":
    assert give_back_freed_memory()
big = bytearray(16 * 2**20)  # an mmapped block freed: glibc raises its thresholds
del big
base = rss()
blocks = [bytearray(200_000) for _ in range(120)]  # ~23 MB of blocks above 128 kB
del blocks
print(rss() - base)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc")
def test_freed_memory_is_given_back(tmp_path):
    """What a command frees (query results) goes back to the system, not kept by malloc."""

    assert float(_probe(TRIM_PROBE, "off")) > 15  # glibc's default: the freed blocks stay
    assert float(_probe(TRIM_PROBE, "on")) < 5


REUSE_PROBE = """
import resource, sys
from workbench.cli import process
process.give_back_freed_memory()  # as the console entry point does
if sys.argv[1] == "on":
    process.enable()
    assert process.reuse_large_blocks()
else:
    assert not process.reuse_large_blocks()  # not under the console entry point
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(200):  # a block of 512 kB written, freed, and again
    block = bytearray(512 * 1024)
    del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc")
def test_large_blocks_are_reused_not_mapped_again(tmp_path):
    """`snapshot` serves blocks below 1 MB from the heap: freed and allocated again, their
    pages are not faulted in again each time."""

    assert int(_probe(REUSE_PROBE, "off")) > 200 * 100  # each block mapped anew: 128 pages
    assert int(_probe(REUSE_PROBE, "on")) < 2000


def _probe(script: str, mode: str) -> str:
    """What `script` prints, run in a fresh interpreter with argument `mode`."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", script, mode], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
