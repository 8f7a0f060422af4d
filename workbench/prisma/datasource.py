"""The `datasource` block: provider, URLs, relation mode, schemas and extensions."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from workbench.prisma import ast
from workbench.prisma.args import describe
from workbench.prisma.ast import PrismaError
from workbench.prisma.resolved import Datasource, Extension

PROVIDERS = ("postgresql", "postgres")
DATASOURCE_PROPERTIES = (
    "provider",
    "url",
    "directUrl",
    "shadowDatabaseUrl",
    "extensions",
    "relationMode",
    "referentialIntegrity",
    "schemas",
)


def _string_or_env(prop: ast.Property) -> ast.Expression:
    value = prop.value
    if isinstance(value, ast.StringValue):
        return value
    if (
        isinstance(value, ast.FunctionCall)
        and value.name == "env"
        and len(value.args) == 1
        and isinstance(value.args[0].value, ast.StringValue)
    ):
        return value
    raise PrismaError(f'{prop.name} must be a string or env("VARIABLE")', value.pos)


def read_datasource(schema: ast.Schema) -> Datasource:
    """Validate the one datasource block of `schema` (PostgreSQL only)."""
    if not schema.datasources:
        where = ast.Pos(schema.files[0], 1, 1) if schema.files else None
        raise PrismaError('the schema has no datasource block (provider = "postgresql")', where)
    if len(schema.datasources) > 1:
        raise PrismaError("only one datasource block is allowed", schema.datasources[1].pos)
    block = schema.datasources[0]
    for prop in block.properties:
        if prop.name not in DATASOURCE_PROPERTIES:
            raise PrismaError(f"unknown datasource property {prop.name!r}", prop.pos)
    names = [p.name for p in block.properties]
    for name in set(names):
        if names.count(name) > 1:
            dup = [p for p in block.properties if p.name == name][1]
            raise PrismaError(f"datasource property {name!r} is given twice", dup.pos)
    provider = block.get("provider")
    if provider is None:
        raise PrismaError("the datasource needs a provider", block.pos)
    if not isinstance(provider.value, ast.StringValue):
        raise PrismaError("provider must be a string", provider.value.pos)
    if provider.value.value not in PROVIDERS:
        raise PrismaError(
            f"provider {provider.value.value!r} is not supported: the workbench reads "
            'PostgreSQL schemas (provider = "postgresql")',
            provider.value.pos,
        )
    ds = Datasource(block.name, "postgresql")
    for prop in block.properties:
        if prop.name == "url":
            ds.url = _string_or_env(prop)
            if isinstance(ds.url, ast.StringValue):
                query = parse_qs(urlsplit(ds.url.value).query)
                ds.default_schema = query.get("schema", ["public"])[0] or "public"
        elif prop.name == "directUrl":
            ds.direct_url = _string_or_env(prop)
        elif prop.name == "shadowDatabaseUrl":
            ds.shadow_database_url = _string_or_env(prop)
        elif prop.name in ("relationMode", "referentialIntegrity"):
            value = prop.value
            if not isinstance(value, ast.StringValue) or value.value not in (
                "foreignKeys",
                "prisma",
            ):
                raise PrismaError('relationMode must be "foreignKeys" or "prisma"', value.pos)
            ds.relation_mode = value.value
        elif prop.name == "schemas":
            value = prop.value
            if not isinstance(value, ast.ArrayValue) or not all(
                isinstance(i, ast.StringValue) and i.value for i in value.items
            ):
                raise PrismaError(
                    'schemas must be a list of names, like ["public", "auth"]', value.pos
                )
            ds.schemas = tuple(i.value for i in value.items)  # type: ignore[union-attr]
        elif prop.name == "extensions":
            ds.extensions = _extensions(prop.value)
    return ds


def _extensions(value: ast.Expression) -> tuple[Extension, ...]:
    if not isinstance(value, ast.ArrayValue):
        raise PrismaError("extensions must be a list, like [pg_trgm, citext]", value.pos)
    out: list[Extension] = []
    for item in value.items:
        if isinstance(item, ast.ConstantValue):
            out.append(Extension(item.name))
        elif isinstance(item, ast.FunctionCall):
            opts: dict[str, str] = {}
            for arg in item.args:
                if arg.name not in ("map", "schema", "version") or not isinstance(
                    arg.value, ast.StringValue
                ):
                    raise PrismaError(
                        f"extension {item.name}: arguments are map:, schema:, version: (strings)",
                        arg.pos,
                    )
                opts[arg.name] = arg.value.value
            out.append(
                Extension(opts.get("map", item.name), opts.get("schema"), opts.get("version"))
            )
        else:
            raise PrismaError(f"expected an extension name, found {describe(item)}", item.pos)
    return tuple(out)
