"""Catalog <-> JSON. Loading a dumped catalog gives an equal Catalog.

Encoding and decoding go through msgspec (benchmarks/FINDINGS.md says why):
the catalog's dataclasses are encoded natively, and a file is decoded in one
pass into typed objects. The decoder is derived from the model's dataclasses
at first use, not written out field by field, so fields added to the model
need nothing here.

A typed decode cannot tell which dict key an error sits under, so when the
fast path rejects a file, the same text is walked again by a plain checker
that names the exact place (`snapshot.tables.app.members.rls_enabled: expected
bool, got str`). Only broken files pay for that.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import json
import operator
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from workbench.catalog import model
from workbench.catalog.model import Catalog
from workbench.errors import WorkbenchError

FORMAT = "workbench-catalog"
FORMAT_VERSION = 1
_HEADER = ("format", "version")


class SnapshotError(WorkbenchError):
    """A snapshot file that cannot be read as a catalog."""


# --- encoding -------------------------------------------------------------------

_ENCODER = msgspec.json.Encoder()


# The order of the catalog's fields in a file: the order `introspect` builds them in
# (`introspect(..., ready=)`), so that `workbench snapshot` writes each part while the
# server still reads the last ones (tables wait for their indexes and policies). JSON
# readers, this module's included, do not depend on the order of keys.
FIELD_ORDER = (
    "schemas",
    "functions",
    "enums",
    "domains",
    "range_types",
    "collations",
    "sequences",
    "extensions",
    "event_triggers",
    "publications",
    "default_privileges",
    "roles",
    "server_version",
    "dependencies",
    "foreign_data_wrappers",
    "foreign_servers",
    "user_mappings",
    "tables",
    "views",
    "composite_types",
)


def write(catalog: Catalog, out: BinaryIO, *, indent: int | None = 2) -> None:
    """Write the catalog as UTF-8 JSON: `{"format": ..., "version": ..., <Catalog fields>}`.

    Written object by object (each table, view, function ... encoded on its
    own), so memory holds one object's JSON at a time, never the whole text.
    The result is the same as formatting the whole document at once.
    """
    writer = FieldWriter(out, indent=indent)
    for name in FIELD_ORDER:
        writer.add(name, getattr(catalog, name))
    writer.close()


class FieldWriter:
    """A catalog written field by field as its parts are made (`introspect(..., ready=)`):
    each field is written once those before it in FIELD_ORDER are; one given early waits
    (by reference) for its turn. The bytes are those of `write`."""

    def __init__(self, out: BinaryIO, *, indent: int | None = 2) -> None:
        self._out = out
        self._indent = indent
        self._waiting: dict[str, Any] = {}
        self._next = 0
        self._pad = " " * indent if indent else ""
        self._nl, self._colon = ("\n", ": ") if indent else ("", ":")
        out.write(b"{")
        header = {"format": FORMAT, "version": FORMAT_VERSION}
        for i, (name, head) in enumerate(header.items()):
            out.write((b"," if i else b"") + self._key(name, 1) + _ENCODER.encode(head))

    def add(self, name: str, value: Any) -> None:
        """Field `name` of the catalog (written now, or when its turn comes)."""
        if name not in FIELD_ORDER[self._next :] or name in self._waiting:
            raise ValueError(f"catalog field {name!r} unknown or given twice")
        self._waiting[name] = value
        while self._next < len(FIELD_ORDER) and FIELD_ORDER[self._next] in self._waiting:
            field_name = FIELD_ORDER[self._next]
            self._field(field_name, self._waiting.pop(field_name))
            self._next += 1

    def close(self) -> None:
        """End the document; every field must have been given."""
        if self._next != len(FIELD_ORDER):
            raise ValueError(f"catalog field {FIELD_ORDER[self._next]!r} was not given")
        self._out.write(f"{self._nl}}}".encode())

    def _key(self, name: str, depth: int) -> bytes:
        return (
            f"{self._nl}{self._pad * depth}".encode() + _ENCODER.encode(name) + self._colon.encode()
        )

    def _value(self, obj: Any, depth: int) -> bytes:
        data = _ENCODER.encode(obj)
        if not self._indent:
            return data
        return msgspec.json.format(data, indent=self._indent).replace(
            b"\n", ("\n" + self._pad * depth).encode()
        )

    def _field(self, name: str, value: Any) -> None:
        out, indent = self._out, self._indent
        out.write(b"," + self._key(name, 1))
        if isinstance(value, tuple) and value:
            _write_items(out, value, indent)
            return
        if not isinstance(value, dict) or not value:
            out.write(self._value(value, 1))
            return
        out.write(b"{")
        if indent:
            _write_entries(out, value, indent)
        else:
            first = True
            for key, obj in value.items():
                out.write((b"" if first else b",") + self._key(key, 2) + self._value(obj, 2))
                first = False
        out.write(f"{self._nl}{self._pad}}}".encode())


_ENTRIES = 20  # entries of a top-level dict (tables, views, ...) formatted at a time


def _write_entries(out: BinaryIO, entries: dict, indent: int) -> None:
    """A top-level dict's entries, indented, `_ENTRIES` at a time: each chunk is formatted
    as `{"k": {<chunk>}}`, whose entries sit at the depth they have in the file, so no
    re-indenting pass is needed (~1/5 less CPU than object by object)."""
    items = list(entries.items())
    shared = _SharedParts() if items and isinstance(items[0][1], model.Table) else None
    for start in range(0, len(items), _ENTRIES):
        chunk = items[start : start + _ENTRIES]
        part = dict(chunk) if shared is None else {key: shared.table(t) for key, t in chunk}
        out.write((b"," if start else b"") + _nested(part, b"{", indent))


_TABLE_FIELDS = tuple(f.name for f in dataclasses.fields(model.Table))
_table_values = operator.attrgetter(*_TABLE_FIELDS)


class _SharedParts:
    """Tables for the encoder, their columns and grants encoded once per object: columns
    (`id`, `created_at` ...) and ACLs are shared by many tables (`introspect` makes each
    once), and they are ~60% of the tables' encoding. Same bytes as encoding each table."""

    def __init__(self) -> None:
        self._columns: dict[int, bytes] = {}
        self._grants: dict[int, msgspec.Raw] = {}

    def table(self, table: model.Table) -> dict[str, Any]:
        data = dict(zip(_TABLE_FIELDS, _table_values(table), strict=True))
        known = self._columns
        parts = []
        for column in table.columns:
            text = known.get(id(column))
            if text is None:
                text = known[id(column)] = _ENCODER.encode(column)
            parts.append(text)
        data["columns"] = msgspec.Raw(b"[" + b",".join(parts) + b"]")
        grants = self._grants.get(id(table.grants))
        if grants is None:
            grants = self._grants[id(table.grants)] = msgspec.Raw(_ENCODER.encode(table.grants))
        data["grants"] = grants
        return data


def _nested(part: dict | tuple, opener: bytes, indent: int) -> bytes:
    """The entries (items) of `part`, indented as those of a top-level field: `part` is
    formatted as `{"k": part}` and the text between its brackets kept."""
    pad = b" " * indent
    head = b"{\n" + pad + b'"k": ' + opener
    tail = b"\n" + pad + (b"}" if opener == b"{" else b"]") + b"\n}"
    data = msgspec.json.format(_ENCODER.encode({"k": part}), indent=indent)
    if not (data.startswith(head) and data.endswith(tail)):  # pragma: no cover
        raise AssertionError("unexpected layout of msgspec.json.format")
    return data[len(head) : -len(tail)]


_CHUNK = 2000  # items of a top-level list encoded at a time


def _write_items(out: BinaryIO, items: tuple, indent: int | None) -> None:
    """A top-level list (the dependency edges: ~10^5 at 5,000 tables) written a chunk at
    a time, the same bytes as the whole list formatted at once at depth 1."""
    out.write(b"[")
    for start in range(0, len(items), _CHUNK):
        if indent:
            data = _nested(items[start : start + _CHUNK], b"[", indent)
        else:
            data = _ENCODER.encode(items[start : start + _CHUNK])[1:-1]
        out.write((b"," if start else b"") + data)
    out.write(f"\n{' ' * indent}]".encode() if indent else b"]")


def encode(catalog: Catalog, *, indent: int | None = None) -> bytes:
    """The catalog as UTF-8 JSON (see `write`)."""
    buffer = io.BytesIO()
    write(catalog, buffer, indent=indent)
    return buffer.getvalue()


def dumps(catalog: Catalog, *, indent: int | None = 2) -> str:
    return encode(catalog, indent=indent).decode("utf-8")


def to_dict(catalog: Catalog) -> dict[str, Any]:
    """The catalog as JSON-ready data (with a format header)."""
    return msgspec.json.decode(encode(catalog))


def save(catalog: Catalog, path: str | Path, *, indent: int | None = 2) -> None:
    with open(path, "wb") as out:
        write(catalog, out, indent=indent)
        out.write(b"\n")


# --- decoding: the fast path ------------------------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _strict(tp: Any) -> Any:
    """`tp` with every model dataclass replaced by its strict mirror (see `_mirror`)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_strict(a) for a in typing.get_args(tp))]  # noqa: UP007
    if origin is tuple:
        args = typing.get_args(tp)
        return tuple[(_strict(args[0]), ...)] if args[1:] == (...,) else tp
    if origin is dict:
        key, value = typing.get_args(tp)
        return dict[key, _strict(value)]
    if dataclasses.is_dataclass(tp):
        return _mirror(tp)
    return tp


@cache
def _mirror(cls: type) -> type:
    """A msgspec Struct with `cls`'s fields that rejects unknown ones (dataclasses can't).

    Decoding checks the file against these mirrors; the result is then converted
    to the model's own dataclasses by attribute, in C.
    """
    hints = _hints(cls)
    fields = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default: Any = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = msgspec.field(default_factory=f.default_factory)
        else:
            fields.append((f.name, _strict(hints[f.name])))
            continue
        fields.append((f.name, _strict(hints[f.name]), default))
    if cls is Catalog:
        fields[:0] = [("format", str), ("version", int)]
    return msgspec.defstruct(
        f"Strict{cls.__name__}", fields, forbid_unknown_fields=True, kw_only=True, gc=False
    )


@cache
def _decoder() -> msgspec.json.Decoder:
    return msgspec.json.Decoder(_mirror(Catalog))


def loads(text: str | bytes) -> Catalog:
    """A Catalog from snapshot JSON, with a clear one-line error for anything malformed."""
    return _loads([text])


def _loads(holder: list[str | bytes]) -> Catalog:
    """`loads` of the text in `holder`, which it empties: once the text has decoded, it is
    freed before the typed objects are built (`load` keeps no other reference to it)."""
    text = holder.pop()
    paused = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects, no cycles: the collector only costs
    try:
        try:
            strict = _decoder().decode(text)
        except msgspec.DecodeError as exc:
            strict = exc
        except RecursionError:
            raise SnapshotError("invalid JSON: nested too deeply") from None
        if isinstance(strict, Exception):
            return _slow_loads(text, str(strict))  # only to name the exact problem
        if strict.format != FORMAT or strict.version != FORMAT_VERSION:
            return _slow_loads(text, "wrong header")
        del text  # tens of MB at 5,000 tables: not needed any more
        catalog = msgspec.convert(strict, Catalog, from_attributes=True)
        del strict
        # Loaded to be compared: the collector's full passes over ~10^6 objects without
        # cycles would cost the diff ~0.8 s at 5,000 tables (two files); they are kept out
        # of its sight and still freed by reference counting.
        gc.freeze()
    finally:
        if paused:
            gc.enable()
    _check_keys(catalog)
    return catalog


def load(path: str | Path) -> Catalog:
    path = Path(path)
    try:
        holder: list[str | bytes] = [path.read_bytes()]
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return _loads(holder)
    except SnapshotError as exc:
        raise SnapshotError(f"{path}: {exc}") from None


# --- decoding two files at once: what they have in common is decoded once ---------


def load_pair(path_a: str | Path, path_b: str | Path) -> tuple[Catalog, Catalog]:
    """Two snapshots to be compared: `(load(path_a), load(path_b))`, except that each
    object of the second file whose JSON text is the same as the first file's object
    under the same key is that very object: decoded once, so the second file costs
    only what differs, and the diff finds shared objects equal at once. Equal
    dependency edges are shared too.

    Objects are matched by the SHA-256 digest of their text (and its length), so
    the first file's text is freed before the second is read; the edges are decoded
    last (their text copied out). A file the fast path cannot read is read by `load`,
    which names the problem.
    """
    paused = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects, no cycles (see `_loads`)
    try:
        first = _read_shared(Path(path_a), {})
        if first is None:
            return load(path_a), load(path_b)
        values_a, edges_a, digests = first
        second = _read_shared(Path(path_b), digests)
        del first, digests
        catalog_a = _finish(values_a, edges_a, None)
        if catalog_a is None:
            return load(path_a), load(path_b)
        catalog_b = _finish(*second[:2], catalog_a) if second is not None else None
        gc.freeze()  # see `_loads`
    finally:
        if paused:
            gc.enable()
    return catalog_a, catalog_b if catalog_b is not None else load(path_b)


# (field, key) -> (length and digest of its text, object)
_Digests = dict[tuple[str, str], tuple[tuple[int, bytes], Any]]
_DECODING_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, TypeError, RecursionError)


def _read_shared(path: Path, known: _Digests) -> tuple[dict[str, Any], Any, _Digests] | None:
    """The Catalog fields of the file at `path` but its edges (their text, copied), and
    the digest of each object's text; None when the file needs `load`'s checks. When
    `known` is not empty (the first file's), an object with the same text under the
    same key is that file's object."""
    try:
        text = path.read_bytes()
    except OSError:
        return None
    try:
        top = _shallow_decoder().decode(text)
        del text  # (the raw values keep it until they are dropped)
        if top.format != FORMAT or top.version != FORMAT_VERSION:
            return None
        seen: _Digests = {}
        values: dict[str, Any] = {}
        hints = _hints(Catalog)
        for f in dataclasses.fields(Catalog):
            raw = getattr(top, f.name)
            tp = hints[f.name]
            if raw is None or f.name == "dependencies":
                continue  # absent (the model's default), or decoded by `_finish`
            if typing.get_origin(tp) is not dict:
                values[f.name] = _decode_value(tp, raw)
                continue
            item_type = typing.get_args(tp)[1]
            objects = {}
            for key, item in raw.items():
                same = known.get((f.name, key))
                if same is not None and same[0] == _digest(item, same[0][0]):
                    objects[key] = same[1]
                    continue
                objects[key] = _decode_value(item_type, item)
                if not known:
                    seen[(f.name, key)] = (_digest(item), objects[key])
            values[f.name] = objects
    except _DECODING_ERRORS:
        return None
    edges = top.dependencies
    return values, None if edges is None else msgspec.Raw(bytes(edges)), seen


def _digest(text: msgspec.Raw, length: int | None = None) -> tuple[int, bytes]:
    """The length and SHA-256 digest of `text` (not hashed when its length is not `length`)."""
    size = len(text)
    return (size, b"" if length not in (None, size) else hashlib.sha256(text).digest())


def _finish(values: dict[str, Any], edges: Any, like: Catalog | None) -> Catalog | None:
    """The Catalog of `_read_shared`'s fields and edges (those equal to `like`'s shared)."""
    try:
        if edges is not None:
            decoded = _decode_value(_hints(Catalog)["dependencies"], edges)
            values["dependencies"] = _shared_edges(decoded, like)
        catalog = Catalog(**values)
        _check_keys(catalog)
    except (*_DECODING_ERRORS, SnapshotError):
        return None
    return catalog


def _shared_edges(edges: tuple, like: Catalog | None) -> tuple:
    """`edges`, each one equal to an edge of `like` being that edge (most are: the
    second file's own copies are freed)."""
    if like is None or not like.dependencies:
        return edges
    if edges == like.dependencies:
        return like.dependencies
    known = {edge: edge for edge in like.dependencies}
    get = known.get
    return tuple([get(edge, edge) for edge in edges])


def _decode_value(tp: Any, raw: Any) -> Any:
    strict = _strict(tp)
    value = _value_decoder(strict).decode(raw)
    return value if strict == tp else msgspec.convert(value, tp, from_attributes=True)


@cache
def _value_decoder(strict: Any) -> msgspec.json.Decoder:
    return msgspec.json.Decoder(strict)


@cache
def _shallow_decoder() -> msgspec.json.Decoder:
    """The file's header and Catalog fields, each object of a dict field left as raw JSON
    (None: the field is absent), unknown fields rejected."""
    fields: list[tuple] = [("format", str), ("version", int)]
    for f in dataclasses.fields(Catalog):
        dict_field = typing.get_origin(_hints(Catalog)[f.name]) is dict
        raw_type = dict[str, msgspec.Raw] if dict_field else msgspec.Raw
        fields.append((f.name, raw_type, None))  # None: absent
    shallow = msgspec.defstruct(
        "ShallowCatalog", fields, forbid_unknown_fields=True, kw_only=True, gc=False
    )
    return msgspec.json.Decoder(shallow)


def from_dict(data: Any) -> Catalog:
    """Rebuild a Catalog from `to_dict` output, with clear errors for anything malformed."""
    if not isinstance(data, dict):
        raise SnapshotError("snapshot: expected a JSON object")
    if data.get("format") != FORMAT:
        raise SnapshotError(f"snapshot: not a workbench catalog (format {data.get('format')!r})")
    if data.get("version") != FORMAT_VERSION:
        raise SnapshotError(f"snapshot: unsupported version {data.get('version')!r}")
    body = {k: v for k, v in data.items() if k not in _HEADER}
    catalog = _decode(Catalog, body, "snapshot")
    _check_keys(catalog)
    return catalog


def _check_keys(catalog: Catalog) -> None:
    """Every object sits under its own key (`tables["s.t"]` is table t of schema s)."""
    for f in dataclasses.fields(Catalog):
        objects = getattr(catalog, f.name)
        if not isinstance(objects, dict):
            continue
        for key, obj in objects.items():
            if getattr(obj, "key", key) != key:
                raise SnapshotError(f"snapshot.{f.name}: the object under {key!r} is {obj.key!r}")


# --- decoding: the checker that names the place of an error ----------------------


def _slow_loads(text: str | bytes, reason: str) -> Catalog:
    """Raise the clearest error for a snapshot the typed decoder rejected with `reason`."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise SnapshotError("not valid UTF-8") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise SnapshotError("invalid JSON: nested too deeply") from None
    from_dict(data)
    # The checker accepted what the typed decoder rejected: say what the decoder said.
    raise SnapshotError(f"snapshot: {reason}")


def _decode(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _decode(inner[0], value, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise SnapshotError(f"{where}: expected a list")
        (item,) = typing.get_args(tp)[:1]
        return tuple(_decode(item, v, f"{where}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise SnapshotError(f"{where}: expected an object")
        _, item = typing.get_args(tp)
        return {str(k): _decode(item, v, f"{where}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise SnapshotError(f"{where}: expected an object")
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        unknown = set(value) - names
        if unknown:
            raise SnapshotError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        kwargs = {k: _decode(hints[k], v, f"{where}.{k}") for k, v in value.items()}
        try:
            return tp(**kwargs)
        except TypeError as exc:
            raise SnapshotError(f"{where}: {exc}") from None
    if tp is typing.Any:
        return value
    expected = {str: str, int: int, bool: bool, float: (int, float)}.get(tp)
    if expected is not None:
        if not isinstance(value, expected) or (tp is int and isinstance(value, bool)):
            raise SnapshotError(f"{where}: expected {tp.__name__}, got {type(value).__name__}")
    return value
