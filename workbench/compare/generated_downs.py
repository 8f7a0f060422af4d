"""Throwaway shadow databases: replaying migrations and generating downs.

- `shadow_database(admin_dsn, supabase=True)`: a context manager yielding the DSN
  of a fresh database (with the Supabase shim when asked), always dropped after.
- `shadow_admin_dsn(config, target_dsn)`: where shadows are made — the target's
  own server when it is local and the role may create databases, else the
  project's embedded server.
- `replay(dsn, migrations)`: run files' up sections in order (errors at file:line:col).
- `generate_down(project, status, admin_dsn)`: the down of a migration that has
  none — on a shadow, replay the applied migrations before it (`before`), apply
  it (`after`), and return the SQL of diff(after, before).
- `down_generator(project, target_dsn)`: `generate_down` bound for `runner.rollback`.

The SQL of a diff comes from the differ: `workbench.diff.sql.to_sql`.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

from workbench.catalog.introspect import introspect
from workbench.catalog.model import Catalog
from workbench.config import Config
from workbench.db import (
    connect,
    create_database,
    drop_database,
    embedded_server,
    install_supabase_shim,
    with_database,
)
from workbench.errors import SqlError, WorkbenchError
from workbench.migrations.execute import executable, run_statements
from workbench.migrations.files import Migration, Project
from workbench.migrations.split import Statement
from workbench.migrations.state import MigrationStatus

_counter = itertools.count(1_000_000)


@contextmanager
def shadow_database(admin_dsn: str, *, supabase: bool = True) -> Iterator[str]:
    """A fresh throwaway database on the server of `admin_dsn`, dropped on exit."""
    # `wb_shadow_<unix time>_<pid>_<n>`: the drift engine's naming, so a shadow left by a
    # killed process is dropped by its stale-shadow cleanup (n never collides with its own)
    name = f"wb_shadow_{int(time.time())}_{os.getpid()}_{next(_counter)}"
    create_database(admin_dsn, name, template="template0")
    try:
        dsn = with_database(admin_dsn, name)
        if supabase:
            with connect(dsn, autocommit=True) as conn:
                install_supabase_shim(conn)
        yield dsn
    finally:
        drop_database(admin_dsn, name)


def _is_local(dsn: str) -> bool:
    from psycopg.conninfo import conninfo_to_dict

    host = str(conninfo_to_dict(dsn).get("host") or "")
    return host == "" or host.startswith("/") or host in ("localhost", "127.0.0.1", "::1")


def shadow_admin_dsn(config: Config, target_dsn: str | None = None) -> str:
    """The server shadows are created on (see the module docstring)."""
    if target_dsn and _is_local(target_dsn):
        try:
            with connect(target_dsn, autocommit=True) as conn:
                row = conn.execute(
                    "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
                ).fetchone()
            if row and row[0]:
                return with_database(target_dsn, "postgres")
        except WorkbenchError:
            pass
    return embedded_server(config).start()


# Roles belong to the server, not to a database: a shadow on the target's server
# already has the roles the migrations create there (CREATE ROLE/USER/GROUP).
_CREATE_ROLE = re.compile(
    r"(?:\s|--[^\n]*(?:\n|$)|/\*.*?\*/)*CREATE\s+(?:ROLE|USER|GROUP)\s", re.I | re.S
)


def _run_on_shadow(conn: psycopg.Connection, statements: list[Statement]) -> None:
    """`run_statements`, where creating a role the server already has is skipped."""
    batch: list[Statement] = []
    for statement in statements:
        if not _CREATE_ROLE.match(statement.sql):
            batch.append(statement)
            continue
        run_statements(conn, batch)
        batch = []
        try:
            with conn.transaction():  # a savepoint inside the migration's transaction
                run_statements(conn, [statement])
        except SqlError as exc:
            if not isinstance(exc.__cause__, psycopg.errors.DuplicateObject):
                raise
    run_statements(conn, batch)


def replay(dsn: str, migrations: list[Migration]) -> None:
    """Apply `migrations`' up sections in order on `dsn` (no history written).

    A `CREATE ROLE` of a role the server already has is skipped: roles are shared by
    the server's databases, so the target (or an earlier shadow) made it already.
    """
    with connect(dsn, autocommit=True) as conn:
        for migration in migrations:
            statements = executable(migration.up, transactional=migration.transactional)
            if migration.transactional:
                with conn.transaction():
                    _run_on_shadow(conn, statements)
            else:
                _run_on_shadow(conn, statements)
            conn.execute("RESET ALL")


def read_catalog(dsn: str, config: Config) -> Catalog:
    with connect(dsn, autocommit=True) as conn:
        return introspect(conn, list(config.schemas) if config.schemas else None)


def diff_sql(before: Catalog, after: Catalog) -> str:
    """SQL that turns `before` into `after` (the differ's `to_sql`)."""
    try:
        from workbench.diff.differ import diff
        from workbench.diff.sql import to_sql
    except ImportError as exc:  # pragma: no cover - the differ ships with the workbench
        raise WorkbenchError(
            f"generating SQL from a schema diff is not available ({exc}); "
            "write the down section by hand"
        ) from None
    changes = diff(before, after)
    if not changes:
        return ""
    return to_sql(changes, before, after).text()


# Generated downs by what they depend on (the files replayed, the shim, the schemas):
# stepping back through the same migrations again does not replay them again.
_generated: dict[tuple, str] = {}


def generate_down(project: Project, status: MigrationStatus, admin_dsn: str) -> str:
    """The SQL of diff(after, before) for one applied migration (see module docstring)."""
    migration = status.migration
    if migration is None:
        raise WorkbenchError("its file is gone, so it cannot be replayed on a shadow database")
    number = migration.number
    earlier = [m for m in project.migrations if m.number < number]
    prefix = ([project.baseline] if project.baseline else []) + earlier
    config = project.config
    key = (
        tuple((m.file, m.checksum) for m in [*prefix, migration]),
        config.supabase,
        config.schemas,
        admin_dsn,
    )
    if key not in _generated:
        _generated[key] = _generate(project, prefix, migration, admin_dsn)
    return _generated[key]


def _generate(
    project: Project, prefix: list[Migration], migration: Migration, admin_dsn: str
) -> str:
    with shadow_database(admin_dsn, supabase=project.config.supabase) as dsn:
        replay(dsn, prefix)
        before = read_catalog(dsn, project.config)
        replay(dsn, [migration])
        after = read_catalog(dsn, project.config)
    return diff_sql(after, before)  # empty when it changes no schema object


def down_generator(project: Project, target_dsn: str | None) -> Callable[[MigrationStatus], str]:
    """`generate_down` for `runner.rollback(generate=...)`; the shadow server is found lazily."""
    cache: dict[str, str] = {}

    def generate(status: MigrationStatus) -> str:
        if "admin" not in cache:
            cache["admin"] = shadow_admin_dsn(project.config, target_dsn)
        return generate_down(project, status, cache["admin"])

    return generate
