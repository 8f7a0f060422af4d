"""A validated Prisma schema: names resolved, attributes checked, relations paired.

`semantics.resolve(schema)` builds these from the syntax tree; `to_catalog`
reads them. Database names (`@map`, `@@map`, `@@schema`) are already applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.prisma import ast


@dataclass
class Datasource:
    name: str
    provider: str
    url: ast.Expression | None = None
    direct_url: ast.Expression | None = None
    shadow_database_url: ast.Expression | None = None
    relation_mode: str = "foreignKeys"  # "foreignKeys" | "prisma"
    schemas: tuple[str, ...] = ()  # multiSchema: the schemas the datasource manages
    extensions: tuple[Extension, ...] = ()
    default_schema: str = "public"


@dataclass(frozen=True)
class Extension:
    name: str  # database name of the extension
    schema: str | None = None
    version: str | None = None


@dataclass
class ResolvedEnum:
    node: ast.Enum
    name: str  # Prisma name
    db_name: str
    schema: str
    values: list[tuple[str, str]] = field(default_factory=list)  # (Prisma name, db name)

    def db_value(self, name: str) -> str | None:
        return next((db for n, db in self.values if n == name), None)


@dataclass
class Default:
    """A resolved `@default`: kind and, for literals, the expression."""

    kind: str  # "autoincrement" | "now" | "dbgenerated" | "value" | "client"
    value: ast.Expression | None = None  # the literal (value) or the SQL string (dbgenerated)
    sql: str | None = None  # dbgenerated text


@dataclass
class ScalarField:
    node: ast.Field
    name: str  # Prisma name
    db_name: str
    scalar: str | None = None  # built-in scalar (String, Int, ...) when not an enum/unsupported
    enum: ResolvedEnum | None = None
    unsupported: str | None = None  # the type text of Unsupported("...")
    native: tuple[str, tuple[int, ...]] | None = None  # (`VarChar`, (255,))
    optional: bool = False
    list: bool = False
    default: Default | None = None
    updated_at: bool = False
    ignored: bool = False


@dataclass
class IndexField:
    field: ScalarField
    sort: str | None = None  # "Asc" | "Desc"
    ops: str | None = None  # Prisma operator class name, or the raw SQL name
    ops_raw: bool = False


@dataclass
class IndexDef:
    """A primary key, unique constraint/index or plain index of a model."""

    kind: str  # "primary" | "unique" | "index"
    fields: list[IndexField]
    pos: ast.Pos
    map: str | None = None  # explicit database name
    client_name: str | None = None  # `name:` of @@id / @@unique
    method: str | None = None  # `type:` of @@index (Prisma name: Gin, Hash, ...)
    where: str | None = None  # `where:` of a partial index, as SQL


@dataclass
class RelationField:
    node: ast.Field
    model: ResolvedModel
    name: str
    target: ResolvedModel
    relation_name: str | None = None
    fields: list[ScalarField] | None = None
    references: list[ScalarField] | None = None
    on_delete: str | None = (
        None  # Prisma action name: Cascade, Restrict, NoAction, SetNull, SetDefault
    )
    on_update: str | None = None
    map: str | None = None
    optional: bool = False
    list: bool = False
    ignored: bool = False

    @property
    def pos(self) -> ast.Pos:
        return self.node.pos


@dataclass
class ResolvedModel:
    node: ast.Model
    name: str
    db_name: str
    schema: str
    is_view: bool = False
    ignored: bool = False
    fields: list[ScalarField] = field(default_factory=list)
    relations: list[RelationField] = field(default_factory=list)
    primary_key: IndexDef | None = None
    indexes: list[IndexDef] = field(default_factory=list)  # unique and plain, in schema order

    def field(self, name: str) -> ScalarField | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass
class Relation:
    """A paired relation: one-to-one / one-to-many (inline foreign key) or implicit many-to-many."""

    kind: str  # "inline" | "m2m"
    name: str
    forward: RelationField  # inline: the side with fields/references; m2m: model A's field
    back: RelationField | None = None


@dataclass
class ResolvedSchema:
    datasource: Datasource
    models: list[ResolvedModel] = field(default_factory=list)  # models and views
    enums: list[ResolvedEnum] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # what the schema declares but Prisma does not model on PostgreSQL: (kind, object, detail)
    notes: list[tuple[str, str, str]] = field(default_factory=list)

    def model(self, name: str) -> ResolvedModel | None:
        return next((m for m in self.models if m.name == name), None)
