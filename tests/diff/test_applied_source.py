"""`migrations` is the migrations applied on the target (a pending one is not drift);
`migrations:all` every file. Through the CLI, validate and the drift pane (SPEC 7)."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.compare import shadow
from workbench.compare.sources import Source, SourceError, parse_source
from workbench.config import load_config
from workbench.migrations.files import load_project
from workbench.migrations.runner import apply

from .conftest import execute
from .test_cli import FILES, make_project

PENDING = """-- migrate:up
ALTER TABLE public.items ADD COLUMN price numeric;
CREATE TABLE public.orders (id integer PRIMARY KEY);
-- migrate:down
DROP TABLE public.orders;
ALTER TABLE public.items DROP COLUMN price;
"""
ALL_FILES = {**FILES, "20250103000000_pending.sql": PENDING}


def applied_project(root: Path, dsn: str, to: str = "20250102000000") -> Path:
    """Apply the first two migrations, leave the third pending, add a hand-made change."""
    apply(dsn, load_project(load_config(root)), to=to)
    execute(dsn, "ALTER TABLE public.items ADD COLUMN nickname text")
    return root


def changes(out: str) -> set[str]:
    return {c["object"] for c in json.loads(out)["changes"]}


def test_parse_migrations_sources() -> None:
    assert parse_source("migrations") == Source("migrations")
    assert parse_source("migrations:all") == Source("migrations", "all")
    assert parse_source("migrations:all").label == "migrations:all"
    for bad in ("migrations:", "migrations:some", "migration"):
        try:
            parse_source(bad)
        except SourceError as exc:
            assert "migrations:all" in str(exc)
        else:
            raise AssertionError(bad)


def test_pending_is_not_drift(cli, tmp_path: Path, db_dsn: str) -> None:
    root = applied_project(make_project(tmp_path / "p", ALL_FILES), db_dsn)
    base = ("--project", root, "--dsn", db_dsn, "diff")
    result = cli(*base, "--format", "json")
    assert result.code == 0, result.err
    assert changes(result.out) == {"public.items.nickname"}
    assert "1 pending migration not applied" in result.err
    assert "20250103000000_pending" in result.err
    text = cli(*base, "--exit-code")
    assert text.code == 1 and "nickname" in text.out and "orders" not in text.out
    # migrations:all: the pending migration's objects are missing from the target
    every = cli(*base, "--from", "migrations:all", "--format", "json")
    assert json.loads(every.out)["from"] == "migrations:all"
    assert changes(every.out) == {
        "public.items.nickname",
        "public.items.price",
        "public.orders",
    }
    assert "pending" not in every.err
    # validate: the same drift (and the pending migration is a history warning, not drift)
    report = cli("--project", root, "--dsn", db_dsn, "--json", "validate")
    details = [f["detail"] for f in json.loads(report.out)["findings"]]
    drift = [d for d in details if d.startswith(("column", "table"))]
    assert drift == ["column public.items.nickname: only in the target"]
    # align writes only the hand-made change (not the pending migration undone)
    written = cli("--project", root, "--dsn", db_dsn, "align", "--yes")
    assert written.code == 0, written.err
    (new,) = (root / "migrations").glob("*_align_*.sql")
    text = new.read_text("utf-8")
    assert "nickname" in text and "orders" not in text and "price" not in text
    assert changes(cli(*base, "--format", "json").out) == set()


def test_without_history_every_file_is_replayed(cli, tmp_path: Path, db_dsn: str) -> None:
    """A database built by hand, no history table: nothing says what was applied."""
    root = make_project(tmp_path / "p", ALL_FILES)
    execute(
        db_dsn,
        "\n".join(t.split("-- migrate:down")[0] for t in ALL_FILES.values()),
    )
    result = cli("--project", root, "--dsn", db_dsn, "diff", "--format", "json")
    assert result.code == 0, result.err
    assert changes(result.out) == set()
    assert "no migration history" in result.err
    report = cli("--project", root, "--dsn", db_dsn, "--json", "validate")
    findings = json.loads(report.out)["findings"]
    assert any(
        f["name"] == "migration_drift_note" and "no migration history" in f["detail"]
        for f in findings
    )
    assert not any(f["name"] == "migration_drift" for f in findings)


def test_an_empty_history_means_nothing_applied(cli, tmp_path: Path, db_dsn: str) -> None:
    """History kept, every migration rolled back: the expected schema is empty."""
    root = make_project(tmp_path / "p", FILES)
    config = load_config(root)
    apply(db_dsn, load_project(config))
    execute(db_dsn, "DELETE FROM workbench.schema_migrations")
    result = cli("--project", root, "--dsn", db_dsn, "diff", "--format", "json")
    assert "public.items" in changes(result.out)  # on the target, in no applied migration
    assert "2 pending migrations not applied" in result.err


def test_compared_with_a_url_the_url_says_what_is_applied(
    cli, tmp_path: Path, db_dsn: str, pg_server
) -> None:
    root = make_project(tmp_path / "p", ALL_FILES)
    apply(db_dsn, load_project(load_config(root)))  # the target: everything applied
    other = pg_server.new_database()
    try:
        url = pg_server.dsn(other)
        apply(url, load_project(load_config(root)), to="20250102000000")
        result = cli("--project", root, "--dsn", db_dsn, "diff", "--to", url, "--format", "json")
        assert result.code == 0, result.err
        assert changes(result.out) == set(), "the URL's own applied migrations are compared"
        assert "1 pending migration" in result.err
    finally:
        pg_server.drop(other)


def test_each_replayed_set_is_cached(pg_server, tmp_path: Path, db_dsn: str) -> None:
    files = dict(ALL_FILES)  # a file of its own, so no other test's replay is cached
    files["20250101500000_unique.sql"] = f"SELECT 1; -- {tmp_path.name}\n"
    root = make_project(tmp_path / "p", files)
    apply(db_dsn, load_project(load_config(root)), to="20250102000000")
    from workbench.compare.expected_actual import drift

    config = load_config(root)
    before = shadow.replays
    for _ in range(2):  # applied, then every file, then both again: two replays in all
        sides = drift(config, db_dsn, Source("migrations"), Source("db"))
        assert sides.applied is not None and len(sides.applied.pending) == 1
        assert "public.orders" not in sides.expected.tables
        every = drift(config, db_dsn, Source("migrations", "all"), Source("db"))
        assert every.applied is None and "public.orders" in every.expected.tables
    assert shadow.replays == before + 2


def test_align_on_a_target_without_history_records_what_it_builds_on(
    cli, tmp_path: Path, db_dsn: str
) -> None:
    root = make_project(tmp_path / "p", ALL_FILES)
    execute(db_dsn, "\n".join(t.split("-- migrate:down")[0] for t in ALL_FILES.values()))
    execute(db_dsn, "ALTER TABLE public.orders ADD COLUMN note text")
    result = cli("--project", root, "--dsn", db_dsn, "align", "--yes")
    assert result.code == 0, result.err
    assert "3 migration file(s) it builds on" in result.out
    status = cli("--project", root, "--dsn", db_dsn, "--json", "status")
    states = [m["state"] for m in json.loads(status.out)["migrations"]]
    assert states == ["applied"] * 4
    after = cli("--project", root, "--dsn", db_dsn, "diff", "--exit-code")
    assert after.code == 0 and after.err == "", after.err
