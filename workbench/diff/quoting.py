"""Identifier and literal quoting for generated SQL.

The catalog's `quote_ident` (quotes only where PostgreSQL needs it) is used when
it exists; otherwise every identifier is quoted, which is always correct.
"""

from __future__ import annotations

from psycopg import sql

try:  # the catalog engine's quote_ident, shared by every DDL writer
    from workbench.catalog.ddl import quote_ident as _quote_ident
except ImportError:  # pragma: no cover - until the catalog's ddl module exists
    _quote_ident = None


def q(name: str) -> str:
    """A quoted identifier (names with quotes, spaces, capitals, unicode, keywords)."""
    if _quote_ident is not None:
        return _quote_ident(name)
    return sql.Identifier(name).as_string(None)


def qn(schema: str, name: str) -> str:
    """A schema-qualified, quoted name."""
    return f"{q(schema)}.{q(name)}"


def lit(value: str) -> str:
    """A string literal."""
    return sql.Literal(value).as_string(None)


def role(name: str) -> str:
    """A role in GRANT/POLICY position: PUBLIC stays a keyword."""
    return "PUBLIC" if name.lower() == "public" else q(name)


def split_qualified(key: str) -> tuple[str, str]:
    """`schema.name` -> (schema, name), for keys the catalog builds unquoted.

    Ambiguous when the schema name itself contains a dot; callers look keys up in
    the catalog first and use this only as a fallback.
    """
    schema, _, name = key.partition(".")
    return (schema, name) if name else ("public", schema)


def q_key(key: str) -> str:
    """Quote an unquoted `schema.name` key (fallback when the object is unknown)."""
    return qn(*split_qualified(key))
