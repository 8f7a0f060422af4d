"""An ICU collation on a server built without ICU stops `up` with a way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.db import connect

MIGRATION = """\
create table public.kept (id int);
create collation public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
"""


def test_icu_collation_without_icu_says_how_to_get_it(cli, tmp_path: Path) -> None:
    migrations = tmp_path / "supabase" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "20240101000000_ci.sql").write_text(MIGRATION, "utf-8")
    try:
        up = cli("--project", tmp_path, "up", "--yes")
        if up.code == 0:
            pytest.skip("this PostgreSQL has ICU")
        assert "20240101000000_ci.sql:2" in up.err
        assert "ICU is not supported" in up.err and "postgres_bin" in up.err
        assert len(up.err.strip().splitlines()) == 1
        dsn = cli("--project", tmp_path, "db", "url").out.strip()
        with connect(dsn, autocommit=True) as c:  # the file's transaction was rolled back
            assert c.execute("SELECT to_regclass('public.kept')").fetchone() == (None,)
    finally:
        cli("--project", tmp_path, "db", "stop")
