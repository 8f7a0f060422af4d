"""What the differ reports: one `Change` per object that differs between two catalogs.

`kind` says what sort of object (see `KINDS`), `object` names it
(`schema.name[.member]`; functions with their identity arguments), `change` is
`added` (only in TO), `removed` (only in FROM) or `changed`. `from_def` and
`to_def` are the object's DDL on each side (None where it does not exist).

The remaining fields carry what SQL generation needs and are left out of
equality and JSON: the model objects on each side, the owning table or view
(`parent`), the kind of object a comment or grant is attached to (`target`),
and which attributes changed (`fields`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.catalog.kinds import KINDS as OBJECT_KINDS

ADDED, REMOVED, CHANGED = "added", "removed", "changed"

# Every kind, in the order they are listed within one object.
KINDS = (*(kind.name for kind in OBJECT_KINDS), "grant", "comment")
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Change:
    """One difference between FROM (a) and TO (b)."""

    kind: str
    object: str
    change: str  # "added" | "removed" | "changed"
    from_def: str | None = None
    to_def: str | None = None
    # For SQL generation and grouping; not part of equality.
    parent: str | None = field(default=None, compare=False)  # owning table/view key
    target: str | None = field(default=None, compare=False)  # commented/granted object kind
    fields: tuple[str, ...] = field(default=(), compare=False)  # attributes that differ
    old: Any = field(default=None, compare=False, repr=False)
    new: Any = field(default=None, compare=False, repr=False)

    @property
    def group(self) -> str:
        """The top-level object this change belongs to (for grouping in reports)."""
        return self.parent or self.object

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "object": self.object,
            "change": self.change,
            "from": self.from_def,
            "to": self.to_def,
        }


def sort_key(change: Change) -> tuple:
    """Deterministic order: by top-level object, then kind, then member."""
    return (change.group, KIND_RANK.get(change.kind, 99), change.object, change.change)
