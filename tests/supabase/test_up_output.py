"""`workbench up`: progress on a terminal (n of N, file, elapsed), nothing extra when
piped or with --json; a target that is not a Supabase database is refused before
anything runs, and nothing is installed there."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.db import connect

MIGRATIONS = {
    "20240101000000_one.sql": "CREATE TABLE public.one (id int);",
    "20240102000000_two.sql": "CREATE TABLE public.two (id int);",
    "20240103000000_three.sql": "CREATE TABLE public.three (id int);",
}


def _project(root: Path, files: dict[str, str]) -> Path:
    (root / "migrations").mkdir(parents=True)
    for name, text in files.items():
        (root / "migrations" / name).write_text(text, "utf-8")
    return root


def _env() -> dict[str, str]:
    env = dict(os.environ, TERM="xterm", COLUMNS="160", NO_COLOR="1")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


def _run_on_tty(args: list[str]) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a pseudo-terminal; its exit code and output."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli.main", *args],
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
        env=_env(),
        close_fds=True,
    )
    os.close(child)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    code = proc.wait(timeout=60)
    os.close(main)
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def test_progress_on_a_terminal(tmp_path: Path, db_dsn: str) -> None:
    root = _project(tmp_path / "p", MIGRATIONS)
    code, out = _run_on_tty(["--project", str(root), "--dsn", db_dsn, "up", "--yes"])
    assert code == 0, out
    assert "[1/3] applying 20240101000000_one" in out
    assert "[3/3] applying 20240103000000_three" in out
    assert out.count("s elapsed") == 3


def test_no_progress_extras_when_piped_or_json(tmp_path: Path, db_dsn: str) -> None:
    root = _project(tmp_path / "p", MIGRATIONS)
    piped = subprocess.run(
        [sys.executable, "-m", "workbench.cli.main", "--project", str(root), "--dsn", db_dsn]
        + ["up", "--yes"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert piped.returncode == 0, piped.stderr
    assert "applying 20240101000000_one" in piped.stdout
    assert "[1/3]" not in piped.stdout and "elapsed" not in piped.stdout
    more = dict(MIGRATIONS, **{"20240104000000_four.sql": "CREATE TABLE public.four (id int);"})
    root2 = _project(tmp_path / "q", more)
    code, out = _run_on_tty(["--project", str(root2), "--dsn", db_dsn, "--json", "up", "--yes"])
    assert code == 0, out
    assert "[1/1]" not in out and "elapsed" not in out and "applying" not in out
    assert json.loads(out[out.index("{") :])["steps"][0]["name"] == "four"


SUPABASE_MIGRATION = (
    "CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id));\n"
    "ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;\n"
    "GRANT SELECT ON public.profiles TO authenticated;\n"
)


def _catalog_counts(dsn: str) -> tuple[int, int]:
    with connect(dsn, autocommit=True) as c:
        return c.execute(
            "SELECT (SELECT count(*) FROM pg_namespace), (SELECT count(*) FROM pg_class)"
        ).fetchone()


def test_a_plain_target_is_refused_for_supabase_migrations(
    cli, tmp_path: Path, empty_db_dsn: str
) -> None:
    root = _project(tmp_path / "p", {"20240101000000_profiles.sql": SUPABASE_MIGRATION})
    before = _catalog_counts(empty_db_dsn)
    result = cli("--project", root, "--dsn", empty_db_dsn, "up", "--yes")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "is not a Supabase database" in lines[0]
    assert "schema auth" in lines[0] and "supabase = false" in lines[0]
    assert _catalog_counts(empty_db_dsn) == before  # nothing installed, nothing applied


def test_plain_migrations_still_apply_to_a_plain_target(
    cli, tmp_path: Path, empty_db_dsn: str
) -> None:
    root = _project(tmp_path / "p", MIGRATIONS)
    result = cli("--project", root, "--dsn", empty_db_dsn, "up", "--yes")
    assert result.code == 0, result.err
    with connect(empty_db_dsn) as c:
        assert c.execute("SELECT to_regclass('auth.users')").fetchone()[0] is None


@pytest.mark.parametrize("config", ["supabase = false\n"])
def test_supabase_false_skips_the_check(
    cli, tmp_path: Path, empty_db_dsn: str, config: str
) -> None:
    root = _project(tmp_path / "p", {"20240101000000_profiles.sql": SUPABASE_MIGRATION})
    (root / "workbench.toml").write_text(config, "utf-8")
    result = cli("--project", root, "--dsn", empty_db_dsn, "up", "--yes")
    assert result.code == 2
    assert "is not a Supabase database" not in result.err
    assert 'schema "auth" does not exist' in result.err  # the plain PostgreSQL error
