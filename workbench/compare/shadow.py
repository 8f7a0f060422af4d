"""Shadow databases: throwaway databases holding the schema migrations build.

`shadow_database(config, admin_dsn, project)` yields the DSN of a fresh database on
`admin_dsn`'s server holding the project's migrations (baseline first, then by
version; the archive never) — or a subset of them, such as the ones applied on the
target, or none — replayed with the Supabase shim when `config.supabase`.
The replay is cached as a template database named by a hash of the replayed
files' names and checksums and the shim: the next shadow copies the template
(`CREATE DATABASE ... TEMPLATE`) instead of replaying. A few templates are kept
(the applied migrations and every file are two different replays).
`migrations_catalog` reads the catalog of such a shadow; drift, generated downs and
`verify` all build on it.

Shadow databases (`wb_shadow_<unix time>_<pid>_<n>`) are always dropped, on
errors and Ctrl-C too; shadows older than an hour left by a killed process are
dropped by the next run. A failing statement raises `SqlError` at its
file:line:col. `shadow_admin_dsn(config, target_dsn)` is where shadows are made:
the target's own server when it is local and the role may create databases, else
the project's embedded server.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from workbench import supabase_env
from workbench.catalog.cache import cached_catalog
from workbench.catalog.introspect import introspect
from workbench.catalog.model import Catalog
from workbench.config import Config
from workbench.db import (
    connect,
    create_database,
    drop_database,
    install_supabase_shim,
    with_database,
)
from workbench.embedded import embedded_server
from workbench.errors import SqlError, TargetError, WorkbenchError
from workbench.migrations.execute import executable, run_batched, run_section, run_statements
from workbench.migrations.files import Migration, Project, load_project
from workbench.migrations.split import Statement

SHADOW_PREFIX = "wb_shadow_"
TEMPLATE_PREFIX = "wb_shadow_tpl_"
STALE_SECONDS = 3600
# cached replays kept: the applied migrations, every file, none (verify), a spare
KEEP_TEMPLATES = 4
_counter = itertools.count()
_SHADOW_NAME = re.compile(r"^wb_shadow_(\d+)_\d+_\d+$")

# How many times migrations were replayed in this process (the cache is proven by it).
replays = 0


def replay_key(project: Project, supabase: bool) -> str:
    """A hash of what the replay depends on: every file's name and checksum, and the shim."""
    digest = hashlib.sha256()
    for migration in project.ordered:
        digest.update(
            f"{migration.file}\0{migration.checksum}\0{migration.transactional}\n".encode()
        )
    if supabase:
        digest.update(hashlib.sha256(supabase_env.shim_sql().encode()).digest())
    return digest.hexdigest()


def template_name(key: str) -> str:
    return f"{TEMPLATE_PREFIX}{key[:32]}"


def _databases(admin_dsn: str, prefix: str) -> list[str]:
    with connect(admin_dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", (prefix,)
        ).fetchall()
    return [r[0] for r in rows]


def clean_stale(admin_dsn: str, *, now: float | None = None) -> list[str]:
    """Drop shadow databases older than an hour (left by killed processes)."""
    now = time.time() if now is None else now
    dropped = []
    for name in _databases(admin_dsn, SHADOW_PREFIX):
        match = _SHADOW_NAME.match(name)
        if match and now - int(match[1]) > STALE_SECONDS:
            drop_database(admin_dsn, name)
            dropped.append(name)
    return dropped


def _new_name() -> str:
    return f"{SHADOW_PREFIX}{int(time.time())}_{os.getpid()}_{next(_counter)}"


def _build_template(
    admin_dsn: str,
    project: Project,
    supabase: bool,
    template: str,
    inspect: Callable[[str], None] | None = None,
) -> None:
    """Replay the migrations into a new database and keep it as the cache template.

    `inspect(dsn)` reads the new database before it becomes the template (a first
    drift check reads it there instead of copying the template)."""
    global replays
    building = _new_name()
    create_database(admin_dsn, building, template="template0")
    try:
        dsn = with_database(admin_dsn, building)
        if supabase:
            with connect(dsn, autocommit=True) as conn:
                install_supabase_shim(conn)
        replays += 1
        replay(dsn, list(project.ordered))
        if inspect is not None:
            inspect(dsn)
        with connect(admin_dsn, autocommit=True) as conn:
            try:
                conn.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(building), sql.Identifier(template)
                    )
                )
            except psycopg.errors.DuplicateDatabase:
                pass  # another process cached the same replay meanwhile
            else:
                conn.execute(
                    sql.SQL(
                        "ALTER DATABASE {} WITH ALLOW_CONNECTIONS true IS_TEMPLATE true"
                    ).format(sql.Identifier(template))
                )
    finally:
        drop_database(admin_dsn, building)  # no-op once renamed


def _drop_old_templates(admin_dsn: str, keep: str) -> None:
    """Drop all but the newest KEEP_TEMPLATES templates (`keep`, just built, among them)."""
    with connect(admin_dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) "
            "ORDER BY datname = %s DESC, oid DESC",
            (TEMPLATE_PREFIX, keep),
        ).fetchall()
    for (name,) in rows[KEEP_TEMPLATES:]:
        _drop_template(admin_dsn, name)


def _drop_template(admin_dsn: str, name: str) -> None:
    with connect(admin_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} IS_TEMPLATE false").format(sql.Identifier(name)))
    drop_database(admin_dsn, name)


def _clean_quietly(admin_dsn: str) -> None:
    try:
        clean_stale(admin_dsn)
    except (TargetError, psycopg.Error):
        pass  # cleaning is best effort


@contextmanager
def shadow_database(
    config: Config, admin_dsn: str, project: Project | None = None
) -> Iterator[str]:
    """A throwaway database holding the migrations' schema; dropped on exit."""
    project = project or load_project(config)
    _clean_quietly(admin_dsn)
    template = template_name(replay_key(project, config.supabase))
    if template not in _databases(admin_dsn, template):
        _build_template(admin_dsn, project, config.supabase, template)
        _drop_old_templates(admin_dsn, template)
    name = _new_name()
    try:
        create_database(admin_dsn, name, template=template)
        yield with_database(admin_dsn, name)
    finally:
        drop_database(admin_dsn, name)


def read_catalog(dsn: str, config: Config) -> Catalog:
    """The catalog of a (shadow) database, limited to the configured schemas."""
    with connect(dsn, autocommit=True) as conn:
        return introspect(conn, list(config.schemas) if config.schemas else None)


def migrations_catalog(
    config: Config,
    admin_dsn: str,
    project: Project | None = None,
    reference: Callable[[], Catalog | None] | None = None,
) -> Catalog:
    """The catalog of the schema the project's migrations (or `project`'s, a subset) build.

    Kept under `.workbench/cache/shadow/` while its template exists (catalog/cache.py):
    a second drift check reads no shadow database, and takes the objects equal to
    those of `reference()` (the catalog it is compared with) from it."""
    project = project or load_project(config)
    schemas = list(config.schemas) if config.schemas else None
    key = replay_key(project, config.supabase)

    def read() -> Catalog:
        template = template_name(key)
        if template not in _databases(admin_dsn, template):  # replay, and read it there
            _clean_quietly(admin_dsn)
            found: list[Catalog] = []
            _build_template(
                admin_dsn,
                project,
                config.supabase,
                template,
                inspect=lambda dsn: found.append(read_catalog(dsn, config)),
            )
            _drop_old_templates(admin_dsn, template)
            return found[0]
        with shadow_database(config, admin_dsn, project) as dsn:
            return read_catalog(dsn, config)

    parts = (key, "\0".join(schemas or ()), "\0".join(config.stand_ins))
    folder = config.state_dir / "cache" / "shadow"
    with connect(admin_dsn, autocommit=True) as conn:
        return cached_catalog(conn, folder, parts, template_name(key), read, reference)


def _is_local(dsn: str) -> bool:
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
        run_batched(conn, batch)
        batch = []
        try:
            with conn.transaction():  # a savepoint inside the migration's transaction
                run_statements(conn, [statement])
        except SqlError as exc:
            if not isinstance(exc.__cause__, psycopg.errors.DuplicateObject):
                raise
    run_batched(conn, batch)


def replay(dsn: str, migrations: list[Migration]) -> None:
    """Apply `migrations`' up sections in order on `dsn` (no history written).

    A `CREATE ROLE` of a role the server already has is skipped: roles are shared by
    the server's databases, so the target (or an earlier shadow) made it already.
    """
    with connect(dsn, autocommit=True) as conn:
        for migration in migrations:
            statements = executable(migration.up, transactional=migration.transactional)
            run_section(conn, statements, transactional=migration.transactional, run=_run_on_shadow)
            conn.execute("RESET ALL")
