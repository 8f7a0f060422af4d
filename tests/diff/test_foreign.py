"""Foreign data wrappers, servers and user mappings: read, diffed, written, and no secret
ever printed."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from workbench.catalog import snapshot
from workbench.catalog.ddl import object_ddl
from workbench.catalog.secrets import (
    NOT_SECRET_NAMES,
    NOT_SECRET_PATTERN,
    PLACEHOLDER,
    SECRET_PATTERN,
    fingerprint,
    is_redacted,
    is_secret,
    redact_options,
)
from workbench.diff.differ import diff
from workbench.diff.sql import to_sql

from .conftest import execute, read

SECRET = "s3cr3t-Passw0rd"
STACK = (
    "CREATE EXTENSION IF NOT EXISTS postgres_fdw;\n"
    "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw"
    " OPTIONS (host 'db.example', dbname 'app');\n"
    f"CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'reader', password '{SECRET}');\n"
    "CREATE FOREIGN TABLE public.ft (id int) SERVER remote OPTIONS (table_name 'items');\n"
)


def test_read_with_secrets_redacted(db_dsn) -> None:
    execute(db_dsn, STACK)
    cat = read(db_dsn)
    # the extension's own wrapper is read for its grants, marked as the extension's
    assert cat.foreign_data_wrappers["postgres_fdw"].member_of == "postgres_fdw"
    server = cat.foreign_servers["remote"]
    assert server.wrapper == "postgres_fdw"
    assert server.options == ("host=db.example", "dbname=app")
    mapping = cat.user_mappings["PUBLIC@remote"]
    assert mapping.options == ("user=reader", f"password={fingerprint(SECRET)}")
    text = snapshot.dumps(cat)
    assert SECRET not in text
    assert snapshot.loads(text) == cat
    ddl = object_ddl(cat, "user_mapping", "PUBLIC@remote")
    assert SECRET not in ddl and PLACEHOLDER in ddl and "fill in" in ddl


OTHER = "0ther-S3cret"
KEY = "sk_live_KEY123"


def _stack(password: str, extra: str = "") -> str:
    return STACK.replace(SECRET, password) + extra


def test_no_secret_in_any_cli_output(cli, databases, tmp_path) -> None:
    """text, JSON, SQL and snapshot output never show a secret; the SQL that would set one
    writes a placeholder after a comment saying to fill it in."""
    with databases(2) as (from_dsn, to_dsn):
        execute(from_dsn, _stack(SECRET))
        execute(
            to_dsn,
            _stack(OTHER)
            + f"CREATE FOREIGN DATA WRAPPER loose OPTIONS (secret_salt '{KEY}');"
            + f"CREATE SERVER other FOREIGN DATA WRAPPER loose OPTIONS (api_key '{KEY}');"
            + f"CREATE USER MAPPING FOR PUBLIC SERVER other OPTIONS (password '{KEY}');"
            + f"CREATE FOREIGN TABLE public.ft2 (id int) SERVER other OPTIONS (token '{KEY}');",
        )
        args = ("diff", "--project", tmp_path, "--from", from_dsn, "--to", to_dsn)
        outputs = [cli(*args, "--format", fmt) for fmt in ("text", "json", "sql")]
        snap = cli("snapshot", "--project", tmp_path, "--dsn", to_dsn)
        for result in (*outputs, snap):
            assert result.code == 0, result.err
            for secret in (SECRET, OTHER, KEY):
                assert secret not in result.out + result.err
        text, as_json, sql = (r.out for r in outputs)
        assert "PUBLIC@remote" in text and "PUBLIC@other" in text
        changes = {(c["kind"], c["object"], c["change"]) for c in json.loads(as_json)["changes"]}
        assert ("user_mapping", "PUBLIC@remote", "changed") in changes
        assert ("server", "other", "added") in changes
        # each statement setting a secret is preceded by the note, and writes the placeholder
        assert "ALTER USER MAPPING FOR PUBLIC SERVER remote OPTIONS (SET password " in sql
        assert sql.count("-- fill in:") == 5, sql
        assert sql.count(f"'{PLACEHOLDER}')") == 5, sql
        # the script runs; the secrets it set are the placeholder, which the differ then sees
        execute(from_dsn, sql)
        after = read(from_dsn)
        assert after.user_mappings["PUBLIC@other"].options == (
            f"password={fingerprint(PLACEHOLDER)}",
        )
        left = {(c.kind, c.object) for c in diff(after, read(to_dsn))}
        assert left == {
            ("user_mapping", "PUBLIC@remote"),
            ("user_mapping", "PUBLIC@other"),
            ("server", "other"),
            ("foreign_data_wrapper", "loose"),
            ("table", "public.ft2"),
        }


def test_unchanged_secret_is_no_difference(databases) -> None:
    with databases(2) as (a_dsn, b_dsn):
        execute(a_dsn, _stack(SECRET))
        execute(b_dsn, _stack(SECRET) + "ALTER SERVER remote OPTIONS (SET host 'elsewhere');")
        a, b = read(a_dsn), read(b_dsn)
        changes = diff(a, b)
        assert [(c.kind, c.object) for c in changes] == [("server", "remote")]
        sql = to_sql(changes, a, b).text()
        assert sql == "ALTER SERVER remote OPTIONS (SET host 'elsewhere');\n"
        assert json.dumps([c.to_json() for c in changes]).count("redacted") == 0


def test_redact_options_matches_the_query() -> None:
    assert redact_options(["table_name=t", f"api_key={KEY}", "Token="]) == (
        "table_name=t",
        f"api_key={fingerprint(KEY)}",
        f"Token={fingerprint('')}",
    )
    # already redacted values are kept
    assert redact_options([f"password={fingerprint(SECRET)}"]) == (
        f"password={fingerprint(SECRET)}",
    )


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("password", True),
        ("sslpassword", True),
        ("api_key", True),
        ("sa_key", True),
        ("client_secret", True),
        ("Access_Token", True),
        ("password_required", False),
        ("api_key_name", False),
        ("api_key_id", False),
        ("sa_key_id", False),
        ("key_column", False),
        ("private_key_path", False),
        ("sslkey", False),
        ("table_name", False),
    ],
)
def test_only_options_holding_a_secret_are_redacted(name: str, secret: bool) -> None:
    assert is_secret(name) is secret
    assert is_redacted(redact_options([f"{name}=v"])[0].partition("=")[2]) is secret


def test_the_query_uses_the_same_secret_rule() -> None:
    text = (
        resources.files("workbench.catalog").joinpath("queries", "foreign.sql").read_text("utf-8")
    )
    assert f"~* '{SECRET_PATTERN}'" in text
    assert f"!~* '{NOT_SECRET_PATTERN}'" in text
    for name in NOT_SECRET_NAMES:
        assert f"<> '{name}'" in text


def test_references_to_secrets_are_read_and_diffed(databases) -> None:
    """A Vault key's name or id and a boolean flag are options like any other: read as they
    are and reproduced by the SQL; a real secret beside them stays redacted."""
    base = (
        "CREATE FOREIGN DATA WRAPPER loose;\n"  # no validator: any option name
        "CREATE SERVER remote FOREIGN DATA WRAPPER loose OPTIONS (host 'h');\n"
    )
    mapping = "CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'u', {});\n"
    with databases(2) as (a_dsn, b_dsn):
        execute(a_dsn, base + mapping.format("password_required 'true'"))
        execute(
            b_dsn,
            base.replace("'h'", "'h', api_key_name 'stripe', api_key_id 'k-1'")
            + mapping.format(f"password_required 'false', password '{SECRET}'"),
        )
        a, b = read(a_dsn), read(b_dsn)
        assert b.foreign_servers["remote"].options == (
            "host=h",
            "api_key_name=stripe",
            "api_key_id=k-1",
        )
        assert b.user_mappings["PUBLIC@remote"].options == (
            "user=u",
            "password_required=false",
            f"password={fingerprint(SECRET)}",
        )
        sql = to_sql(diff(a, b), a, b).text()
        assert "ADD api_key_name 'stripe'" in sql and "ADD api_key_id 'k-1'" in sql
        assert "SET password_required 'false'" in sql
        assert SECRET not in sql and PLACEHOLDER in sql


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"remote": {"name": "remote"}}', "wrapper"),
        ('{"remote": {"name": "remote", "wrapper": "w", "options": "host=h"}}', "options"),
        ('{"other": {"name": "remote", "wrapper": "w"}}', "'other' is 'remote'"),
    ],
)
def test_malformed_servers_in_a_snapshot(body: str, message: str) -> None:
    text = '{"format": "workbench-catalog", "version": 1, "foreign_servers": ' + body + "}"
    with pytest.raises(snapshot.SnapshotError, match=message):
        snapshot.loads(text)


def test_malformed_user_mapping_key_in_a_snapshot() -> None:
    body = '{"a@s": {"user": "b", "server": "s"}}'
    text = '{"format": "workbench-catalog", "version": 1, "user_mappings": ' + body + "}"
    with pytest.raises(snapshot.SnapshotError, match="'a@s' is 'b@s'"):
        snapshot.loads(text)


def test_foreign_table_column_options_read_with_secrets_redacted(db_dsn) -> None:
    execute(
        db_dsn,
        "CREATE FOREIGN DATA WRAPPER loose; CREATE SERVER s FOREIGN DATA WRAPPER loose;"
        "CREATE FOREIGN TABLE public.ft (id int OPTIONS (column_name 'ID', "
        f"api_token '{SECRET}'), name text) SERVER s;",
    )
    cat = read(db_dsn)
    columns = {c.name: c.options for c in cat.tables["public.ft"].columns}
    assert columns == {
        "id": ("column_name=ID", f"api_token={fingerprint(SECRET)}"),
        "name": (),
    }
    text = snapshot.dumps(cat)
    assert SECRET not in text and snapshot.loads(text) == cat
    ddl = object_ddl(cat, "table", "public.ft")
    assert SECRET not in ddl and "fill in" in ddl and "OPTIONS (column_name 'ID'" in ddl
