"""Every RLS finding's fix that is SQL runs on PostgreSQL, for policies of every command.

Each fix is executed in its own rolled-back savepoint on the database it was found on.
"""

from __future__ import annotations

import json

import psycopg
import pytest

from workbench.db import connect

COMMANDS = ("SELECT", "INSERT", "UPDATE", "DELETE", "ALL")
SQL_START = ("ALTER ", "CREATE ", "DROP ", "REVOKE ", "GRANT ", "COMMENT ")


def _setup_sql() -> str:
    parts = [
        # owned by a user (FK to auth.users), and one without any owner column
        "CREATE TABLE public.owned (id int PRIMARY KEY,"
        " owner uuid REFERENCES auth.users (id), body text);",
        'CREATE TABLE public."No Owner" (id int PRIMARY KEY, body text);',
        "CREATE TABLE public.by_name (id int PRIMARY KEY, user_id uuid, body text);",
        "CREATE TABLE public.exposed (id int);",
        "GRANT ALL ON public.exposed TO anon, authenticated;",
        "CREATE TABLE public.empty_rls (id int, user_id uuid);",
        "ALTER TABLE public.empty_rls ENABLE ROW LEVEL SECURITY;",
        "CREATE TABLE public.parted (id int, user_id uuid) PARTITION BY RANGE (id);",
        "CREATE TABLE public.parted_1 PARTITION OF public.parted FOR VALUES FROM (0) TO (10);",
        "ALTER TABLE public.parted ENABLE ROW LEVEL SECURITY;",
        "GRANT ALL ON public.parted, public.parted_1 TO authenticated;",
    ]
    for table in ("owned", '"No Owner"', "by_name"):
        parts.append(f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY;")
        parts.append(f"GRANT ALL ON public.{table} TO anon, authenticated;")
        for command in COMMANDS:
            low = command.lower()
            using = "" if command == "INSERT" else " USING (true)"
            check = " WITH CHECK (true)" if command in ("INSERT", "UPDATE", "ALL") else ""
            parts.append(
                f'CREATE POLICY "{low} true" ON public.{table} FOR {command} TO authenticated'
                f"{using}{check};"
            )
            parts.append(f'CREATE POLICY "{low} bare" ON public.{table} FOR {command} TO anon;')
            parts.append(
                f'CREATE POLICY "{low} bypass" ON public.{table} FOR {command} TO service_role'
                f"{using}{check};"
            )
    return "\n".join(parts)


@pytest.fixture
def linted(cli, db_dsn, tmp_path):
    with connect(db_dsn, autocommit=True) as conn:
        conn.execute(_setup_sql())
    (tmp_path / "migrations").mkdir()
    result = cli("rls", "--project", tmp_path, "--dsn", db_dsn, "--json")
    assert result.code == 0, result.err
    return db_dsn, json.loads(result.out)["findings"]


def test_every_sql_fix_runs(linted):
    dsn, findings = linted
    ran: set[str] = set()
    failures = []
    with connect(dsn) as conn:
        for item in findings:
            fix = item["fix"]
            if not fix.startswith(SQL_START):
                assert "(...)" not in fix and "<" not in fix.split("--")[0], fix
                continue
            try:
                with conn.transaction(force_rollback=True):
                    conn.execute(fix)
                ran.add(item["name"])
            except psycopg.Error as exc:
                failures.append(f"{item['name']} {item['metadata'].get('policy')}: {fix}: {exc}")
    assert not failures, "\n".join(failures)
    expected = {
        "policy_always_true",
        "dead_policy_missing_expression",
        "policy_for_bypass_role",
        "rls_disabled_exposed",
        "rls_enabled_no_policy",
        "partition_child_bypass",
    }
    assert expected <= ran, expected - ran


def test_always_true_insert_fix_is_with_check_only(linted):
    _, findings = linted
    fixes = {
        (f["table"] if "table" in f else f["metadata"]["table"], f["metadata"]["policy"]): f["fix"]
        for f in findings
        if f["name"] == "policy_always_true"
    }
    insert = fixes[("owned", "insert true")]
    assert insert == (
        'ALTER POLICY "insert true" ON public.owned WITH CHECK ((select auth.uid()) = owner);'
    )
    assert "WITH CHECK" not in fixes[("owned", "delete true")]
    assert "user_id" in fixes[("by_name", "update true")]
    assert "false" in fixes[("No Owner", "update true")]
