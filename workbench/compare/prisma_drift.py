"""The one Prisma drift computation, shared by `workbench diff --from prisma`,
the TUI's drift pane and `workbench validate`.

`prisma_drift(source, actual, dsn)`:

1. aligns the Prisma catalog with the database (`align`): equivalent spellings
   reconciled (types, defaults, opclasses, enum value order, ...), what Prisma
   cannot model set aside as "not modelled";
2. asks PostgreSQL (at `dsn`, the database that was read) how it prints the
   schema's `dbgenerated` defaults, `Unsupported` types and partial-index
   predicates, so they compare as the database prints them;
3. completes the Prisma side with what Prisma does not model (`merge`) and
   diffs it with the database: the changes are the true drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.catalog.model import Catalog
from workbench.compare.bookkeeping import without_schemas
from workbench.diff.changes import Change
from workbench.diff.differ import diff
from workbench.prisma.align import Alignment, NotModelled, align
from workbench.prisma.deparse import deparser
from workbench.prisma.merge import expected_for
from workbench.prisma.source import PrismaSource


@dataclass
class PrismaDrift:
    """The drift of a database from a Prisma schema."""

    source: PrismaSource
    alignment: Alignment
    expected: Catalog  # the Prisma side, completed with what Prisma does not model
    actual: Catalog  # the database (bookkeeping schemas left out)
    changes: list[Change] = field(default_factory=list)  # expected → actual: the true drift

    @property
    def not_modelled(self) -> list[NotModelled]:
        """What the database (or the schema) has that Prisma does not model: listed apart."""
        notes = [NotModelled(kind, obj, detail) for kind, obj, detail in self.source.notes]
        return sorted(
            [*self.alignment.not_modelled, *notes], key=lambda i: (i.kind, i.object, i.detail)
        )


def prisma_drift(source: PrismaSource, actual: Catalog, dsn: str | None = None) -> PrismaDrift:
    """Compare a loaded Prisma schema with a database catalog read from `dsn`.

    Without `dsn` (a snapshot, say) nothing is deparsed by PostgreSQL and the
    schema's hand-written expressions are compared as written (normalised).
    """
    actual = without_schemas(actual)
    alignment = align(
        source.catalog,
        actual,
        deparse=deparser(dsn) if dsn else None,
        loose_defaults=source.loose_defaults,
    )
    expected = without_schemas(expected_for(alignment, actual))
    return PrismaDrift(source, alignment, expected, actual, diff(expected, actual))
