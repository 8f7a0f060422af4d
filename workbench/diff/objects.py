"""Finding catalog objects by plan id, and writing their full creation and drop.

A plan id names one object the way SQL generation needs it: `(kind, key)` for
top-level objects (function kinds are all "function", view kinds "view") and
`(kind, parent_key, name)` for members of a table or view ("default" is a
column's default expression).
"""

from __future__ import annotations

from typing import Any

from workbench.catalog.model import Catalog, Table, View
from workbench.diff import describe as D
from workbench.diff import grants as G
from workbench.diff import render as R
from workbench.diff.quoting import q, qn
from workbench.diff.script import (
    P_COLLATION,
    P_COLUMN,
    P_COMMENT,
    P_COMPOSITE,
    P_CONSTRAINT,
    P_DOMAIN,
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
    P_DROP_STATISTIC,
    P_DROP_TABLE,
    P_DROP_TRIGGER,
    P_DROP_TYPE,
    P_DROP_VIEW,
    P_ENUM,
    P_EVENT_TRIGGER,
    P_EXTENSION,
    P_FK,
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

PlanId = tuple

TOP_FIELDS = {
    "schema": "schemas",
    "extension": "extensions",
    "collation": "collations",
    "enum": "enums",
    "domain": "domains",
    "composite_type": "composite_types",
    "range_type": "range_types",
    "sequence": "sequences",
    "function": "functions",
    "table": "tables",
    "view": "views",
    "event_trigger": "event_triggers",
    "publication": "publications",
}
MEMBER_FIELDS = {
    "column": "columns",
    "default": "columns",
    "constraint": "constraints",
    "index": "indexes",
    "trigger": "triggers",
    "rule": "rules",
    "policy": "policies",
    "statistic": "statistics",
}
_NORMAL = {
    "procedure": "function",
    "aggregate": "function",
    "materialized_view": "view",
}


def normal_kind(kind: str) -> str:
    return _NORMAL.get(kind, kind)


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
        return (
            P_DROP_TABLE,
            f"DROP {word} {R.table_name(obj)};",
            f"drops table {obj.key} and its rows",
        )
    if kind == "view":
        return P_DROP_VIEW, R.drop_view(obj), None
    if kind == "function":
        return P_DROP_FUNCTION, R.drop_function(obj), None
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
        return P_DROP_TRIGGER, R.drop_trigger(parent, obj), None
    if kind == "rule":
        return P_DROP_RULE, R.drop_rule(parent, obj), None
    if kind == "policy":
        return P_DROP_POLICY, R.drop_policy(parent, obj), None
    if kind == "statistic":
        return P_DROP_STATISTIC, R.drop_statistic(obj), None
    raise ValueError(pid)


# --- create ------------------------------------------------------------------


class Creator:
    """Writes the full creation of TO objects: definition, owner, grants, comments."""

    def __init__(self, a: Catalog, b: Catalog, emit) -> None:
        self.a, self.b = a, b
        self.emit = emit  # emit(phase, sql, destructive=None, sub=0)
        self.role = default_owner(a) or default_owner(b)
        self.version = b.server_version or a.server_version

    # owner, grants and comments of a newly created object
    def finish(self, kind: str, obj: Any, parent: Any = None) -> None:
        owner = getattr(obj, "owner", None)
        if owner and owner != self.role and kind in D.SQL_WORD and kind != "column":
            self.emit(P_OWNER, D.owner_statement(kind, obj, owner))
        if kind in D.GRANT_KIND and hasattr(obj, "grants"):
            new = D.effective_grants(kind, obj, self.version)
            old = self.initial_grants(kind, obj)
            columns = q(obj.name) if kind == "column" else None
            for stmt in G.grant_statements(
                D.grant_on(kind, obj, parent), old, new, columns=columns
            ):
                self.emit(P_GRANT, stmt)
        if getattr(obj, "comment", None) is not None:
            self.emit(P_COMMENT, D.comment_statement(kind, obj, parent, obj.comment))

    def initial_grants(self, kind: str, obj: Any) -> G.GrantSet:
        """What a new object's ACL holds right after CREATE (and OWNER TO)."""
        gkind = D.GRANT_KIND[kind]
        if gkind == G.COLUMN:
            return frozenset()
        owner = getattr(obj, "owner", None) or self.role
        objtype = {G.TABLE: "TABLES", G.SEQUENCE: "SEQUENCES", G.FUNCTION: "FUNCTIONS"}.get(
            gkind, "SCHEMAS"
        )
        entries = self.a.default_privileges
        glob = entries.get(f"{self.role}:*:{objtype}") or _entry(entries, self.role, None, objtype)
        if glob is None:
            acl = set(G.default_acl(gkind, self.role, self.version))
        else:
            acl = set(G.as_set(glob.grants))
        schema = getattr(obj, "schema", None)
        if kind != "schema" and schema:
            local = _entry(entries, self.role, schema, objtype)
            if local is not None:
                acl |= G.as_set(local.grants)
        if owner != self.role:
            acl = {(owner if g == self.role else g, p, ga) for g, p, ga in acl}
        return frozenset(acl)

    def create(
        self, pid: PlanId, parent: Any, obj: Any, *, sub: int = 0, phase: int | None = None
    ) -> None:
        kind, b, emit = pid[0], self.b, self.emit
        shown = display_kind(pid, obj)
        if kind == "table":
            self.table(obj, sub)
            return
        if kind == "view":
            emit(P_VIEW, R.create_view(obj), sub=sub)
            for index in obj.indexes:
                emit(P_VIEW, R.create_index(index), sub=sub)
                if index.comment is not None:
                    emit(P_COMMENT, D.comment_statement("index", index, obj, index.comment))
            for col in obj.columns:
                if col.comment is not None:
                    emit(P_COMMENT, D.comment_statement("column", col, obj, col.comment))
            self.finish(shown, obj)
            return
        if kind == "function":
            emit(phase or P_FUNCTION, R.create_function(obj))
        elif kind == "schema":
            emit(P_SCHEMA, R.create_schema(obj))
        elif kind == "extension":
            emit(P_EXTENSION, R.create_extension(obj))
        elif kind == "collation":
            emit(P_COLLATION, R.create_collation(obj))
        elif kind == "enum":
            emit(P_ENUM, R.create_enum(obj))
        elif kind == "range_type":
            emit(P_RANGE, R.create_range(obj))
        elif kind == "domain":
            for stmt in R.create_domain(obj):
                emit(P_DOMAIN, stmt)
        elif kind == "composite_type":
            emit(P_COMPOSITE, R.create_composite(obj))
            for attr in obj.attributes:
                if attr.comment is not None:
                    emit(P_COMMENT, D.comment_statement("column", attr, obj, attr.comment))
        elif kind == "sequence":
            emit(P_SEQUENCE, R.create_sequence(obj))
            if obj.owned_by:
                emit(P_SEQUENCE_OWNED, R.sequence_owned_by(obj, b))
        elif kind == "event_trigger":
            for stmt in R.create_event_trigger(obj, b):
                emit(P_EVENT_TRIGGER, stmt)
        elif kind == "publication":
            emit(P_PUBLICATION, R.create_publication(obj, b))
        else:
            self.member(pid, parent, obj)
            return
        self.finish(shown, obj)

    def member(self, pid: PlanId, parent: Any, obj: Any) -> None:
        kind, emit = pid[0], self.emit
        if kind == "column":
            emit(
                P_COLUMN,
                f"ALTER TABLE {R.table_name(parent)} ADD COLUMN {R.column_def(obj, parent, self.b)};",
                sub=obj.position,
            )
            for stmt in R.column_settings(parent, obj):
                emit(P_COLUMN, stmt, sub=obj.position)
            self.finish("column", obj, parent)
            return
        if kind == "default":
            emit(
                P_SET_DEFAULT,
                f"ALTER TABLE {R.table_name(parent)} ALTER COLUMN {q(obj.name)} SET DEFAULT {obj.default};",
            )
            return
        if kind == "constraint":
            emit(P_FK if is_fk(obj) else P_CONSTRAINT, R.add_constraint(parent, obj))
        elif kind == "index":
            emit(P_VIEW if isinstance(parent, View) else P_INDEX, R.create_index(obj))
        elif kind == "trigger":
            for stmt in R.create_trigger(parent, obj):
                emit(P_TRIGGER, stmt)
        elif kind == "rule":
            for stmt in R.create_rule(parent, obj):
                emit(P_RULE, stmt)
        elif kind == "policy":
            emit(P_POLICY, R.create_policy(parent, obj))
        elif kind == "statistic":
            for stmt in R.create_statistic(obj):
                emit(P_STATISTIC, stmt)
            if obj.comment is not None:
                emit(P_COMMENT, D.comment_statement("statistic", obj, None, obj.comment))
            return
        if obj.comment is not None:
            emit(P_COMMENT, D.comment_statement(kind, obj, parent, obj.comment))

    def table(self, table: Table, sub: int) -> None:
        b, emit = self.b, self.emit
        emit(P_TABLE, R.create_table(table, b), sub=sub)
        for stmt in R.table_extras(table):
            emit(P_TABLE, stmt, sub=sub)
        if R.replica_identity_word(table) != "DEFAULT":
            stmt = R.replica_identity(table)
            if stmt:
                emit(P_TABLE_PROPS, stmt)
        for col in table.columns:
            if not col.inherited:
                for stmt in R.column_settings(table, col):
                    emit(P_COLUMN, stmt)
        for con in table.constraints:
            if not con.inherited:
                self.member(("constraint", table.key, con.name), table, con)
        for index in table.indexes:
            if not index.constraint and not index.inherited:
                self.member(("index", table.key, index.name), table, index)
        for kind, members in (
            ("trigger", table.triggers),
            ("rule", table.rules),
            ("policy", table.policies),
            ("statistic", table.statistics),
        ):
            for member in members:
                self.member((kind, table.key, member.name), table, member)
        for col in table.columns:
            if col.comment is not None and not col.inherited:
                emit(P_COMMENT, D.comment_statement("column", col, table, col.comment))
            if col.grants:
                for stmt in G.grant_statements(
                    D.grant_on("column", col, table),
                    frozenset(),
                    G.as_set(col.grants),
                    columns=q(col.name),
                ):
                    emit(P_GRANT, stmt)
        self.finish("table", table)


def _entry(entries: dict, role: str, schema: str | None, objtype: str):
    for entry in entries.values():
        if (
            entry.role == role
            and entry.schema == schema
            and G.default_privilege_type(entry) == objtype
        ):
            return entry
    return None


def default_owner(cat: Catalog) -> str | None:
    """The most common owner of the catalog's objects (who runs the script, presumably)."""
    counts: dict[str, int] = {}
    for objects in (cat.tables, cat.views, cat.functions, cat.sequences, cat.enums, cat.domains):
        for obj in objects.values():
            if obj.owner:
                counts[obj.owner] = counts.get(obj.owner, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda k: counts[k])


def parent_of(cat: Catalog, key: str) -> Table | View | None:
    return cat.tables.get(key) or cat.views.get(key)
