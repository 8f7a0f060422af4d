"""Whole schemas round-trip: empty -> demo, demo -> empty, demo with hand changes -> demo,
and the catalog tests' mixed schema (nearly every kind) both ways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.compare.shadow import replay
from workbench.config import load_config
from workbench.db import connect
from workbench.diff.differ import diff
from workbench.diff.sql import to_sql
from workbench.migrations.files import load_project

from .conftest import apply, execute, read

REPO = Path(__file__).resolve().parents[2]
MIXED = REPO / "tests" / "catalog" / "mixed_schema.sql"
DEMO_TEMPLATE = "wb_test_diff_demo"

HAND_CHANGES = r"""
ALTER TABLE public.users ADD COLUMN nickname text;
CREATE INDEX users_nickname_idx ON public.users (nickname);
ALTER POLICY "Anyone can view active offers" ON public.offers USING (is_active);
DROP INDEX public.users_locale_idx;
COMMENT ON TABLE public.organizations IS 'edited by hand';
ALTER TABLE public.feature_flags DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON public.audit_logs FROM anon;
CREATE TABLE public.scratch ("Odd ""name"" " text PRIMARY KEY);
"""


@pytest.fixture(scope="module")
def demo_template(pg_server) -> Iterator[str]:
    """The demo's migrations replayed once (baseline first), kept as a template."""
    pg_server.drop(DEMO_TEMPLATE)
    from workbench.db import create_database

    create_database(pg_server.admin_dsn, DEMO_TEMPLATE, template="wb_test_template")
    project = load_project(load_config(REPO))
    replay(pg_server.dsn(DEMO_TEMPLATE), list(project.ordered))
    yield DEMO_TEMPLATE
    pg_server.drop(DEMO_TEMPLATE)


@pytest.fixture
def demo_dsn(pg_server, demo_template: str) -> Iterator[str]:
    name = pg_server.new_database(template=demo_template)
    yield pg_server.dsn(name)
    pg_server.drop(name)


def assert_round_trip(from_dsn: str, to_catalog) -> None:
    a = read(from_dsn)
    changes = diff(a, to_catalog)
    assert changes
    script = to_sql(changes, a, to_catalog)
    apply(from_dsn, script)
    left = diff(read(from_dsn), to_catalog)
    assert not left, "\n".join(f"{c.change} {c.kind} {c.object} {c.fields}" for c in left)


def test_empty_to_demo(db_dsn: str, demo_dsn: str) -> None:
    assert_round_trip(db_dsn, read(demo_dsn))


def test_demo_to_empty(db_dsn: str, demo_dsn: str) -> None:
    assert_round_trip(demo_dsn, read(db_dsn))


def test_demo_with_hand_changes_to_demo(databases, demo_dsn: str, pg_server, demo_template) -> None:
    expected = read(demo_dsn)
    execute(demo_dsn, HAND_CHANGES)
    changed = read(demo_dsn)
    assert_round_trip(demo_dsn, expected)
    # and the other way: the demo turned into the hand-edited one
    name = pg_server.new_database(template=demo_template)
    try:
        assert_round_trip(pg_server.dsn(name), changed)
    finally:
        pg_server.drop(name)


def test_mixed_schema_both_ways(databases) -> None:
    with databases(2) as (empty_dsn, mixed_dsn):
        execute(mixed_dsn, MIXED.read_text("utf-8"))
        empty, mixed = read(empty_dsn), read(mixed_dsn)
        assert_round_trip(empty_dsn, mixed)
        assert_round_trip(mixed_dsn, empty)


def test_demo_diff_is_deterministic(demo_dsn: str, db_dsn: str) -> None:
    a, b = read(db_dsn), read(demo_dsn)
    first = diff(a, b)
    assert first == diff(a, b)
    assert to_sql(first, a, b).text() == to_sql(diff(a, b), a, b).text()
    with connect(demo_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM pg_class").fetchone()[0] > 0
