"""The INSERT probe builds the row the user's own insert would carry (their id where a
policy compares a column with auth.uid()), and never shows an internal error as a note."""

from __future__ import annotations

import json

import pytest

from workbench.db import connect

CAROL = "11111111-1111-1111-1111-111111111111"
DAVE = "22222222-2222-2222-2222-222222222222"
PROFILES = f"""
CREATE TABLE public.profiles (
  id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  username text UNIQUE,
  email text,
  updated_at timestamptz DEFAULT now()
);
ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Profiles are public" ON public.profiles FOR SELECT USING (true);
CREATE POLICY "Insert own profile" ON public.profiles FOR INSERT
  WITH CHECK ((select auth.uid()) = id);
CREATE POLICY "Update own profile" ON public.profiles FOR UPDATE USING ((select auth.uid()) = id);
GRANT ALL ON public.profiles TO anon, authenticated;
CREATE TABLE public.mail (id bigint GENERATED ALWAYS AS IDENTITY, email text NOT NULL, body text);
ALTER TABLE public.mail ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Own mail" ON public.mail FOR INSERT TO authenticated
  WITH CHECK (email = (auth.jwt() ->> 'email'));
GRANT ALL ON public.mail TO authenticated;
INSERT INTO auth.users (id, email) VALUES
  ('{CAROL}', 'carol@example.test'), ('{DAVE}', 'dave@example.test');
"""


@pytest.fixture
def profiles_dsn(db_dsn: str) -> str:
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(PROFILES)
    return db_dsn


def _insert(cli, dsn: str, user: str, table: str = "profiles") -> dict:
    result = cli("rls", "simulate", "--json", "--dsn", dsn, "--user", user, "--table", table)
    assert result.code == 0, result.err
    return json.loads(result.out)["tables"][0]["insert"]


def _no_internal_error(text: str | None) -> None:
    for word in ("operator does not exist", "does not exist", "uuid = text", "syntax error"):
        assert word not in (text or ""), text


def test_empty_profiles_table_admits_the_users_own_profile(cli, profiles_dsn):
    insert = _insert(cli, profiles_dsn, "carol@example.test")
    assert insert["allowed"] is True and insert["denial"] is None, insert
    assert insert["policies"][0]["rows"] == 1  # the policy itself admits the candidate
    assert "id filled from the request" in insert["note"]
    _no_internal_error(insert["note"])


def test_someone_elses_visible_row_is_not_the_candidates_owner(cli, profiles_dsn):
    with connect(profiles_dsn, autocommit=True) as conn:
        conn.execute(f"INSERT INTO public.profiles (id, username) VALUES ('{DAVE}', 'dave')")
    insert = _insert(cli, profiles_dsn, "carol@example.test")
    assert insert["allowed"] is True, insert
    _no_internal_error(insert["note"])
    with connect(profiles_dsn) as conn:  # and nothing stayed behind
        assert conn.execute("SELECT count(*) FROM public.profiles").fetchone()[0] == 1


def test_a_claim_compared_column_gets_the_claim(cli, profiles_dsn):
    insert = _insert(cli, profiles_dsn, "dave@example.test", table="mail")
    assert insert["allowed"] is True, insert
    _no_internal_error(insert["note"])


def test_anon_is_still_refused_in_plain_words(cli, profiles_dsn):
    result = cli(
        "rls", "simulate", "--json", "--dsn", profiles_dsn, "--role", "anon", "--table", "profiles"
    )
    insert = json.loads(result.out)["tables"][0]["insert"]
    assert insert["allowed"] is False and insert["denial"] == "with_check"
    _no_internal_error(insert["note"])
