"""The catalog: immutable dataclasses describing one database schema.

A Catalog is plain data. Top-level objects are kept in dicts keyed by their
qualified name (`schema.name`; functions by `schema.name(identity args)`);
members of a table (columns, constraints, ...) are tuples in catalog order.
Two catalogs compare with `==`; `workbench.catalog.snapshot` turns them into
JSON and back.

Definitions are PostgreSQL's own deparsed text (`pg_get_*def`, `format_type`)
so that two catalogs read from the same server version compare exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from workbench.catalog.kinds import BY_FIELD


def qualified(schema: str, name: str) -> str:
    """`schema.name` as a catalog key (not quoted: keys are for lookup, not SQL)."""
    return f"{schema}.{name}"


class Named:
    """A mixin for database-wide objects: their catalog key is their name."""

    __slots__ = ()
    name: str

    @property
    def key(self) -> str:
        return self.name


class SchemaNamed:
    """A mixin for objects named `schema.name`: their catalog key."""

    __slots__ = ()
    schema: str
    name: str

    @property
    def key(self) -> str:
        return qualified(self.schema, self.name)


@dataclass(frozen=True, slots=True)
class Grant:
    """One privilege held by a grantee (`PUBLIC` for everyone)."""

    grantee: str
    privilege: (
        str  # SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, USAGE, EXECUTE, ...
    )
    grantable: bool = False
    grantor: str | None = None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # format_type(): `character varying(20)`, `numeric(10,2)`, `text[]`
    not_null: bool = False
    default: str | None = None  # pg_get_expr of the default, None when absent
    identity: str | None = None  # "ALWAYS" | "BY DEFAULT" | None
    generated: str | None = None  # generation expression, None when not generated
    generated_kind: str | None = None  # "STORED" | "VIRTUAL" | None
    collation: str | None = None  # only when it differs from the type's default
    storage: str | None = None  # only when it differs from the type's default
    statistics: int | None = None  # per-column statistics target when set
    comment: str | None = None
    grants: tuple[Grant, ...] = ()  # column-level privileges
    position: int = 0
    inherited: bool = False  # only inherited from a parent table (not declared locally)
    # PostgreSQL 18's NOT NULL constraint name, when not the default `<table>_<column>_not_null`
    # (a renamed column keeps its constraint's old name).
    not_null_name: str | None = None
    options: tuple[str, ...] = ()  # a foreign table column's options: `column_name=id`


@dataclass(frozen=True, slots=True)
class Constraint:
    name: str
    kind: str  # "PRIMARY KEY" | "UNIQUE" | "FOREIGN KEY" | "CHECK" | "EXCLUDE" | "NOT NULL"
    definition: (
        str  # pg_get_constraintdef(): `FOREIGN KEY (a) REFERENCES s.t(id) ON DELETE CASCADE`
    )
    columns: tuple[str, ...] = ()
    references: str | None = None  # qualified referenced table for foreign keys
    ref_columns: tuple[str, ...] = ()
    on_update: str | None = (
        None  # "NO ACTION" | "RESTRICT" | "CASCADE" | "SET NULL" | "SET DEFAULT"
    )
    on_delete: str | None = None
    deferrable: bool = False
    deferred: bool = False
    validated: bool = True  # False for NOT VALID
    enforced: bool = True  # False for PG18 NOT ENFORCED
    index: str | None = None  # name of the index backing a PK/UNIQUE/EXCLUDE constraint
    comment: str | None = None
    inherited: bool = False  # only inherited from a parent table (not declared locally)


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    definition: str  # pg_get_indexdef(): the full CREATE INDEX statement
    columns: tuple[str, ...] = ()  # key columns; expressions appear as their text
    unique: bool = False
    primary: bool = False
    method: str = "btree"
    predicate: str | None = None  # WHERE of a partial index
    include: tuple[str, ...] = ()
    constraint: str | None = None  # the constraint this index backs, if any
    comment: str | None = None
    inherited: bool = False  # a partition's index attached to its parent's index
    replica_identity: bool = False  # the table's REPLICA IDENTITY USING INDEX


@dataclass(frozen=True, slots=True)
class Trigger:
    name: str
    definition: str  # pg_get_triggerdef()
    function: str  # qualified function name
    enabled: str = "ORIGIN"  # "ORIGIN" | "DISABLED" | "REPLICA" | "ALWAYS"
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    command: str = "ALL"  # "ALL" | "SELECT" | "INSERT" | "UPDATE" | "DELETE"
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)  # role names; "public" means PUBLIC
    using: str | None = None  # pg_get_expr of USING, None when absent
    with_check: str | None = None  # pg_get_expr of WITH CHECK, None when absent
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    definition: str  # pg_get_ruledef(): the full CREATE RULE statement
    enabled: str = "ORIGIN"
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Statistic:
    """Extended statistics (CREATE STATISTICS) on a table."""

    schema: str
    name: str
    definition: str  # pg_get_statisticsobjdef()
    target: int | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Table(SchemaNamed):
    schema: str
    name: str
    kind: str = "table"  # "table" | "partitioned" | "foreign"
    persistence: str = "permanent"  # "permanent" | "unlogged"
    partition_by: str | None = None  # pg_get_partkeydef(): `RANGE (created_at)`
    partition_of: str | None = None  # qualified parent table
    partition_bound: str | None = None  # `FOR VALUES FROM (...) TO (...)`
    inherits: tuple[str, ...] = ()  # qualified parents (classic inheritance)
    rls_enabled: bool = False
    rls_forced: bool = False
    owner: str | None = None
    comment: str | None = None
    # Statistics, not schema: shown, never compared.
    estimated_rows: int | None = field(default=None, compare=False)  # None when never analyzed
    size_bytes: int | None = field(default=None, compare=False)
    reloptions: tuple[str, ...] = ()  # `fillfactor=70`
    replica_identity: str = "DEFAULT"  # "DEFAULT" | "NOTHING" | "FULL" | "INDEX"
    columns: tuple[Column, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    policies: tuple[Policy, ...] = ()
    rules: tuple[Rule, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    grants: tuple[Grant, ...] = ()
    server: str | None = None  # a foreign table's foreign server
    server_options: tuple[str, ...] = ()  # a foreign table's options: `schema_name=public`

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def primary_key(self) -> Constraint | None:
        return next((c for c in self.constraints if c.kind == "PRIMARY KEY"), None)

    @property
    def foreign_keys(self) -> tuple[Constraint, ...]:
        return tuple(c for c in self.constraints if c.kind == "FOREIGN KEY")


@dataclass(frozen=True, slots=True)
class View(SchemaNamed):
    schema: str
    name: str
    definition: str  # pg_get_viewdef(): the SELECT
    materialized: bool = False
    security_invoker: bool = False
    options: tuple[str, ...] = ()  # reloptions, e.g. `security_barrier=true`
    owner: str | None = None
    comment: str | None = None
    columns: tuple[Column, ...] = ()
    indexes: tuple[Index, ...] = ()  # materialized views only
    grants: tuple[Grant, ...] = ()


@dataclass(frozen=True, slots=True)
class Function:
    schema: str
    name: str
    identity_args: str  # pg_get_function_identity_arguments()
    kind: str = "function"  # "function" | "procedure" | "aggregate" | "window"
    arguments: str = ""  # pg_get_function_arguments() (with defaults)
    returns: str | None = None  # pg_get_function_result(); None for procedures
    language: str = "sql"
    body: str | None = None  # prosrc
    definition: str | None = None  # pg_get_functiondef() (None for aggregates)
    volatility: str = "VOLATILE"  # "IMMUTABLE" | "STABLE" | "VOLATILE"
    security_definer: bool = False
    strict: bool = False
    leakproof: bool = False
    parallel: str = "UNSAFE"  # "SAFE" | "RESTRICTED" | "UNSAFE"
    config: tuple[str, ...] = ()  # proconfig, e.g. `search_path=""`
    owner: str | None = None
    comment: str | None = None
    grants: tuple[Grant, ...] = ()

    @property
    def key(self) -> str:
        return f"{qualified(self.schema, self.name)}({self.identity_args})"


@dataclass(frozen=True, slots=True)
class Enum(SchemaNamed):
    schema: str
    name: str
    values: tuple[str, ...] = ()  # in sort order
    owner: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class DomainCheck:
    name: str
    definition: str  # `CHECK (VALUE > 0)`
    validated: bool = True


@dataclass(frozen=True, slots=True)
class Domain(SchemaNamed):
    schema: str
    name: str
    base_type: str
    not_null: bool = False
    default: str | None = None
    collation: str | None = None
    checks: tuple[DomainCheck, ...] = ()
    owner: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class CompositeType(SchemaNamed):
    schema: str
    name: str
    attributes: tuple[Column, ...] = ()
    owner: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class RangeType(SchemaNamed):
    schema: str
    name: str
    subtype: str
    subtype_opclass: str | None = None
    collation: str | None = None
    canonical: str | None = None
    subtype_diff: str | None = None
    multirange: str | None = None
    owner: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Collation(SchemaNamed):
    schema: str
    name: str
    provider: str = "c"  # "c" (libc) | "i" (icu) | "b" (builtin)
    locale: str | None = None
    lc_collate: str | None = None
    lc_ctype: str | None = None
    deterministic: bool = True
    owner: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Sequence(SchemaNamed):
    schema: str
    name: str
    data_type: str = "bigint"
    start: int = 1
    increment: int = 1
    min_value: int | None = None
    max_value: int | None = None
    cache: int = 1
    cycle: bool = False
    owned_by: str | None = None  # `schema.table.column`
    identity: bool = False  # backs an identity column
    owner: str | None = None
    comment: str | None = None
    grants: tuple[Grant, ...] = ()


@dataclass(frozen=True, slots=True)
class Extension(Named):
    name: str
    schema: str
    version: str
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class EventTrigger(Named):
    name: str
    event: str  # ddl_command_start | ddl_command_end | sql_drop | table_rewrite | login
    function: str  # qualified function name
    tags: tuple[str, ...] = ()
    enabled: str = "ORIGIN"
    owner: str | None = None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Publication(Named):
    name: str
    all_tables: bool = False
    tables: tuple[str, ...] = ()  # qualified names (with column lists / WHERE as text if any)
    schemas: tuple[str, ...] = ()  # FOR TABLES IN SCHEMA
    operations: tuple[str, ...] = ("insert", "update", "delete", "truncate")
    via_root: bool = False
    owner: str | None = None
    comment: str | None = None


# Options (`name=value`) of wrappers, servers, user mappings and foreign tables whose name
# says they hold a secret keep no value: introspection reads `<redacted:fingerprint>`
# instead (see queries/foreign.sql and catalog/secrets.py).


@dataclass(frozen=True, slots=True)
class ForeignDataWrapper(Named):
    name: str
    handler: str | None = None  # qualified handler function
    validator: str | None = None  # qualified validator function
    options: tuple[str, ...] = ()  # `name=value`, secrets redacted
    owner: str | None = None
    comment: str | None = None
    grants: tuple[Grant, ...] = ()  # USAGE
    # The extension that created it: its grants and comment are the user's, the rest is the
    # extension's (never created, altered or dropped: it comes and goes with the extension).
    member_of: str | None = None


@dataclass(frozen=True, slots=True)
class ForeignServer(Named):
    name: str
    wrapper: str
    type: str | None = None
    version: str | None = None
    options: tuple[str, ...] = ()  # `name=value`, secrets redacted
    owner: str | None = None
    comment: str | None = None
    grants: tuple[Grant, ...] = ()  # USAGE


@dataclass(frozen=True, slots=True)
class UserMapping:
    user: str  # a role name, or PUBLIC
    server: str
    options: tuple[str, ...] = ()  # `name=value`, secrets redacted

    @property
    def key(self) -> str:
        return f"{self.user}@{self.server}"


@dataclass(frozen=True, slots=True)
class DefaultPrivilege:
    """ALTER DEFAULT PRIVILEGES [FOR ROLE role] [IN SCHEMA schema] GRANT ... ON object_type."""

    role: str
    schema: str | None  # None: for all schemas
    object_type: str  # "TABLES" | "SEQUENCES" | "FUNCTIONS" | "TYPES" | "SCHEMAS"
    grants: tuple[Grant, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.role}:{self.schema or '*'}:{self.object_type}"


@dataclass(frozen=True, slots=True)
class Schema(Named):
    name: str
    owner: str | None = None
    comment: str | None = None
    grants: tuple[Grant, ...] = ()


@dataclass(frozen=True, slots=True)
class Role(Named):
    """A role as far as access decisions need it (cluster-wide, not diffed)."""

    name: str
    superuser: bool = False
    bypassrls: bool = False
    inherit: bool = True
    login: bool = False
    member_of: tuple[str, ...] = ()  # roles this one is a direct member of


@dataclass(frozen=True)  # not slotted: its indexes are cached properties
class Catalog:
    """One database schema, as read by `introspect` or built from another source."""

    schemas: dict[str, Schema] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    enums: dict[str, Enum] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    sequences: dict[str, Sequence] = field(default_factory=dict)
    extensions: dict[str, Extension] = field(default_factory=dict)
    composite_types: dict[str, CompositeType] = field(default_factory=dict)
    range_types: dict[str, RangeType] = field(default_factory=dict)
    collations: dict[str, Collation] = field(default_factory=dict)
    event_triggers: dict[str, EventTrigger] = field(default_factory=dict)
    publications: dict[str, Publication] = field(default_factory=dict)
    foreign_data_wrappers: dict[str, ForeignDataWrapper] = field(default_factory=dict)
    foreign_servers: dict[str, ForeignServer] = field(default_factory=dict)
    user_mappings: dict[str, UserMapping] = field(default_factory=dict)
    default_privileges: dict[str, DefaultPrivilege] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    server_version: str | None = None  # `18.6`; informational
    # PostgreSQL's dependency graph: (kind, key, member, ref kind, ref key, ref member) per
    # edge, member '' for top-level objects (see queries/depends.sql); empty when unknown.
    dependencies: tuple[tuple[str, ...], ...] = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in SCHEMA_OBJECT_FIELDS)

    __hash__ = None  # type: ignore[assignment]

    @cached_property
    def identity_sequences(self) -> dict[str, Sequence]:
        """The sequence behind each identity column, by `schema.table.column`."""
        return {
            seq.owned_by: seq
            for seq in self.sequences.values()
            if seq.identity and seq.owned_by is not None
        }

    @cached_property
    def referenced_by(self) -> dict[str, tuple[tuple[str, Constraint], ...]]:
        """Foreign keys pointing at each table: `{table_key: ((from_table_key, fk), ...)}`."""
        incoming: dict[str, list[tuple[str, Constraint]]] = {}
        for key, table in self.tables.items():
            for fk in table.foreign_keys:
                if fk.references:
                    incoming.setdefault(fk.references, []).append((key, fk))
        return {k: tuple(v) for k, v in incoming.items()}

    @cached_property
    def _objects_by_schema(self) -> dict[str, dict[str, list[str]]]:
        """Keys of the objects of each kind, by schema (one pass over the catalog)."""
        index: dict[str, dict[str, list[str]]] = {}
        for kind in _SCHEMA_OBJECT_KINDS:
            for key, obj in getattr(self, kind).items():
                by_kind = index.get(obj.schema)
                if by_kind is None:
                    by_kind = index[obj.schema] = {k: [] for k in _SCHEMA_OBJECT_KINDS}
                by_kind[kind].append(key)
        return index

    def objects_in(self, schema: str) -> dict[str, list[str]]:
        """Keys of the objects of each kind that live in `schema`."""
        found = self._objects_by_schema.get(schema, {})
        return {kind: list(found.get(kind, ())) for kind in _SCHEMA_OBJECT_KINDS}


# The kinds `Catalog.objects_in` counts.
_SCHEMA_OBJECT_KINDS = ("tables", "views", "functions", "enums", "domains", "sequences")


# The fields that describe the schema itself; equality ignores the rest
# (roles are cluster-wide and the server version is informational).
SCHEMA_OBJECT_FIELDS = tuple(BY_FIELD)
