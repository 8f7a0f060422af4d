"""supabase_vault and pg_graphql stand-ins: their fixed schemas, objects and calls."""

from __future__ import annotations

import psycopg
import pytest

from workbench.db import connect


@pytest.fixture
def conn(empty_db_dsn: str):
    with connect(empty_db_dsn, autocommit=True) as c:
        yield c


def test_vault_creates_reads_and_updates_secrets(conn):
    conn.execute("CREATE EXTENSION supabase_vault")
    assert (
        conn.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'supabase_vault'"
        ).fetchone()[0]
        == "vault"
    )
    secret_id = conn.execute(
        "SELECT vault.create_secret('s3cr3t', 'api_key', 'the key')"
    ).fetchone()[0]
    conn.execute("SELECT vault.create_secret('other')")
    row = conn.execute(
        "SELECT name, description, decrypted_secret, secret <> decrypted_secret"
        " FROM vault.decrypted_secrets WHERE id = %s",
        (secret_id,),
    ).fetchone()
    assert row == ("api_key", "the key", "s3cr3t", True)
    conn.execute(
        "SELECT vault.update_secret(%s, 'n3w', new_description => 'rotated')", (secret_id,)
    )
    row = conn.execute(
        "SELECT name, description, decrypted_secret FROM vault.decrypted_secrets WHERE id = %s",
        (secret_id,),
    ).fetchone()
    assert row == ("api_key", "rotated", "n3w")
    with pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute("SELECT vault.create_secret('again', 'api_key')")


def test_vault_needs_its_schema_name(conn):
    with pytest.raises(psycopg.Error, match="vault"):
        conn.execute("CREATE EXTENSION supabase_vault WITH SCHEMA public")


def test_graphql_resolve_answers_with_an_error(conn):
    conn.execute("CREATE EXTENSION pg_graphql")
    result = conn.execute("SELECT graphql.resolve('{ todos { id } }')").fetchone()[0]
    assert result["data"] is None and "stand-in" in result["errors"][0]["message"]
    assert conn.execute(
        """SELECT graphql.comment_directive('@graphql({"totalCount": {"enabled": true}})')"""
    ).fetchone()[0] == {"totalCount": {"enabled": True}}
    # what Supabase's graphql_public.graphql() wrapper calls
    conn.execute(
        """CREATE FUNCTION public.gql("operationName" text DEFAULT NULL, query text DEFAULT NULL,
           variables jsonb DEFAULT NULL, extensions jsonb DEFAULT NULL) RETURNS jsonb
           LANGUAGE sql AS $$SELECT graphql.resolve(query := query, variables :=
           coalesce(variables, '{}'), "operationName" := "operationName",
           extensions := extensions)$$"""
    )
    assert "errors" in conn.execute("SELECT public.gql(query => '{ a }')").fetchone()[0]
