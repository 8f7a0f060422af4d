"""`workbench docs --check` as a CI gate, writing in place, determinism, bad output paths."""

from __future__ import annotations

import os
from pathlib import Path

from workbench.db import connect

from .helpers import pages


def test_check_exit_codes(cli, relations_dsn, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    missing = cli("docs", "--dsn", relations_dsn, "-o", out, "--check")
    assert missing.code == 1
    assert not out.exists()  # --check writes nothing
    assert "missing " in missing.out and "README.md" in missing.out
    assert cli("docs", "--dsn", relations_dsn, "-o", out).code == 0
    same = cli("docs", "--dsn", relations_dsn, "-o", out, "--check")
    assert same.code == 0, same.out
    assert "up to date (8 files)" in same.out
    before = pages(out)

    (out / "sales.orders.md").write_text("edited by hand\n", encoding="utf-8")
    (out / "public.profiles.md").unlink()
    (out / "public.dropped_table.md").write_text("stale\n", encoding="utf-8")
    changed = cli("docs", "--dsn", relations_dsn, "-o", out, "--check")
    assert changed.code == 1
    lines = changed.out.splitlines()
    assert any(line.startswith("changed") and line.endswith("sales.orders.md") for line in lines)
    assert any(line.startswith("missing") and line.endswith("public.profiles.md") for line in lines)
    assert any(
        line.startswith("extra") and line.endswith("public.dropped_table.md") for line in lines
    )
    assert (out / "sales.orders.md").read_text("utf-8") == "edited by hand\n"  # untouched

    fixed = cli("docs", "--dsn", relations_dsn, "-o", out)
    assert fixed.code == 0
    assert "1 written, 1 updated, 1 removed" in fixed.out
    assert pages(out) == before
    # a schema change makes the docs stale
    with connect(relations_dsn, autocommit=True) as conn:
        conn.execute("ALTER TABLE public.customers ADD COLUMN nickname text")
    stale = cli("docs", "--dsn", relations_dsn, "-o", out, "--check", "--json")
    assert stale.code == 1
    assert '"changed": [\n    "public.customers.md"\n  ]' in stale.out


def test_bad_output_paths_exit_2(cli, relations_dsn, tmp_path: Path) -> None:
    file = tmp_path / "not-a-dir"
    file.write_text("keep me", encoding="utf-8")
    for extra in ((), ("--check",)):
        result = cli("docs", "--dsn", relations_dsn, "-o", file, *extra)
        assert result.code == 2
        assert result.err.strip().splitlines() == [f"error: {file}: not a directory"]
    assert file.read_text("utf-8") == "keep me"
    # a page path that is a symlink is refused, not followed
    out = tmp_path / "docs"
    assert cli("docs", "--dsn", relations_dsn, "-o", out).code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (out / "README.md").unlink()
    os.symlink(victim, out / "README.md")
    result = cli("docs", "--dsn", relations_dsn, "-o", out)
    assert result.code == 2
    assert "not a regular file" in result.err and len(result.err.strip().splitlines()) == 1
    assert victim.read_text("utf-8") == "precious"
    # a file where the diagrams folder or a page would go: one-line error too
    bad_dir = tmp_path / "docs2"
    bad_dir.mkdir()
    (bad_dir / "README.md").mkdir()
    result = cli("docs", "--dsn", relations_dsn, "-o", bad_dir)
    assert result.code == 2 and "not a regular file" in result.err


def test_writes_in_place_and_only_what_changed(cli, relations_dsn, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert cli("docs", "--dsn", relations_dsn, "-o", out).code == 0
    readme = out / "README.md"
    inode = readme.stat().st_ino
    os.utime(readme, (1_000_000, 1_000_000))
    again = cli("docs", "--dsn", relations_dsn, "-o", out)
    assert "8 unchanged" in again.out
    assert readme.stat().st_mtime == 1_000_000  # identical pages are not rewritten
    readme.write_text("old\n", encoding="utf-8")
    assert cli("docs", "--dsn", relations_dsn, "-o", out).code == 0
    assert readme.stat().st_ino == inode  # rewritten in place, not replaced


def test_same_database_same_bytes(cli, relations_dsn, hostile_dsn, tmp_path: Path) -> None:
    assert relations_dsn == hostile_dsn  # one database holding both schemas
    first, second = tmp_path / "first", tmp_path / "second"
    assert cli("docs", "--dsn", relations_dsn, "-o", first).code == 0
    assert cli("docs", "--dsn", relations_dsn, "-o", second).code == 0
    assert len(pages(first)) == 18
    assert pages(first) == pages(second)
    assert cli("docs", "--dsn", relations_dsn, "-o", first, "--check").code == 0


def test_default_directory_is_under_the_project(cli, relations_dsn, tmp_path: Path) -> None:
    result = cli("docs", "--project", tmp_path, "--dsn", relations_dsn)
    assert result.code == 0, result.err
    assert (tmp_path / "docs" / "schema" / "README.md").is_file()
    assert cli("docs", "--project", tmp_path, "--dsn", relations_dsn, "--check").code == 0


def test_usage_errors_are_one_line(cli, relations_dsn, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = cli("docs", "--dsn", relations_dsn, "-o", out, "--schema", "nosuch")
    assert result.code == 2
    assert result.err.strip().splitlines() == ["error: --schema: no schema 'nosuch' in the target"]
    assert not out.exists()
    unreachable = "postgresql://nobody@127.0.0.1:1/nodb?connect_timeout=2"
    result = cli("docs", "--dsn", unreachable, "-o", out)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert result.err.startswith("error: ") and not out.exists()
    result = cli("docs", "--dsn", relations_dsn, "--check", "--json", "-o", out)
    assert result.code == 1 and '"up_to_date": false' in result.out
