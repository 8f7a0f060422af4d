"""The shadow database's catalog kept as a snapshot file, so a second drift check reads
no shadow at all.

Replaying the migrations is cached as a template database (diff/shadow.py); copying
the template and reading the copy still costs more than the target's own read (at
5,000 tables: `CREATE DATABASE ... TEMPLATE` alone takes 6–30 s). The catalog read
from the copy depends on nothing but what the replay key covers, so
`cached_catalog(conn, folder, key_parts, template, read)` keeps it under
`folder/<key>.json` (the snapshot format, compact), keyed by:

- the replay key (every file's name and checksum, the Supabase shim), the schemas
  read and the project's stand-ins (`key_parts`, from the caller);
- the server (host, port, `server_version_num`) and workbench's own version and
  snapshot format.

It is used only while the template it was read from still exists (a dropped
template, a new cluster: read again). Roles are cluster-wide: they are read fresh
from `conn` on every use. A cache file that cannot be read or decoded is ignored and
rewritten; a folder that cannot be written leaves the cache off.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import psycopg

from workbench import __version__
from workbench.catalog import introspect_build as build
from workbench.catalog import snapshot
from workbench.catalog.introspect import query_text
from workbench.catalog.model import Catalog
from workbench.errors import WorkbenchError
from workbench.output_files import replace_quietly

KEEP = 3  # cached catalogs kept (the applied migrations, every file, one spare)

# How many catalogs were taken from the cache in this process (tests prove hits by it).
hits = 0


def cached_catalog(
    conn: psycopg.Connection,
    folder: Path,
    key_parts: Sequence[str],
    template: str,
    read: Callable[[], Catalog],
) -> Catalog:
    """The catalog `read()` returns, from `folder` when cached for the same key."""
    global hits
    version, template_exists, role_rows = _server_facts(conn, template)
    key = _key(conn, version, key_parts)
    path = folder / f"{key}.json"
    if template_exists:
        catalog = _load(path)
        if catalog is not None:
            hits += 1
            return dataclasses.replace(catalog, roles=build.roles(role_rows))
    catalog = read()
    _store(path, catalog)
    return catalog


def _server_facts(conn: psycopg.Connection, template: str) -> tuple[int, bool, list[tuple]]:
    """(server_version_num, whether the template exists, the roles query's rows)."""
    version = conn.info.server_version
    with conn.transaction():
        conn.execute("SELECT set_config('search_path', 'pg_catalog', true)")
        exists = conn.execute(
            "SELECT EXISTS (SELECT FROM pg_database WHERE datname = %s)", (template,)
        ).fetchone()
        rows = conn.execute(query_text("roles", version)).fetchall()
    return version, bool(exists and exists[0]), rows


def _key(conn: psycopg.Connection, version: int, key_parts: Sequence[str]) -> str:
    digest = hashlib.sha256()
    server = (conn.info.host, str(conn.info.port), str(version))
    fixed = ("shadow-catalog-v1", __version__, str(snapshot.FORMAT_VERSION))
    for part in (*fixed, *server, *key_parts):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _load(path: Path) -> Catalog | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return snapshot.loads(data)
    except (WorkbenchError, ValueError, TypeError):
        return None


def _store(path: Path, catalog: Catalog) -> None:
    """Write the catalog (atomically) and keep only the KEEP newest files."""
    if not replace_quietly(path, lambda out: snapshot.write(catalog, out, indent=None)):
        return
    try:
        kept = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
