"""The RLS inspector on the demo project: a finding on first run, different answers per user,
and simulated counts equal to what PostgreSQL returns to that user."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from psycopg import sql

from workbench.db import connect

REPO = Path(__file__).resolve().parents[2]
MIGRATIONS = REPO / "migrations"
BASELINE = "99999999999999_master_consolidated_schema.sql"
ALICE = "11111111-1111-1111-1111-111111111111"
BOB = "22222222-2222-2222-2222-222222222222"


def _demo_scripts() -> list[str]:
    """Like `workbench demo`: the baseline, then every migration but the newest, then the rows."""
    files = sorted(p for p in MIGRATIONS.glob("*.sql") if not p.name.endswith(".down.sql"))
    others = [p for p in files if p.name != BASELINE]
    ordered = [p for p in files if p.name == BASELINE] + others[:-1]
    scripts = [p.read_text("utf-8").split("-- migrate:down")[0] for p in ordered]
    seed = resources.files("workbench").joinpath("sql/demo_seed_data.sql").read_text("utf-8")
    return scripts + [seed]


@pytest.fixture(scope="module")
def demo_dsn(pg_server) -> Iterator[str]:
    if not (MIGRATIONS / BASELINE).exists():
        pytest.skip("the demo migrations are not in this checkout")
    with pg_server.database() as name:
        with connect(pg_server.dsn(name), autocommit=True) as conn:
            for script in _demo_scripts():
                conn.execute(script)
        yield pg_server.dsn(name)


def test_demo_has_findings(cli, demo_dsn: str) -> None:
    result = cli("rls", "--json", "--dsn", demo_dsn)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["findings"], "the demo's deliberate weakness is not caught"
    assert any(f["name"] == "auth_call_per_row" for f in data["findings"])
    assert all(t["table"].startswith("public.") for t in data["tables"])
    assert cli("rls", "--exit-code", "--dsn", demo_dsn).code == 1


def _select_rows(cli, dsn: str, *who: str) -> dict[str, int]:
    result = cli("rls", "simulate", "--json", "--dsn", dsn, *who)
    assert result.code == 0, result.err
    return {t["table"]: t["select"]["rows"] for t in json.loads(result.out)["tables"]}


def test_alice_and_bob_get_different_answers(cli, demo_dsn: str) -> None:
    alice = _select_rows(cli, demo_dsn, "--user", ALICE)
    bob = _select_rows(cli, demo_dsn, "--user", "bob@globex.test")
    anon = _select_rows(cli, demo_dsn, "--role", "anon")
    assert alice.keys() == bob.keys()
    assert any(alice[k] != bob[k] for k in alice), "alice and bob see the same rows everywhere"
    assert sum(anon.values()) < sum(alice.values())
    # ... and each answer is what PostgreSQL gives that user for the same query.
    for user, simulated in ((ALICE, alice), (BOB, bob)):
        claims = json.dumps({"sub": user, "role": "authenticated"})
        with connect(demo_dsn) as conn:
            conn.execute("SELECT set_config('request.jwt.claims', %s, true)", (claims,))
            conn.execute("SET LOCAL ROLE authenticated")
            for key, rows in simulated.items():
                schema, name = key.split(".", 1)
                query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, name))
                assert conn.execute(query).fetchone()[0] == rows, (user, key)
            conn.rollback()
