"""`@default(...)`: validation against the field's type, and the kinds Prisma distinguishes.

Database defaults: `autoincrement()` (a serial sequence), `now()`,
`dbgenerated("sql")` and literals. Client-side generators (`uuid()`, `cuid()`,
`nanoid()`, `ulid()`) leave no default in the database.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from workbench.prisma import ast
from workbench.prisma.args import Args, describe
from workbench.prisma.ast import PrismaError
from workbench.prisma.resolved import Default, ScalarField

CLIENT_GENERATORS = {
    "uuid": ("4", "7"),
    "cuid": ("1", "2"),
    "nanoid": None,  # any positive integer length
    "ulid": (),
}


def _fail(message: str, node: ast.Expression | ast.Attribute) -> PrismaError:
    return PrismaError(f"@default: {message}", node.pos)


def _function(field: ScalarField, call: ast.FunctionCall) -> Default:
    name, args = call.name, call.args
    if name == "dbgenerated":
        if not args:
            return Default("dbgenerated", sql=None)
        value = args[0].value
        if len(args) > 1 or not isinstance(value, ast.StringValue) or not value.value.strip():
            raise _fail("dbgenerated() takes no argument or one non-empty string", call)
        return Default("dbgenerated", value, sql=value.value)
    if field.unsupported is not None:
        raise _fail("fields of an Unsupported type only take dbgenerated(...) defaults", call)
    if field.list:
        raise _fail(f"{name}() cannot be the default of a list field", call)
    if name == "autoincrement":
        if args:
            raise _fail("autoincrement() takes no arguments", call)
        if field.scalar not in ("Int", "BigInt"):
            raise _fail(f"autoincrement() needs an Int or BigInt field, not {_type(field)}", call)
        return Default("autoincrement")
    if name == "now":
        if args:
            raise _fail("now() takes no arguments", call)
        if field.scalar != "DateTime":
            raise _fail(f"now() needs a DateTime field, not {_type(field)}", call)
        return Default("now")
    if name in CLIENT_GENERATORS:
        if field.scalar != "String":
            raise _fail(f"{name}() needs a String field, not {_type(field)}", call)
        allowed = CLIENT_GENERATORS[name]
        if args:
            value = args[0].value
            ok = len(args) == 1 and isinstance(value, ast.NumberValue) and value.is_integer
            if ok and allowed is not None:
                ok = value.text in allowed  # type: ignore[union-attr]
            if ok and allowed is None:
                ok = int(value.text) > 0  # type: ignore[union-attr]
            if not ok:
                raise _fail(f"bad argument for {name}()", value)
        return Default("client")
    if name in ("auto", "sequence"):
        raise _fail(f"{name}() is not supported on PostgreSQL", call)
    raise _fail(f"unknown function {name}()", call)


def _type(field: ScalarField) -> str:
    base = field.enum.name if field.enum else field.unsupported or field.scalar or "?"
    return base + ("[]" if field.list else "")


def _check_literal(field: ScalarField, value: ast.Expression) -> None:
    """Raise unless `value` is a valid literal of the field's (element) type."""
    wanted = _type(field).removesuffix("[]")
    if field.enum is not None:
        if not isinstance(value, ast.ConstantValue) or field.enum.db_value(value.name) is None:
            raise _fail(f"{describe(value)} is not a value of enum {field.enum.name}", value)
        return
    scalar = field.scalar
    if scalar in ("Int", "BigInt"):
        ok = isinstance(value, ast.NumberValue) and value.is_integer
    elif scalar == "Float":
        ok = isinstance(value, ast.NumberValue)
    elif scalar == "Decimal":
        ok = (
            isinstance(value, ast.NumberValue)
            or isinstance(value, ast.StringValue)
            and _is_number(value.value)
        )
    elif scalar == "Boolean":
        ok = isinstance(value, ast.ConstantValue) and value.name in ("true", "false")
    elif scalar == "String":
        ok = isinstance(value, ast.StringValue)
    elif scalar == "DateTime":
        ok = isinstance(value, ast.StringValue)
        if ok and parse_datetime(value.value) is None:  # type: ignore[union-attr]
            raise _fail(f"{describe(value)} is not an RFC 3339 date-time", value)
    elif scalar == "Json":
        ok = isinstance(value, ast.StringValue)
        if ok:
            try:
                json.loads(value.value)  # type: ignore[union-attr]
            except ValueError:
                raise _fail(f"{describe(value)} is not valid JSON", value) from None
    elif scalar == "Bytes":
        ok = isinstance(value, ast.StringValue)
        if ok:
            try:
                base64.b64decode(value.value, validate=True)  # type: ignore[union-attr]
            except (binascii.Error, ValueError):
                raise _fail(f"{describe(value)} is not base64", value) from None
    else:
        ok = False
    if not ok:
        article = "an" if wanted[:1] in "AEIOU" else "a"
        raise _fail(f"{describe(value)} is not a valid default for {article} {wanted} field", value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def parse_datetime(text: str) -> datetime | None:
    """An RFC 3339 date-time (`2020-01-01T00:00:00Z`, with an optional fraction and offset)."""
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def resolve_default(field: ScalarField, attr: ast.Attribute) -> Default:
    """Validate `@default(...)` on `field` and classify it."""
    args = Args(attr, ("value", "map"), required="value")
    if args.get("map") is not None:
        raise args.fail("map: on @default is only supported on SQL Server", args.get("map"))
    value = args.get("value")
    assert value is not None
    if isinstance(value, ast.FunctionCall):
        return _function(field, value)
    if field.unsupported is not None:
        raise _fail("fields of an Unsupported type only take dbgenerated(...) defaults", value)
    if field.list:
        if not isinstance(value, ast.ArrayValue):
            raise _fail(f"the default of a list field must be a list, not {describe(value)}", value)
        for item in value.items:
            _check_literal(field, item)
        return Default("value", value)
    if isinstance(value, ast.ArrayValue):
        raise _fail(f"a list is not a valid default for the {_type(field)} field", value)
    _check_literal(field, value)
    return Default("value", value)
