"""The Prisma schema as a source of expected schema: locating it, loading it, placing drift.

Used by `workbench diff --from prisma[:PATH]` and `workbench validate`:

- `find_schema(config, path)`: the schema file or folder (`prisma/schema.prisma`
  by default, or a `prisma/schema/` folder next to it, as Prisma itself allows);
- `load(path)`: a `PrismaSource` with the catalog and where each table and
  column is declared, so drift can point at `schema.prisma:line`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from workbench.catalog.model import Catalog
from workbench.config import Config
from workbench.prisma.align import NotModelled
from workbench.prisma.ast import Pos, PrismaError
from workbench.prisma.parser import load_schema
from workbench.prisma.resolved import ScalarField
from workbench.prisma.semantics import resolve
from workbench.prisma.to_catalog import to_catalog

# Plural labels for the not-modelled summary, in the order they are listed.
KIND_LABELS = {
    "policy": "RLS policies",
    "rls": "tables with RLS enabled",
    "function": "functions",
    "trigger": "triggers",
    "check constraint": "check constraints",
    "exclusion constraint": "exclusion constraints",
    "grant": "grants",
    "comment": "comments",
    "view": "views without a view block",
    "extension": "extensions",
    "sequence": "sequences",
    "foreign key": "foreign keys to other schemas",
    "index": "partial or expression indexes",
    "default privileges": "default privileges",
    "fulltext index": "@@fulltext indexes (MySQL and MongoDB only)",
    "composite type": "composite types",
}


@dataclass
class PrismaSource:
    """A loaded Prisma schema: its catalog and the declaration of each table and column."""

    path: Path
    catalog: Catalog
    places: dict[str, Pos] = field(default_factory=dict)  # `schema.table[.column]` → Pos
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # declared, not modelled
    loose_defaults: frozenset[str] = frozenset()  # `schema.table.column`: defaults not compared

    def place(self, obj: str) -> Pos | None:
        """Where `schema.table[.member]` is declared (the model when the member is not a field)."""
        while obj:
            if obj in self.places:
                return self.places[obj]
            if "." not in obj:
                return None
            obj = obj.rsplit(".", 1)[0]
        return None


def find_schema(config: Config, path: str | None = None) -> Path:
    """The Prisma schema to read: `path`, else the configured one (file or `schema/` folder)."""
    if path:
        candidate = Path(path).expanduser()
        if not candidate.is_absolute() and not candidate.exists():
            candidate = config.root / path
        if not candidate.exists():
            raise PrismaError(f"{path}: Prisma schema not found")
        return candidate
    configured = config.prisma_path
    if configured is None:
        raise PrismaError("no Prisma schema configured (prisma_schema in workbench.toml)")
    if configured.exists():
        return configured
    folder = configured.parent / "schema"
    if configured.suffix == ".prisma" and folder.is_dir():
        return folder
    raise PrismaError(f"{configured}: Prisma schema not found")


def load(path: Path, root: Path | None = None) -> PrismaSource:
    """Parse and validate the schema at `path`; raises PrismaError with file:line:col.

    File names are shown relative to `root` (the project folder) when inside it.
    """
    resolved = resolve(load_schema(path, root))
    places: dict[str, Pos] = {}
    loose: set[str] = set()
    for model in resolved.models:
        key = f"{model.schema}.{model.db_name}"
        places[key] = model.node.pos
        for f in model.fields:
            places[f"{key}.{f.db_name}"] = f.node.pos
            if _loose_default(f):
                loose.add(f"{key}.{f.db_name}")
    for enum in resolved.enums:
        places[f"{enum.schema}.{enum.db_name}"] = enum.node.pos
    return PrismaSource(path, to_catalog(resolved), places, list(resolved.notes), frozenset(loose))


def _loose_default(field: ScalarField) -> bool:
    """A default Prisma Migrate never compares: `dbgenerated()` without an argument, and
    DateTime literals (prisma-engines' `defaults_match`)."""
    default = field.default
    if default is None:
        return False
    if default.kind == "dbgenerated":
        return default.sql is None
    return default.kind == "value" and field.scalar == "DateTime"


def resolve_path(path: Path | None, config: Config) -> Path:
    """A `prisma:PATH` (relative to the current folder or the project), or the configured one."""
    if path is None or path == config.prisma_path:
        return find_schema(config)
    if path.exists() or path.is_absolute():
        return find_schema(config, str(path))
    return find_schema(config, str(config.root / path))


def summarize(items: list[NotModelled]) -> list[tuple[str, int, list[str]]]:
    """(label, count, objects) per kind of what Prisma does not model, in a stable order."""
    counts = Counter(i.kind for i in items)
    order = [k for k in KIND_LABELS if k in counts] + sorted(
        k for k in counts if k not in KIND_LABELS
    )
    out = []
    for kind in order:
        objects = sorted({i.object for i in items if i.kind == kind})
        out.append((KIND_LABELS.get(kind, kind + "s"), counts[kind], objects))
    return out
