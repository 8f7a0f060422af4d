"""The shadow's catalog kept as a snapshot: a second drift check reads no shadow, and an
edited file, a dropped template, a broken cache file or a new role are never served stale."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from psycopg import sql

from tests.diff.test_cli import FILES, make_project
from workbench.catalog import cache
from workbench.compare import shadow
from workbench.config import load_config
from workbench.db import connect


def _project(tmp_path: Path) -> Path:
    files = dict(FILES)  # a file of its own: no other test's replay is cached already
    files["20250104000000_unique.sql"] = f"SELECT 1; -- {uuid.uuid4()}\n"
    return make_project(tmp_path / "p", files)


def _cached(config) -> list[Path]:
    folder = config.state_dir / "cache" / "shadow"
    return sorted(folder.glob(f"*{cache.SUFFIX}")) if folder.is_dir() else []


def test_second_read_comes_from_the_cache_and_an_edit_misses(pg_server, tmp_path: Path):
    config = load_config(_project(tmp_path))
    admin = pg_server.admin_dsn
    stale = config.state_dir / "cache" / "shadow" / "earlier-format.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", "utf-8")
    replays, hits = shadow.replays, cache.hits
    created: list[str] = []
    original = shadow.create_database
    shadow.create_database = lambda *a, **k: created.append(a[1]) or original(*a, **k)
    try:
        first = shadow.migrations_catalog(config, admin)
        assert (shadow.replays, cache.hits) == (replays + 1, hits)
        assert len(_cached(config)) == 1 and not stale.exists()
        assert len(created) == 1, "the replay was read where it was built, not in a copy"
        created.clear()
        second = shadow.migrations_catalog(config, admin)
    finally:
        shadow.create_database = original
    assert cache.hits == hits + 1 and created == [], "the cached read made a shadow"
    assert second == first and second.roles == first.roles

    path = config.migrations_dir / "20250102000000_items_policy.sql"
    path.write_text(path.read_text("utf-8").replace("USING (true)", "USING (id > 0)"), "utf-8")
    third = shadow.migrations_catalog(config, admin)
    assert cache.hits == hits + 1 and shadow.replays == replays + 2
    assert third.tables["public.items"].policies[0].using == "(id > 0)"


def test_a_broken_cache_file_is_read_again(pg_server, tmp_path: Path):
    config = load_config(_project(tmp_path))
    admin = pg_server.admin_dsn
    first = shadow.migrations_catalog(config, admin)
    (path,) = _cached(config)
    good = path.read_bytes()
    junks = [
        b"",
        b"{not json",
        b"\xff\xfe",
        good[: len(good) // 2],  # truncated
        good[:-8] + b"\xff" * 8,  # the index length
        good.replace(b'"name":"items"', b'"name":3', 1),  # a wrongly typed object
    ]
    assert junks[-1] != good
    for junk in junks:
        path.write_bytes(junk)
        hits = cache.hits
        again = shadow.migrations_catalog(config, admin)
        assert again == first and cache.hits == hits, junk[:40]
        assert path.read_bytes() == good  # rewritten


def test_a_dropped_template_is_not_trusted(pg_server, tmp_path: Path):
    config = load_config(_project(tmp_path))
    admin = pg_server.admin_dsn
    shadow.migrations_catalog(config, admin)
    template = shadow.template_name(shadow.replay_key(shadow.load_project(config), True))
    shadow._drop_template(admin, template)
    replays, hits = shadow.replays, cache.hits
    shadow.migrations_catalog(config, admin)
    assert (shadow.replays, cache.hits) == (replays + 1, hits)


def test_roles_are_read_fresh(pg_server, tmp_path: Path):
    config = load_config(_project(tmp_path))
    admin = pg_server.admin_dsn
    role = f"wb_cache_role_{uuid.uuid4().hex[:8]}"
    assert role not in shadow.migrations_catalog(config, admin).roles
    with connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(role)))
    try:
        hits = cache.hits
        assert role in shadow.migrations_catalog(config, admin).roles
        assert cache.hits == hits + 1
    finally:
        with connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_drift_cli_with_a_broken_cache_file(cli, pg_server, db_dsn: str, tmp_path: Path):
    root = _project(tmp_path)
    result = cli("diff", "--project", root, "--dsn", db_dsn, "--from", "migrations:all")
    assert result.code in (0, 1), result.err
    for path in _cached(load_config(root)):
        path.write_text('{"format": "workbench-catalog", "version": 1, "tables": [', "utf-8")
    again = cli("diff", "--project", root, "--dsn", db_dsn, "--from", "migrations:all")
    assert again.code == result.code and again.out == result.out
    assert "Traceback" not in again.err and again.err == result.err


def test_a_hit_takes_equal_objects_from_the_reference(pg_server, tmp_path: Path):
    """Objects the reference has unchanged are shared, the others decoded from the file."""
    config = load_config(_project(tmp_path))
    admin = pg_server.admin_dsn
    first = shadow.migrations_catalog(config, admin)
    items = first.tables["public.items"]
    edited = dataclasses.replace(items, comment="edited on the target")
    target = dataclasses.replace(first, tables={**first.tables, "public.items": edited})
    del target.tables[next(k for k in first.tables if k != "public.items")]
    hits = cache.hits
    second = shadow.migrations_catalog(config, admin, reference=lambda: target)
    assert cache.hits == hits + 1 and second == first
    assert second.tables["public.items"] == items and second.tables["public.items"] != edited
    shared = [k for k in target.tables if second.tables[k] is target.tables[k]]
    assert shared == [k for k in target.tables if k != "public.items"] and shared
    assert second.dependencies is target.dependencies
    assert list(second.tables) == list(first.tables)  # the cached order
