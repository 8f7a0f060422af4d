"""The drift pane's data: changes grouped by top-level object, each side's DDL, the SQL per object.

Pure functions over the differ's `Change` list and the two catalogs; safe in a
worker thread and free of widgets. "added" means only in the actual schema (the
target), "removed" only in the expected one (migrations, Prisma, a snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.catalog.ddl import object_ddl
from workbench.catalog.kinds import BY_FIELD
from workbench.catalog.model import Catalog
from workbench.diff.changes import ADDED, CHANGED, REMOVED, Change

# Catalog fields a top-level object may live in, with their singular.
OBJECT_FIELDS = tuple((field, kind.label) for field, kind in BY_FIELD.items())
# Changes on the object itself that are reported as members (they do not replace its DDL).
ATTACHED_KINDS = ("comment", "grant")
MARK = {ADDED: ("+", "green"), REMOVED: ("−", "red"), CHANGED: ("~", "yellow")}


@dataclass
class DriftGroup:
    """One top-level object and its changes (the object's own change first, if any)."""

    key: str
    kind: str  # "table", "function", ... as shown
    catalog_field: str | None  # the Catalog field holding it (None when neither side has it)
    change: str  # the object's own change, or CHANGED when only members differ
    changes: list[Change] = field(default_factory=list)

    @property
    def own(self) -> Change | None:
        """The change of the object itself (added, removed or altered), if any."""
        return next(
            (c for c in self.changes if c.object == self.key and c.kind not in ATTACHED_KINDS),
            None,
        )

    @property
    def members(self) -> list[Change]:
        """Changes listed under the object: its members, comments and grants."""
        own = self.own
        return [c for c in self.changes if c is not own]


def _field_of(key: str, *catalogs: Catalog) -> tuple[str | None, str | None]:
    for name, singular in OBJECT_FIELDS:
        for catalog in catalogs:
            obj = getattr(catalog, name).get(key)
            if obj is None:
                continue
            if name == "views" and getattr(obj, "materialized", False):
                return name, "materialized view"
            if name == "functions":
                return name, getattr(obj, "kind", "function")
            return name, singular
    return None, None


def group_changes(changes: list[Change], expected: Catalog, actual: Catalog) -> list[DriftGroup]:
    """Changes grouped by their top-level object, in the differ's (sorted) order."""
    groups: dict[str, DriftGroup] = {}
    for change in changes:
        group = groups.get(change.group)
        if group is None:
            field_name, singular = _field_of(change.group, actual, expected)
            group = groups[change.group] = DriftGroup(
                change.group, singular or change.kind.replace("_", " "), field_name, CHANGED
            )
        group.changes.append(change)
    for group in groups.values():
        own = group.own
        if own is not None:
            group.change = own.change
            group.kind = group.kind if group.catalog_field else own.kind.replace("_", " ")
    return list(groups.values())


def member_name(change: Change) -> str:
    """The member's name within its group (`nickname` for `public.users.nickname`)."""
    if change.object.startswith(change.group + ".") and change.object != change.group:
        return change.object[len(change.group) + 1 :]
    return "" if change.object == change.group else change.object


@dataclass(frozen=True)
class Counts:
    """How many differences of each sort, and how many objects they touch."""

    objects: int
    added: int
    removed: int
    changed: int

    def summary(self) -> str:
        if not self.objects:
            return "no drift"
        noun = "object" if self.objects == 1 else "objects"
        return (
            f"{self.objects} {noun} · {self.changed} changed · "
            f"{self.added} added · {self.removed} removed"
        )


def counts(changes: list[Change]) -> Counts:
    return Counts(
        objects=len({c.group for c in changes}),
        added=sum(1 for c in changes if c.change == ADDED),
        removed=sum(1 for c in changes if c.change == REMOVED),
        changed=sum(1 for c in changes if c.change == CHANGED),
    )


def group_ddl(group: DriftGroup, catalog: Catalog) -> str | None:
    """The object's whole DDL on one side; None where it does not exist."""
    if group.catalog_field is None or group.key not in getattr(catalog, group.catalog_field):
        return None
    try:
        return object_ddl(catalog, group.catalog_field, group.key)
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def sides(
    group: DriftGroup, change: Change | None, expected: Catalog, actual: Catalog
) -> tuple[str | None, str | None]:
    """(expected DDL, actual DDL): the whole object's, so a member is seen in its context.

    A member change falls back to its own definitions when the object's DDL does
    not show the difference (or the object has no DDL of its own).
    """
    left, right = group_ddl(group, expected), group_ddl(group, actual)
    if change is not None and (left == right or left is None or right is None):
        return change.from_def, change.to_def
    if left is None and right is None and group.own is not None:
        return group.own.from_def, group.own.to_def
    return left, right


def alignment_sql(changes: list[Change], expected: Catalog, actual: Catalog) -> str:
    """The SQL that turns the expected schema into the actual one for these changes."""
    from workbench.diff.sql import to_sql

    return to_sql(changes, expected, actual).text()
