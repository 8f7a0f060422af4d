"""Every shipped stand-in: created, marked, dropped; and the smaller ones' calls."""

from __future__ import annotations

import psycopg
import pytest

from workbench.db import connect
from workbench.stand_ins import MARK, shipped, write_generic

SUPABASE_CATALOGUE = {
    "uuid-ossp", "pgcrypto", "pgjwt", "http", "pg_net", "supabase_vault", "pgsodium",
    "wrappers", "pg_graphql", "pg_cron", "pgmq", "pg_jsonschema", "pg_tle", "pg_hashids",
    "index_advisor", "hypopg", "pg_stat_monitor", "pgaudit", "plv8",
}  # fmt: skip


def test_the_catalogue_is_shipped():
    assert SUPABASE_CATALOGUE <= set(shipped())


@pytest.mark.parametrize("name", shipped())
def test_each_stand_in_creates_and_drops_cleanly(empty_db_dsn: str, name: str):
    with connect(empty_db_dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA extensions")
        conn.execute(
            psycopg.sql.SQL("CREATE EXTENSION {} CASCADE").format(psycopg.sql.Identifier(name))
        )
        comment = conn.execute(
            "SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = %s",
            (name,),
        ).fetchone()[0]
        assert comment.startswith(MARK)
        conn.execute(
            psycopg.sql.SQL("DROP EXTENSION {} CASCADE").format(psycopg.sql.Identifier(name))
        )
        for (required,) in conn.execute(
            "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'"
        ):
            conn.execute(
                psycopg.sql.SQL("DROP EXTENSION {}").format(psycopg.sql.Identifier(required))
            )
        # nothing of it is left (a schema named in a control file outlives the extension,
        # as with the real ones: CREATE EXTENSION made it, but it is not a member)
        left = conn.execute(
            "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            "        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast'))"
            " + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            "    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))"
            " + (SELECT count(*) FROM pg_language WHERE lanname = 'plv8')"
        ).fetchone()[0]
        assert left == 0


def test_a_real_extension_wins_over_a_stand_in(pg_server, empty_db_dsn: str):
    # citext is a real contrib extension of the embedded server: a stand-in of the same
    # name (as `stand_ins = ["citext"]` would make) must not shadow it
    state = pg_server.server.state_dir
    write_generic(state, ["citext"])
    try:
        with connect(empty_db_dsn, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION citext")
            comment = conn.execute(
                "SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = 'citext'"
            ).fetchone()[0]
            assert not comment.startswith(MARK)
            assert conn.execute("SELECT 'A'::citext = 'a'::citext").fetchone()[0] is True
    finally:
        write_generic(state, [])
    assert not list((state / "stand_ins" / "extension").iterdir())


def test_small_stand_ins(empty_db_dsn: str):
    with connect(empty_db_dsn, autocommit=True) as conn:
        for name in ("pgaudit", "pg_stat_monitor", "pg_tle", "plv8"):
            conn.execute(
                psycopg.sql.SQL("CREATE EXTENSION {}").format(psycopg.sql.Identifier(name))
            )
        conn.execute("CREATE EXTENSION index_advisor CASCADE")  # requires hypopg
        conn.execute("CREATE TABLE books (id int PRIMARY KEY, title text)")
        created = conn.execute("SELECT * FROM hypopg_create_index('CREATE INDEX ON books (title)')")
        index_id = created.fetchone()[0]
        assert conn.execute("SELECT table_name FROM hypopg_list_indexes").fetchall() == [("books",)]
        assert conn.execute("SELECT hypopg_drop_index(%s)", (index_id,)).fetchone()[0] is True
        advice = conn.execute(
            "SELECT index_statements, errors FROM index_advisor('SELECT 1')"
        ).fetchone()
        assert advice[0] == [] and "stand-in" in advice[1][0]
        assert conn.execute("SELECT count(*) FROM pg_stat_monitor").fetchone()[0] == 0
        conn.execute("ALTER ROLE CURRENT_USER SET pgaudit.log = 'ddl'")
        conn.execute("ALTER ROLE CURRENT_USER RESET pgaudit.log")
        assert (
            conn.execute(
                "SELECT pgtle.install_extension('my_tle', '1.0', 'mine', 'SELECT 1')"
            ).fetchone()[0]
            is True
        )
        assert conn.execute(
            "SELECT name, default_version FROM pgtle.available_extensions()"
        ).fetchall() == [("my_tle", "1.0")]
        with pytest.raises(psycopg.Error, match="already installed"):
            conn.execute("SELECT pgtle.install_extension('my_tle', '1.0', 'mine', 'SELECT 1')")
        conn.execute(
            "CREATE FUNCTION js_add(a int, b int) RETURNS int LANGUAGE plv8 AS $$ return a + b; $$"
        )
        with pytest.raises(psycopg.Error):
            conn.execute("SELECT js_add(1, 2)")
