"""Full creation of TO objects: definition, then owner, privileges and comments."""

from __future__ import annotations

from typing import Any

from workbench.catalog.model import Catalog, Table, View
from workbench.diff import describe as D
from workbench.diff import grants as G
from workbench.diff import render as R
from workbench.diff import render_objects as RO
from workbench.diff.objects import (
    PlanId,
    default_owner,
    default_privileges_entry,
    display_kind,
    is_fk,
)
from workbench.diff.quoting import q
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
        glob = entries.get(f"{self.role}:*:{objtype}") or default_privileges_entry(
            entries, self.role, None, objtype
        )
        if glob is None:
            acl = set(G.default_acl(gkind, self.role, self.version))
        else:
            acl = set(G.as_set(glob.grants))
        schema = getattr(obj, "schema", None)
        if kind != "schema" and schema:
            local = default_privileges_entry(entries, self.role, schema, objtype)
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
            emit(P_VIEW, RO.create_view(obj), sub=sub)
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
            emit(phase or P_FUNCTION, RO.create_function(obj))
        elif kind == "schema":
            emit(P_SCHEMA, RO.create_schema(obj))
        elif kind == "extension":
            emit(P_EXTENSION, RO.create_extension(obj))
        elif kind == "collation":
            emit(P_COLLATION, RO.create_collation(obj))
        elif kind == "enum":
            emit(P_ENUM, RO.create_enum(obj))
        elif kind == "range_type":
            emit(P_RANGE, RO.create_range(obj))
        elif kind == "domain":
            for stmt in RO.create_domain(obj):
                emit(P_DOMAIN, stmt)
        elif kind == "composite_type":
            emit(P_COMPOSITE, RO.create_composite(obj))
            for attr in obj.attributes:
                if attr.comment is not None:
                    emit(P_COMMENT, D.comment_statement("column", attr, obj, attr.comment))
        elif kind == "sequence":
            emit(P_SEQUENCE, RO.create_sequence(obj))
            if obj.owned_by:
                emit(P_SEQUENCE_OWNED, RO.sequence_owned_by(obj, b))
        elif kind == "event_trigger":
            for stmt in RO.create_event_trigger(obj, b):
                emit(P_EVENT_TRIGGER, stmt)
        elif kind == "publication":
            emit(P_PUBLICATION, RO.create_publication(obj, b))
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
