"""Make equivalent spellings identical before Prisma and database catalogs are compared.

Prisma Migrate treats these as the same and so does the alignment:
`timestamp(6) with time zone` and `timestamp with time zone` (6 is the
default precision); `now()` and `CURRENT_TIMESTAMP`; numeric literals of the
same value (`0`, `0.0`, `'0'::numeric`); a `dbgenerated` expression and its
deparsed text when they differ only in spacing or outer parentheses; an
autoincrement (serial) column and an identity column; an `Unsupported("int4")`
type and `integer` (type aliases); an index whose operator class is schema-
qualified (`public.gin_trgm_ops`) or not; a partial-index predicate as written
and as deparsed, when they differ only in spacing, quotes or parentheses.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from workbench.catalog.model import Column, Index, Table

_PRECISION_6 = re.compile(r"^(timestamp|time)\(6\)( with(?:out)? time zone)")
_NOW = {"CURRENT_TIMESTAMP", "now()", "transaction_timestamp()"}
_NUMERIC = re.compile(
    r"^'?(-?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)'?"
    r"(?:::(?:numeric|integer|bigint|smallint|double precision|real))?$"
)


# type aliases PostgreSQL's format_type() prints otherwise (Unsupported("...") texts)
_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "int8": "bigint",
    "int2": "smallint",
    "float8": "double precision",
    "float4": "real",
    "float": "double precision",
    "bool": "boolean",
    "decimal": "numeric",
    "varchar": "character varying",
    "char": "character",
    "bpchar": "character",
    "varbit": "bit varying",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "timetz": "time with time zone",
    "time": "time without time zone",
}
_TYPE = re.compile(r"^\s*([A-Za-z_][\w ]*?)\s*(\(\s*[0-9 ,]*\))?\s*((?:\[\s*\])*)\s*$")


def canonical_type(type_: str) -> str:
    """The type as format_type() prints it, for the common aliases and default precisions."""
    match = _TYPE.match(type_)
    if match:
        name, mods, arrays = match.group(1).lower(), match.group(2) or "", match.group(3) or ""
        mods = re.sub(r"\s+", "", mods).replace(",", ",")
        name = _ALIASES.get(name, name)
        if name.endswith(" time zone") and mods:  # timestamp(3) with time zone
            base, _, zone = name.partition(" with")
            type_ = f"{base}{mods} with{zone}" + "[]" * arrays.count("[")
        else:
            type_ = f"{name}{mods}" + "[]" * arrays.count("[")
    return _PRECISION_6.sub(r"\1\2", type_)


_QUALIFIED_OPCLASS = re.compile(r'(?:"[^"]+"|[A-Za-z_][\w$]*)\.("?[A-Za-z_][\w$]*_ops"?)')


def _normal_index(text: str) -> str:
    """An index definition or predicate with opclass schemas, quotes, casts to text and
    parentheses that do not change its meaning dropped (for comparing only)."""
    text = _QUALIFIED_OPCLASS.sub(r"\1", text)
    text = re.sub(r"::(?:text|character varying)\b", "", text)
    text = text.replace('"', "")
    return re.sub(r"[\s()]+", "", text).lower()


def same_index(expected: Index, actual: Index) -> bool:
    """Whether two indexes of the same name are the same to Prisma."""
    return (
        expected.unique == actual.unique
        and expected.primary == actual.primary
        and expected.method == actual.method
        and _normal_index(expected.definition) == _normal_index(actual.definition)
    )


def _number(text: str) -> Decimal | None:
    match = _NUMERIC.match(text.strip())
    if not match:
        return None
    try:
        return Decimal(match.group(1))
    except InvalidOperation:
        return None


_JSON = re.compile(r"^'((?:[^']|'')*)'::jsonb?$")


def _json(text: str) -> object | None:
    """The value of a `'...'::jsonb` default (None when it is not one); compared parsed."""
    match = _JSON.match(text.strip())
    if not match:
        return None
    try:
        return json.loads(match.group(1).replace("''", "'"))
    except ValueError:
        return None


def _strip_parens(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1]
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def same_default(expected: str | None, actual: str | None) -> bool:
    """Whether two column defaults mean the same to Prisma."""
    if expected == actual:
        return True
    if expected is None or actual is None:
        return False
    if expected in _NOW and actual in _NOW:
        return True
    json_a, json_b = _json(expected), _json(actual)
    if json_a is not None and json_b is not None:
        return json_a == json_b
    a, b = _number(expected), _number(actual)
    if a is not None and b is not None:
        return a == b
    return _strip_parens(expected) == _strip_parens(actual)


def _column(expected: Column, actual: Column | None, loose: bool) -> tuple[Column, bool]:
    """The expected column, reconciled; True when its serial sequence is not needed."""
    if actual is None:
        return expected, False
    changes: dict[str, object] = {}
    if loose and expected.default != actual.default:
        changes["default"] = actual.default  # a default Prisma Migrate does not compare
    if expected.type != actual.type and canonical_type(expected.type) == canonical_type(
        actual.type
    ):
        changes["type"] = actual.type
    serial = bool(expected.default and expected.default.startswith("nextval("))
    if serial and actual.identity and actual.default is None:
        changes.update(default=None, identity=actual.identity)
        return replace(expected, **changes), True
    if (
        not loose
        and expected.default != actual.default
        and same_default(expected.default, actual.default)
    ):
        changes["default"] = actual.default
    return (replace(expected, **changes) if changes else expected), False


def _index(expected: Index, actual: Index | None) -> Index:
    if actual is None or expected.definition == actual.definition:
        return expected
    if not same_index(expected, actual):
        return expected
    return replace(
        expected,
        definition=actual.definition,
        columns=actual.columns,
        predicate=actual.predicate,
    )


def reconcile_table(
    expected: Table, actual: Table | None, loose: frozenset[str] = frozenset()
) -> tuple[Table, list[str]]:
    """The expected table with equivalent spellings taken from `actual`.

    Returns the table and the keys of the serial sequences it no longer needs
    (its autoincrement columns are identity columns in the database).
    """
    if actual is None:
        return expected, []
    columns: list[Column] = []
    dropped: list[str] = []
    for col in expected.columns:
        new, identity = _column(col, actual.column(col.name), f"{expected.key}.{col.name}" in loose)
        if identity and col.default:
            match = re.match(r"nextval\('(.*)'::regclass\)$", col.default)
            if match:
                dropped.append(match.group(1).replace('"', "").replace("''", "'"))
        columns.append(new)
    real = {i.name: i for i in actual.indexes}
    indexes = tuple(_index(i, real.get(i.name)) for i in expected.indexes)
    return replace(expected, columns=tuple(columns), indexes=indexes), dropped


def prisma5_join_table(expected: Table, actual: Table | None) -> Table:
    """An implicit many-to-many table in Prisma 5's layout when the database has that one.

    Prisma 6 gives `_AToB` a primary key `_AToB_AB_pkey`; Prisma 5 created a
    unique index `_AToB_AB_unique` instead (what older migrations built). Both
    are the same relation table: the database's layout is taken as is.
    """
    pk = next((c for c in expected.constraints if c.kind == "PRIMARY KEY"), None)
    if actual is None or pk is None or not pk.name.endswith("_AB_pkey"):
        return expected
    if expected.column("A") is None or any(c.kind == "PRIMARY KEY" for c in actual.constraints):
        return expected
    unique = next(
        (i for i in actual.indexes if i.unique and not i.predicate and i.columns == ("A", "B")),
        None,
    )
    if unique is None or not unique.name.endswith("_AB_unique"):
        return expected
    constraints = tuple(c for c in expected.constraints if c is not pk)
    indexes = tuple(i for i in expected.indexes if i.name != pk.name) + (unique,)
    return replace(
        expected,
        constraints=constraints,
        indexes=tuple(sorted(indexes, key=lambda i: i.name)),
    )
