"""pg_net, http, pg_cron and wrappers stand-ins: calls recorded, never made."""

from __future__ import annotations

import psycopg
import pytest

from workbench.db import connect


@pytest.fixture
def conn(empty_db_dsn: str):
    with connect(empty_db_dsn, autocommit=True) as c:
        c.execute("CREATE SCHEMA extensions")
        yield c


def test_pg_net_records_requests_from_a_trigger(conn):
    conn.execute("CREATE EXTENSION pg_net WITH SCHEMA extensions")
    conn.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric)")
    conn.execute(
        """CREATE FUNCTION notify_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM net.http_post(
            url := 'https://hooks.example.test/orders',
            body := jsonb_build_object('id', NEW.id, 'total', NEW.total),
            headers := '{"Authorization": "Bearer t"}'::jsonb,
            timeout_milliseconds := 2000);
          RETURN NEW;
        END $$"""
    )
    conn.execute(
        "CREATE TRIGGER orders_hook AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION notify_order()"
    )
    conn.execute("INSERT INTO orders VALUES (7, 12.5)")
    get_id = conn.execute(
        """SELECT net.http_get('https://api.example.test/items', '{"q": "a b"}')"""
    ).fetchone()[0]
    delete_id = conn.execute(
        "SELECT net.http_delete('https://api.example.test/items/1')"
    ).fetchone()[0]
    rows = conn.execute(
        "SELECT id, method, url, headers, convert_from(body, 'utf8')::jsonb, timeout_milliseconds"
        " FROM net.http_request_queue ORDER BY id"
    ).fetchall()
    assert [r[0] for r in rows] == [1, get_id, delete_id] == [1, 2, 3]
    assert rows[0][1:] == (
        "POST",
        "https://hooks.example.test/orders",
        {"Authorization": "Bearer t", "Content-Type": "application/json"},
        {"id": 7, "total": 12.5},
        2000,
    )
    assert rows[1][1:3] == ("GET", "https://api.example.test/items?q=a%20b")
    assert rows[2][1] == "DELETE"
    assert conn.execute("SELECT count(*) FROM net._http_response").fetchone()[0] == 0
    with pytest.raises(psycopg.Error, match="body must not be null"):
        conn.execute("SELECT net.http_post('https://x.test', NULL::jsonb)")


def test_http_records_calls_and_answers_200(conn):
    conn.execute("CREATE EXTENSION http WITH SCHEMA extensions")
    conn.execute("SET search_path = public, extensions")
    row = conn.execute(
        "SELECT (http_get('https://a.test/x')).status,"
        " (http_post('https://a.test/p', '{\"a\": 1}', 'application/json')).content,"
        " (http(('PUT', 'https://a.test/u', ARRAY[http_header('X-Key', 'k')], 'text/plain', 'hi')"
        "::http_request)).content_type, urlencode('a b&c'), urlencode('{\"q\": \"x y\"}'::jsonb)"
    ).fetchone()
    assert row == (200, "{}", "application/json", "a%20b%26c", "q=x%20y")
    calls = conn.execute(
        "SELECT (request).method, (request).uri, (request).content FROM http_stand_in_calls ORDER BY id"
    ).fetchall()
    assert calls == [
        ("GET", "https://a.test/x", None),
        ("POST", "https://a.test/p", '{"a": 1}'),
        ("PUT", "https://a.test/u", "hi"),
    ]


def test_pg_cron_schedules_alters_and_unschedules(conn):
    conn.execute("CREATE EXTENSION pg_cron WITH SCHEMA pg_catalog")
    nightly = conn.execute(
        "SELECT cron.schedule('nightly-cleanup', '0 3 * * *', 'DELETE FROM t')"
    ).fetchone()[0]
    anon = conn.execute("SELECT cron.schedule('*/5 * * * *', 'VACUUM')").fetchone()[0]
    again = conn.execute(
        "SELECT cron.schedule('nightly-cleanup', '0 4 * * *', 'DELETE FROM t2')"
    ).fetchone()[0]
    assert again == nightly != anon
    conn.execute("SELECT cron.schedule_in_database('other', '@daily', 'SELECT 1', 'postgres')")
    conn.execute("SELECT cron.alter_job(%s, active := false)", (anon,))
    assert conn.execute(
        "SELECT jobname, schedule, command, active FROM cron.job ORDER BY jobid"
    ).fetchall() == [
        ("nightly-cleanup", "0 4 * * *", "DELETE FROM t2", True),
        (None, "*/5 * * * *", "VACUUM", False),
        ("other", "@daily", "SELECT 1", True),
    ]
    assert conn.execute("SELECT cron.unschedule('nightly-cleanup')").fetchone()[0] is True
    assert conn.execute("SELECT cron.unschedule(%s::bigint)", (anon,)).fetchone()[0] is True
    assert conn.execute("SELECT count(*) FROM cron.job").fetchone()[0] == 1
    with pytest.raises(psycopg.Error, match="invalid schedule"):
        conn.execute("SELECT cron.schedule('never', 'SELECT 1')")
    with pytest.raises(psycopg.Error, match="could not find valid entry"):
        conn.execute("SELECT cron.unschedule('nope')")
    # as on Supabase, `with schema extensions` works too (the jobs are in `cron` either way)
    conn.execute("DROP EXTENSION pg_cron")
    assert conn.execute("SELECT to_regnamespace('cron')").fetchone()[0] is None
    conn.execute("CREATE EXTENSION pg_cron WITH SCHEMA extensions")
    assert conn.execute("SELECT cron.schedule('@hourly', 'SELECT 1')").fetchone()[0] >= 1


def test_wrappers_declares_a_foreign_table(conn):
    conn.execute("CREATE EXTENSION wrappers WITH SCHEMA extensions")
    conn.execute(
        "CREATE FOREIGN DATA WRAPPER stripe_wrapper HANDLER extensions.stripe_fdw_handler"
        " VALIDATOR extensions.stripe_fdw_validator"
    )
    conn.execute(
        "CREATE SERVER stripe_server FOREIGN DATA WRAPPER stripe_wrapper"
        " OPTIONS (api_key_id 'secret-id', api_url 'https://api.stripe.com/v1')"
    )
    conn.execute("CREATE SCHEMA stripe")
    conn.execute(
        "CREATE FOREIGN TABLE stripe.customers (id text, email text, attrs jsonb)"
        " SERVER stripe_server OPTIONS (object 'customers', rowid_column 'id')"
    )
    conn.execute(
        "CREATE FOREIGN DATA WRAPPER bigquery_wrapper HANDLER extensions.big_query_fdw_handler"
        " VALIDATOR extensions.big_query_fdw_validator"
    )
    assert conn.execute("SELECT name FROM extensions.s3_fdw_meta()").fetchone()[0] == "s3_fdw"
    assert (
        conn.execute(
            "SELECT count(*) FROM pg_foreign_table ft JOIN pg_class c ON c.oid = ft.ftrelid"
            " WHERE c.relname = 'customers'"
        ).fetchone()[0]
        == 1
    )
    with pytest.raises(psycopg.Error):
        conn.execute("SELECT * FROM stripe.customers")
