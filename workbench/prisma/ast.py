"""The syntax tree of a Prisma schema, every node with its position in its file.

The parser builds these; `semantics` resolves names and attributes on them and
`to_catalog` turns the result into a Catalog. Nodes are plain frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from workbench.errors import WorkbenchError


class Pos(NamedTuple):
    """A place in a schema file (1-based line and column); a tuple, cheap to make."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class PrismaError(WorkbenchError):
    """An invalid Prisma schema; the message starts with `file:line:col:`."""

    def __init__(self, message: str, pos: Pos | None = None) -> None:
        self.pos = pos
        self.detail = message
        self.file = pos.file if pos else None
        self.line = pos.line if pos else None
        self.col = pos.col if pos else None
        super().__init__(f"{pos}: {message}" if pos else message)


# --- expressions -----------------------------------------------------------------------


@dataclass(frozen=True)
class StringValue:
    value: str
    pos: Pos


@dataclass(frozen=True)
class NumberValue:
    text: str  # as written: `-1`, `1.50`
    pos: Pos

    @property
    def is_integer(self) -> bool:
        return "." not in self.text and "e" not in self.text.lower()


@dataclass(frozen=True)
class ConstantValue:
    """A bare identifier: `true`, `Cascade`, `ACTIVE`, a field name, `db.VarChar`."""

    name: str
    pos: Pos


@dataclass(frozen=True)
class ArrayValue:
    items: tuple[Expression, ...]
    pos: Pos


@dataclass(frozen=True)
class FunctionCall:
    """`now()`, `dbgenerated("x")`, `env("URL")`, or `title(ops: raw("..."), sort: Desc)`."""

    name: str
    args: tuple[Argument, ...]
    pos: Pos


@dataclass(frozen=True)
class ObjectValue:
    """`{ published: true, deletedAt: null }` (the `where:` of a partial index)."""

    entries: tuple[tuple[str, Expression], ...]
    pos: Pos


Expression = StringValue | NumberValue | ConstantValue | ArrayValue | FunctionCall | ObjectValue


@dataclass(frozen=True)
class Argument:
    name: str | None  # None for a positional argument
    value: Expression
    pos: Pos


@dataclass(frozen=True)
class Attribute:
    """`@id`, `@db.VarChar(20)`, `@@index([a, b], type: Gin)` (name without the `@`s)."""

    name: str
    args: tuple[Argument, ...]
    pos: Pos
    block: bool = False  # True for `@@` attributes

    @property
    def display(self) -> str:
        return ("@@" if self.block else "@") + self.name


# --- declarations ----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldType:
    name: str  # `String`, a model/enum name, or the text of `Unsupported("...")`
    optional: bool = False
    list: bool = False
    unsupported: bool = False
    pos: Pos | None = None


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    attributes: tuple[Attribute, ...]
    pos: Pos
    doc: str | None = None

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True)
class Model:
    """A `model`, `view` or `type` (composite type) block."""

    kind: str  # "model" | "view" | "type"
    name: str
    fields: tuple[Field, ...]
    attributes: tuple[Attribute, ...]  # block attributes
    pos: Pos
    doc: str | None = None

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class EnumValue:
    name: str
    attributes: tuple[Attribute, ...]
    pos: Pos
    doc: str | None = None


@dataclass(frozen=True)
class Enum:
    name: str
    values: tuple[EnumValue, ...]
    attributes: tuple[Attribute, ...]
    pos: Pos
    doc: str | None = None


@dataclass(frozen=True)
class Property:
    """`key = value` inside a datasource or generator."""

    name: str
    value: Expression
    pos: Pos


@dataclass(frozen=True)
class ConfigBlock:
    """A `datasource` or `generator` block."""

    kind: str  # "datasource" | "generator"
    name: str
    properties: tuple[Property, ...]
    pos: Pos

    def get(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.name == name), None)


@dataclass
class Schema:
    """Everything declared in one schema (one file, or all files of a schema folder)."""

    files: list[str] = field(default_factory=list)
    datasources: list[ConfigBlock] = field(default_factory=list)
    generators: list[ConfigBlock] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)  # models, views and composite types
    enums: list[Enum] = field(default_factory=list)
