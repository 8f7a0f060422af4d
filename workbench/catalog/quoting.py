"""Quoting of SQL identifiers and literals exactly as PostgreSQL does it, and the
small statement pieces (COMMENT ON, OWNER TO, GRANT) every DDL builder uses.

`quote_ident` follows PostgreSQL's `quote_identifier()` (ruleutils.c): a name
stays bare only when it starts with a lowercase ASCII letter or `_`, continues
with lowercase ASCII letters, digits or `_`, and is not a keyword outside the
unreserved category. Everything else is double-quoted with `"` doubled.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def quote_ident(name: str) -> str:
    """`name` as an SQL identifier, quoted only where PostgreSQL would quote it."""
    if (
        name
        and name[0] in _FIRST
        and all(ch in _REST for ch in name)
        and name not in NEEDS_QUOTING_KEYWORDS
    ):
        return name
    return '"' + name.replace('"', '""') + '"'


def quote_qualified(schema: str | None, name: str) -> str:
    """`schema.name` with both parts quoted as needed (just the name without a schema)."""
    return f"{quote_ident(schema)}.{quote_ident(name)}" if schema else quote_ident(name)


def quote_literal(value: str) -> str:
    """A string literal (standard_conforming_strings, PostgreSQL's default since 9.1)."""
    return "'" + value.replace("'", "''") + "'"


# --- statement pieces shared by the DDL builders ---------------------------------

# Trigger/rule/event trigger states -> the ALTER keyword that sets them.
ENABLE = {"DISABLED": "DISABLE", "REPLICA": "ENABLE REPLICA", "ALWAYS": "ENABLE ALWAYS"}


def key_to_sql(key: str, objects: dict[str, Any] | None = None) -> str:
    """A catalog key (`schema.name`) as quoted SQL."""
    obj = objects.get(key) if objects else None
    if obj is not None:
        return quote_qualified(obj.schema, obj.name)
    schema, _, name = key.partition(".")
    return quote_qualified(schema, name) if name else quote_ident(schema)


def comment_on(kind: str, target: str, text: str | None) -> list[str]:
    return [f"COMMENT ON {kind} {target} IS {quote_literal(text)};"] if text is not None else []


def _grantee(name: str) -> str:
    return "PUBLIC" if name == "PUBLIC" else quote_ident(name)


def grant_statements(
    kind: str,
    target: str,
    grants: Iterable[Any],
    owner: str | None = None,
    *,
    columns: str = "",
) -> list[str]:
    """GRANT statements for `grants` (the owner's own privileges are implied)."""
    by_grantee: dict[tuple[str, bool], list[str]] = {}
    for g in grants:
        if g.grantee == owner and not columns:
            continue
        by_grantee.setdefault((g.grantee, g.grantable), []).append(g.privilege)
    lines = []
    on = f"{kind} {target}" if target else kind
    for (grantee, grantable), privileges in sorted(by_grantee.items()):
        privs = ", ".join(f"{p}{columns}" for p in privileges)
        option = " WITH GRANT OPTION" if grantable else ""
        lines.append(f"GRANT {privs} ON {on} TO {_grantee(grantee)}{option};")
    return lines


def owner_to(kind: str, target: str, owner: str | None) -> list[str]:
    return [f"ALTER {kind} {target} OWNER TO {quote_ident(owner)};"] if owner else []
