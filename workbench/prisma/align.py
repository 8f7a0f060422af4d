"""Prisma vs a database: real drift, told apart from what Prisma cannot model.

`align(prisma, actual)` projects the database catalog onto what a Prisma
schema can express and reports the rest as "not modelled by Prisma" (the
seed's "Potential Drift" list): RLS settings and policies, functions,
triggers, rules, check and exclusion constraints, grants, comments, views
without a `view` block, extensions the datasource does not declare,
sequences that do not back an autoincrement column, partial or expression
indexes, foreign keys to schemas outside the Prisma schema, and so on.

Spellings that mean the same thing to Prisma are reconciled first (`now()` =
`CURRENT_TIMESTAMP`, `timestamp(6) with time zone` = `timestamp with time
zone`, `0` = `0.0`, a unique constraint = a unique index), so that
`diff(expected, actual)` lists only drift Prisma Migrate itself would act on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from workbench.catalog.model import Catalog, Column, Constraint, Index, Schema, Table, View
from workbench.prisma.deparse import Deparse
from workbench.prisma.deparsed import deparsed
from workbench.prisma.reconcile import prisma5_join_table, reconcile_table

ALWAYS_IGNORED_EXTENSIONS = {"plpgsql"}


@dataclass(frozen=True)
class NotModelled:
    """Something in the database that a Prisma schema cannot express."""

    kind: str  # "policy", "function", "trigger", "check constraint", ...
    object: str  # qualified name, `schema.table.member` for members
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "object": self.object, "detail": self.detail}


@dataclass
class Alignment:
    """The two comparable catalogs and the list of what Prisma does not model."""

    expected: Catalog  # from the Prisma schema (reconciled)
    actual: Catalog  # from the database, limited to what Prisma models
    not_modelled: list[NotModelled] = field(default_factory=list)
    schemas: tuple[str, ...] = ()


class _Projector:
    """Builds the projected actual catalog, recording what it leaves out."""

    def __init__(self, prisma: Catalog, actual: Catalog, schemas: tuple[str, ...]) -> None:
        self.prisma, self.actual, self.schemas = prisma, actual, set(schemas)
        self.items: list[NotModelled] = []

    def note(self, kind: str, obj: str, detail: str = "") -> None:
        self.items.append(NotModelled(kind, obj, detail))

    def managed(self, schema: str) -> bool:
        return schema in self.schemas

    # --- tables -------------------------------------------------------------------

    def table(self, table: Table) -> Table:
        key = table.key
        if table.rls_enabled or table.rls_forced:
            state = "enabled and forced" if table.rls_forced else "enabled"
            self.note("rls", key, f"row level security {state}")
        for policy in table.policies:
            self.note("policy", f"{key}.{policy.name}", f"{policy.command} policy")
        for trigger in table.triggers:
            self.note("trigger", f"{key}.{trigger.name}", f"calls {trigger.function}()")
        for rule in table.rules:
            self.note("rule", f"{key}.{rule.name}")
        for stat in table.statistics:
            self.note("statistics", f"{key}.{stat.name}")
        if table.comment:
            self.note("comment", key, "table comment")
        if table.grants:
            grantees = sorted({g.grantee for g in table.grants if g.grantee != table.owner})
            self.note("grant", key, "privileges for " + (", ".join(grantees) or "the owner"))
        for label, value in (
            ("partitioned", table.partition_by),
            ("partition", table.partition_of),
            ("inherits", ", ".join(table.inherits)),
            ("storage options", ", ".join(table.reloptions)),
        ):
            if value:
                self.note("table option", key, f"{label}: {value}")
        if table.persistence != "permanent":
            self.note("table option", key, table.persistence)
        if table.kind == "foreign":
            self.note("table option", key, "foreign table")
        columns = tuple(self.column(key, c) for c in table.columns)
        constraints: list[Constraint] = []
        unique_indexes: set[str] = set()
        for con in table.constraints:
            kept = self.constraint(key, con)
            if kept is not None:
                constraints.append(kept)
            elif con.kind == "UNIQUE" and con.index:
                unique_indexes.add(con.index)
        indexes = tuple(
            i for i in (self.index(key, idx, unique_indexes) for idx in table.indexes) if i
        )
        return Table(
            schema=table.schema,
            name=table.name,
            kind="table",
            columns=columns,
            constraints=tuple(constraints),
            indexes=indexes,
        )

    def column(self, table: str, col: Column) -> Column:
        key = f"{table}.{col.name}"
        if col.comment:
            self.note("comment", key, "column comment")
        if col.grants:
            self.note("grant", key, "column privileges")
        if col.generated:
            self.note("generated column", key, f"GENERATED ALWAYS AS ({col.generated})")
        for label, value in (
            ("collation", col.collation),
            ("storage", col.storage),
            ("statistics", col.statistics),
        ):
            if value is not None:
                self.note("column option", key, f"{label} {value}")
        return Column(
            name=col.name,
            type=col.type,
            not_null=col.not_null,
            default=col.default,
            identity=col.identity,
            generated=col.generated,
            generated_kind=col.generated_kind,
            position=col.position,
            inherited=col.inherited,
        )

    def constraint(self, table: str, con: Constraint) -> Constraint | None:
        key = f"{table}.{con.name}"
        if con.kind == "CHECK":
            self.note("check constraint", key, con.definition)
            return None
        if con.kind == "EXCLUDE":
            self.note("exclusion constraint", key, con.definition)
            return None
        if con.kind in ("NOT NULL", "TRIGGER"):
            return None
        if con.kind == "UNIQUE":  # Prisma creates unique indexes; the constraint is equivalent
            return None
        if con.comment:
            self.note("comment", key, "constraint comment")
        if con.kind == "FOREIGN KEY":
            schema = (con.references or "").split(".", 1)[0]
            if not self.managed(schema):
                self.note(
                    "foreign key", key, f"references {con.references}, outside the Prisma schema"
                )
                return None
            if con.deferrable or not con.validated or not con.enforced:
                flags = [
                    text
                    for text, on in (
                        ("DEFERRABLE", con.deferrable),
                        ("NOT VALID", not con.validated),
                        ("NOT ENFORCED", not con.enforced),
                    )
                    if on
                ]
                self.note("constraint option", key, " ".join(flags))
                con = replace(con, deferrable=False, deferred=False, validated=True, enforced=True)
        return replace(con, comment=None, inherited=False)

    def index(self, table: str, idx: Index, unique_constraints: set[str]) -> Index | None:
        key = f"{table}.{idx.name}"
        declared = self.prisma.tables.get(table)
        partial_declared = declared is not None and any(
            i.name == idx.name and i.predicate for i in declared.indexes
        )
        if partial_declared and not idx.include:
            pass  # a partial index the schema declares (`where:`): compared
        elif idx.predicate or idx.include or any(_is_expression(c) for c in idx.columns):
            what = (
                "partial index"
                if idx.predicate
                else "index with INCLUDE"
                if idx.include
                else "expression index"
            )
            self.note("index", key, f"{what}: {idx.definition}")
            return None
        if idx.comment:
            self.note("comment", key, "index comment")
        constraint = None if idx.name in unique_constraints else idx.constraint
        return replace(idx, constraint=constraint, comment=None, inherited=False)

    # --- everything else ------------------------------------------------------------

    def project(self) -> Catalog:
        actual, prisma = self.actual, self.prisma
        tables: dict[str, Table] = {}
        for key, table in actual.tables.items():
            if self.managed(table.schema):
                tables[key] = self.table(table)
        views: dict[str, View] = {}
        for key, view in actual.views.items():
            if not self.managed(view.schema):
                continue
            if key in prisma.views and not view.materialized:
                views[key] = View(
                    view.schema,
                    view.name,
                    "",
                    columns=tuple(
                        Column(c.name, c.type, position=c.position) for c in view.columns
                    ),
                )
            else:
                what = "materialized view" if view.materialized else "view"
                self.note("view", key, f"{what} without a `view` block in the Prisma schema")
        for key, fn in actual.functions.items():
            if self.managed(fn.schema):
                self.note("function", key, f"{fn.kind} ({fn.language})")
        backing = {
            c.default
            for t in prisma.tables.values()
            for c in t.columns
            if c.default and c.default.startswith("nextval(")
        }
        sequences = {}
        for key, seq in actual.sequences.items():
            if not self.managed(seq.schema) or seq.identity:
                continue
            if any(key_matches(seq.schema, seq.name, d) for d in backing):
                sequences[key] = replace(seq, owner=None, comment=None, grants=())
            else:
                self.note("sequence", key, "sequence that does not back an autoincrement column")
        declared = set(prisma.extensions)
        extensions = {}
        for name, ext in actual.extensions.items():
            if name in declared:
                extensions[name] = replace(ext, comment=None)
            elif name not in ALWAYS_IGNORED_EXTENSIONS:
                self.note(
                    "extension", name, f"extension in schema {ext.schema}, not in the datasource"
                )
        enums = {
            k: replace(e, owner=None, comment=None)
            for k, e in actual.enums.items()
            if self.managed(e.schema)
        }
        for kind, objects in (
            ("domain", actual.domains),
            ("composite type", actual.composite_types),
            ("range type", actual.range_types),
            ("collation", actual.collations),
        ):
            for key, obj in objects.items():
                if self.managed(obj.schema):
                    self.note(kind, key)
        for name in actual.event_triggers:
            self.note("event trigger", name)
        for name in actual.publications:
            self.note("publication", name)
        for key, entry in actual.default_privileges.items():
            if entry.schema is None or self.managed(entry.schema):
                self.note(
                    "default privileges", key, f"ALTER DEFAULT PRIVILEGES on {entry.object_type}"
                )
        schemas = {n: Schema(n) for n in actual.schemas if self.managed(n)}
        return Catalog(
            schemas=schemas,
            tables=tables,
            views=views,
            enums=enums,
            sequences=sequences,
            extensions=extensions,
            server_version=actual.server_version,
        )


def matched_views(mine: dict[str, View], real: dict[str, View]) -> dict[str, View]:
    """Each of `mine`, or the database's view of that name where its columns are the same."""
    views = {}
    for key, view in mine.items():
        theirs = real.get(key)
        same = theirs is not None and [(c.name, c.type) for c in theirs.columns] == [
            (c.name, c.type) for c in view.columns
        ]
        views[key] = theirs if same else view
    return views


def key_matches(schema: str, name: str, default: str) -> bool:
    """Whether a `nextval(...)` default names sequence `schema.name`."""
    from workbench.prisma.pgdefault import sequence_default

    return default == sequence_default(schema, name)


def _is_expression(column: str) -> bool:
    return "(" in column or " " in column and not column.startswith('"')


def align(
    prisma: Catalog,
    actual: Catalog,
    schemas: Iterable[str] | None = None,
    deparse: Deparse | None = None,
    loose_defaults: Iterable[str] = (),
) -> Alignment:
    """Compare the catalog of a Prisma schema with a database catalog.

    `schemas` are the schemas the Prisma schema manages (default: those of
    the Prisma catalog, i.e. the datasource's `schemas` or its default schema);
    everything else in the database is out of scope. `deparse` (see
    `workbench.prisma.deparse`) lets the database say how it prints
    `dbgenerated` defaults that are not written exactly as it prints them.
    `loose_defaults` (`schema.table.column`) are defaults Prisma Migrate does
    not compare (`dbgenerated()` without an argument, DateTime literals).
    """
    managed = tuple(schemas) if schemas is not None else tuple(sorted(prisma.schemas))
    projector = _Projector(prisma, actual, managed)
    projected = projector.project()
    expected = _expected(prisma, projected, managed, frozenset(loose_defaults))
    if deparse is not None:
        expected = deparsed(expected, projected, deparse)
    items = sorted(projector.items, key=lambda i: (i.kind, i.object, i.detail))
    return Alignment(expected, projected, items, managed)


def _expected(
    prisma: Catalog, actual: Catalog, managed: tuple[str, ...], loose: frozenset[str]
) -> Catalog:
    """The Prisma catalog with equivalent spellings made identical to the database's."""
    tables: dict[str, Table] = {}
    sequences = dict(prisma.sequences)
    for key, table in prisma.tables.items():
        table = prisma5_join_table(table, actual.tables.get(key))
        table, dropped = reconcile_table(table, actual.tables.get(key), loose)
        tables[key] = table
        for seq_key in dropped:
            sequences.pop(seq_key, None)
    views = matched_views(prisma.views, actual.views)
    extensions = {name: actual.extensions.get(name, ext) for name, ext in prisma.extensions.items()}
    schemas = {n: Schema(n) for n in managed}
    enums = {}
    for key, enum in prisma.enums.items():
        real = actual.enums.get(key)
        # Prisma Migrate ignores the order of enum values (added or removed ones are drift)
        same = real is not None and sorted(real.values) == sorted(enum.values)
        enums[key] = replace(enum, values=real.values) if same else enum
    return replace(
        prisma,
        schemas=schemas,
        tables=tables,
        views=views,
        enums=enums,
        sequences=sequences,
        extensions=extensions,
        server_version=actual.server_version,
    )
