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


def test_engine_messages_name_no_flag_and_each_view_phrases_them(cli, users_dsn):
    """The engine says "the claims text", "a user", ...; the CLI names its flags, the TUI its
    own controls (workbench.rls.claims.INPUTS, cli/rls_cmd.FLAGS)."""
    from pathlib import Path

    import workbench.rls
    from workbench.catalog.introspect import introspect
    from workbench.rls.claims import SimulationError, parse_claims, resolve_subject
    from workbench.tui.panes.rls_simulate_work import subject_notes

    flags = ("--user", "--row", "--claims", "--role", "--table")
    for path in Path(workbench.rls.__file__).parent.glob("*.py"):
        assert not [f for f in flags if f in path.read_text()], path
    with pytest.raises(SimulationError) as raised:
        parse_claims("{oops")
    assert str(raised.value).startswith("the claims text is not valid JSON: ")
    assert raised.value.phrase({"claims": "--claims"}).startswith("--claims is not valid JSON: ")
    with connect(users_dsn) as conn:
        catalog = introspect(conn, ["public"])
        with pytest.raises(SimulationError) as raised:
            resolve_subject(catalog, conn, claims={}, user="alice@example.test")
        subject = resolve_subject(catalog, conn, role="authenticated")
    assert str(raised.value) == "give either the claims text or a user, not both"
    assert [str(n) for n in subject_notes(subject)] == [
        "note: no user given: auth.uid() is NULL; pick a user from auth.users (s) to act as one"
    ]
    result = _sim(cli, users_dsn, "--role", "authenticated")
    assert json.loads(result.out)["notes"] == [
        "no user given: auth.uid() is NULL; pass --user ID|EMAIL to act as one"
    ]
    result = _sim(cli, users_dsn, "--claims", '{"sub": "x"}')
    assert result.err == (
        "error: give --role (anon, authenticated, service_role, ...), --user, "
        "or claims with a role\n"
    )
