"""Migrations that create roles replay on the shadow the differ builds on the same server.

Roles belong to the server, not to a database: once `up` made them, the shadow
database `diff --from migrations` replays into already has them. Creating one again
is skipped there; any other failure of the statement still stops the replay.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from workbench.db import connect

ROLES = """\
create role report_reader nologin;
-- a comment before the statement
create user batch_writer with password 'not-a-secret' nologin;
grant usage on schema public to report_reader;
create table public.reports (id int primary key, owner text default current_user);
grant select on public.reports to report_reader;
grant insert on public.reports to batch_writer;
alter table public.reports enable row level security;
create policy "readers read" on public.reports for select to report_reader using (true);
"""


def _project(tmp_path: Path, *files: tuple[str, str]) -> Path:
    root = tmp_path / "project"
    migrations = root / "supabase" / "migrations"
    migrations.mkdir(parents=True)
    for name, text in files:
        (migrations / name).write_text(text, "utf-8")
    return root


def test_a_history_creating_roles_has_no_drift_after_up(cli, tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        ("20240101000000_roles.sql", ROLES),
        (
            "20240102000000_more.sql",
            "create role auditor nologin;\nbegin;\ncreate role auditor_2 nologin;\ncommit;\n",
        ),
    )
    try:
        assert cli("--project", root, "up", "--yes").code == 0
        for _ in range(2):  # the second shadow finds the roles the first one left
            diff = cli(
                "--project", root, "diff", "--from", "migrations", "--to", "db", "--exit-code"
            )
            assert diff.code == 0, diff.out + diff.err
            assert "No differences" in diff.out
        dsn = cli("--project", root, "db", "url").out.strip()
        with connect(dsn, autocommit=True) as c:
            c.execute('DROP POLICY "readers read" ON public.reports')
        drift = cli("--project", root, "diff", "--from", "migrations", "--to", "db", "--exit-code")
        assert drift.code == 1 and "readers read" in drift.out
    finally:
        cli("--project", root, "db", "stop")


def test_on_a_shadow_only_an_existing_role_is_skipped(tmp_path: Path, db_dsn: str) -> None:
    from workbench.compare.shadow import replay, shadow_database
    from workbench.config import load_config
    from workbench.errors import SqlError
    from workbench.migrations.files import load_project

    with connect(db_dsn, autocommit=True) as c:
        admin = c.info.dsn
        c.execute("DROP ROLE IF EXISTS wb_shadow_probe_role")
        c.execute("CREATE ROLE wb_shadow_probe_role NOLOGIN")
    root = _project(
        tmp_path,
        (
            "20240101000000_ok.sql",
            "create role wb_shadow_probe_role nologin;\ncreate table public.t (id int);\n",
        ),
        (
            "20240102000000_bad.sql",
            "create table public.u (id int);\ncreate role pg_reserved_name;\n",
        ),
    )
    config = dataclasses.replace(load_config(root), supabase=False)
    project = load_project(config)
    empty = dataclasses.replace(project, baseline=None, migrations=(), archive=())
    try:
        with shadow_database(config, admin, empty) as dsn:
            replay(dsn, list(project.ordered)[:1])  # the role exists: skipped, t created
            with connect(dsn, autocommit=True) as c:
                assert c.execute("SELECT to_regclass('public.t') IS NOT NULL").fetchone()[0]
            try:
                replay(dsn, list(project.ordered)[1:])
            except SqlError as exc:
                assert "20240102000000_bad.sql:2" in str(exc) and "reserved" in str(exc)
            else:
                raise AssertionError("a reserved role name must still fail")
            with connect(dsn, autocommit=True) as c:  # its transaction was rolled back
                assert c.execute("SELECT to_regclass('public.u') IS NULL").fetchone()[0]
    finally:
        with connect(db_dsn, autocommit=True) as c:
            c.execute("DROP ROLE IF EXISTS wb_shadow_probe_role")
