"""Shared fixtures: one embedded PostgreSQL server per test session, a fresh database per test."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from workbench.db import (
    _copy_settings,
    connect,
    create_database,
    drop_database,
    install_supabase_shim,
    with_database,
)
from workbench.embedded import EmbeddedServer

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = "wb_test_template"  # shim installed; fresh test databases are copies of it


def pytest_configure(config: pytest.Config) -> None:
    """Without --basetemp, a folder of this session's own, outside /tmp/pytest-of-<user>:
    a concurrent pytest session prunes and chmods that one, and the embedded server's
    user must be able to reach the projects the tests make under tmp_path."""
    if config.option.basetemp or hasattr(config, "workerinput"):
        return  # given, or an xdist worker (it gets a folder under the controller's)
    config.option.basetemp = tempfile.mkdtemp(prefix="workbench-pytest-")
    config.stash[_OWN_BASETEMP] = config.option.basetemp


_OWN_BASETEMP = pytest.StashKey[str]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The session's own basetemp is removed when every test passed (kept to debug a failure)."""
    own = session.config.stash.get(_OWN_BASETEMP, None)
    if own and exitstatus == 0:
        shutil.rmtree(own, ignore_errors=True)


@dataclass
class PgServer:
    """The session's server; `admin_dsn` points at its `postgres` database."""

    admin_dsn: str
    server: EmbeddedServer
    _counter = itertools.count()

    def dsn(self, database: str) -> str:
        return with_database(self.admin_dsn, database)

    _admin: psycopg.Connection | None = None

    def _admin_run(self, run):
        """`run(conn)` on one kept admin connection (a new one if the old one broke)."""
        for attempt in (1, 2):
            if self._admin is None or self._admin.closed or self._admin.broken:
                self._admin = connect(self.admin_dsn, autocommit=True)
            try:
                return run(self._admin)
            except psycopg.OperationalError:
                if attempt == 2 or not self._admin.broken:
                    raise
        return None

    def new_database(self, *, template: str | None = TEMPLATE, prefix: str = "wb_test") -> str:
        name = f"{prefix}_{os.getpid()}_{next(self._counter)}"
        self.create(name, template=template or "template0")
        return name

    def create(self, name: str, *, template: str) -> None:
        """`create_database` (the template's settings copied too), by copying the template's
        files: with fsync off that is several times cheaper than the default WAL_LOG."""

        def run(conn: psycopg.Connection) -> None:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
            _copy_settings(conn, template, name)

        self._admin_run(run)

    def drop(self, name: str) -> None:
        query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        self._admin_run(lambda conn: conn.execute(query))

    def close(self) -> None:
        if self._admin is not None:
            self._admin.close()

    @contextmanager
    def database(
        self, *, template: str | None = TEMPLATE, prefix: str = "wb_test", sql: str = ""
    ) -> Iterator[str]:
        """A new database (its name) with `sql` run in it, dropped on exit."""
        name = self.new_database(template=template, prefix=prefix)
        try:
            if sql:
                with connect(self.dsn(name), autocommit=True) as conn:
                    conn.execute(sql)
            yield name
        finally:
            self.drop(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    # Not under pytest's tmp_path: pytest prunes old basetemp folders, which would
    # delete a running server's data under a concurrent session.
    state = Path(tempfile.mkdtemp(prefix="workbench-test-pg-"))
    server = EmbeddedServer(state)
    admin = server.start()
    # A throwaway server: durability buys nothing here and costs most of the wall time.
    with connect(admin, autocommit=True) as conn:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {setting} = off")
        conn.execute("SELECT pg_reload_conf()")
    pg = PgServer(admin_dsn=admin, server=server)
    drop_database(admin, TEMPLATE)
    create_database(admin, TEMPLATE, template="template0")
    with connect(pg.dsn(TEMPLATE), autocommit=True) as conn:
        install_supabase_shim(conn)
    yield pg
    pg.close()
    server.stop()
    shutil.rmtree(state, ignore_errors=True)


@pytest.fixture
def db_dsn(pg_server: PgServer) -> Iterator[str]:
    """A fresh database with the Supabase shim, dropped after the test."""
    with pg_server.database() as name:
        yield pg_server.dsn(name)


@pytest.fixture
def empty_db_dsn(pg_server: PgServer) -> Iterator[str]:
    """A fresh database without the shim (plain PostgreSQL)."""
    with pg_server.database(template=None) as name:
        yield pg_server.dsn(name)


@pytest.fixture
def conn(db_dsn: str) -> Iterator[psycopg.Connection]:
    """An autocommit connection to `db_dsn`."""
    with connect(db_dsn, autocommit=True) as c:
        yield c


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's database from the environment."""
    for var in ("WORKBENCH_DSN", "DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run `workbench ARGS...` in-process; returns exit code, stdout and stderr."""
    from workbench.cli.main import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors, --help, --version
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        return CliResult(code=code, out=captured.out, err=captured.err)

    return run


@pytest.fixture
def demo_project(tmp_path: Path) -> Path:
    """A copy of the repo's demo project (migrations, archive, prisma) in a temp folder."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("migrations", "migrations_archive", "prisma"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name)
    return root
