"""Prisma scalar and native (`@db.*`) types, and the PostgreSQL types they become.

Type names are written as PostgreSQL's format_type() prints them, so they
compare equal to an introspected catalog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from workbench.prisma import ast
from workbench.prisma.ast import PrismaError

SCALARS = ("String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes")


def _opt(base: str, suffix: str = "") -> Callable[[tuple[int, ...]], str]:
    """`base(n)suffix`, or `base suffix` without an argument."""

    def render(args: tuple[int, ...]) -> str:
        if args:
            return f"{base}({args[0]}){suffix}"
        return f"{base}{suffix}"

    return render


def _fixed(name: str) -> Callable[[tuple[int, ...]], str]:
    return lambda args: name


def _decimal(args: tuple[int, ...]) -> str:
    return f"numeric({args[0]},{args[1]})" if args else "numeric"


@dataclass(frozen=True)
class NativeType:
    """One `@db.X` attribute: which scalars take it, its arguments, its PostgreSQL type."""

    scalars: tuple[str, ...]
    arg_counts: tuple[int, ...]  # allowed numbers of arguments
    render: Callable[[tuple[int, ...]], str]
    label: str  # type name in a literal's cast, as pg_get_expr prints it (`'x'::bpchar`)
    max_arg: int | None = None  # upper bound of the first argument (precision)
    min_arg: int = 0


NATIVE_TYPES: dict[str, NativeType] = {
    "Text": NativeType(("String",), (0,), _fixed("text"), "text"),
    "Char": NativeType(
        ("String",), (0, 1), lambda a: f"character({a[0] if a else 1})", "bpchar", min_arg=1
    ),
    "VarChar": NativeType(
        ("String",), (0, 1), _opt("character varying"), "character varying", min_arg=1
    ),
    "Bit": NativeType(
        ("String",), (0, 1), lambda a: f"bit({a[0] if a else 1})", '"bit"', min_arg=1
    ),
    "VarBit": NativeType(("String",), (0, 1), _opt("bit varying"), "bit varying", min_arg=1),
    "Uuid": NativeType(("String",), (0,), _fixed("uuid"), "uuid"),
    "Xml": NativeType(("String",), (0,), _fixed("xml"), "xml"),
    "Inet": NativeType(("String",), (0,), _fixed("inet"), "inet"),
    "Citext": NativeType(("String",), (0,), _fixed("citext"), "citext"),
    "Boolean": NativeType(("Boolean",), (0,), _fixed("boolean"), "boolean"),
    "Integer": NativeType(("Int",), (0,), _fixed("integer"), "integer"),
    "SmallInt": NativeType(("Int",), (0,), _fixed("smallint"), "smallint"),
    "Oid": NativeType(("Int",), (0,), _fixed("oid"), "oid"),
    "BigInt": NativeType(("BigInt",), (0,), _fixed("bigint"), "bigint"),
    "DoublePrecision": NativeType(("Float",), (0,), _fixed("double precision"), "double precision"),
    "Real": NativeType(("Float",), (0,), _fixed("real"), "real"),
    "Decimal": NativeType(("Decimal",), (0, 2), _decimal, "numeric", max_arg=1000, min_arg=1),
    "Money": NativeType(("Decimal",), (0,), _fixed("money"), "money"),
    "Timestamp": NativeType(
        ("DateTime",),
        (0, 1),
        _opt("timestamp", " without time zone"),
        "timestamp without time zone",
        6,
    ),
    "Timestamptz": NativeType(
        ("DateTime",), (0, 1), _opt("timestamp", " with time zone"), "timestamp with time zone", 6
    ),
    "Date": NativeType(("DateTime",), (0,), _fixed("date"), "date"),
    "Time": NativeType(
        ("DateTime",), (0, 1), _opt("time", " without time zone"), "time without time zone", 6
    ),
    "Timetz": NativeType(
        ("DateTime",), (0, 1), _opt("time", " with time zone"), "time with time zone", 6
    ),
    "Json": NativeType(("Json",), (0,), _fixed("json"), "json"),
    "JsonB": NativeType(("Json",), (0,), _fixed("jsonb"), "jsonb"),
    "ByteA": NativeType(("Bytes",), (0,), _fixed("bytea"), "bytea"),
}

# The native type Prisma uses for each scalar (for literal casts and autoincrement).
DEFAULT_NATIVE = {
    "String": ("Text", ()),
    "Boolean": ("Boolean", ()),
    "Int": ("Integer", ()),
    "BigInt": ("BigInt", ()),
    "Float": ("DoublePrecision", ()),
    "Decimal": ("Decimal", (65, 30)),
    "DateTime": ("Timestamp", (3,)),
    "Json": ("JsonB", ()),
    "Bytes": ("ByteA", ()),
}

# Index algorithms (`@@index(type: ...)`) and their `USING` name.
INDEX_METHODS = {
    "BTree": "btree",
    "Hash": "hash",
    "Gist": "gist",
    "Gin": "gin",
    "SpGist": "spgist",
    "Brin": "brin",
}

# Operator classes Prisma names (`ops: JsonbPathOps`) that are the method's default for
# the type: pg_get_indexdef leaves those out.
DEFAULT_OPCLASSES = {
    "InetOps": ("spgist",),
    "JsonbOps": ("gin",),
    "ArrayOps": ("gin",),
    "TextOps": ("spgist", "btree", "hash"),
}


def opclass_sql_name(prisma_name: str) -> str:
    """`JsonbPathOps` → `jsonb_path_ops`, `Int4MinMaxMultiOps` → `int4_minmax_multi_ops`."""
    stem = prisma_name[:-3] if prisma_name.endswith("Ops") else prisma_name
    words = [w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", stem)]
    text = "_".join(words)
    for a, b in (
        ("min_max", "minmax"),
        ("timestamp_tz", "timestamptz"),
        ("var_bit", "varbit"),
        ("time_tz", "timetz"),
    ):
        text = text.replace(a, b)
    return f"{text}_ops"


def opclass_is_default(prisma_name: str, method: str) -> bool:
    """Whether pg_get_indexdef omits this (Prisma-named) operator class for this method."""
    if method == "brin" and prisma_name.endswith("MinMaxOps"):
        return True
    return method in DEFAULT_OPCLASSES.get(prisma_name, ())


def native_type_of(attr: ast.Attribute, scalar: str) -> tuple[str, tuple[int, ...]]:
    """Validate a `@db.X(args)` attribute on a `scalar` field; returns (X, args)."""
    type_name = attr.name[3:]
    native = NATIVE_TYPES.get(type_name)
    if native is None:
        raise PrismaError(f"native type {type_name} is not supported by PostgreSQL", attr.pos)
    if scalar not in native.scalars:
        raise PrismaError(
            f"native type {type_name} is not compatible with {scalar} (use it on "
            f"{' or '.join(native.scalars)})",
            attr.pos,
        )
    args: list[int] = []
    for arg in attr.args:
        if (
            arg.name is not None
            or not isinstance(arg.value, ast.NumberValue)
            or not arg.value.is_integer
        ):
            raise PrismaError(f"{attr.display} takes integer arguments", arg.pos)
        args.append(int(arg.value.text))
    if len(args) not in native.arg_counts:
        counts = " or ".join(str(n) for n in native.arg_counts)
        raise PrismaError(f"{attr.display} takes {counts} arguments, not {len(args)}", attr.pos)
    if args:
        if args[0] < native.min_arg or (native.max_arg is not None and args[0] > native.max_arg):
            upper = f"..{native.max_arg}" if native.max_arg is not None else "+"
            raise PrismaError(
                f"{attr.display}: argument {args[0]} is out of range ({native.min_arg}{upper})",
                attr.args[0].pos,
            )
        if type_name == "Decimal" and not 0 <= args[1] <= args[0]:
            raise PrismaError(
                f"{attr.display}: the scale ({args[1]}) must be between 0 and the precision",
                attr.pos,
            )
    return type_name, tuple(args)
