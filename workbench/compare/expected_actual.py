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

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.catalog.model import Catalog
from workbench.compare.bookkeeping import without_schemas
from workbench.compare.shadow import migrations_catalog, shadow_admin_dsn
from workbench.compare.sources import ALL, Source, load_catalog, load_migrations, load_prisma
from workbench.config import Config
from workbench.diff.changes import Change
from workbench.diff.differ import diff
from workbench.migrations.applied import AppliedMigrations

if TYPE_CHECKING:  # the Prisma parser is imported only when a side is a Prisma schema
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


def drift(
    config: Config,
    target_dsn: str | None,
    source_from: Source,
    source_to: Source = DB,
    *,
    actual: Catalog | None = None,
    applied: AppliedMigrations | None = None,
    prisma: PrismaSource | None = None,
    edges: tuple[bool, bool] = (True, True),
) -> Drift:
    """The drift from `source_from` (expected) to `source_to` (actual).

    `target_dsn` is needed when a side is `db` or `migrations`. `actual`,
    `applied` and `prisma`: the target's catalog, its applied migrations and
    the Prisma schema, when the caller has read them already. `edges` (FROM, TO): False
    for a database side whose dependency graph the caller never reads (`to_sql` reads
    FROM's only; text and JSON none): its `dependencies` are then left empty.
    """
    kinds = (source_from.kind, source_to.kind)
    shadow = shadow_admin_dsn(config, target_dsn) if "migrations" in kinds else None
    replayed: list[AppliedMigrations] = []
    # The other side of a `migrations` side, once read: a cached shadow catalog takes its
    # equal objects from it (catalog/cache.py). Set by `_both` when that side runs there.
    other_side: list[Callable[[], Catalog]] = []

    def reference() -> Catalog | None:
        return other_side[0]() if other_side else None

    # Two databases read to be compared share their equal objects (see `introspect`).
    pool: dict | None = {} if {"db", "url"} >= set(kinds) else None

    def load(source: Source, other: Source, graph: bool = True) -> Catalog:
        if source.kind == "db" and actual is not None:
            return without_schemas(actual)
        if source.kind != "migrations":
            return load_catalog(source, config, target_dsn=target_dsn, edges=graph, pool=pool)
        history = other.value if other.kind == "url" else target_dsn
        if applied is not None and source.value != ALL and history == target_dsn:
            project = applied.project
            catalog, found = migrations_catalog(config, shadow or "", project, reference), applied
        else:
            catalog, found = load_migrations(
                source, config, shadow_admin_dsn=shadow, history_dsn=history, reference=reference
            )
        replayed.extend([found] if found is not None else [])
        return without_schemas(catalog)

    a_src, b_src = source_from, source_to
    if (a_src.kind == "prisma") != (b_src.kind == "prisma"):  # projected onto the other side
        from workbench.compare.prisma_drift import prisma_drift

        side, other = (a_src, b_src) if a_src.kind == "prisma" else (b_src, a_src)
        prisma = prisma or load_prisma(side, config)
        # PostgreSQL prints the schema's expressions: the database that was read, else the target
        dsn = other.value if other.kind == "url" else target_dsn if other.needs_target else None
        found = prisma_drift(prisma, load(other, side), dsn)
        if side is a_src:
            return Drift(found.expected, found.actual, found.changes, found.not_modelled)
        changes = diff(found.actual, found.expected)
        return Drift(found.actual, found.expected, changes, found.not_modelled)
    if a_src.kind == "prisma":  # both: the first projected onto the second
        from workbench.compare.prisma_drift import prisma_drift

        b = load(b_src, a_src)
        a = without_schemas(prisma_drift(load_prisma(a_src, config), b).expected)
    # One side in a worker thread, the other in this one: the shadow replay (the slow side)
    # runs here, so Ctrl-C interrupts it at once (and its shadow is dropped).
    elif b_src.kind == "migrations":
        share = other_side if a_src.kind != "migrations" else []
        b, a = _both(
            lambda: load(b_src, a_src, edges[1]), lambda: load(a_src, b_src, edges[0]), share
        )
    else:
        share = other_side if b_src.kind != "migrations" else []
        a, b = _both(
            lambda: load(a_src, b_src, edges[0]), lambda: load(b_src, a_src, edges[1]), share
        )
    return Drift(a, b, diff(a, b), applied=next(iter(replayed), None))


def _both(here, there, other_side: list) -> tuple[Catalog, Catalog]:
    """(here(), there()), `there` running in a worker thread meanwhile; `here` may wait
    for `there`'s catalog through `other_side` (never given when `there` is a migrations
    side too: it would wait for itself)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        other = pool.submit(there)
        other_side.append(other.result)
        first = here()
        return first, other.result()
