"""The benchmark commands reject bad flags and unreachable databases with one line, before any work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sizes", "abc"], "argument --sizes: expected a whole number, got 'abc'"),
        (["--sizes", "100,5"], "argument --sizes: table counts must be at least 10 (got 5)"),
        (["--sizes", ","], "argument --sizes: expected table counts such as 100,1000,5000"),
        (["--reps", "0"], "argument --reps: expected a whole number of at least 1, got '0'"),
        (["--large-reps", "x"], "argument --large-reps: expected a whole number, got 'x'"),
        (["--timeout", "-1"], "argument --timeout: expected more than 0 seconds, got '-1'"),
        (["--diff-max", "-2"], "argument --diff-max: expected 0 or more, got '-2'"),
        (["--tui-size", "3"], "--tui-size: 0, or at least 10 tables"),
    ],
)
def test_run_rejects_bad_flags(tmp_path, args, message):
    out = tmp_path / "results.md"
    done = _run("run.py", *args, "--state-dir", str(tmp_path / "state"), "--out", str(out))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"run.py: error: {message}"
    assert "Traceback" not in done.stderr
    assert not out.exists() and not (tmp_path / "state").exists()  # nothing started


def test_tui_benchmark_says_when_the_database_is_unreachable(tmp_path):
    dsn = f"postgresql://nobody@/nodb?host={tmp_path}"
    done = _run("tui.py", "--dsn", dsn, "--repeats", "1")
    assert done.returncode == 2
    assert done.stderr.startswith("tui.py: error: cannot connect to")
    assert len(done.stderr.strip().splitlines()) == 1


def test_tui_benchmark_rejects_bad_repeats():
    done = _run("tui.py", "--dsn", "postgresql://x@/y", "--repeats", "0")
    assert done.returncode == 2
    assert "argument --repeats: expected a whole number of at least 1, got '0'" in done.stderr
