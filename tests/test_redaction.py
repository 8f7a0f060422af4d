"""A password never appears in any command's output, however the DSN is malformed.

The redaction learns the passwords of the DSNs it is given: each test starts with
nothing learnt, so an earlier case cannot hide a leak of a later one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import db
from workbench.redaction import redact

REPO = Path(__file__).resolve().parent.parent


PORT = 1  # nothing listens there: connection refused at once
# (DSN with the secret in it, the secret and the fragments of it that must never show)
CASES = [
    (f"postgresql://nouser:sec ret@127.0.0.1:{PORT}/x", ["sec ret", "sec", "ret"]),
    (f"postgresql://nouser:hun@ter2@127.0.0.1:{PORT}/x", ["hun@ter2", "ter2"]),
    (f"postgresql://u:pa@ss@wo@127.0.0.1:{PORT}/x", ["pa@ss@wo", "ss@wo"]),
    (f"postgresql://nouser@127.0.0.1:{PORT}/x?password=qwerty9", ["qwerty9"]),
    (f"postgresql://nouser@127.0.0.1:{PORT}/x?sslmode=disable&password=qwe:rty", ["qwe:rty"]),
    (f"host=127.0.0.1 port={PORT} password=zxcvb7 user=x", ["zxcvb7"]),
    (f"host=127.0.0.1 port={PORT} password='zx cv b7' user=x", ["zx cv b7", "cv b7"]),
    (f"host=127.0.0.1 port={PORT} password = 'q\\'uo te' user=x", ["uo te"]),
    ("postgresql://u:abc%zzdef@127.0.0.1/x", ["abc%zzdef", "zzdef"]),
    ("postgresql://u:bra[ket@[::1/x", ["bra[ket"]),
    ("postgresql://u:se/cret9@127.0.0.1/x", ["se/cret9", "cret9"]),
    ("postgresql://u:portpw@127.0.0.1:abc/x", ["portpw"]),
    ("postgresql://u:querypw@127.0.0.1/x?bogus=1", ["querypw"]),
    ("postgresql://u:sslpw@127.0.0.1/x?sslmode=bogus", ["sslpw"]),
    ("postgres://u:sockpw@/x?host=/nonexistent/dir", ["sockpw"]),
    ("host=127.0.0.1 password=kvpw9 bogus=1", ["kvpw9"]),
    ("password=unterminated' host=h", ["unterminated"]),
    ("postgresql://u:ünï©ødé@127.0.0.1/x?connect_timeout=abc", ["ünï©ødé"]),
]
COMMANDS = [
    ["status"],
    ["snapshot", "-o", "{tmp}/snap.json"],
    ["rls", "--json"],
    ["diff", "--from", "{dsn}", "--to", "snapshot:{tmp}/missing.json"],
    ["up", "--dry-run"],
    ["validate", "--json"],
]


@pytest.fixture(autouse=True)
def _nothing_learnt(monkeypatch):
    monkeypatch.setattr(db, "_secrets", set(), raising=False)


def _assert_hidden(code: int, out: str, err: str, secrets: list[str]) -> None:
    output = out + err
    assert code == 2, output
    assert "Traceback" not in output
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, output
    for secret in secrets:
        assert secret not in output, (secret, output)


@pytest.mark.parametrize(("dsn", "secrets"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_no_command_prints_the_password(cli, tmp_path, monkeypatch, dsn, secrets):
    (tmp_path / "migrations").mkdir()
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "3")
    for command in COMMANDS:
        args = [a.format(tmp=tmp_path, dsn=dsn) for a in command]
        result = cli("--project", tmp_path, "--dsn", dsn, *args)
        _assert_hidden(result.code, result.out, result.err, secrets)
    monkeypatch.setenv("DATABASE_URL", dsn)
    result = cli("--project", tmp_path, "status")
    _assert_hidden(result.code, result.out, result.err, secrets)


@pytest.mark.parametrize(("dsn", "secrets"), [CASES[0], CASES[1], CASES[6]], ids=["0", "1", "6"])
def test_a_fresh_process_prints_no_password(tmp_path, dsn, secrets):
    (tmp_path / "migrations").mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("WORKBENCH_DSN", "DATABASE_URL")},
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": dsn,
    }
    done = subprocess.run(
        [sys.executable, "-m", "workbench.cli.main", "--project", str(tmp_path), "status"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    _assert_hidden(done.returncode, done.stdout, done.stderr, secrets)


def test_query_password_keeps_the_message_punctuation():
    assert (
        redact("cannot connect to postgresql://u@h/x?password=secret: refused")
        == "cannot connect to postgresql://u@h/x?password=••••: refused"
    )


def test_data_is_not_redacted_for_a_password_that_is_a_common_word(cli, db_dsn):
    """A weak password (`public`) hides in errors, never in the data a command prints."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(db_dsn)
    weak = make_conninfo("", **{**params, "password": "public"})  # trust auth ignores it
    with db.connect(db_dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.notes (id int)")
    result = cli("rls", "--json", "--dsn", weak)
    assert result.code == 0, result.err
    assert '"public.notes"' in result.out
    assert redact("password=public host=h") == "password=•••• host=h"
