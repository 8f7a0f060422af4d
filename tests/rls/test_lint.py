"""Every RLS lint rule: a true positive, and the fix it suggests clears it (through the CLI)."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator

import psycopg
import pytest

from workbench.db import connect

BASE = """
CREATE TABLE public.docs (id int PRIMARY KEY, user_id uuid, org_id int, body text);
ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;
"""

# rule -> (setup SQL after BASE, fix SQL, table the finding is on, policy or None)
CASES: dict[str, tuple[str, str, str, str | None]] = {
    "rls_disabled_exposed": (
        "CREATE TABLE public.open_t (id int);",
        "ALTER TABLE public.open_t ENABLE ROW LEVEL SECURITY;",
        "open_t",
        None,
    ),
    "policy_exists_rls_disabled": (
        "ALTER TABLE public.docs DISABLE ROW LEVEL SECURITY;"
        "CREATE POLICY own ON public.docs FOR SELECT TO authenticated"
        " USING ((select auth.uid()) = user_id);",
        "ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;",
        "docs",
        None,
    ),
    "rls_enabled_no_policy": (
        "",
        "CREATE POLICY own ON public.docs FOR SELECT TO authenticated"
        " USING ((select auth.uid()) = user_id);",
        "docs",
        None,
    ),
    "command_silently_denied": (
        "CREATE INDEX ON public.docs (user_id);"
        "CREATE POLICY own ON public.docs FOR SELECT TO authenticated"
        " USING ((select auth.uid()) = user_id);",
        "REVOKE INSERT, UPDATE, DELETE ON public.docs FROM authenticated;",
        "docs",
        None,
    ),
    "dead_policy_missing_expression": (
        "CREATE POLICY ins ON public.docs FOR INSERT TO authenticated;",
        "ALTER POLICY ins ON public.docs WITH CHECK ((select auth.uid()) = user_id);",
        "docs",
        "ins",
    ),
    "policy_always_true": (
        "CREATE POLICY upd ON public.docs FOR UPDATE TO authenticated USING (true);",
        "ALTER POLICY upd ON public.docs USING ((select auth.uid()) = user_id);",
        "docs",
        "upd",
    ),
    "write_check_weaker_than_read": (
        "CREATE POLICY sel ON public.docs FOR SELECT TO authenticated"
        " USING ((select auth.uid()) = user_id);"
        "CREATE POLICY upd ON public.docs FOR UPDATE TO authenticated"
        " USING ((select auth.uid()) = user_id) WITH CHECK (org_id IS NOT NULL);",
        "ALTER POLICY upd ON public.docs WITH CHECK ((select auth.uid()) = user_id);",
        "docs",
        "upd",
    ),
    "update_delete_without_select": (
        "CREATE POLICY del ON public.docs FOR DELETE TO authenticated"
        " USING ((select auth.uid()) = user_id);",
        "CREATE POLICY sel ON public.docs FOR SELECT TO authenticated"
        " USING ((select auth.uid()) = user_id);",
        "docs",
        "del",
    ),
    "auth_call_per_row": (
        "CREATE POLICY sel ON public.docs FOR SELECT TO authenticated USING (auth.uid() = user_id);",
        "ALTER POLICY sel ON public.docs USING ((select auth.uid()) = user_id);",
        "docs",
        "sel",
    ),
    "policy_column_unindexed": (
        "CREATE POLICY sel ON public.docs FOR SELECT TO authenticated"
        " USING ((select auth.uid()) = user_id);",
        "CREATE INDEX docs_user_id_idx ON public.docs (user_id);",
        "docs",
        "sel",
    ),
    "multiple_permissive_policies": (
        "CREATE POLICY everyone ON public.docs FOR SELECT USING (org_id = 1);"
        "CREATE POLICY own ON public.docs FOR SELECT TO authenticated"
        " USING ((select auth.uid()) = user_id);",
        "DROP POLICY everyone ON public.docs;",
        "docs",
        None,
    ),
    "partition_child_bypass": (
        "CREATE TABLE public.measures (id int, at date) PARTITION BY RANGE (at);"
        "CREATE TABLE public.measures_2025 PARTITION OF public.measures"
        " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
        "ALTER TABLE public.measures ENABLE ROW LEVEL SECURITY;",
        "ALTER TABLE public.measures_2025 ENABLE ROW LEVEL SECURITY;",
        "measures_2025",
        None,
    ),
    "bypass_path_to_rls_table": (
        "CREATE VIEW public.docs_view AS SELECT id, body FROM public.docs;",
        "ALTER VIEW public.docs_view SET (security_invoker = true);",
        "docs",
        None,
    ),
    "user_writable_claim_in_policy": (
        "CREATE POLICY admin ON public.docs FOR SELECT TO authenticated"
        " USING (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'admin');",
        "ALTER POLICY admin ON public.docs"
        " USING (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');",
        "docs",
        "admin",
    ),
    "auth_context_misuse": (
        "CREATE POLICY sel ON public.docs FOR SELECT"
        " USING ((select auth.uid()) IS NULL OR user_id = (select auth.uid()));",
        "ALTER POLICY sel ON public.docs USING (user_id = (select auth.uid()));",
        "docs",
        "sel",
    ),
    "policy_recursion_risk": (
        "CREATE POLICY team ON public.docs FOR SELECT TO authenticated USING (org_id IN"
        " (SELECT d.org_id FROM public.docs d WHERE d.user_id = (select auth.uid())));",
        "CREATE FUNCTION public.my_orgs() RETURNS SETOF int LANGUAGE sql STABLE SECURITY DEFINER"
        " SET search_path = '' AS $$ SELECT org_id FROM public.docs"
        " WHERE user_id = (select auth.uid()) $$;"
        "ALTER POLICY team ON public.docs USING (org_id IN (SELECT public.my_orgs()));",
        "docs",
        "team",
    ),
    "policy_for_bypass_role": (
        "CREATE POLICY svc ON public.docs TO service_role USING (true) WITH CHECK (true);",
        "DROP POLICY svc ON public.docs;",
        "docs",
        "svc",
    ),
}


def _findings(cli, dsn: str) -> list[dict]:
    result = cli("rls", "--json", "--dsn", dsn)
    assert result.code == 0, result.err
    return json.loads(result.out)["findings"]


def _cli_findings(dsn: str) -> list[dict]:
    """`workbench rls --json` outside a test function (for the module fixture)."""
    from workbench.cli.main import main

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["rls", "--json", "--dsn", dsn])
    assert code == 0
    return json.loads(buffer.getvalue())["findings"]


def _matching(findings: list[dict], rule: str, table: str, policy: str | None) -> list[dict]:
    return [
        f
        for f in findings
        if f["name"] == rule
        and f["metadata"]["table"] == table
        and (policy is None or f["metadata"]["policy"] == policy)
    ]


def _case(index: int, rule: str) -> tuple[str, str, str, str | None]:
    """The case with its own copy of the docs table (`docs_<index>`)."""
    setup, fix, table, policy = CASES[rule]
    own = f"public.docs_{index}"

    def rename(text: str) -> str:
        return text.replace("public.docs", own)

    base = BASE.replace("public.docs", own)
    table = f"docs_{index}" if table == "docs" else table
    return base + rename(setup), rename(fix), table, policy


@pytest.fixture(scope="module")
def lint_runs(pg_server) -> Iterator[tuple[list[dict], list[dict]]]:
    """All cases in one database: the findings before and after applying every fix."""
    name = pg_server.new_database()
    dsn = pg_server.dsn(name)
    rules = sorted(CASES)
    try:
        with connect(dsn, autocommit=True) as conn:
            for i, rule in enumerate(rules):
                conn.execute(_case(i, rule)[0])
            before = _cli_findings(dsn)
            for i, rule in enumerate(rules):
                conn.execute(_case(i, rule)[1])
            after = _cli_findings(dsn)
        yield before, after
    finally:
        pg_server.drop(name)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires_and_fix_clears_it(rule: str, lint_runs) -> None:
    before, after = lint_runs
    _, _, table, policy = _case(sorted(CASES).index(rule), rule)
    found = _matching(before, rule, table, policy)
    assert found, f"{rule} not reported on {table}"
    finding = found[0]
    assert finding["level"] in ("ERROR", "WARN", "INFO")
    assert finding["metadata"]["schema"] == "public"
    assert finding["detail"] and finding["fix"]
    assert not _matching(after, rule, table, policy), f"{rule} survived its fix"


def test_security_definer_function_is_a_bypass_path(cli, conn: psycopg.Connection, db_dsn: str):
    conn.execute(
        BASE + "CREATE FUNCTION public.all_docs() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER"
        " AS $$ BEGIN RETURN (SELECT count(*) FROM public.docs); END $$;"
    )
    found = _matching(_findings(cli, db_dsn), "bypass_path_to_rls_table", "docs", None)
    assert [f["metadata"]["function"] for f in found] == ["public.all_docs()"]
    assert found[0]["level"] == "WARN"
    conn.execute("REVOKE EXECUTE ON FUNCTION public.all_docs() FROM PUBLIC, anon, authenticated")
    assert not _matching(_findings(cli, db_dsn), "bypass_path_to_rls_table", "docs", None)


def test_recursion_rule_matches_postgresql(conn: psycopg.Connection, db_dsn: str):
    """The cycle the rule reports is one PostgreSQL refuses to run."""
    conn.execute(BASE + CASES["policy_recursion_risk"][0])
    conn.execute("BEGIN")
    conn.execute("SET LOCAL ROLE authenticated")
    with pytest.raises(psycopg.errors.InvalidObjectDefinition, match="infinite recursion"):
        conn.execute("SELECT count(*) FROM public.docs")
    conn.execute("ROLLBACK")


def test_partition_child_bypass_matches_postgresql(conn: psycopg.Connection):
    conn.execute(BASE + CASES["partition_child_bypass"][0])
    conn.execute("INSERT INTO public.measures VALUES (1, '2025-05-01')")
    conn.execute("BEGIN")
    conn.execute("SET LOCAL ROLE anon")
    parent = conn.execute("SELECT count(*) FROM public.measures").fetchone()[0]
    child = conn.execute("SELECT count(*) FROM public.measures_2025").fetchone()[0]
    conn.execute("ROLLBACK")
    assert (parent, child) == (0, 1)


def test_levels_and_json_shape(cli, conn: psycopg.Connection, db_dsn: str):
    conn.execute(BASE + CASES["auth_context_misuse"][0] + CASES["rls_disabled_exposed"][0])
    result = cli("rls", "--json", "--dsn", db_dsn)
    data = json.loads(result.out)
    assert set(data) == {"tables", "findings"}
    docs = next(t for t in data["tables"] if t["table"] == "public.docs")
    assert docs["rls_enabled"] is True and docs["rls_forced"] is False
    assert docs["policies"] == [
        {
            "name": "sel",
            "command": "SELECT",
            "permissive": True,
            "roles": ["public"],
            "using": "((( SELECT auth.uid() AS uid) IS NULL) OR (user_id = ( SELECT auth.uid() AS uid)))",
            "with_check": None,
        }
    ]
    levels = {f["name"]: f["level"] for f in data["findings"]}
    assert levels["auth_context_misuse"] == "ERROR"  # reachable by anon
    assert levels["rls_disabled_exposed"] == "ERROR"
    for f in data["findings"]:
        assert {"name", "level", "detail", "metadata", "fix"} <= set(f)
        assert {"schema", "table", "policy"} <= set(f["metadata"])


def test_exit_code(cli, conn: psycopg.Connection, db_dsn: str):
    conn.execute(BASE)  # only an INFO finding (rls_enabled_no_policy)
    assert cli("rls", "--exit-code", "--dsn", db_dsn).code == 0
    conn.execute(CASES["auth_call_per_row"][0])  # a WARN
    result = cli("rls", "--exit-code", "--dsn", db_dsn)
    assert result.code == 1
    assert "auth_call_per_row" in result.out
    assert cli("rls", "--dsn", db_dsn).code == 0  # without --exit-code findings do not fail


def test_text_output_prints_database_text_literally(cli, conn: psycopg.Connection, db_dsn: str):
    conn.execute(
        'CREATE TABLE public."[bold]x" (id int); '
        'CREATE POLICY "[red]p[/]" ON public."[bold]x" FOR SELECT USING (true);'
    )
    result = cli("rls", "--dsn", db_dsn)
    assert result.code == 0, result.err
    assert "public.[bold]x" in result.out
    assert "[red]p[/]" in result.out
    assert "policy_exists_rls_disabled" in result.out
    simulated = cli("rls", "simulate", "--role", "anon", "--table", "[bold]x", "--dsn", db_dsn)
    assert simulated.code == 0, simulated.err
    assert "public.[bold]x" in simulated.out


def test_unreachable_target_is_a_clean_error(cli):
    result = cli("rls", "--dsn", "postgresql://nobody@127.0.0.1:1/nope")
    assert result.code == 2
    assert result.err.startswith("error: ")
    assert "Traceback" not in result.err
