"""The access matrix of a table page agrees with `workbench rls simulate` for every role in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import access_matrix

RLS_SQL = """
DO $$ BEGIN CREATE ROLE docs_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE public.notes (id int, visible boolean NOT NULL DEFAULT true, body text);
INSERT INTO public.notes VALUES (1, true, 'a'), (2, false, 'b');
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON public.notes FROM anon, authenticated, service_role;
GRANT SELECT ON public.notes TO anon, docs_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.notes TO authenticated, service_role;
CREATE POLICY read_visible ON public.notes FOR SELECT TO anon, authenticated USING (visible);
CREATE POLICY change_visible ON public.notes FOR UPDATE TO authenticated
    USING (visible) WITH CHECK (visible);
CREATE POLICY add_visible ON public.notes FOR INSERT TO authenticated WITH CHECK (visible);
CREATE TABLE public.open_notes (id int, body text);
INSERT INTO public.open_notes VALUES (1, 'x');
REVOKE ALL ON public.open_notes FROM anon, authenticated, service_role;
GRANT SELECT, INSERT ON public.open_notes TO anon;
CREATE TABLE public.locked (id int);
INSERT INTO public.locked VALUES (1);
ALTER TABLE public.locked ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.locked FORCE ROW LEVEL SECURITY;
"""


@pytest.fixture
def rls_dsn(conn, db_dsn):
    conn.execute(RLS_SQL)
    return db_dsn


def simulated(cli, dsn: str, role: str) -> dict[str, dict[str, bool]]:
    result = cli("rls", "simulate", "--json", "--dsn", dsn, "--role", role)
    assert result.code == 0, result.err
    return {
        t["table"]: {c: t[c.lower()]["allowed"] for c in ("SELECT", "INSERT", "UPDATE", "DELETE")}
        for t in json.loads(result.out)["tables"]
    }


def test_matrix_agrees_with_simulate(cli, rls_dsn, tmp_path: Path) -> None:
    assert cli("docs", "--dsn", rls_dsn, "-o", tmp_path).code == 0
    checked = 0
    for table in ("public.notes", "public.open_notes", "public.locked"):
        matrix = access_matrix((tmp_path / f"{table}.md").read_text("utf-8"))
        assert {"anon", "authenticated", "service_role"} <= set(matrix)
        for role, cells in matrix.items():
            assert simulated(cli, rls_dsn, role)[table] == cells, (table, role)
            checked += 1
    assert checked >= 10
    notes = access_matrix((tmp_path / "public.notes.md").read_text("utf-8"))
    # the role with only a grant and no policy is in the matrix, and sees no row
    assert notes["docs_reader"] == dict.fromkeys(("SELECT", "INSERT", "UPDATE", "DELETE"), False)
    assert notes["authenticated"] == {
        "SELECT": True, "INSERT": True, "UPDATE": True, "DELETE": False
    }  # fmt: skip
    assert notes["anon"] == {"SELECT": True, "INSERT": False, "UPDATE": False, "DELETE": False}
    assert all(notes["service_role"].values())


def test_policies_in_plain_words_with_their_sql(cli, rls_dsn, tmp_path: Path) -> None:
    assert cli("docs", "--dsn", rls_dsn, "-o", tmp_path).code == 0
    page = (tmp_path / "public.notes.md").read_text("utf-8")
    rls = page.split("## Row-level security", 1)[1]
    assert "RLS **enabled**, not forced" in rls
    assert "#### `change_visible`\n\nPermissive: lets `authenticated` update." in rls
    assert "CREATE POLICY change_visible ON public.notes\n    AS PERMISSIVE\n    FOR UPDATE" in rls
    assert "| `anon` | ✓ rows admitted by `read_visible` |" in rls
    assert (
        "| `authenticated` | ✓ rows admitted by `read_visible` | ✓ new rows passing `add_visible` |"
        in rls
    )
    assert "✗ no row (no policy)" in rls
    findings = rls.split("### Lint findings", 1)[1]
    assert "`command_silently_denied`" in findings  # authenticated holds DELETE, no policy
    locked = (tmp_path / "public.locked.md").read_text("utf-8")
    assert "RLS **enabled**, forced" in locked and "`rls_enabled_no_policy`" in locked
    opened = (tmp_path / "public.open_notes.md").read_text("utf-8")
    assert "RLS **disabled**" in opened and "✓ every row (RLS off)" in opened
