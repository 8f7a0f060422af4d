"""PostgreSQL's own spelling of names, literals and generated object names.

The Catalog holds text exactly as PostgreSQL prints it (`quote_ident`,
`pg_get_expr`, `makeObjectName`), so a catalog built from a Prisma schema
compares equal to an introspected one. These helpers reproduce that text.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

# Keywords that quote_ident() quotes (every category but UNRESERVED), PostgreSQL 18.
QUOTED_KEYWORDS = frozenset(
    """
    all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
    boolean both case cast char character check coalesce collate collation column concurrently
    constraint create cross current_catalog current_date current_role current_schema current_time
    current_timestamp current_user dec decimal default deferrable desc distinct do else end except
    exists extract false fetch float for foreign freeze from full grant greatest group grouping
    having ilike in initially inner inout int integer intersect interval into is isnull join json
    json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar
    json_serialize json_table json_value lateral leading least left like limit localtime
    localtimestamp merge_action national natural nchar none normalize not notnull null nullif
    numeric offset on only or order out outer overlaps overlay placing position precision primary
    real references returning right row select session_user setof similar smallint some substring
    symmetric system_user table tablesample then time timestamp to trailing treat trim true union
    unique user using values varchar variadic verbose when where window with xmlattributes
    xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize
    xmltable
    """.split()
)

_SAFE_IDENT = re.compile(r"[a-z_][a-z0-9_$]*")
NAMEDATALEN = 64
INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1


def quote_ident(name: str) -> str:
    """quote_ident(): quote unless lower-case, safe characters and not a reserved keyword."""
    if _SAFE_IDENT.fullmatch(name) and name not in QUOTED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A string literal as ruleutils prints it (standard_conforming_strings on)."""
    return "'" + value.replace("'", "''") + "'"


def clip_bytes(name: str, limit: int) -> str:
    """The longest prefix of `name` of at most `limit` UTF-8 bytes, cut on a character boundary."""
    raw = name.encode()
    if len(raw) <= limit:
        return name
    return raw[:limit].decode("utf-8", errors="ignore")


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's makeObjectName(): `name1_name2_label` shortened to fit 63 bytes."""
    overhead = (1 if name2 else 0) + (len(label.encode()) + 1 if label else 0)
    avail = NAMEDATALEN - 1 - overhead
    n1 = len(name1.encode())
    n2 = len(name2.encode()) if name2 else 0
    while n1 + n2 > avail:
        if n1 > n2:
            n1 -= 1
        else:
            n2 -= 1
    out = clip_bytes(name1, n1)
    if name2:
        out += "_" + clip_bytes(name2, n2)
    if label:
        out += "_" + label
    return out


def int_default(text: str) -> str:
    """pg_get_expr of an integer literal default (`0`, `'-1'::integer`, `'9999999999'::bigint`)."""
    value = int(text)
    if 0 <= value <= INT4_MAX:
        return str(value)
    if INT4_MIN <= value < 0:
        return f"'{value}'::integer"
    if INT8_MIN <= value <= INT8_MAX:
        return f"'{value}'::bigint"
    return f"'{value}'::numeric"


def numeric_default(text: str) -> str:
    """pg_get_expr of a numeric literal default (`1.5`, `'-2.5'::numeric`, `'1e10'` → numeric)."""
    if re.fullmatch(r"-?[0-9]+", text):
        return int_default(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    out = format(value, "f") if "e" in text.lower() else text
    if out[:1].isdigit() and "." in out:
        return out
    return f"'{out}'::numeric"


def _jsonb_key(item: tuple[str, object]) -> tuple[int, bytes]:
    raw = item[0].encode()
    return (len(raw), raw)


def jsonb_text(value: object) -> str:
    """jsonb_out(): keys ordered by length then bytes, `", "` and `": "` separators."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=_jsonb_key)
        return (
            "{"
            + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {jsonb_text(v)}" for k, v in items)
            + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(jsonb_text(v) for v in value) + "]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, Decimal):
        return format(value, "f") if "E" in str(value) else str(value)
    return json.dumps(value, ensure_ascii=False)


def canonical_jsonb(text: str) -> str:
    """The text jsonb stores for `text` (unchanged when it is not valid JSON)."""
    try:
        return jsonb_text(json.loads(text, parse_float=Decimal, parse_int=Decimal))
    except ValueError:
        return text
