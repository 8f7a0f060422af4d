"""What the in-place ALTER writers (`alter`, `alter_objects`, `columns`) need of a plan.

`workbench.diff.sql.Planner` implements it; the writers depend on this interface,
not on the planner, so no module below `sql` imports it.
"""

from __future__ import annotations

from typing import Any, Protocol

from workbench.catalog.model import Catalog
from workbench.diff.objects import PlanId


class Creator(Protocol):
    """Writes the owner, privileges and comment of an object created outside the planner."""

    def finish(self, kind: str, obj: Any, parent: Any = None) -> None: ...


class Plan(Protocol):
    """A plan being written: the two catalogs, what is dropped, and where statements go."""

    a: Catalog  # FROM
    b: Catalog  # TO
    dropped: dict[PlanId, None]
    creator: Creator

    def emit(self, phase: int, sql: str, destructive: str | None = None, sub: int = 0) -> None:
        """Add a statement to the script, in `phase`."""

    def skipped(self, pid: PlanId | None) -> bool:
        """True when an ALTER on `pid` is moot (the object is recreated or dropped)."""

    def disturb_column(self, table: Any, column: str) -> None:
        """Register that a column of FROM is retyped (its dependents make way)."""

    def disturb_type(self, pid: PlanId, name: str) -> None:
        """Register that a type of FROM is rebuilt (its dependents make way)."""
