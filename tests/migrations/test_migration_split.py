"""Splitting SQL into statements with their file positions."""

from __future__ import annotations

import pytest

from workbench.errors import SqlError
from workbench.migrations.split import split_sql

SCRIPT = """\
-- a comment; with a semicolon
CREATE FUNCTION f() RETURNS int AS $body$ select 1; $body$ LANGUAGE sql;
DO $$ BEGIN PERFORM 1; END $$;
SELECT 'a;b', E'x\\';y', "q;x" /* c; */ ;
CREATE FUNCTION g() RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN true THEN 1 END;
  SELECT 2;
END;
CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));
DO $outer$ BEGIN EXECUTE $q$ select 1; $q$; END $outer$;
  select 'it''s; fine'
"""


def test_split_respects_quotes_bodies_and_comments() -> None:
    statements = split_sql(SCRIPT, file="m.sql")
    assert [s.sql.split()[0] for s in statements] == [
        "CREATE",
        "DO",
        "SELECT",
        "CREATE",
        "CREATE",
        "DO",
        "select",
    ]
    assert statements[0].sql.endswith("LANGUAGE sql")
    assert statements[2].sql == "SELECT 'a;b', E'x\\';y', \"q;x\""
    assert statements[3].sql.endswith("SELECT 2;\nEND")
    assert "INSERT INTO b VALUES (2))" in statements[4].sql
    assert statements[6].sql == "select 'it''s; fine'"
    assert [(s.line, s.col) for s in statements] == [
        (2, 1),
        (3, 1),
        (4, 1),
        (5, 1),
        (10, 1),
        (11, 1),
        (12, 3),
    ]


def test_positions_map_back_to_the_file() -> None:
    statements = split_sql("select 1;\n\n  select\n    nope;\n", file="m.sql", first_line=5)
    second = statements[1]
    assert (second.line, second.col) == (7, 3)
    offset = second.sql.index("nope") + 1  # PostgreSQL positions are 1-based
    assert second.position(offset) == (8, 5)
    assert second.position(None) == (7, 3)
    assert str(second.error("boom", offset)) == "m.sql:8:5: boom"


def test_comment_only_script_has_no_statements() -> None:
    assert split_sql("-- nothing\n/* here; */\n\n") == []


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        (
            "select 1;\n  create function f() as $$ select 1;\n",
            "m.sql:2:26: unterminated dollar-quoted",
        ),
        ("select 1;\nselect $tag$ x $tog$;", "m.sql:2:8: unterminated dollar-quoted string ($tag$"),
        ("select 1;\nselect 'abc\n;", "m.sql:2:8: unterminated string literal"),
        ('select "abc;', "m.sql:1:8: unterminated quoted identifier"),
        ("select 1; /* x", "m.sql:1:11: unterminated comment"),
    ],
)
def test_unterminated_literals_point_at_their_start(sql: str, message: str) -> None:
    with pytest.raises(SqlError) as info:
        split_sql(sql, file="m.sql")
    assert str(info.value).startswith(message)
