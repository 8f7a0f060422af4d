"""The split cache: unchanged files are not tokenized again; edits and broken cache files
are handled (a miss, a rebuild), never a wrong split or a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from tests.migrations.migration_helpers import status_of
from workbench.config import load_config
from workbench.errors import SqlError
from workbench.migrations.files import load_project
from workbench.migrations.split import split_sql
from workbench.migrations.split_cache import MIN_CACHED, CachedStatements, SplitCache


def _big_sql(prefix: str = "t", count: int = 80) -> str:
    """A migration longer than MIN_CACHED: tables, a function with `;` in its body."""
    parts = [
        f"CREATE TABLE {prefix}{i} (id int PRIMARY KEY, note text DEFAULT 'a;b');\n"
        for i in range(count)
    ]
    parts.append(
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND\n$$;\n"
    )
    text = "-- migrate:up\n" + "".join(parts) + "-- migrate:down\nDROP FUNCTION f();\n"
    assert len(text) > MIN_CACHED
    return text


def _fields(statements) -> list[tuple]:
    return [(s.sql, s.start, s.line, s.col, s.file, s.keywords) for s in statements]


def test_a_hit_gives_what_split_sql_gives(tmp_path: Path) -> None:
    text = _big_sql()
    cache = SplitCache(tmp_path / "split")
    first = cache.split(text, file="m.sql", first_line=7)
    second = SplitCache(tmp_path / "split").split(text, file="m.sql", first_line=7)
    expected = split_sql(text, file="m.sql", first_line=7)
    assert _fields(first) == _fields(second) == _fields(expected)
    assert second[-2].position(5) == expected[-2].position(5)  # error positions map the same
    assert cache.misses == 1 and len(list((tmp_path / "split").iterdir())) == 1
    lazy = SplitCache(tmp_path / "split").statements(text, file="m.sql", first_line=7)
    assert isinstance(lazy, CachedStatements) and lazy._built is None
    assert len(lazy) == len(expected) and lazy  # known without building the statements
    assert lazy._built is None
    assert lazy == tuple(expected) and lazy[3] == expected[3] and list(lazy) == expected


def _project(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "project"
    (root / "migrations").mkdir(parents=True, exist_ok=True)
    (root / "migrations" / "0001_big.sql").write_text(text, "utf-8")
    return root


def _cache_files(root: Path) -> list[Path]:
    folder = root / ".workbench" / "cache" / "split"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_an_edited_migration_is_split_again(tmp_path: Path) -> None:
    root = _project(tmp_path, _big_sql())
    before = load_project(load_config(root)).migrations[0]
    assert not _cache_files(root)  # vouched for by the quick scan: split when read
    assert len(before.up.statements) == 81
    assert len(_cache_files(root)) == 1
    # the same length, one statement fewer: a cached split reused here would be wrong
    edited = _big_sql().replace(";\nCREATE TABLE t1 ", " \nCREATE TABLE t1 ")
    (root / "migrations" / "0001_big.sql").write_text(edited, "utf-8")
    after = load_project(load_config(root)).migrations[0]
    assert _fields(after.up.statements) == _fields(
        split_sql(after.up.sql, file=after.up.file, first_line=2)
    )
    assert len(after.up.statements) == 80
    assert after.checksum != before.checksum


def test_a_corrupt_cache_file_is_ignored_and_rewritten(tmp_path: Path) -> None:
    root = _project(tmp_path, _big_sql())
    expected = _fields(load_project(load_config(root)).migrations[0].up.statements)
    (cached,) = _cache_files(root)
    for junk in (
        b"",
        b"\x00\xff garbage",
        b"\x91\x93\x05\x01\x90",
        json.dumps([[0, 10**9, []]]).encode(),
    ):
        cached.write_bytes(junk)
        again = load_project(load_config(root)).migrations[0]
        assert _fields(again.up.statements) == expected
        assert cached.read_bytes() != junk  # rebuilt


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", "utf-8")
    cache = SplitCache(blocked / "split")
    text = _big_sql()
    assert _fields(cache.split(text)) == _fields(split_sql(text))


def test_an_unterminated_literal_still_raises_with_a_cache(tmp_path: Path) -> None:
    text = _big_sql() + "SELECT 'never closed;\n"
    cache = SplitCache(tmp_path / "split")
    for _ in range(2):
        try:
            cache.split(text, file="m.sql")
        except SqlError as exc:
            assert "unterminated string literal" in str(exc)
        else:
            raise AssertionError("no error")
    assert not (tmp_path / "split").exists()


def test_status_with_a_corrupt_cache_and_an_edit(cli, tmp_path: Path, db_dsn: str) -> None:
    root = _project(tmp_path, _big_sql())
    assert status_of(cli, root, db_dsn) == {"0001": "pending"}
    result = cli("up", "--project", root, "--dsn", db_dsn, "--yes")
    assert result.code == 0, result.err
    for path in _cache_files(root):
        path.write_bytes(b"\xc1 broken")
    assert status_of(cli, root, db_dsn) == {"0001": "applied"}
    (root / "migrations" / "0001_big.sql").write_text(_big_sql("u"), "utf-8")
    assert status_of(cli, root, db_dsn) == {"0001": "modified"}
