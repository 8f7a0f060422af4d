"""Finding catalog objects by plan id, and writing their full creation and drop.

A plan id names one object the way SQL generation needs it: `(kind, key)` for
top-level objects (function kinds are all "function", view kinds "view") and
`(kind, parent_key, name)` for members of a table or view ("default" is a
column's default expression).
"""

from __future__ import annotations

from typing import Any

from workbench.catalog import ddl_foreign as F
from workbench.catalog import ddl_names as D
from workbench.catalog import ddl_schema_objects as RO
from workbench.catalog import ddl_tables as R
from workbench.catalog.kinds import BY_FIELD, BY_MEMBER_FIELD, BY_NAME
from workbench.catalog.model import Catalog
from workbench.catalog.quoting import quote_ident as q
from workbench.catalog.quoting import quote_qualified as qn
from workbench.diff.script import (
    P_DROP_COLLATION,
    P_DROP_COLUMN,
    P_DROP_CONSTRAINT,
    P_DROP_DEFAULT,
    P_DROP_EVENT_TRIGGER,
    P_DROP_EXTENSION,
    P_DROP_FK,
    P_DROP_FUNCTION,
    P_DROP_INDEX,
    P_DROP_POLICY,
    P_DROP_PUBLICATION,
    P_DROP_RULE,
    P_DROP_SCHEMA,
    P_DROP_SEQUENCE,
    P_DROP_SERVER,
    P_DROP_STATISTIC,
    P_DROP_TABLE,
    P_DROP_TRIGGER,
    P_DROP_TYPE,
    P_DROP_USER_MAPPING,
    P_DROP_VIEW,
    P_DROP_WRAPPER,
)
from workbench.supabase_env import MANAGED_SCHEMAS

PlanId = tuple

TOP_FIELDS = {k.name: k.field for k in BY_FIELD.values()}
MEMBER_FIELDS = {k.name: k.field for k in BY_MEMBER_FIELD.values()} | {"default": "columns"}


def normal_kind(kind: str) -> str:
    found = BY_NAME.get(kind)
    return found.plain if found is not None else kind


def change_id(kind: str, key: str, parent: str | None, obj: Any) -> PlanId:
    kind = normal_kind(kind)
    if kind in MEMBER_FIELDS and parent is not None:
        return (kind, parent, obj.name)
    return (kind, key)


def find(cat: Catalog, pid: PlanId) -> tuple[Any, Any]:
    """(parent, object) for a plan id; (None, None) when the catalog lacks it."""
    kind = pid[0]
    if len(pid) == 2:
        return None, getattr(cat, TOP_FIELDS[kind]).get(pid[1])
    parent = cat.tables.get(pid[1]) or cat.views.get(pid[1])
    if parent is None:
        return None, None
    for member in getattr(parent, MEMBER_FIELDS[kind], ()):
        if member.name == pid[2]:
            if kind == "default" and member.default is None:
                return parent, None
            return parent, member
    return parent, None


def display_kind(pid: PlanId, obj: Any) -> str:
    """The change kind of an object (function and view kinds told apart)."""
    kind = pid[0]
    if kind == "function":
        return D.function_kind(obj)
    if kind == "view":
        return D.view_kind(obj)
    return kind


def is_fk(con: Any) -> bool:
    return con.kind == "FOREIGN KEY"


# --- drop --------------------------------------------------------------------


def drop(pid: PlanId, parent: Any, obj: Any) -> tuple[int, str, str | None]:
    """(phase, statement, destructive reason) dropping an object of FROM."""
    kind = pid[0]
    if kind == "table":
        word = D.table_word(obj)
        why = None if obj.kind == "foreign" else f"drops table {obj.key} and its rows"
        return P_DROP_TABLE, f"DROP {word} {R.table_name(obj)};", why
    if kind == "view":
        return P_DROP_VIEW, RO.drop_view(obj), None
    if kind == "function":
        return P_DROP_FUNCTION, RO.drop_function(obj), None
    if kind in ("enum", "composite_type", "range_type"):
        return P_DROP_TYPE, f"DROP TYPE {qn(obj.schema, obj.name)};", None
    if kind == "domain":
        return P_DROP_TYPE, f"DROP DOMAIN {qn(obj.schema, obj.name)};", None
    if kind == "sequence":
        exists = " IF EXISTS" if obj.owned_by else ""
        return P_DROP_SEQUENCE, f"DROP SEQUENCE{exists} {qn(obj.schema, obj.name)};", None
    if kind == "collation":
        return P_DROP_COLLATION, f"DROP COLLATION {qn(obj.schema, obj.name)};", None
    if kind == "extension":
        return P_DROP_EXTENSION, f"DROP EXTENSION {q(obj.name)};", None
    if kind == "schema":
        return P_DROP_SCHEMA, f"DROP SCHEMA {q(obj.name)};", None
    if kind == "event_trigger":
        return P_DROP_EVENT_TRIGGER, f"DROP EVENT TRIGGER {q(obj.name)};", None
    if kind == "publication":
        return P_DROP_PUBLICATION, f"DROP PUBLICATION {q(obj.name)};", None
    if kind == "user_mapping":
        return P_DROP_USER_MAPPING, F.drop_mapping(obj), None
    if kind == "server":
        return P_DROP_SERVER, F.drop_server(obj), None
    if kind == "foreign_data_wrapper":
        return P_DROP_WRAPPER, F.drop_wrapper(obj), None
    if kind == "column":
        return (
            P_DROP_COLUMN,
            f"ALTER TABLE {R.table_name(parent)} DROP COLUMN {q(obj.name)};",
            f"drops column {parent.key}.{obj.name} and its data",
        )
    if kind == "default":
        return (
            P_DROP_DEFAULT,
            f"ALTER TABLE {R.table_name(parent)} ALTER COLUMN {q(obj.name)} DROP DEFAULT;",
            None,
        )
    if kind == "constraint":
        phase = P_DROP_FK if is_fk(obj) else P_DROP_CONSTRAINT
        return phase, R.drop_constraint(parent, obj), None
    if kind == "index":
        return P_DROP_INDEX, R.drop_index(parent.schema, obj), None
    if kind == "trigger":
        return P_DROP_TRIGGER, R.drop_trigger_or_rule(parent, obj, "TRIGGER"), None
    if kind == "rule":
        return P_DROP_RULE, R.drop_trigger_or_rule(parent, obj, "RULE"), None
    if kind == "policy":
        return P_DROP_POLICY, R.drop_policy(parent, obj), None
    if kind == "statistic":
        return P_DROP_STATISTIC, R.drop_statistic(obj), None
    raise ValueError(pid)


def default_owner(cat: Catalog) -> str | None:
    """The most common owner of the catalog's objects (who runs the script, presumably).

    Supabase-managed schemas are left out: their objects belong to Supabase's
    service roles, not to whoever runs the migrations.
    """
    counts: dict[str, int] = {}
    for objects in (cat.tables, cat.views, cat.functions, cat.sequences, cat.enums, cat.domains):
        for obj in objects.values():
            if obj.owner and obj.schema not in MANAGED_SCHEMAS:
                counts[obj.owner] = counts.get(obj.owner, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda k: counts[k])
