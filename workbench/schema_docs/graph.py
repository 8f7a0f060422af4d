"""The documented tables and their foreign keys as ER relationships.

Every foreign key whose table or referenced table is documented is one
relationship. Its cardinality follows from the catalog:

* one-to-one when the referencing columns are unique (a primary key, unique
  constraint or full unique index covers a subset of them), else many-to-one;
* optional when a referencing column is nullable (a row may have no parent);
* identifying when the referencing columns are part of the primary key (the
  row cannot exist without its parent).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from workbench.catalog.model import Catalog, Constraint, Table
from workbench.supabase_env import MANAGED_SCHEMAS


@dataclass(frozen=True)
class Relationship:
    """One foreign key: `child` (the referencing table) → `parent`."""

    child: str
    parent: str
    name: str
    columns: tuple[str, ...]
    ref_columns: tuple[str, ...]
    unique: bool  # one-to-one
    optional: bool  # a referencing column is nullable
    identifying: bool  # the referencing columns are part of the primary key
    on_update: str | None = None
    on_delete: str | None = None

    @property
    def cardinality(self) -> str:
        kind = "one-to-one" if self.unique else "many-to-one"
        return f"{kind}, optional" if self.optional else kind


def documented_keys(catalog: Catalog, schemas: Iterable[str] | None = None) -> list[str]:
    """Table keys to document: those of `schemas`, else every schema Supabase does not manage."""
    wanted = set(schemas) if schemas is not None else None
    return sorted(
        key
        for key, t in catalog.tables.items()
        if (t.schema in wanted if wanted is not None else t.schema not in MANAGED_SCHEMAS)
    )


def unique_sets(table: Table) -> list[frozenset[str]]:
    """Column sets whose values are unique: PK and UNIQUE constraints, full unique indexes."""
    sets = [
        frozenset(c.columns)
        for c in table.constraints
        if c.kind in ("PRIMARY KEY", "UNIQUE") and c.columns
    ]
    names = {c.name for c in table.columns}
    for index in table.indexes:
        if index.unique and index.predicate is None and index.columns:
            if all(col in names for col in index.columns):
                sets.append(frozenset(index.columns))
    return sets


def key_columns(table: Table) -> dict[str, tuple[str, ...]]:
    """`{column: ("PK", "FK", "UK") subset}` for the columns that take part in a key."""
    marks: dict[str, list[str]] = {}
    pk = table.primary_key
    for col in pk.columns if pk else ():
        marks.setdefault(col, []).append("PK")
    for fk in table.foreign_keys:
        for col in fk.columns:
            if "FK" not in marks.setdefault(col, []):
                marks[col].append("FK")
    for cols in unique_sets(table):
        if pk and cols == frozenset(pk.columns):
            continue
        for col in sorted(cols):
            if "UK" not in marks.setdefault(col, []):
                marks[col].append("UK")
    order = ("PK", "FK", "UK")
    return {
        c.name: tuple(sorted(marks[c.name], key=order.index))
        for c in table.columns
        if c.name in marks
    }


def relationship(table: Table, fk: Constraint) -> Relationship:
    columns = tuple(fk.columns)
    cols = frozenset(columns)
    pk = table.primary_key
    optional = any((col := table.column(name)) is None or not col.not_null for name in columns)
    return Relationship(
        child=table.key,
        parent=fk.references or "",
        name=fk.name,
        columns=columns,
        ref_columns=tuple(fk.ref_columns),
        unique=bool(cols) and any(s <= cols for s in unique_sets(table)),
        optional=optional,
        identifying=bool(pk) and bool(cols) and cols <= frozenset(pk.columns),
        on_update=fk.on_update,
        on_delete=fk.on_delete,
    )


class Graph:
    """Documented tables, the relationships touching them, and each table's neighbours."""

    def __init__(self, catalog: Catalog, keys: Iterable[str]) -> None:
        self.catalog = catalog
        self.keys = sorted(keys)
        documented = set(self.keys)
        rels = []
        for key, table in sorted(catalog.tables.items()):
            for fk in table.foreign_keys:
                if fk.references and (key in documented or fk.references in documented):
                    rels.append(relationship(table, fk))
        self.relationships: list[Relationship] = rels
        self.documented = documented
        self._key_columns: dict[str, dict[str, tuple[str, ...]]] = {}

    @cached_property
    def outgoing(self) -> dict[str, list[Relationship]]:
        out: dict[str, list[Relationship]] = {}
        for rel in self.relationships:
            out.setdefault(rel.child, []).append(rel)
        return out

    @cached_property
    def incoming(self) -> dict[str, list[Relationship]]:
        out: dict[str, list[Relationship]] = {}
        for rel in self.relationships:
            out.setdefault(rel.parent, []).append(rel)
        for rels in out.values():
            rels.sort(key=lambda r: (r.child, r.name))
        return out

    @cached_property
    def external(self) -> list[str]:
        """Tables drawn because a relationship touches them, though not documented."""
        ends = {r.child for r in self.relationships} | {r.parent for r in self.relationships}
        return sorted(ends - self.documented)

    @property
    def entities(self) -> list[str]:
        return sorted(self.documented | set(self.external))

    def key_columns(self, key: str) -> dict[str, tuple[str, ...]]:
        """`key_columns` of a table, worked out once."""
        marks = self._key_columns.get(key)
        if marks is None:
            table = self.catalog.tables.get(key)
            marks = self._key_columns[key] = key_columns(table) if table else {}
        return marks

    def table(self, key: str) -> Table | None:
        return self.catalog.tables.get(key)

    def name_of(self, key: str) -> tuple[str, str]:
        """(schema, name) of a table key, also for tables outside the catalog."""
        table = self.catalog.tables.get(key)
        if table is not None:
            return table.schema, table.name
        schema, _, name = key.partition(".")
        return schema, name

    def neighbours(self, key: str) -> list[str]:
        """Tables `key` references or is referenced by (itself excluded), sorted."""
        found = {r.parent for r in self.outgoing.get(key, ())}
        found |= {r.child for r in self.incoming.get(key, ())}
        found.discard(key)
        return sorted(found)
