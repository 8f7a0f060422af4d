"""Full creation of TO objects: the catalog's DDL writer's statements, put in phases."""

from __future__ import annotations

from typing import Any

from workbench.catalog.ddl import creation
from workbench.catalog.ddl_names import finishing
from workbench.catalog.model import Catalog
from workbench.diff.objects import PlanId, default_owner, display_kind
from workbench.diff.script import (
    P_COLLATION,
    P_COLUMN,
    P_COMMENT,
    P_COMPOSITE,
    P_CONSTRAINT,
    P_DOMAIN,
    P_ENUM,
    P_EVENT_TRIGGER,
    P_EXTENSION,
    P_FK,
    P_FOREIGN,
    P_FUNCTION,
    P_GRANT,
    P_INDEX,
    P_OWNER,
    P_POLICY,
    P_PUBLICATION,
    P_RANGE,
    P_RULE,
    P_SCHEMA,
    P_SEQUENCE,
    P_SEQUENCE_OWNED,
    P_SET_DEFAULT,
    P_STATISTIC,
    P_TABLE,
    P_TABLE_PROPS,
    P_TRIGGER,
    P_VIEW,
)

# The writer's step -> the phase of the script it runs in
PHASES = {
    "schema": P_SCHEMA,
    "extension": P_EXTENSION,
    "collation": P_COLLATION,
    "enum": P_ENUM,
    "range": P_RANGE,
    "domain": P_DOMAIN,
    "composite": P_COMPOSITE,
    "sequence": P_SEQUENCE,
    "sequence_owned": P_SEQUENCE_OWNED,
    "function": P_FUNCTION,
    "foreign_data_wrapper": P_FOREIGN,
    "server": P_FOREIGN,
    "user_mapping": P_FOREIGN,
    "table": P_TABLE,
    "table_props": P_TABLE_PROPS,
    "column": P_COLUMN,
    "column_settings": P_COLUMN,
    "set_default": P_SET_DEFAULT,
    "constraint": P_CONSTRAINT,
    "fk": P_FK,
    "index": P_INDEX,
    "view": P_VIEW,
    "trigger": P_TRIGGER,
    "rule": P_RULE,
    "policy": P_POLICY,
    "statistic": P_STATISTIC,
    "event_trigger": P_EVENT_TRIGGER,
    "publication": P_PUBLICATION,
    "owner": P_OWNER,
    "grant": P_GRANT,
    "comment": P_COMMENT,
}

# Within P_FOREIGN: a server needs its wrapper, a user mapping its server.
_FOREIGN_SUB = {"foreign_data_wrapper": 0, "server": 1, "user_mapping": 2}


class Creator:
    """Writes the full creation of TO objects: definition, owner, grants, comments."""

    def __init__(self, a: Catalog, b: Catalog, emit) -> None:
        self.a, self.b = a, b
        self.emit = emit  # emit(phase, sql, destructive=None, sub=0)
        self.role = default_owner(a) or default_owner(b)
        self.version = b.server_version or a.server_version

    def create(
        self, pid: PlanId, parent: Any, obj: Any, *, sub: int = 0, phase: int | None = None
    ) -> None:
        """Emit the creation of `obj` (`phase` overrides a function's, `sub` orders tables
        and views within their phase)."""
        kind = display_kind(pid, obj) if len(pid) == 2 else pid[0]
        steps = creation(
            kind, obj, self.b, parent, creator=self.role, defaults=self.a, version=self.version
        )
        for step, statement in steps:
            if step == "function" and phase is not None:
                self.emit(phase, statement)
            elif step in ("table", "view"):
                self.emit(PHASES[step], statement, sub=sub)
            elif step in _FOREIGN_SUB:
                self.emit(P_FOREIGN, statement, sub=_FOREIGN_SUB[step])
            elif step == "column":
                self.emit(P_COLUMN, statement, sub=obj.position)
            else:
                self.emit(PHASES[step], statement)

    def finish(self, kind: str, obj: Any, parent: Any = None) -> None:
        """Emit the owner, privileges and comment of an object created outside `create`."""
        for step, statement in finishing(
            kind, obj, parent, creator=self.role, defaults=self.a, version=self.version
        ):
            self.emit(PHASES[step], statement)
