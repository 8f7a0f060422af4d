"""The Prisma catalog completed with what Prisma does not model, taken from the database.

A generic differ compares whole catalogs. To compare a Prisma schema with a
database it gets `expected_for(alignment, actual)`: the aligned Prisma catalog
plus everything the alignment set aside as "not modelled by Prisma" (policies,
RLS flags, triggers, functions, check constraints, grants, comments, owners,
other schemas, ...), copied from the database. Then `diff(expected, actual)`
equals `diff(alignment.expected, alignment.actual)`: only real drift remains.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.catalog.model import SCHEMA_OBJECT_FIELDS, Catalog, Column, Constraint, Index, Table
from workbench.prisma.align import Alignment, matched_views


def _column(expected: Column, actual: Column | None) -> Column:
    if actual is None:
        return expected
    return replace(
        expected,
        comment=actual.comment,
        grants=actual.grants,
        collation=actual.collation if expected.collation is None else expected.collation,
        storage=actual.storage,
        statistics=actual.statistics,
        generated=actual.generated if actual.generated else expected.generated,
        generated_kind=actual.generated_kind if actual.generated else expected.generated_kind,
        position=actual.position,
        inherited=actual.inherited,
    )


def _constraints(expected: Table, actual: Table, managed: set[str]) -> tuple[Constraint, ...]:
    mine = {c.name: c for c in expected.constraints}
    out: dict[str, Constraint] = {}
    for name, con in mine.items():
        real = next((c for c in actual.constraints if c.name == name), None)
        if real is not None and real.kind == con.kind:
            con = replace(
                con,
                comment=real.comment,
                inherited=real.inherited,
                index=real.index,
                **(
                    {
                        "deferrable": real.deferrable,
                        "deferred": real.deferred,
                        "validated": real.validated,
                        "enforced": real.enforced,
                    }
                    if _same_fk(con, real)
                    else {}
                ),
            )
        out[name] = con
    for real in actual.constraints:
        if real.name in out:
            continue
        foreign = (
            real.kind == "FOREIGN KEY" and (real.references or "").split(".", 1)[0] not in managed
        )
        if real.kind in ("CHECK", "EXCLUDE", "NOT NULL", "TRIGGER") or foreign:
            out[real.name] = real
        elif real.kind == "UNIQUE" and _unique_index_matches(expected, actual, real):
            out[real.name] = real
    return tuple(sorted(out.values(), key=lambda c: c.name))


def _same_fk(mine: Constraint, real: Constraint) -> bool:
    return (
        mine.kind == "FOREIGN KEY"
        and mine.columns == real.columns
        and mine.references == real.references
        and mine.ref_columns == real.ref_columns
        and (mine.on_update, mine.on_delete) == (real.on_update, real.on_delete)
    )


def _unique_index_matches(expected: Table, actual: Table, con: Constraint) -> bool:
    """A UNIQUE constraint of the database equivalent to a unique index Prisma expects."""
    mine = next((i for i in expected.indexes if i.name == con.index), None)
    real = next((i for i in actual.indexes if i.name == con.index), None)
    return mine is not None and real is not None and mine.definition == real.definition


def _indexes(
    expected: Table, actual: Table, constraints: tuple[Constraint, ...]
) -> tuple[Index, ...]:
    backed = {c.index: c.name for c in constraints if c.index}
    out: dict[str, Index] = {}
    for idx in expected.indexes:
        real = next((i for i in actual.indexes if i.name == idx.name), None)
        if real is not None and real.definition == idx.definition:
            idx = replace(
                idx, comment=real.comment, inherited=real.inherited, constraint=real.constraint
            )
        elif idx.name in backed:
            idx = replace(idx, constraint=backed[idx.name])
        out[idx.name] = idx
    for real in actual.indexes:
        if real.name not in out and (real.predicate or real.include or _expression(real)):
            out[real.name] = real
    return tuple(sorted(out.values(), key=lambda i: i.name))


def _expression(idx: Index) -> bool:
    return any("(" in c or (" " in c and not c.startswith('"')) for c in idx.columns)


def _table(expected: Table, actual: Table | None, managed: set[str]) -> Table:
    if actual is None:
        return expected
    columns = tuple(_column(c, actual.column(c.name)) for c in expected.columns)
    constraints = _constraints(expected, actual, managed)
    indexes = _indexes(expected, actual, constraints)
    return replace(
        actual,
        columns=columns,
        constraints=constraints,
        indexes=indexes,
    )


def expected_for(alignment: Alignment, actual: Catalog) -> Catalog:
    """The aligned Prisma catalog plus everything not modelled by Prisma, from `actual`."""
    expected = alignment.expected
    managed = set(alignment.schemas)
    tables = {
        key: _table(table, actual.tables.get(key), managed)
        for key, table in expected.tables.items()
    }
    for key, table in actual.tables.items():
        if table.schema not in managed:
            tables[key] = table
    views = matched_views(expected.views, actual.views)
    for key, view in actual.views.items():
        if key not in expected.views:
            views[key] = view  # a view without a `view` block, or in another schema
    enums = {
        k: replace(e, owner=actual.enums[k].owner, comment=actual.enums[k].comment)
        if k in actual.enums
        else e
        for k, e in expected.enums.items()
    }
    enums.update({k: e for k, e in actual.enums.items() if e.schema not in managed})
    sequences = {
        k: actual.sequences.get(k, s) if _same_sequence(s, actual.sequences.get(k)) else s
        for k, s in expected.sequences.items()
    }
    sequences.update(
        {
            k: s
            for k, s in actual.sequences.items()
            if k not in expected.sequences and k not in alignment.actual.sequences
        }
    )
    extensions = {**expected.extensions, **actual.extensions}  # undeclared ones: not modelled
    schemas = {**expected.schemas, **actual.schemas}
    # what Prisma does not model: the database's
    parts = {name: getattr(actual, name) for name in (*SCHEMA_OBJECT_FIELDS, "roles")}
    parts.update(
        schemas=schemas,
        tables=tables,
        views=views,
        enums=enums,
        sequences=sequences,
        extensions=extensions,
        server_version=actual.server_version,
    )
    return replace(expected, **parts)


def _same_sequence(mine, real) -> bool:
    if real is None:
        return False
    keys = (
        "data_type",
        "start",
        "increment",
        "min_value",
        "max_value",
        "cache",
        "cycle",
        "owned_by",
    )
    return all(getattr(mine, k) == getattr(real, k) for k in keys)
