"""The shadow database's catalog kept in a file, so a second drift check reads no shadow.

Replaying the migrations is cached as a template database (diff/shadow.py); copying
the template and reading the copy still costs more than the target's own read (at
5,000 tables: `CREATE DATABASE ... TEMPLATE` alone takes 6–30 s). The catalog read
from the copy depends on nothing but what the replay key covers, so
`cached_catalog(conn, folder, key_parts, template, read, reference)` keeps it under
`folder/<key>.cat`, keyed by:

- the replay key (every file's name and checksum, the Supabase shim), the schemas
  read and the project's stand-ins (`key_parts`, from the caller);
- the server (host, port, `server_version_num`) and workbench's own version and
  snapshot format.

The file holds each object (a table, a function, ...; a whole field for the rest)
encoded on its own, with a digest, and an index of them. A drift check compares the
cached catalog with the target's: given the target's catalog (`reference()`), an
object whose encoding has the same digest is taken from it — equal by construction,
and shared, so the second catalog costs almost no memory or decoding, and the differ
finds equal objects at once — and only the others are decoded from the file.

It is used only while the template it was read from still exists (a dropped
template, a new cluster: read again). Roles are cluster-wide: they are read fresh
from `conn` on every use. A cache file that cannot be read or decoded is ignored and
rewritten; a folder that cannot be written leaves the cache off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import mmap
import struct
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import msgspec
import psycopg

from workbench import __version__
from workbench.catalog import introspect_build as build
from workbench.catalog import snapshot
from workbench.catalog.introspect import query_text
from workbench.catalog.model import Catalog
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
    reference: Callable[[], Catalog | None] | None = None,
) -> Catalog:
    """The catalog `read()` returns, from `folder` when cached for the same key.

    `reference()`: a catalog likely to share most objects (the target the cached one is
    compared with); its equal objects are used instead of decoding them."""
    global hits
    version, template_exists, role_rows = _server_facts(conn, template)
    key = _key(conn, version, key_parts)
    path = folder / f"{key}{SUFFIX}"
    if template_exists:
        catalog = _load(path, reference, build.roles(role_rows))
        if catalog is not None:
            hits += 1
            return catalog
    catalog = read()
    _store(path, catalog)
    return catalog


SUFFIX = ".cat"
_MAGIC = b"workbench-catalog-cache-1\n"
_HEAD = struct.Struct("<Q")  # the index's length, at the end of the file
_FIELDS = tuple(f.name for f in dataclasses.fields(Catalog) if f.name != "roles")
_TYPES = typing.get_type_hints(Catalog)
_ENCODER = msgspec.json.Encoder()
_INDEX = msgspec.msgpack.Decoder(list[tuple[str, str | None, int, int, bytes]])  # _Index
_decoders: dict[Any, msgspec.json.Decoder] = {}


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _decoder(tp: Any) -> msgspec.json.Decoder:
    found = _decoders.get(tp)
    if found is None:
        found = _decoders[tp] = msgspec.json.Decoder(tp)
    return found


def _load(
    path: Path, reference: Callable[[], Catalog | None] | None, roles: dict
) -> Catalog | None:
    """The cached catalog (with `roles`), or None when missing, unreadable or broken."""
    try:
        handle = path.open("rb")
    except OSError:
        return None
    with handle:
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # an empty file cannot be mapped
            return None
        with data:
            try:
                index, base = _index(data)
            except _BROKEN:
                return None
            # the target's read may fail: raised here as it would be by the caller
            like = reference() if reference is not None else None
            try:
                return _assemble(data, index, base, like, roles)
            except _BROKEN:
                return None


_BROKEN = (ValueError, IndexError, TypeError, struct.error, msgspec.DecodeError)
_Index = list[tuple[str, str | None, int, int, bytes]]


def _index(data: mmap.mmap) -> tuple[_Index, int]:
    """The index of a cache file (at its end) and where its objects start."""
    if data[: len(_MAGIC)] != _MAGIC:
        raise ValueError("not a cache file")
    (size,) = _HEAD.unpack(data[-_HEAD.size :])
    start = len(data) - _HEAD.size - size
    if start < len(_MAGIC):
        raise ValueError("index length out of the file")
    return _INDEX.decode(data[start : -_HEAD.size]), len(_MAGIC)


def _assemble(
    data: mmap.mmap, index: _Index, base: int, like: Catalog | None, roles: dict
) -> Catalog | None:
    """The cached catalog: `like`'s objects where their encodings match, else decoded."""
    end = len(data)
    values: dict[str, Any] = {}
    for name, key, offset, length, digest in index:
        if name not in _TYPES or name == "roles" or base + offset + length > end:
            return None
        piece = slice(base + offset, base + offset + length)
        if key is None:
            same = getattr(like, name) if like is not None else None
            if same is None or _digest(_ENCODER.encode(same)) != digest:
                same = _decoder(_TYPES[name]).decode(data[piece])
            values[name] = same
            continue
        objects = values.setdefault(name, {})
        same = getattr(like, name).get(key) if like is not None else None
        if same is None or _digest(_ENCODER.encode(same)) != digest:
            same = _decoder(typing.get_args(_TYPES[name])[1]).decode(data[piece])
        objects[key] = same
    return Catalog(**values, roles=roles)


def _writer(catalog: Catalog) -> Callable[[BinaryIO], None]:
    """Writes the cache file of `catalog` (roles left out: read fresh): the magic line, each
    object's encoding, then the index and its length — streamed, one object at a time."""

    def write(out: BinaryIO) -> None:
        index: _Index = []
        offset = 0
        out.write(_MAGIC)
        for name in _FIELDS:
            value = getattr(catalog, name)
            items = value.items() if isinstance(value, dict) else [(None, value)]
            for key, obj in items:
                data = _ENCODER.encode(obj)
                index.append((name, key, offset, len(data), _digest(data)))
                out.write(data)
                offset += len(data)
        head = msgspec.msgpack.encode(index)
        out.write(head)
        out.write(_HEAD.pack(len(head)))

    return write


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
    fixed = ("shadow-catalog-v2", __version__, str(snapshot.FORMAT_VERSION))
    for part in (*fixed, *server, *key_parts):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _store(path: Path, catalog: Catalog) -> None:
    """Write the catalog (atomically) and keep only the KEEP newest files (and no file of
    the earlier JSON format)."""
    if not replace_quietly(path, _writer(catalog)):
        return
    try:
        kept = sorted(path.parent.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [*kept[KEEP:], *path.parent.glob("*.json")]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
