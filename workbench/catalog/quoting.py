"""Quoting of SQL identifiers, literals, roles and catalog keys exactly as PostgreSQL
does it: the one quoting module of display and generated SQL.

`quote_ident` follows PostgreSQL's `quote_identifier()` (ruleutils.c): a name
stays bare only when it starts with a lowercase ASCII letter or `_`, continues
with lowercase ASCII letters, digits or `_`, and is not a keyword outside the
unreserved category. Everything else is double-quoted with `"` doubled.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

# `SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'` on PostgreSQL 18:
# reserved, type/function-name and column-name keywords all need quoting.
NEEDS_QUOTING_KEYWORDS = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization between bigint
    binary bit boolean both case cast char character check coalesce collate collation
    column concurrently constraint create cross current_catalog current_date current_role
    current_schema current_time current_timestamp current_user dec decimal default
    deferrable desc distinct do else end except exists extract false fetch float for
    foreign freeze from full grant greatest group grouping having ilike in initially
    inner inout int integer intersect interval into is isnull join json json_array
    json_arrayagg json_exists json_object json_objectagg json_query json_scalar
    json_serialize json_table json_value lateral leading least left like limit localtime
    localtimestamp merge_action national natural nchar none normalize not notnull null
    nullif numeric offset on only or order out outer overlaps overlay placing position
    precision primary real references returning right row select session_user setof
    similar smallint some substring symmetric system_user table tablesample then time
    timestamp to trailing treat trim true union unique user using values varchar
    variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists
    xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
    """.split()
)

_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz_")
_REST = _FIRST | frozenset("0123456789")


def _quoted(name: str, keywords: frozenset[str]) -> str:
    """`name` quoted as quote_identifier() does on a server whose quoted keywords are
    `keywords`."""
    if name and name[0] in _FIRST and all(ch in _REST for ch in name) and name not in keywords:
        return name
    return '"' + name.replace('"', '""') + '"'


@lru_cache(maxsize=65536)
def quote_ident(name: str) -> str:
    """`name` as an SQL identifier, quoted only where PostgreSQL would quote it."""
    return _quoted(name, NEEDS_QUOTING_KEYWORDS)


def quoter(keywords: frozenset[str]) -> Callable[[str], str]:
    """`quote_ident` for a server whose quoted keywords are `keywords` (its
    `pg_get_keywords()` outside the unreserved category; they vary between versions)."""
    if not keywords or keywords == NEEDS_QUOTING_KEYWORDS:
        return quote_ident
    return lru_cache(maxsize=65536)(lambda name: _quoted(name, keywords))


def quote_qualified(schema: str | None, name: str) -> str:
    """`schema.name` with both parts quoted as needed (just the name without a schema)."""
    return f"{quote_ident(schema)}.{quote_ident(name)}" if schema else quote_ident(name)


def quote_literal(value: str) -> str:
    """A string literal (standard_conforming_strings, PostgreSQL's default since 9.1)."""
    return "'" + value.replace("'", "''") + "'"


def quote_role(name: str) -> str:
    """A role in GRANT/REVOKE/POLICY position: PUBLIC (the catalog's `PUBLIC` or
    `public`) stays the keyword; `CREATE ROLE public` is refused, so no role is meant."""
    return "PUBLIC" if name.lower() == "public" else quote_ident(name)


def split_key(key: str) -> tuple[str, str]:
    """`schema.name` -> (schema, name), for keys the catalog builds unquoted.

    Ambiguous when the schema name itself contains a dot; callers look keys up in
    the catalog first (`key_to_sql`) and use this only as a fallback.
    """
    schema, _, name = key.partition(".")
    return (schema, name) if name else ("public", schema)


def key_to_sql(key: str, *maps: dict[str, Any]) -> str:
    """A catalog key as quoted SQL, from the object's own schema and name when one of
    `maps` (catalog dicts keyed like `key`) has it."""
    for objects in maps:
        obj = objects.get(key)
        if obj is not None:
            return quote_qualified(obj.schema, obj.name)
    return quote_qualified(*split_key(key))
