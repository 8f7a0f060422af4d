"""Make equivalent spellings identical before Prisma and database catalogs are compared.

Prisma Migrate treats these as the same and so does the alignment:
`timestamp(6) with time zone` and `timestamp with time zone` (6 is the
default precision); `now()` and `CURRENT_TIMESTAMP`; numeric literals of the
same value (`0`, `0.0`, `'0'::numeric`); a `dbgenerated` expression and its
deparsed text when they differ only in spacing or outer parentheses; an
autoincrement (serial) column and an identity column.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from workbench.catalog.model import Column, Table

_PRECISION_6 = re.compile(r"^(timestamp|time)\(6\)( with(?:out)? time zone)")
_NOW = {"CURRENT_TIMESTAMP", "now()", "transaction_timestamp()"}
_NUMERIC = re.compile(
    r"^'?(-?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)'?"
    r"(?:::(?:numeric|integer|bigint|smallint|double precision|real))?$"
)


def canonical_type(type_: str) -> str:
    """The type with an explicit default precision (6) of timestamps and times removed."""
    return _PRECISION_6.sub(r"\1\2", type_)


def _number(text: str) -> Decimal | None:
    match = _NUMERIC.match(text.strip())
    if not match:
        return None
    try:
        return Decimal(match.group(1))
    except InvalidOperation:
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
    a, b = _number(expected), _number(actual)
    if a is not None and b is not None:
        return a == b
    return _strip_parens(expected) == _strip_parens(actual)


def _column(expected: Column, actual: Column | None) -> tuple[Column, bool]:
    """The expected column, reconciled; True when its serial sequence is not needed."""
    if actual is None:
        return expected, False
    changes: dict[str, object] = {}
    if expected.type != actual.type and canonical_type(expected.type) == canonical_type(
        actual.type
    ):
        changes["type"] = actual.type
    serial = bool(expected.default and expected.default.startswith("nextval("))
    if serial and actual.identity and actual.default is None:
        changes.update(default=None, identity=actual.identity)
        return replace(expected, **changes), True
    if expected.default != actual.default and same_default(expected.default, actual.default):
        changes["default"] = actual.default
    return (replace(expected, **changes) if changes else expected), False


def reconcile_table(expected: Table, actual: Table | None) -> tuple[Table, list[str]]:
    """The expected table with equivalent spellings taken from `actual`.

    Returns the table and the keys of the serial sequences it no longer needs
    (its autoincrement columns are identity columns in the database).
    """
    if actual is None:
        return expected, []
    columns: list[Column] = []
    dropped: list[str] = []
    for col in expected.columns:
        new, identity = _column(col, actual.column(col.name))
        if identity and col.default:
            match = re.match(r"nextval\('(.*)'::regclass\)$", col.default)
            if match:
                dropped.append(match.group(1).replace('"', "").replace("''", "'"))
        columns.append(new)
    return replace(expected, columns=tuple(columns)), dropped
