"""Catalog <-> JSON. Loading a dumped catalog gives an equal Catalog."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from workbench.catalog import model
from workbench.catalog.model import Catalog
from workbench.errors import WorkbenchError

FORMAT = "workbench-catalog"
FORMAT_VERSION = 1


class SnapshotError(WorkbenchError):
    """A snapshot file that cannot be read as a catalog."""


def to_dict(catalog: Catalog) -> dict[str, Any]:
    """The catalog as JSON-ready data (with a format header)."""
    body = {f.name: _encode(getattr(catalog, f.name)) for f in dataclasses.fields(Catalog)}
    return {"format": FORMAT, "version": FORMAT_VERSION, **body}


def dumps(catalog: Catalog, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(catalog), indent=indent, ensure_ascii=False, sort_keys=False)


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


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


def from_dict(data: Any) -> Catalog:
    """Rebuild a Catalog from `to_dict` output, with clear errors for anything malformed."""
    if not isinstance(data, dict):
        raise SnapshotError("snapshot: expected a JSON object")
    if data.get("format") != FORMAT:
        raise SnapshotError(f"snapshot: not a workbench catalog (format {data.get('format')!r})")
    if data.get("version") != FORMAT_VERSION:
        raise SnapshotError(f"snapshot: unsupported version {data.get('version')!r}")
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
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


def loads(text: str) -> Catalog:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise SnapshotError("invalid JSON: nested too deeply") from None
    return from_dict(data)


def load(path: str | Path) -> Catalog:
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise SnapshotError(f"{path}: not valid UTF-8") from None
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return loads(text)
    except SnapshotError as exc:
        raise SnapshotError(f"{path}: {exc}") from None


def save(catalog: Catalog, path: str | Path) -> None:
    Path(path).write_text(dumps(catalog) + "\n", "utf-8")
