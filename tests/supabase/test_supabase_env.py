"""The Supabase environment of embedded and shadow databases (SPEC 14): what a
fresh database has, that installing twice changes nothing, and that a database
made by the older, unversioned shim is upgraded in place."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from workbench import supabase_env
from workbench.catalog.introspect import introspect
from workbench.db import connect

HERE = Path(__file__).resolve().parent


def _one(conn: psycopg.Connection, query: str, params: tuple = ()):
    return conn.execute(query, params).fetchone()[0]


def test_roles_have_supabase_attributes_and_memberships(conn) -> None:
    rows = conn.execute(
        "SELECT rolname, rolbypassrls, rolsuper, rolinherit FROM pg_roles WHERE rolname = ANY (%s)",
        (
            [
                "postgres",
                "supabase_admin",
                "anon",
                "authenticated",
                "service_role",
                "authenticator",
                "supabase_auth_admin",
                "supabase_storage_admin",
                "supabase_realtime_admin",
                "supabase_replication_admin",
                "supabase_read_only_user",
                "supabase_functions_admin",
                "dashboard_user",
                "pgbouncer",
            ],
        ),
    ).fetchall()
    roles = {r[0]: r[1:] for r in rows}
    assert len(roles) == 14
    assert roles["service_role"][0] is True
    assert roles["anon"][0] is False
    assert roles["supabase_admin"][1] is True
    assert roles["authenticator"][2] is False  # NOINHERIT: PostgREST switches roles
    for api_role in ("anon", "authenticated", "service_role"):
        assert _one(conn, "SELECT pg_has_role('authenticator', %s, 'MEMBER')", (api_role,))
    assert _one(conn, "SELECT pg_has_role('supabase_read_only_user', 'pg_read_all_data', 'MEMBER')")


def test_schemas_owners_grants_and_extensions(conn) -> None:
    owners = dict(
        conn.execute(
            "SELECT nspname, nspowner::regrole::text FROM pg_namespace WHERE nspname = ANY (%s)",
            (
                [
                    "auth",
                    "storage",
                    "realtime",
                    "extensions",
                    "graphql",
                    "graphql_public",
                    "vault",
                    "pgsodium",
                    "supabase_functions",
                    "supabase_migrations",
                ],
            ),
        ).fetchall()
    )
    assert owners["auth"] == "supabase_admin"
    assert owners["extensions"] == "postgres"
    assert len(owners) == 10
    for schema in ("auth", "storage", "realtime", "extensions", "graphql_public"):
        for role in ("anon", "authenticated", "service_role"):
            assert _one(conn, "SELECT has_schema_privilege(%s, %s, 'USAGE')", (role, schema))
    extensions = dict(
        conn.execute(
            "SELECT extname, extnamespace::regnamespace::text FROM pg_extension"
        ).fetchall()
    )
    assert extensions["pg_stat_statements"] == "extensions"  # real contrib: always there
    available = {r[0] for r in conn.execute("SELECT name FROM pg_available_extensions")}
    for name, schema in (("uuid-ossp", "extensions"), ("pgcrypto", "extensions")):
        if name in available:
            assert extensions[name] == schema
    assert _one(conn, "SELECT count(*) FROM pg_publication WHERE pubname = 'supabase_realtime'")


def test_new_sessions_get_the_supabase_search_path(db_dsn: str) -> None:
    with connect(db_dsn) as c:
        assert _one(c, "SHOW search_path") == '"$user", public, extensions'
        assert _one(c, "SELECT current_setting('workbench.supabase_env')") == str(
            supabase_env.SHIM_VERSION
        )


def test_current_auth_storage_and_realtime_columns(conn) -> None:
    def columns(table: str) -> set[str]:
        return {
            r[0]
            for r in conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                (table,),
            )
        }

    assert {"is_sso_user", "is_anonymous", "phone", "banned_until", "deleted_at"} <= columns(
        "auth.users"
    )
    for table in ("auth.identities", "auth.sessions", "auth.refresh_tokens", "auth.mfa_factors"):
        assert "id" in columns(table)
    assert {"owner_id", "version", "user_metadata", "path_tokens", "level"} <= columns(
        "storage.objects"
    )
    assert {"public", "avif_autodetection", "file_size_limit", "allowed_mime_types"} <= columns(
        "storage.buckets"
    )
    assert {"topic", "extension", "payload", "private"} <= columns("realtime.messages")
    assert _one(
        conn, "SELECT relrowsecurity FROM pg_class WHERE oid = 'realtime.messages'::regclass"
    )
    assert _one(conn, "SELECT relrowsecurity FROM pg_class WHERE oid = 'storage.objects'::regclass")


def test_helper_functions_compute_what_supabase_computes(conn) -> None:
    assert _one(conn, "SELECT storage.foldername('avatars/u1/me.png')") == ["avatars", "u1"]
    assert _one(conn, "SELECT storage.filename('avatars/u1/me.png')") == "me.png"
    assert _one(conn, "SELECT storage.extension('avatars/u1/me.tar.gz')") == "gz"
    conn.execute(
        "SELECT set_config('request.jwt.claims', %s, false)",
        (
            '{"sub": "7f2c1bde-0000-4000-8000-000000000001", "role": "authenticated",'
            ' "email": "a@b.test"}',
        ),
    )
    assert str(_one(conn, "SELECT auth.uid()")) == "7f2c1bde-0000-4000-8000-000000000001"
    assert _one(conn, "SELECT auth.role()") == "authenticated"
    assert _one(conn, "SELECT auth.email()") == "a@b.test"
    assert _one(conn, "SELECT auth.jwt() ->> 'role'") == "authenticated"
    conn.execute("SELECT realtime.send('{\"a\": 1}', 'ev', 'room:1', false)")
    assert _one(conn, "SELECT count(*) FROM realtime.messages WHERE topic = 'room:1'") == 1
    assert isinstance(_one(conn, "SELECT graphql_public.graphql(query := '{ x }')"), dict)


def test_default_privileges_grant_new_public_objects_to_the_api_roles(conn) -> None:
    conn.execute("CREATE TABLE public.notes (id int)")
    for role in ("anon", "authenticated", "service_role"):
        assert _one(conn, "SELECT has_table_privilege(%s, 'public.notes', 'SELECT')", (role,))


def test_webhook_trigger_records_the_call_without_network(conn) -> None:
    conn.execute(
        "CREATE TABLE public.orders (id int);"
        " CREATE TRIGGER orders_hook AFTER INSERT ON public.orders FOR EACH ROW"
        " EXECUTE FUNCTION supabase_functions.http_request("
        "'https://example.test/hook', 'POST', '{\"Content-Type\":\"application/json\"}', '{}', '1000')"
    )
    conn.execute("INSERT INTO public.orders VALUES (1)")
    assert _one(conn, "SELECT hook_name FROM supabase_functions.hooks") == "orders_hook"
    conn.execute(
        "CREATE TRIGGER orders_bad AFTER UPDATE ON public.orders FOR EACH ROW"
        " EXECUTE FUNCTION supabase_functions.http_request('https://example.test', 'PATCH')"
    )
    with pytest.raises(psycopg.errors.RaiseException, match="method argument PATCH is invalid"):
        conn.execute("UPDATE public.orders SET id = 2")


def test_installing_twice_changes_nothing(conn) -> None:
    before = introspect(conn)
    assert supabase_env.upgrade(conn) is False  # already current
    supabase_env.install(conn)
    assert introspect(conn) == before


@pytest.fixture
def v1_dsn(pg_server):
    """A database made by the unversioned minimal shim, with a migration applied on it."""
    name = pg_server.new_database(template=None, prefix="wb_v1")
    dsn = pg_server.dsn(name)
    with connect(dsn, autocommit=True) as c:
        c.execute((HERE / "shim_v1.sql").read_text("utf-8"))
        c.execute(
            "CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id),"
            " name text);"
            " CREATE POLICY own ON storage.objects FOR SELECT TO authenticated"
            " USING (owner = auth.uid());"
            " INSERT INTO auth.users (id, email) VALUES"
            " ('00000000-0000-4000-8000-000000000001', 'a@b.test');"
            " INSERT INTO public.profiles VALUES ('00000000-0000-4000-8000-000000000001', 'a')"
        )
    yield dsn
    pg_server.drop(name)


def test_an_older_shim_is_upgraded_in_place(v1_dsn: str) -> None:
    with connect(v1_dsn, autocommit=True) as c:
        assert supabase_env.installed_version(c) == 1
        assert supabase_env.upgrade(c) is True
        assert supabase_env.installed_version(c) == supabase_env.SHIM_VERSION
        assert _one(c, "SELECT count(*) FROM public.profiles") == 1  # data kept
        assert _one(c, "SELECT is_sso_user FROM auth.users") is False
        assert _one(c, "SELECT count(*) FROM pg_policies WHERE policyname = 'own'") == 1
        assert _one(c, "SELECT to_regclass('storage.s3_multipart_uploads') IS NOT NULL")
        assert _one(c, "SELECT to_regclass('realtime.messages') IS NOT NULL")
        c.execute("SELECT 1 FROM storage.objects WHERE owner_id IS NULL")
        upgraded = introspect(c)
        assert supabase_env.upgrade(c) is False  # idempotent
        supabase_env.install(c)
        assert introspect(c) == upgraded


def test_the_embedded_database_is_upgraded_when_opened(pg_server, v1_dsn: str) -> None:
    name = conninfo_to_dict(v1_dsn)["dbname"]
    pg_server.server.ensure_database(name)
    with connect(v1_dsn) as c:
        assert _one(c, "SELECT current_setting('workbench.supabase_env')") == str(
            supabase_env.SHIM_VERSION
        )
        assert _one(c, "SHOW search_path") == '"$user", public, extensions'


def test_a_plain_database_is_not_given_the_environment_on_open(pg_server, empty_db_dsn) -> None:
    name = conninfo_to_dict(empty_db_dsn)["dbname"]
    pg_server.server.ensure_database(name)
    with connect(empty_db_dsn) as c:
        assert supabase_env.installed_version(c) is None
        # roles are cluster-wide (the server's other databases made them)
        assert supabase_env.missing_objects(c) == [
            "schema auth",
            "schema storage",
            "schema extensions",
        ]
