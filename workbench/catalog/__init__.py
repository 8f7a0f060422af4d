"""The catalog engine: a plain-data model of a schema, read from PostgreSQL."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.catalog.model import (
        Catalog,
        Collation,
        Column,
        CompositeType,
        Constraint,
        DefaultPrivilege,
        Domain,
        DomainCheck,
        Enum,
        EventTrigger,
        Extension,
        ForeignDataWrapper,
        ForeignServer,
        Function,
        Grant,
        Index,
        Policy,
        Publication,
        RangeType,
        Role,
        Rule,
        Schema,
        Sequence,
        Statistic,
        Table,
        Trigger,
        UserMapping,
        View,
    )

__all__ = [
    "Collation",
    "CompositeType",
    "DefaultPrivilege",
    "DomainCheck",
    "EventTrigger",
    "Publication",
    "RangeType",
    "Rule",
    "Statistic",
    "Catalog",
    "Column",
    "Constraint",
    "Domain",
    "Enum",
    "Extension",
    "ForeignDataWrapper",
    "ForeignServer",
    "UserMapping",
    "Function",
    "Grant",
    "Index",
    "Policy",
    "Role",
    "Schema",
    "Sequence",
    "Table",
    "Trigger",
    "View",
]


def __getattr__(name: str) -> Any:
    """The model's classes, imported on first use: `workbench.catalog.introspect` starts
    reading before the model (~20 ms of class creation) is imported (start-up time)."""
    if name in __all__:
        from workbench.catalog import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
