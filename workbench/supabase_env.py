"""The Supabase environment of embedded and shadow databases (SPEC 14).

A fresh Supabase database has roles, schemas, preinstalled extensions, a
search_path, default privileges and the `auth`, `storage`, `realtime`,
`supabase_functions` objects its migrations assume. `install(conn)` builds a
model of it from the scripts in `sql/supabase/` (in file order, one
transaction) into the database behind `conn`; it is only ever called on the
workbench's own embedded and shadow databases, never on a `--dsn` target.

The model is versioned: the database records `SHIM_VERSION` in its own
settings (`workbench.supabase_env`), and `upgrade(conn)` brings a database made
by an older model up to date in place (every script creates only what is
missing, then sets owners and grants), so installing twice changes nothing.

For targets the workbench does not own, `missing_objects(conn)` names what a
Supabase database has and the target lacks, so a command can refuse with a
clear error instead of failing halfway or installing anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

import psycopg
from psycopg import sql

# 1: the unversioned minimal shim (roles anon/authenticated/service_role, a
#    minimal auth.users and storage tables); 2: the faithful model.
SHIM_VERSION = 2
VERSION_SETTING = "workbench.supabase_env"

# Schemas Supabase manages: their objects are not the project's own (RLS lints
# skip their tables; their owners are Supabase's service roles).
MANAGED_SCHEMAS = frozenset(
    {
        "auth",
        "realtime",
        "_realtime",
        "supabase_functions",
        "supabase_migrations",
        "extensions",
        "storage",
        "graphql",
        "graphql_public",
        "pgsodium",
        "pgsodium_masks",
        "vault",
        "net",
        "pgbouncer",
        "cron",
        "pgmq",
        "_analytics",
        "workbench",
    }
)

# What every Supabase database has, checked on targets the workbench does not own.
REQUIRED_SCHEMAS = ("auth", "storage", "extensions")
REQUIRED_ROLES = ("anon", "authenticated", "service_role")

# Names in migrations that only make sense on a Supabase database.
_SUPABASE_REFERENCE = re.compile(
    r"\b(?:auth|storage|realtime|supabase_functions|vault|graphql_public)\s*\.\s*\w"
    r"|\b(?:TO|FROM)\s+(?:\w+\s*,\s*)*\"?(?:anon|authenticated|service_role)\b",
    re.IGNORECASE,
)


@cache
def shim_sql() -> str:
    """The scripts of `sql/supabase/`, in file order, as one SQL text."""
    folder = resources.files("workbench").joinpath("sql", "supabase")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return "\n".join(folder.joinpath(name).read_text("utf-8") for name in names)


def installed_version(conn: psycopg.Connection) -> int | None:
    """The model version of the database behind `conn`; None when it has none.

    A database made before versioning (the minimal shim) is version 1.
    """
    row = conn.execute(
        "SELECT current_setting(%s, true), to_regprocedure('auth.uid()') IS NOT NULL",
        (VERSION_SETTING,),
    ).fetchone()
    setting, has_auth = row
    if setting:
        try:
            return int(setting)
        except ValueError:
            return 1
    return 1 if has_auth else None


def install(conn: psycopg.Connection) -> None:
    """Build (or complete) the Supabase environment in one transaction."""
    database = conn.execute("SELECT current_database()").fetchone()[0]
    with conn.transaction():
        conn.execute(shim_sql())
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                sql.Identifier(database),
                sql.SQL(".").join(sql.Identifier(p) for p in VERSION_SETTING.split(".")),
                sql.Literal(str(SHIM_VERSION)),
            )
        )
    # This session started before the settings: give it what new sessions get.
    conn.execute(
        "SELECT set_config('search_path', '\"$user\", public, extensions', false),"
        " set_config(%s, %s, false)",
        (VERSION_SETTING, str(SHIM_VERSION)),
    )


def upgrade(conn: psycopg.Connection) -> bool:
    """Bring a database made by an older model up to date; True when it did."""
    version = installed_version(conn)
    if version is None or version >= SHIM_VERSION:
        return False
    install(conn)
    return True


def missing_objects(conn: psycopg.Connection) -> list[str]:
    """What a Supabase database has and the database behind `conn` lacks."""
    rows = conn.execute(
        "SELECT 'schema ' || s FROM unnest(%s::text[]) AS s"
        " WHERE NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s)"
        " UNION ALL"
        " SELECT 'role ' || r FROM unnest(%s::text[]) AS r"
        " WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)",
        (list(REQUIRED_SCHEMAS), list(REQUIRED_ROLES)),
    ).fetchall()
    return [r[0] for r in rows]


def uses_supabase(texts: Iterable[str]) -> bool:
    """True when SQL texts name Supabase objects (auth.*, storage.*, the API roles...)."""
    return any(_SUPABASE_REFERENCE.search(text) for text in texts)
