"""The one drift computation: an expected schema against an actual one (SPEC 7).

`drift(config, target_dsn, source_from, source_to)` reads both sides and diffs
them; `workbench diff`/`align`, the TUI's drift pane and `workbench validate`
all call it:

- a Prisma side is projected onto the other side (`compare.prisma_drift`):
  what Prisma cannot model is listed apart (`Drift.not_modelled`), not drift;
- a `migrations` side replays the migrations applied on the database it is
  compared with (the other side when it is a URL, else the target) in a shadow
  database; `Drift.applied` says which (None for `migrations:all`);
- otherwise both sides are read in parallel.

A caller that has already read the target (validate) passes its catalog, its
applied migrations and the loaded Prisma schema instead of having them read again.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from workbench.catalog.model import Catalog
from workbench.compare.bookkeeping import without_schemas
from workbench.compare.prisma_drift import PrismaDrift, prisma_drift
from workbench.compare.shadow import migrations_catalog, shadow_admin_dsn
from workbench.compare.sources import ALL, Source, load_catalog, load_migrations
from workbench.config import Config
from workbench.diff.changes import Change
from workbench.diff.differ import diff
from workbench.migrations.applied import AppliedMigrations
from workbench.prisma.align import NotModelled
from workbench.prisma.source import PrismaSource

DB = Source("db")


@dataclass
class Drift:
    """Both sides of a comparison and their differences (expected → actual)."""

    expected: Catalog  # the FROM side
    actual: Catalog  # the TO side
    changes: list[Change]
    not_modelled: list[NotModelled] = field(default_factory=list)  # a Prisma side only
    applied: AppliedMigrations | None = None  # what a `migrations` side replayed
    prisma: PrismaDrift | None = None  # when one side is a Prisma schema


def drift(
    config: Config,
    target_dsn: str | None,
    source_from: Source,
    source_to: Source = DB,
    *,
    actual: Catalog | None = None,
    applied: AppliedMigrations | None = None,
    prisma: PrismaSource | None = None,
) -> Drift:
    """The drift from `source_from` (expected) to `source_to` (actual).

    `target_dsn` is needed when a side is `db` or `migrations`. `actual`,
    `applied` and `prisma`: the target's catalog, its applied migrations and
    the Prisma schema, when the caller has read them already.
    """
    kinds = (source_from.kind, source_to.kind)
    shadow = shadow_admin_dsn(config, target_dsn) if "migrations" in kinds else None
    reader = _Reader(config, target_dsn, shadow, actual, applied)
    if (source_from.kind == "prisma") != (source_to.kind == "prisma"):
        return _prisma(reader, source_from, source_to, prisma)
    a_src, b_src = source_from, source_to
    if a_src.kind == "prisma":  # both: the first projected onto the second
        b = reader.load(b_src, a_src)
        a = reader.load(a_src, b_src, onto=b)
        return Drift(a, b, diff(a, b))
    # One side in a worker thread, the other in this one: the shadow replay (the slow side)
    # runs here, so Ctrl-C interrupts it at once (and its shadow is dropped).
    if b_src.kind == "migrations":
        b, a = _both(lambda: reader.load(b_src, a_src), lambda: reader.load(a_src, b_src))
    else:
        a, b = _both(lambda: reader.load(a_src, b_src), lambda: reader.load(b_src, a_src))
    return Drift(a, b, diff(a, b), applied=reader.applied)


def _prisma(
    reader: _Reader, source_from: Source, source_to: Source, loaded: PrismaSource | None
) -> Drift:
    """Exactly one side is a Prisma schema: project it onto the other side."""
    from workbench.prisma.source import load, resolve_path

    side, other = (
        (source_from, source_to) if source_from.kind == "prisma" else (source_to, source_from)
    )
    config = reader.config
    if loaded is None:
        loaded = load(resolve_path(Path(side.value) if side.value else None, config), config.root)
    other_catalog = reader.load(other, side, keep_applied=False)
    # PostgreSQL prints the schema's expressions: the database that was read, else the target
    dsn = other.value if other.kind == "url" else reader.target_dsn if other.needs_target else None
    found = prisma_drift(loaded, other_catalog, dsn)
    if side is source_from:
        return Drift(found.expected, found.actual, found.changes, found.not_modelled, prisma=found)
    changes = diff(found.actual, found.expected)
    return Drift(found.actual, found.expected, changes, found.not_modelled, prisma=found)


class _Reader:
    """Reads one side of a comparison; remembers what a `migrations` side replayed."""

    def __init__(
        self,
        config: Config,
        target_dsn: str | None,
        shadow: str | None,
        actual: Catalog | None,
        applied: AppliedMigrations | None,
    ) -> None:
        self.config, self.target_dsn, self.shadow = config, target_dsn, shadow
        self.actual, self.known_applied = actual, applied
        self.applied: AppliedMigrations | None = None

    def load(
        self,
        source: Source,
        other: Source,
        *,
        keep_applied: bool = True,
        onto: Catalog | None = None,
    ) -> Catalog:
        """One side's catalog (`onto`: the other side, a Prisma side is projected onto)."""
        if source.kind == "db" and self.actual is not None:
            return without_schemas(self.actual)
        if source.kind != "migrations":
            return load_catalog(source, self.config, target_dsn=self.target_dsn, actual=onto)
        history = other.value if other.kind == "url" else self.target_dsn
        known = self.known_applied
        if known is not None and source.value != ALL and history == self.target_dsn:
            catalog = without_schemas(
                migrations_catalog(self.config, self.shadow or "", known.project)
            )
            replayed: AppliedMigrations | None = known
        else:
            catalog, replayed = load_migrations(
                source, self.config, shadow_admin_dsn=self.shadow, history_dsn=history
            )
        if keep_applied and replayed is not None:
            self.applied = replayed
        return catalog


def _both(here, there) -> tuple[Catalog, Catalog]:
    """(here(), there()), `there` running in a worker thread meanwhile."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        other = pool.submit(there)
        first = here()
        return first, other.result()
