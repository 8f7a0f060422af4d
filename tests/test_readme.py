"""README says what users need, and its examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

from workbench.db import connect

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
EVENTS = (
    "-- migrate:up\nCREATE TABLE public.events (id bigint PRIMARY KEY, user_id uuid);\n"
    "-- migrate:down\nDROP TABLE public.events;\n"
)


def sql_blocks() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", README, re.S)


def test_readme_says_how_to_reach_the_demo_and_the_exit_codes() -> None:
    assert "export WORKBENCH_DSN=$(workbench demo --prepare-only)" in README
    text = " ".join(README.split())
    assert "`lint`, `rls` and `diff` only with `--exit-code`" in text
    assert "`-- workbench:no-transaction`" in text


def test_the_no_transaction_example_runs(cli, tmp_path: Path, db_dsn: str) -> None:
    (example,) = [b for b in sql_blocks() if "workbench:no-transaction" in b]
    assert "CONCURRENTLY" in example
    root = tmp_path / "p"
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "20250101000000_events.sql").write_text(EVENTS, "utf-8")
    (root / "migrations" / "20250102000000_events_index.sql").write_text(example, "utf-8")
    base = ("--project", root, "--dsn", db_dsn)
    up = cli(*base, "up", "--yes")
    assert up.code == 0, up.err

    def indexes() -> set[str]:
        with connect(db_dsn, autocommit=True) as conn:
            rows = conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'events'")
            return {r[0] for r in rows.fetchall()}

    assert "events_user_id_idx" in indexes()
    down = cli(*base, "down", "--yes")
    assert down.code == 0, down.err
    assert "events_user_id_idx" not in indexes()
    # lint does not ask for CONCURRENTLY again, and findings alone exit 0 without --exit-code
    lint = cli(*base, "lint")
    assert lint.code == 0 and "require-concurrent-index-creation" not in lint.out
