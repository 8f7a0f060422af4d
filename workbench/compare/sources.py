"""Where a schema to compare comes from (SRC in `workbench diff --from/--to`).

- `db`: the target database;
- a PostgreSQL URL (`postgresql://...` / `postgres://...`);
- `migrations`: the migrations applied on the target (or on the URL compared
  with them), replayed into a shadow database — a pending migration is not drift;
- `migrations:all`: every migration file, pending ones included;
- `snapshot:FILE`: a catalog saved by `workbench snapshot -o FILE`;
- `prisma[:PATH]`: the Prisma schema (default: the configured `prisma_schema`).

`parse_source` checks the syntax without touching anything; `load_catalog`
reads the schema (`load_migrations` also says which migrations were replayed). The workbench's own history schema is left out of every
catalog (it is bookkeeping, not schema drift).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.config import Config
from workbench.db import check_dsn, connect
from workbench.errors import WorkbenchError
from workbench.redaction import redact

# Light at import: a command parses its sources and starts reading its databases
# (`prefetch`) before it imports the model, the differ or the migrations machinery.
if TYPE_CHECKING:
    from workbench.catalog.model import Catalog
    from workbench.migrations.applied import AppliedMigrations

_URL_PREFIXES = ("postgresql://", "postgres://")
ALL = "all"  # Source("migrations", ALL): every file, pending included


class SourceError(WorkbenchError):
    """A SRC string that names no usable schema source."""


@dataclass(frozen=True)
class Source:
    """A parsed SRC."""

    kind: str  # "db" | "url" | "migrations" | "snapshot" | "prisma"
    value: str | None = None  # the URL or file path; "all" for migrations:all

    @property
    def label(self) -> str:
        """How the source is named in output (passwords redacted)."""
        if self.kind == "url":
            return redact(self.value or "")
        if self.kind in ("snapshot", "prisma", "migrations") and self.value:
            return f"{self.kind}:{self.value}"
        return self.kind

    @property
    def needs_target(self) -> bool:
        """True when reading it needs the target (db itself, or a server for the shadow)."""
        return self.kind in ("db", "migrations")


def parse_source(spec: str) -> Source:
    """Parse a SRC string; a malformed one raises SourceError naming the valid forms."""
    text = (spec or "").strip()
    if text == "db":
        return Source("db")
    if text == "migrations":
        return Source("migrations")
    if text == "migrations:all":
        return Source("migrations", ALL)
    if text.startswith(_URL_PREFIXES):
        check_dsn(text)
        return Source("url", text)
    if text.startswith("snapshot:"):
        path = text[len("snapshot:") :]
        if not path:
            raise SourceError("snapshot source needs a file: snapshot:FILE")
        return Source("snapshot", path)
    if text == "prisma" or text.startswith("prisma:"):
        return Source("prisma", text[len("prisma:") :] or None)
    shown = redact(text) if text else "(empty)"
    raise SourceError(
        f"unknown source {shown!r}: expected db, migrations, migrations:all, snapshot:FILE, "
        "prisma[:PATH] or a postgresql:// URL"
    )


def read_database(
    dsn: str, config: Config, *, edges: bool = True, pool: dict | None = None
) -> Catalog:
    """The catalog of a database (read-only; `edges=False`: without its dependency graph;
    `pool`: see `introspect`); read already if `prefetch` started it."""
    schemas = list(config.schemas) if config.schemas else None
    with _PREFETCH_LOCK:
        pending = _prefetched.pop((dsn, tuple(schemas or ()), edges), None)
    if pending is not None:
        return pending.result()
    return _read(dsn, schemas, edges, pool)


def _read(dsn: str, schemas: list[str] | None, edges: bool, pool: dict | None) -> Catalog:
    from workbench.catalog.introspect import introspect

    with connect(dsn, read_only=True) as conn:
        return introspect(conn, schemas, edges=edges, pool=pool)


_prefetched: dict[tuple, Future] = {}
_PREFETCH_LOCK = threading.Lock()


def prefetch(dsn: str, config: Config, *, edges: bool = True, pool: dict | None = None) -> None:
    """Start reading a database in a thread of its own; `read_database` with the same
    arguments takes the result (or its error). A command calls this first, so that the
    server works while the command imports what it needs (start-up time)."""
    schemas = list(config.schemas) if config.schemas else None
    future: Future = Future()

    def work() -> None:
        try:
            future.set_result(_read(dsn, schemas, edges, pool))
        except BaseException as exc:  # noqa: BLE001 - raised where the result is taken
            future.set_exception(exc)

    with _PREFETCH_LOCK:
        _prefetched[(dsn, tuple(schemas or ()), edges)] = future
    threading.Thread(target=work, name="prefetch", daemon=True).start()


def load_prisma(source: Source, config: Config):
    """The `prisma[:PATH]` source's schema, parsed (a `prisma.source.PrismaSource`)."""
    from workbench.prisma import source as prisma_source  # the parser only when needed

    path = prisma_source.resolve_path(Path(source.value) if source.value else None, config)
    return prisma_source.load(path, config.root)


def load_catalog(
    source: Source,
    config: Config,
    *,
    target_dsn: str | None = None,
    edges: bool = True,
    pool: dict | None = None,
) -> Catalog:
    """Read the schema a source describes (`migrations`: see `load_migrations`).

    `target_dsn` is needed for `db`; a `prisma` source gives the catalog Prisma
    Migrate would create (`compare.expected_actual` projects it onto the other side).
    `edges=False`: a database is read without its dependency graph (`dependencies` empty;
    other sources are read whole).
    """
    from workbench.catalog import snapshot
    from workbench.compare.bookkeeping import without_schemas

    if source.kind == "db":
        if not target_dsn:
            raise SourceError("no target database to read")
        catalog = read_database(target_dsn, config, edges=edges, pool=pool)
    elif source.kind == "url":
        catalog = read_database(source.value or "", config, edges=edges, pool=pool)
    elif source.kind == "snapshot":
        catalog = snapshot.load(_snapshot_path(source, config))
    elif source.kind == "prisma":
        catalog = load_prisma(source, config).catalog
    else:
        raise SourceError(f"{source.label} is read by load_migrations")
    return without_schemas(catalog)


def load_snapshots(a: Source, b: Source, config: Config) -> tuple[Catalog, Catalog]:
    """Two `snapshot:FILE` sides, read together: what the second file has in common with
    the first is decoded once and shared (`snapshot.load_pair`)."""
    from workbench.catalog import snapshot
    from workbench.compare.bookkeeping import without_schemas

    first, second = snapshot.load_pair(_snapshot_path(a, config), _snapshot_path(b, config))
    return without_schemas(first), without_schemas(second)


def _snapshot_path(source: Source, config: Config) -> Path:
    path = Path(source.value or "")
    if not path.is_absolute() and not path.exists():
        path = config.root / path
    return path


def load_migrations(
    source: Source,
    config: Config,
    *,
    shadow_admin_dsn: str | None,
    history_dsn: str | None,
    reference: Callable[[], Catalog | None] | None = None,
) -> tuple[Catalog, AppliedMigrations | None]:
    """The schema a migrations source builds, and which migrations it replayed.

    `migrations` replays those applied on `history_dsn` (see
    `workbench.migrations.applied`); `migrations:all` every file (and gives None).
    """
    from workbench.compare.bookkeeping import without_schemas
    from workbench.compare.shadow import migrations_catalog
    from workbench.migrations.applied import read_applied
    from workbench.migrations.files import load_project

    if not shadow_admin_dsn:
        raise SourceError("no server to replay the migrations on")
    project = load_project(config)
    applied = None
    if source.value != ALL:
        if not history_dsn:
            raise SourceError("no target database to read the applied migrations from")
        with connect(history_dsn, read_only=True, autocommit=True) as conn:
            applied = read_applied(conn, project)[1]
        project = applied.project
    catalog = migrations_catalog(config, shadow_admin_dsn, project, reference)
    return without_schemas(catalog), applied
