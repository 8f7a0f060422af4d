"""Column defaults of a Prisma field, as pg_get_expr prints what Prisma Migrate creates.

Introspection deparses with `search_path = pg_catalog`, so user types and
sequences are schema-qualified (`'ACTIVE'::public."Status"`,
`nextval('public."User_id_seq"'::regclass)`).
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta, timezone

from workbench.prisma import ast
from workbench.prisma.defaults import parse_datetime
from workbench.prisma.native import DEFAULT_NATIVE, NATIVE_TYPES
from workbench.prisma.pgtext import (
    canonical_jsonb,
    int_default,
    numeric_default,
    quote_ident,
    quote_literal,
)
from workbench.prisma.resolved import ScalarField


def qualified_name(schema: str, name: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def sequence_default(schema: str, sequence: str) -> str:
    """The default of a serial column: `nextval('public."T_id_seq"'::regclass)`."""
    return f"nextval({quote_literal(qualified_name(schema, sequence))}::regclass)"


def _native(field: ScalarField) -> tuple[str, tuple[int, ...]]:
    return field.native or DEFAULT_NATIVE[field.scalar or "String"]


def _fraction(micro: int) -> str:
    return f".{micro:06d}".rstrip("0") if micro else ""


def _datetime_literal(text: str, native: str, precision: int | None) -> str:
    moment = parse_datetime(text)
    assert moment is not None  # validated in defaults.py
    if precision is not None and precision < 6 and moment.microsecond:
        step = 10 ** (6 - precision)
        micro = round(moment.microsecond / step) * step
        moment = moment.replace(microsecond=0) + timedelta(microseconds=micro)
    if native == "Timestamptz":
        utc = moment.astimezone(timezone.utc)
        return f"{utc:%Y-%m-%d %H:%M:%S}{_fraction(utc.microsecond)}+00"
    if native == "Date":
        return f"{moment:%Y-%m-%d}"
    if native in ("Time", "Timetz"):
        return f"{moment:%H:%M:%S}{_fraction(moment.microsecond)}"
    return f"{moment:%Y-%m-%d %H:%M:%S}{_fraction(moment.microsecond)}"


def _literal(field: ScalarField, value: ast.Expression, citext_schema: str) -> str:
    """One literal (or list element) default."""
    if field.enum is not None:
        assert isinstance(value, ast.ConstantValue)
        db_value = field.enum.db_value(value.name) or value.name
        return f"{quote_literal(db_value)}::{qualified_name(field.enum.schema, field.enum.db_name)}"
    scalar = field.scalar
    native, args = _native(field)
    label = NATIVE_TYPES[native].label
    if native == "Citext":
        label = f"{quote_ident(citext_schema)}.citext"
    if scalar == "Boolean":
        assert isinstance(value, ast.ConstantValue)
        return value.name
    if scalar in ("Int", "BigInt"):
        assert isinstance(value, ast.NumberValue)
        return int_default(value.text)
    if scalar in ("Float", "Decimal"):
        text = value.text if isinstance(value, ast.NumberValue) else value.value  # type: ignore[union-attr]
        return numeric_default(text)
    assert isinstance(value, ast.StringValue)
    text = value.value
    if scalar == "DateTime":
        text = _datetime_literal(text, native, args[0] if args else None)
    elif scalar == "Json" and native == "JsonB":
        text = canonical_jsonb(text)
    elif scalar == "Json":
        json.loads(text)  # validated earlier; json keeps the text as written
    elif scalar == "Bytes":
        text = "\\x" + base64.b64decode(text).hex()
    return f"{quote_literal(text)}::{label}"


def column_default(
    field: ScalarField, column_type: str, citext_schema: str = "public"
) -> str | None:
    """pg_get_expr of the default Prisma Migrate gives this column (None: no default).

    Autoincrement defaults are made by the caller, which names the sequence.
    """
    default = field.default
    if default is None or default.kind in ("client", "autoincrement"):
        return None
    if default.kind == "now":
        return "CURRENT_TIMESTAMP"
    if default.kind == "dbgenerated":
        return default.sql.strip() if default.sql else None
    value = default.value
    if isinstance(value, ast.ArrayValue):
        if not value.items:
            return f"ARRAY[]::{column_type}"
        items = ", ".join(_literal(field, item, citext_schema) for item in value.items)
        return f"ARRAY[{items}]"
    assert value is not None
    return _literal(field, value, citext_schema)
