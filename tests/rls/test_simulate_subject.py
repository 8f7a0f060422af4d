"""Whom a simulation acts as: `--role` with `--user`, and a role carried by `--claims`."""

from __future__ import annotations

import json

import pytest

from workbench.db import connect

ALICE = "11111111-1111-1111-1111-111111111111"


@pytest.fixture
def users_dsn(db_dsn: str) -> str:
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(
            f"INSERT INTO auth.users (id, email) VALUES ('{ALICE}', 'alice@example.test');"
            "CREATE TABLE public.notes (id int, owner uuid);"
            "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;"
            "CREATE POLICY own ON public.notes FOR SELECT USING ((select auth.uid()) = owner);"
            f"INSERT INTO public.notes VALUES (1, '{ALICE}');"
        )
    return db_dsn


def _sim(cli, dsn: str, *args: str):
    return cli("rls", "simulate", "--json", "--dsn", dsn, "--table", "notes", *args)


def test_role_given_with_a_user_is_the_claims_role_too(cli, users_dsn):
    result = _sim(cli, users_dsn, "--user", "alice@example.test", "--role", "anon")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["role"] == "anon" and data["claims"]["role"] == "anon"
    assert data["claims"]["sub"] == ALICE
    assert any("claims role set to 'anon'" in note for note in data["notes"])
    plain = json.loads(_sim(cli, users_dsn, "--user", "alice@example.test").out)
    assert plain["role"] == plain["claims"]["role"] == "authenticated" and not plain["notes"]


def test_role_carried_by_the_claims_is_used(cli, users_dsn):
    result = _sim(cli, users_dsn, "--claims", '{"role": "postgres"}')
    assert result.code == 0, result.err
    assert json.loads(result.out)["role"] == "postgres"
    result = _sim(cli, users_dsn, "--claims", json.dumps({"role": "authenticated", "sub": ALICE}))
    data = json.loads(result.out)
    assert data["role"] == "authenticated" and data["tables"][0]["select"]["rows"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--claims", '{"role": "anon"}', "--role", "authenticated"), "conflicts with the claims"),
        (("--claims", '{"role": 5}'), "the claims' role must be a role name"),
        (("--claims", '{"role": "no_such_role_x"}'), "unknown role 'no_such_role_x'"),
        (("--claims", '{"sub": "x"}'), "give --role"),
    ],
)
def test_bad_claims_roles_are_clear_errors(cli, users_dsn, args, message):
    result = _sim(cli, users_dsn, *args)
    assert result.code == 2
    assert result.err.startswith("error: ") and message in result.err
    assert len(result.err.strip().splitlines()) == 1
