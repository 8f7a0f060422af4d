"""The `where:` of a partial index (`partialIndexes` preview, Prisma 7.4+) as SQL.

Two spellings: `where: raw("status = 'active'")` (SQL, used as written) and
the object syntax `where: { published: true, deletedAt: null, score: { gt: 0 } }`
(conditions on the model's scalar fields, joined with AND). The text is
compared after PostgreSQL deparses it (see `workbench.prisma.deparse`).
"""

from __future__ import annotations

from workbench.prisma import ast
from workbench.prisma.args import Args, describe
from workbench.prisma.pgtext import quote_ident, quote_literal
from workbench.prisma.resolved import ResolvedModel, ScalarField

_OPERATORS = {"equals": "=", "not": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _literal(args: Args, field: ScalarField, value: ast.Expression) -> str:
    if isinstance(value, ast.StringValue):
        return quote_literal(value.value)
    if isinstance(value, ast.NumberValue):
        return value.text
    if isinstance(value, ast.ConstantValue) and value.name in ("true", "false"):
        return value.name
    if isinstance(value, ast.ConstantValue) and field.enum is not None:
        db_value = field.enum.db_value(value.name)
        if db_value is not None:
            return quote_literal(db_value)
    raise args.fail(f"where: {describe(value)} is not a value for field {field.name!r}", value)


def _condition(args: Args, field: ScalarField, op: str, value: ast.Expression) -> str:
    column = quote_ident(field.db_name)
    if isinstance(value, ast.ConstantValue) and value.name == "null":
        if op not in ("=", "<>"):
            raise args.fail("where: null only compares with equals/not", value)
        return f"{column} IS {'NOT ' if op == '<>' else ''}NULL"
    return f"{column} {op} {_literal(args, field, value)}"


def _object_sql(args: Args, model: ResolvedModel, obj: ast.ObjectValue) -> str:
    parts: list[str] = []
    for key, value in obj.entries:
        field = model.field(key)
        if field is None:
            raise args.fail(f"where: model {model.name} has no scalar field {key!r}", obj)
        if isinstance(value, ast.ObjectValue):
            for op_name, operand in value.entries:
                if op_name not in _OPERATORS:
                    allowed = ", ".join(_OPERATORS)
                    raise args.fail(f"where: unknown filter {op_name!r} (use {allowed})", value)
                parts.append(_condition(args, field, _OPERATORS[op_name], operand))
        else:
            parts.append(_condition(args, field, "=", value))
    if not parts:
        raise args.fail("where: needs at least one condition", obj)
    return " AND ".join(parts)


def where_sql(args: Args, model: ResolvedModel) -> str:
    """The SQL predicate of the `where:` argument."""
    value = args.get("where")
    if isinstance(value, ast.ObjectValue):
        return _object_sql(args, model, value)
    if (
        isinstance(value, ast.FunctionCall)
        and value.name == "raw"
        and len(value.args) == 1
        and isinstance(value.args[0].value, ast.StringValue)
    ):
        value = value.args[0].value
    if isinstance(value, ast.StringValue) and value.value.strip():
        return value.value.strip()
    raise args.fail('where: must be raw("SQL") or an object like { active: true }', value)
