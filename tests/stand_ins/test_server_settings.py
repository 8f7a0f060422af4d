"""The embedded server's settings for migration work: stand-ins found, many locks."""

from __future__ import annotations

from workbench.db import connect
from workbench.stand_ins import package_dir


def test_extension_control_path_puts_real_extensions_first(pg_server):
    with connect(pg_server.admin_dsn, autocommit=True) as conn:
        value = conn.execute("SHOW extension_control_path").fetchone()[0]
    entries = value.split(":")
    assert entries[0] == "$system"
    assert str(package_dir()) in entries
    assert (package_dir() / "extension" / "pgcrypto.control").is_file()


def test_one_migration_creating_5000_tables_applies(pg_server, empty_db_dsn):
    # ~25,000 locks in one transaction; the default lock table (64 per connection) holds ~8,000
    body = "\n".join(f"CREATE TABLE t{i} (id int PRIMARY KEY);" for i in range(5000))
    with connect(empty_db_dsn) as conn:
        with conn.transaction():
            conn.execute(body)
        assert (
            conn.execute(
                "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname ~ '^t[0-9]+$'"
            ).fetchone()[0]
            == 5000
        )
