"""Targets and connections (the embedded server: `workbench.embedded`).

Every connection the workbench opens goes through `connect`, which names itself
`workbench`, applies timeouts, and turns driver errors into one clear line with
the password redacted.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from workbench import supabase_env
from workbench.errors import TargetError
from workbench.redaction import redact, redact_error, remember_secrets

DEFAULT_DATABASE = "workbench"
DEMO_DATABASE = "workbench_demo"
APPLICATION_NAME = "workbench"

_SESSION_SETTINGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SESSION_DSN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Target:
    """A resolved database to work on."""

    dsn: str
    name: str  # where it came from: "embedded", "--dsn", a target name, an env var
    embedded: bool = False

    @property
    def display(self) -> str:
        """The DSN with the password redacted, for headers and messages."""
        return redact(self.dsn)

    @property
    def database(self) -> str:
        return conninfo_to_dict(self.dsn).get("dbname") or ""


def check_dsn(dsn: str) -> dict[str, str]:
    """Parse a DSN, raising a clear TargetError when it is malformed."""
    if not dsn or not dsn.strip():
        raise TargetError("empty database URL")
    remember_secrets(dsn)
    try:
        return {k: str(v) for k, v in conninfo_to_dict(dsn).items()}
    except psycopg.ProgrammingError as exc:
        reason = str(exc).splitlines()[0]
        reason = reason.removeprefix("invalid connection option ").strip()
        raise TargetError(
            f"malformed database URL {redact(dsn)!r}: {redact_error(reason)}"
        ) from None


def with_database(dsn: str, database: str) -> str:
    """The same server and credentials as `dsn`, on another database (URLs stay URLs)."""
    params = check_dsn(dsn)
    if re.match(r"^postgres(ql)?://", dsn, re.I):
        parts = urlsplit(dsn)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "dbname"]
        return urlunsplit(
            parts._replace(path="/" + quote(database, safe=""), query=urlencode(query, safe="/"))
        )
    params["dbname"] = database
    return make_conninfo("", **params)


def _describe_connect_error(exc: Exception) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = lines[0] if lines else exc.__class__.__name__
    text = re.sub(r"^connection failed:\s*", "", text)
    text = re.sub(r"^connection to server (at|on) .*? failed:\s*", "", text)
    if not text and len(lines) > 1:
        text = lines[1]
    return redact_error(text or "connection failed")


def connect(
    dsn: str,
    *,
    read_only: bool = False,
    autocommit: bool = False,
    statement_timeout: str | None = None,
    lock_timeout: str | None = None,
    connect_timeout: int = 10,
) -> psycopg.Connection:
    """Open a connection with the workbench's safety settings.

    `read_only` makes every transaction READ ONLY (browsing never writes).
    """
    check_dsn(dsn)
    kwargs: dict[str, object] = {
        "application_name": APPLICATION_NAME,
        "connect_timeout": connect_timeout,
    }
    try:
        conn = psycopg.connect(dsn, autocommit=autocommit, **kwargs)
    except psycopg.Error as exc:
        raise TargetError(
            f"cannot connect to {redact(dsn)}: {_describe_connect_error(exc)}"
        ) from None
    except (OSError, UnicodeError) as exc:
        raise TargetError(f"cannot connect to {redact(dsn)}: {redact_error(str(exc))}") from None
    settings = {
        name: value
        for name, value in (
            ("statement_timeout", statement_timeout),
            ("lock_timeout", lock_timeout),
        )
        if value is not None
    }
    if settings:
        _SESSION_SETTINGS[conn] = settings
        _SESSION_DSN[conn] = dsn
        try:
            apply_session_settings(conn)
        except psycopg.Error as exc:
            conn.close()
            raise TargetError(
                f"invalid setting for {redact(dsn)}: {exc.diag.message_primary or exc}"
            ) from None
    if read_only:
        conn.read_only = True
    return conn


def apply_session_settings(conn: psycopg.Connection) -> None:
    """(Re)apply the timeouts `connect` was given, as parameters of set_config (never spliced
    into SQL or the connection's options); after `RESET ALL`, too."""
    settings = _SESSION_SETTINGS.get(conn)
    if not settings:
        return
    for name, value in settings.items():
        conn.execute("SELECT set_config(%s, %s, false)", (name, str(value).strip()))
    if not conn.autocommit:
        conn.commit()


def session_setting(conn: psycopg.Connection, name: str) -> tuple[str, str] | None:
    """(DSN, value) of a timeout `connect` gave this connection, for side connections that
    watch it (who blocks it); None when it was not given one."""
    value = (_SESSION_SETTINGS.get(conn) or {}).get(name)
    dsn = _SESSION_DSN.get(conn)
    return (dsn, value) if value is not None and dsn is not None else None


def server_version(conn: psycopg.Connection) -> str:
    """PostgreSQL's version as `18.6`."""
    return str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]


# --- databases -------------------------------------------------------------


def create_database(admin_dsn: str, name: str, *, template: str | None = None) -> None:
    """CREATE DATABASE name [TEMPLATE template], with the template's own settings.

    PostgreSQL copies a template's contents but not its `ALTER DATABASE ... SET`
    settings (the Supabase environment's search_path and version): copied here.
    """
    query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        query = sql.SQL("{} TEMPLATE {}").format(query, sql.Identifier(template))
    with connect(admin_dsn, autocommit=True) as conn:
        conn.execute(query)
        if template:
            _copy_settings(conn, template, name)


def _copy_settings(conn: psycopg.Connection, source: str, name: str) -> None:
    rows = conn.execute(
        "SELECT unnest(s.setconfig) FROM pg_db_role_setting s"
        " JOIN pg_database d ON d.oid = s.setdatabase"
        " WHERE d.datname = %s AND s.setrole = 0",
        (source,),
    ).fetchall()
    for (entry,) in rows:
        setting, _, value = entry.partition("=")
        # FROM CURRENT stores the value exactly as given (a list stays a list)
        conn.execute("SELECT set_config(%s, %s, false)", (setting, value))
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET {} FROM CURRENT").format(
                sql.Identifier(name),
                sql.SQL(".").join(sql.Identifier(p) for p in setting.split(".")),
            )
        )


def drop_database(admin_dsn: str, name: str) -> None:
    """DROP DATABASE IF EXISTS name, disconnecting its sessions."""
    query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with connect(admin_dsn, autocommit=True) as conn:
        conn.execute(query)


def install_supabase_shim(conn: psycopg.Connection) -> None:
    """Build the Supabase environment in the database behind `conn` (embedded/shadow only)."""
    supabase_env.install(conn)
