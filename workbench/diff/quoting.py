"""Identifier and literal quoting for generated SQL (the catalog's own quoting rules)."""

from __future__ import annotations

from functools import lru_cache

from workbench.catalog.quoting import quote_ident, quote_literal


@lru_cache(maxsize=65536)
def q(name: str) -> str:
    """A quoted identifier (names with quotes, spaces, capitals, unicode, keywords)."""
    return quote_ident(name)


def qn(schema: str, name: str) -> str:
    """A schema-qualified, quoted name."""
    return f"{q(schema)}.{q(name)}"


def lit(value: str) -> str:
    """A string literal."""
    return quote_literal(value)


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
