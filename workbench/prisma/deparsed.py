"""The database's own spelling of what a Prisma schema writes by hand.

`deparsed(expected, actual, deparse)` asks PostgreSQL (a `Deparser`, see
`workbench.prisma.deparse`) how it prints the schema's `dbgenerated`
defaults, `Unsupported("...")` types and partial-index predicates, and takes
the database's text wherever it deparses to exactly what the database has.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.catalog.model import Catalog, Table
from workbench.prisma.deparse import Deparse


def _defaults(expected: Catalog, actual: Catalog, deparse: Deparse) -> dict[str, Table]:
    tables = dict(expected.tables)
    todo: list[tuple[str, str]] = []  # (table key, column)
    items: list[tuple[str, str]] = []
    for key, table in expected.tables.items():
        real = actual.tables.get(key)
        for col in table.columns:
            other = real.column(col.name) if real else None
            if other and other.default and col.default and other.default != col.default:
                todo.append((key, col.name))
                items.append((other.type, col.default))
    for (key, name), text in zip(todo, deparse(items) if items else [], strict=True):
        real_col = actual.tables[key].column(name)
        if text is not None and real_col is not None and text == real_col.default:
            _set_column(tables, key, name, default=text)
    return tables


def _set_column(tables: dict[str, Table], key: str, name: str, **changes: object) -> None:
    table = tables[key]
    columns = tuple(replace(c, **changes) if c.name == name else c for c in table.columns)
    tables[key] = replace(table, columns=columns)


def _types(tables: dict[str, Table], actual: Catalog, types) -> None:  # noqa: ANN001
    todo: list[tuple[str, str, str]] = []  # (table key, column, actual type)
    for key, table in tables.items():
        real = actual.tables.get(key)
        for col in table.columns:
            other = real.column(col.name) if real else None
            if other is not None and other.type != col.type:
                todo.append((key, col.name, other.type))
    if not todo:
        return
    texts = types([tables[k].column(n).type for k, n, _ in todo])  # type: ignore[union-attr]
    for (key, name, real_type), text in zip(todo, texts, strict=True):
        if text is not None and text == real_type:
            _set_column(tables, key, name, type=text)


def _predicates(tables: dict[str, Table], actual: Catalog, predicates) -> None:  # noqa: ANN001
    todo: list[tuple[str, str]] = []  # (table key, index name)
    items: list[tuple[str, str, str, str]] = []
    for key, table in tables.items():
        real = actual.tables.get(key)
        if real is None:
            continue
        by_name = {i.name: i for i in real.indexes}
        for idx in table.indexes:
            other = by_name.get(idx.name)
            if idx.predicate and other is not None and other.predicate != idx.predicate:
                todo.append((key, idx.name))
                items.append((table.schema, table.name, idx.columns[0], idx.predicate))
    if not items:
        return
    for (key, name), text in zip(todo, predicates(items), strict=True):
        other = next(i for i in actual.tables[key].indexes if i.name == name)
        if text is None or text != other.predicate:
            continue
        table = tables[key]
        mine = next(i for i in table.indexes if i.name == name)
        head = mine.definition.split(" WHERE ", 1)[0]
        if other.definition.split(" WHERE ", 1)[0] != head:
            continue
        new = replace(mine, predicate=text, definition=other.definition)
        indexes = tuple(new if i.name == name else i for i in table.indexes)
        tables[key] = replace(table, indexes=indexes)


def deparsed(expected: Catalog, actual: Catalog, deparse: Deparse) -> Catalog:
    """`expected` with the database's spelling where PostgreSQL deparses to exactly it."""
    tables = _defaults(expected, actual, deparse)
    types = getattr(deparse, "types", None)
    if types is not None:
        _types(tables, actual, types)
    predicates = getattr(deparse, "predicates", None)
    if predicates is not None:
        _predicates(tables, actual, predicates)
    return replace(expected, tables=tables)
