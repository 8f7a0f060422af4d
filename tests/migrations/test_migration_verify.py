"""`workbench verify`: up → down → up round trips and baseline re-runs on a shadow database."""

from __future__ import annotations

import json

from migration_helpers import history_rows

BASE = "99999999999999_master_consolidated_schema.sql"
GOOD = "-- migrate:up\nALTER TABLE t ADD COLUMN note text;\n-- migrate:down\nALTER TABLE t DROP COLUMN note;\n"
LEAKY = (
    "-- migrate:up\nCREATE INDEX t_note_idx ON t (note);\nCREATE TABLE extra ();\n"
    "-- migrate:down\nDROP TABLE extra;\n"
)


def test_verify_reports_each_failure_with_the_differing_objects(cli, make_project, db_dsn):
    root = make_project(
        {
            BASE: "CREATE TABLE IF NOT EXISTS t (id int);\n",
            "0001_good.sql": GOOD,
            "0002_leaky.sql": LEAKY,
            "0003_nodown.sql": "CREATE TABLE other ();",
        }
    )
    result = cli("verify", "--project", root, "--dsn", db_dsn, "--json")
    assert result.code == 1, result.err
    data = json.loads(result.out)
    assert data["ok"] is False
    by_name = {f["name"]: f for f in data["findings"]}
    # its down leaves the index behind, so the second up fails: verify stops there
    assert list(by_name) == ["down_does_not_restore", "up_down_up_failed"]
    restore = by_name["down_does_not_restore"]
    assert restore["file"] == "migrations/0002_leaky.sql" and restore["line"] == 5
    assert "index public.t.t_note_idx" in restore["detail"]
    failed = by_name["up_down_up_failed"]
    assert (failed["file"], failed["line"]) == ("migrations/0002_leaky.sql", 2)
    assert 'relation "t_note_idx" already exists' in failed["detail"]
    # the target itself is untouched: verify works on a shadow database
    assert history_rows(db_dsn) == []


def test_verify_passes_a_sound_project_and_checks_the_baseline_twice(cli, make_project, db_dsn):
    root = make_project(
        {
            BASE: "CREATE TABLE IF NOT EXISTS t (id int);\n",
            "0001_good.sql": GOOD,
            "0002_nodown.sql": "CREATE TABLE other ();",
        }
    )
    result = cli("verify", "--project", root, "--dsn", db_dsn)
    assert result.code == 0, result.out + result.err  # INFO findings do not fail
    assert "no_down" in result.out and "migrations/0002_nodown.sql" in result.out
    assert "2 migration(s) verified" in result.out

    (root / "migrations" / BASE).write_text(
        "CREATE TABLE IF NOT EXISTS t (id int);\nCREATE TABLE u ();\n"
    )
    result = cli("verify", "--project", root, "--dsn", db_dsn, "--json")
    assert result.code == 1
    (finding,) = json.loads(result.out)["findings"]
    assert finding["name"] == "baseline_rerun_failed"
    assert finding["file"] == f"migrations/{BASE}" and finding["line"] == 2
    assert 'relation "u" already exists' in finding["detail"]

    (root / "migrations" / BASE).write_text(
        "CREATE TABLE IF NOT EXISTS t (id int);\n"
        "DO $$ BEGIN EXECUTE format('CREATE TABLE t_%s ()', (SELECT count(*) FROM pg_class"
        " WHERE relname LIKE 't\\_%')); END $$;\n"
    )
    data = json.loads(cli("verify", "--project", root, "--dsn", db_dsn, "--json").out)
    finding = data["findings"][0]
    assert (
        finding["name"] == "baseline_rerun_changes" and "added table public.t_" in finding["detail"]
    )


def test_the_demo_project_passes_its_own_verify(cli, demo_project, db_dsn):
    result = cli("verify", "--project", demo_project, "--dsn", db_dsn, "--json")
    assert result.code == 0, result.out + result.err
    data = json.loads(result.out)
    assert data["ok"] is True
    assert not [f for f in data["findings"] if f["level"] in ("ERROR", "WARN")]


def test_a_down_dropping_what_the_baseline_owns_is_still_caught(cli, make_project, db_dsn):
    # the demo's old mistake in a user project: an idempotent re-creation of a baseline
    # table whose down drops it, taking the baseline's table (and rows) with it
    root = make_project(
        {
            BASE: "CREATE TABLE IF NOT EXISTS public.t (id int);\n",
            "0001_again.sql": (
                "-- migrate:up\nCREATE TABLE IF NOT EXISTS public.t (id int);\n"
                "-- migrate:down\nDROP TABLE IF EXISTS public.t;\n"
            ),
        }
    )
    result = cli("verify", "--project", root, "--dsn", db_dsn, "--json")
    assert result.code == 1
    (finding,) = [f for f in json.loads(result.out)["findings"] if f["level"] == "ERROR"]
    assert finding["name"] == "down_does_not_restore"
    assert finding["file"] == "migrations/0001_again.sql"
    assert "removed table public.t" in finding["detail"]
