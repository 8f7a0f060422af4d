"""Target resolution, connections and redaction against the real embedded server."""

from __future__ import annotations

import socket
import threading

import pytest
from psycopg.conninfo import make_conninfo

from workbench.config import load_config
from workbench.db import connect
from workbench.embedded import resolve_target
from workbench.errors import TargetError
from workbench.redaction import redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("postgresql://app:s3cret@db.example.com:5432/prod", "s3cret"),
        ("postgres://u:p%40ss@h/db?sslmode=require", "p%40ss"),
        ("host=h user=u password=s3cret dbname=d", "s3cret"),
        ("host=h password='with space' dbname=d", "with space"),
        ("error at postgresql://x:hunter2@h/d: refused", "hunter2"),
    ],
)
def test_redact_hides_passwords(text: str, secret: str) -> None:
    assert secret not in redact(text)
    assert "••••" in redact(text)


def test_redact_keeps_urls_without_password() -> None:
    assert redact("postgresql://app@h/db") == "postgresql://app@h/db"


def test_resolution_order(tmp_path, monkeypatch) -> None:
    (tmp_path / "workbench.toml").write_text(
        '[targets.staging]\ndsn_env = "STAGING_URL"\n', "utf-8"
    )
    config = load_config(tmp_path)
    env = {
        "WORKBENCH_DSN": "postgresql://w@h/a",
        "DATABASE_URL": "postgresql://d@h/b",
        "STAGING_URL": "postgresql://s@h/c",
    }
    assert (
        resolve_target(config, dsn="postgresql://x@h/z", target="staging", env=env).name == "--dsn"
    )
    assert resolve_target(config, target="staging", env=env).dsn == "postgresql://s@h/c"
    assert resolve_target(config, env=env).name == "WORKBENCH_DSN"
    del env["WORKBENCH_DSN"]
    assert resolve_target(config, env=env).name == "DATABASE_URL"
    with pytest.raises(TargetError, match="unknown target 'prod'"):
        resolve_target(config, target="prod", env=env)
    with pytest.raises(TargetError, match="STAGING_URL is not set"):
        resolve_target(config, target="staging", env={})


def test_connect_sets_application_name_and_read_only(db_dsn: str) -> None:
    with connect(db_dsn, read_only=True) as conn:
        assert conn.execute("SHOW application_name").fetchone()[0] == "workbench"
        assert conn.execute("SHOW transaction_read_only").fetchone()[0] == "on"


def _garbage_server() -> tuple[int, threading.Event]:
    """A TCP port that answers like something other than PostgreSQL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                client, _ = sock.accept()
            except OSError:
                continue
            client.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
            client.close()
        sock.close()

    threading.Thread(target=serve, daemon=True).start()
    return sock.getsockname()[1], stop


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_targets_give_one_line_errors(cli, pg_server, tmp_path) -> None:
    port, stop = _garbage_server()
    try:
        wrong_db = pg_server.dsn("no_such_database_xyz")
        cases = {
            "unreachable": f"postgresql://u:topsecret@127.0.0.1:{_free_port()}/db",
            "not postgres": f"postgresql://u:topsecret@127.0.0.1:{port}/db",
            "malformed": "postgresql://u:topsecret@host:notaport/db",
            "garbage": "this is not a dsn",
            "missing database": wrong_db,
        }
        for label, dsn in cases.items():
            result = cli("snapshot", "--dsn", dsn)
            assert result.code == 2, (label, result)
            lines = result.err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: "), (label, result.err)
            assert "topsecret" not in result.err + result.out
            assert "Traceback" not in result.err
    finally:
        stop.set()


def test_wrong_password_is_reported(cli, pg_server) -> None:
    with connect(pg_server.admin_dsn, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS wb_pw_user")
        conn.execute("CREATE ROLE wb_pw_user LOGIN PASSWORD 'right'")
    # The embedded server trusts local sockets, so use a role that does not exist instead.
    dsn = make_conninfo(pg_server.admin_dsn, user="no_such_role_xyz", password="hunter2")
    result = cli("snapshot", "--dsn", dsn)
    assert result.code == 2
    assert result.err.startswith("error: ") and "no_such_role_xyz" in result.err
    assert "hunter2" not in result.err


def test_unreadable_project_folder(cli, tmp_path) -> None:
    missing = tmp_path / "nope"
    result = cli("--project", str(missing), "status")
    assert result.code == 2
    assert result.err.startswith("error: project folder") and "does not exist" in result.err
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    result = cli("--project", str(afile), "db", "url")
    assert result.code == 2 and "is not a folder" in result.err


def test_bad_config_is_a_clear_error(cli, tmp_path) -> None:
    (tmp_path / "workbench.toml").write_text("migrations = [1, 2\n", "utf-8")
    result = cli("--project", str(tmp_path), "db", "url")
    assert result.code == 2 and "invalid TOML" in result.err
    (tmp_path / "workbench.toml").write_text('colour = "blue"\n', "utf-8")
    result = cli("--project", str(tmp_path), "db", "url")
    assert result.code == 2 and "unknown setting 'colour'" in result.err
    (tmp_path / "workbench.toml").write_text("schemas = 'public'\n", "utf-8")
    result = cli("--project", str(tmp_path), "db", "url")
    assert result.code == 2 and "'schemas' must be a list" in result.err
    (tmp_path / "workbench.toml").write_bytes(b"migrations = '\xff\xfe'\n")
    result = cli("--project", str(tmp_path), "db", "url")
    assert result.code == 2 and result.err.startswith("error: ")


def test_supabase_cli_layout_is_found(tmp_path) -> None:
    (tmp_path / "supabase" / "migrations").mkdir(parents=True)
    config = load_config(tmp_path)
    assert config.migrations_dir == tmp_path / "supabase" / "migrations"
    assert config.archive_dir == tmp_path / "supabase" / "migrations_archive"
    # An explicit setting wins; a top-level migrations/ folder wins too.
    (tmp_path / "workbench.toml").write_text('migrations = "db/migrations"\n', "utf-8")
    assert load_config(tmp_path).migrations_dir == tmp_path / "db" / "migrations"
    (tmp_path / "workbench.toml").unlink()
    (tmp_path / "migrations").mkdir()
    assert load_config(tmp_path).migrations_dir == tmp_path / "migrations"
