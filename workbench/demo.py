"""The demo database: the repo's project applied to `workbench_demo`, plus a hand change and sample rows."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

import psycopg

from workbench.config import Config
from workbench.db import (
    DEMO_DATABASE,
    connect,
    create_database,
    drop_database,
    install_supabase_shim,
    with_database,
)
from workbench.embedded import embedded_server
from workbench.errors import ConfigError, SqlError

Progress = Callable[[str], None]


def _package_sql(name: str) -> str:
    return resources.files("workbench").joinpath(f"sql/{name}").read_text("utf-8")


def _apply_migrations(dsn: str, config: Config, progress: Progress) -> None:
    """All migrations but the newest, baseline first, through the migration engine."""
    from workbench.migrations.files import load_project
    from workbench.migrations.runner import RunEvent, apply

    project = load_project(config)
    ordered = list(project.migrations)
    if len(ordered) < 2:
        raise ConfigError(f"the demo needs at least two migrations in {config.migrations_dir}")
    newest = ordered[-1]

    def report(event: RunEvent) -> None:
        if event.kind == "start":
            progress(f"applying {event.version}_{event.name}")

    apply(dsn, project, to=ordered[-2].version, progress=report)
    progress(f"leaving {newest.version}_{newest.name} pending")


def _run_script(dsn: str, sql: str, label: str) -> None:
    with connect(dsn) as conn:
        try:
            conn.execute(sql)
        except psycopg.Error as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise SqlError(first, file=label) from None


def prepare_demo(config: Config, progress: Progress = lambda _msg: None) -> str:
    """Recreate `workbench_demo` on the embedded server; return its DSN.

    The project's default database (`workbench`) is left untouched.
    """
    if not config.migrations_dir.is_dir():
        raise ConfigError(
            f"no migrations/ folder in {config.root}: run `workbench demo` from the "
            "Workbench repository (or pass --project pointing at it)"
        )
    server = embedded_server(config)
    progress("starting the embedded PostgreSQL server")
    admin = server.start()
    progress(f"recreating database {DEMO_DATABASE}")
    drop_database(admin, DEMO_DATABASE)
    create_database(admin, DEMO_DATABASE)
    dsn = with_database(admin, DEMO_DATABASE)
    populate_demo(dsn, config, progress)
    return dsn


def populate_demo(dsn: str, config: Config, progress: Progress = lambda _msg: None) -> None:
    """Fill an empty database the way the demo is built (also used by tests on their server)."""
    with connect(dsn, autocommit=True) as conn:
        install_supabase_shim(conn)
    _apply_migrations(dsn, config, progress)
    progress("making one change by hand, outside the migrations")
    _run_script(dsn, _package_sql("demo_hand_change.sql"), "demo_hand_change.sql")
    progress("inserting sample rows (alice and bob, Acme and Globex)")
    _run_script(dsn, _package_sql("demo_seed_data.sql"), "demo_seed_data.sql")
    with connect(dsn, autocommit=True) as conn:
        conn.execute("ANALYZE")
