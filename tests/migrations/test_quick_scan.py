"""The quick scan (`has_statement`) that spares `status` the tokenizer: it vouches only for
texts the full splitter splits without error into at least one statement, and a cold
`status` (no split cache) gives the same output, and the same errors, as a full split."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from workbench.config import load_config
from workbench.errors import SqlError
from workbench.migrations.files import load_project
from workbench.migrations.split import has_statement, split_sql
from workbench.migrations.split_cache import MIN_CACHED, DeferredSplit, SplitCache

SURE = [
    "CREATE TABLE t (id int);",
    "  ;; SELECT 1",
    "SELECT ';' AS semi, 'it''s' AS quote; SELECT 2;",
    'CREATE TABLE "we;ird ""name""" (id int);',
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;",
    "DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$;",
    "-- migrate:down inside a comment;\nSELECT 1;",
    "/* a comment; with -- inside */ SELECT 1;",
    "SELECT '-- migrate:down' || '/* not a comment';",
    "SELECT $$ -- not a comment $$, 1 /*/ odd but closed */;",
    "COMMENT ON TABLE t IS 'line one\nline two; -- still the string';",
    "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); DELETE FROM v);",
]
UNSURE = [  # left to the tokenizer: empty, unusual or broken
    "",
    "  ;\n-- only a comment\n;",
    "/* only a comment */",
    "SELECT E'it\\'s';",  # E'' strings: backslash escapes
    "SELECT 'a\\b';",
    "SELECT x'ff', b'101';",
    "SELECT U&'d\\0061t';",
    "PREPARE p AS SELECT $1;",
    "SELECT 1 /* outer /* nested */ still outer */;",  # nested block comments
    "SELECT 'never closed;",
    'SELECT "never closed;',
    "SELECT $$ never closed;",
    "SELECT $tag$ closed by another tag $other$;",
    "SELECT 1 /* never closed",
    "SELECT 1 /* never closed /* */",
    "SELECT a$$b$$;",  # `$` inside an identifier
    "SELECT {1};",
    "\x0cSELECT 1;",
]


@pytest.mark.parametrize("text", SURE)
def test_what_the_scan_vouches_for_splits(text: str) -> None:
    assert has_statement(text) is True
    assert split_sql(text)


@pytest.mark.parametrize("text", UNSURE)
def test_what_the_scan_is_unsure_of_is_left_to_the_tokenizer(text: str) -> None:
    assert has_statement(text) is None


def test_the_scan_never_vouches_for_a_text_the_splitter_rejects_or_finds_empty() -> None:
    pieces = [
        *"'\"$;()\n\t\r\\{}`-/*&#@<=:.,~|%^?",
        "$$", "$a$", "$b$", "--", "/*", "*/", "''", "E", "x", "b", "U&", "é", "\x0c",
        "a", "1", " ", "BEGIN ATOMIC", "END", "CASE",
    ]  # fmt: skip
    rng = random.Random(15)
    vouched = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        if has_statement(text) is not True:
            continue
        vouched += 1
        assert split_sql(text), repr(text)  # no SqlError, at least one statement
    assert vouched > 100


def _big(extra: str = "") -> str:
    body = "".join(
        f"CREATE TABLE t{i} (id int PRIMARY KEY, note text DEFAULT 'a;b');\n" for i in range(90)
    )
    text = "-- a description\n-- migrate:up\n" + body + extra + "-- migrate:down\nDROP TABLE t0;\n"
    assert len(text) > MIN_CACHED
    return text


def _project(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "project"
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "0001_big.sql").write_text(text, "utf-8")
    return root


def test_a_deferred_split_is_the_full_split_and_fills_the_cache(tmp_path: Path) -> None:
    text = _big()
    cache = SplitCache(tmp_path / "split")
    lazy = cache.statements(text, file="m.sql", first_line=3)
    assert isinstance(lazy, DeferredSplit) and lazy and lazy._built is None
    assert not (tmp_path / "split").exists() and cache.misses == 0  # nothing tokenized yet
    expected = split_sql(text, file="m.sql", first_line=3)
    assert list(lazy) == expected and len(lazy) == len(expected) and lazy[2] == expected[2]
    assert cache.misses == 1 and len(list((tmp_path / "split").iterdir())) == 1
    again = SplitCache(tmp_path / "split").statements(text, file="m.sql", first_line=3)
    assert list(again) == expected


def test_a_malformed_file_gives_the_same_error_without_a_cache(tmp_path: Path) -> None:
    text = _big("SELECT 'never closed;\n")
    root = _project(tmp_path, text)
    with pytest.raises(SqlError) as cold:
        load_project(load_config(root))
    message = str(cold.value)
    assert "migrations/0001_big.sql:93:8" in message and "unterminated string literal" in message
    for nested in ("SELECT 1 /* a /* nested */ comment */;\n", "SELECT 1 /*a/*b*/*/;\n"):
        (root / "migrations" / "0001_big.sql").write_text(_big(nested), "utf-8")
        up = _big(nested).split("-- migrate:up\n")[1].split("-- migrate:down")[0]
        # the tokenizer's verdict, as before: the same statements or the same error
        expected = _outcome(lambda s=up: split_sql(s, file="migrations/0001_big.sql", first_line=3))
        project = _outcome(
            lambda: list(load_project(load_config(root)).migrations[0].up.statements)
        )
        assert project == expected


def _outcome(run) -> tuple[str, object]:
    try:
        return "ok", run()
    except SqlError as exc:
        return "error", str(exc)


def test_a_cold_status_tokenizes_nothing_and_says_what_a_warm_one_says(
    cli, tmp_path: Path, db_dsn: str
) -> None:
    root = _project(tmp_path, _big())
    (root / "migrations" / "0002_empty.sql").write_text(
        "-- migrate:up\n-- nothing yet;\n;\n-- migrate:down\n", "utf-8"
    )
    split = root / ".workbench" / "cache" / "split"

    def status() -> tuple[dict, str]:
        as_json = cli("status", "--project", root, "--dsn", db_dsn, "--json")
        text = cli("status", "--project", root, "--dsn", db_dsn)
        assert as_json.code == 0 and text.code == 0, as_json.err + text.err
        return json.loads(as_json.out), text.out

    cold = status()
    assert not split.exists()  # the 4 KB section was vouched for, not tokenized
    assert "0002_empty: empty: no statement in its up section" in cold[1]
    assert [m["state"] for m in cold[0]["migrations"]] == ["pending", "pending"]
    project = load_project(load_config(root))
    assert len(project.migrations[0].up.statements) == 90  # read: split and cached
    assert len(list(split.iterdir())) == 1
    assert status() == cold
