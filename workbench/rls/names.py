"""Names in fix hints and explanations: identifier quoting and table-reference resolution."""

from __future__ import annotations

import re

from workbench.catalog.model import Catalog

_PLAIN = re.compile(r"^[a-z_][a-z0-9_$]*$")
# PostgreSQL's reserved key words (plus a few that cannot be column names).
_RESERVED = frozenset(
    """all analyse analyze and any array as asc asymmetric authorization binary both case cast
    check collate collation column concurrently constraint create cross current_catalog
    current_date current_role current_schema current_time current_timestamp current_user
    default deferrable desc distinct do else end except false fetch for foreign freeze from
    full grant group having ilike in initially inner intersect into is isnull join lateral
    leading left like limit localtime localtimestamp natural not notnull null offset on only
    or order outer overlaps placing primary references returning right select session_user
    similar some symmetric system_user table tablesample then to trailing true union unique
    user using variadic verbose when where window with""".split()
)


def quote_ident(name: str) -> str:
    """`name` as PostgreSQL's quote_ident would write it."""
    if _PLAIN.match(name) and name not in _RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified_sql(schema: str, name: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def resolve_table(
    catalog: Catalog, schema: str | None, name: str, search_path: tuple[str, ...] = ("public",)
) -> str | None:
    """The catalog key of a table referenced as `[schema.]name`, or None."""
    if schema:
        key = f"{schema}.{name}"
        return key if key in catalog.tables else None
    for s in search_path:
        key = f"{s}.{name}"
        if key in catalog.tables:
            return key
    return None


def resolve_relation(catalog: Catalog, schema: str | None, name: str) -> str | None:
    """Like resolve_table, for tables and views."""
    if schema:
        key = f"{schema}.{name}"
        return key if key in catalog.tables or key in catalog.views else None
    key = f"public.{name}"
    return key if key in catalog.tables or key in catalog.views else None
