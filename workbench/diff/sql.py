"""Changes -> SQL: `to_sql(changes, a, b)` turns FROM (a) into TO (b).

Planning happens in three steps:

1. each change becomes a creation, a drop, a replacement (drop + create) or an
   in-place ALTER (`workbench.diff.alter`);
2. what is dropped, replaced or retyped disturbs the objects that depend on it
   (views, policies, triggers, defaults, constraints, indexes, functions using
   a type): those are dropped first and recreated afterwards, transitively;
3. statements are ordered by phase (`workbench.diff.script`): dependents are
   dropped before what they depend on and created after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.catalog import ddl_schema_objects as RO
from workbench.catalog import ddl_tables as R
from workbench.catalog.model import Catalog
from workbench.catalog.quoting import quote_ident as q
from workbench.diff import alter
from workbench.diff.changes import ADDED, REMOVED, Change
from workbench.diff.create import Creator
from workbench.diff.deps import names, names_of, topological
from workbench.diff.objects import (
    PlanId,
    change_id,
    drop,
    find,
)
from workbench.diff.script import (
    P_DROP_EXTENSION_LATE,
    P_DROP_FK,
    P_DROP_FUNCTION_EARLY,
    P_DROP_FUNCTION_FIRST,
    P_DROP_POLICY,
    P_FUNCTION,
    P_FUNCTION_LATE,
    P_PUBLICATION,
    P_SETTINGS,
    SqlScript,
    Statement,
)

# What each kind of disturbance can break.
_ALL = (
    "view",
    "policy",
    "trigger",
    "default",
    "constraint",
    "index",
    "function",
    "event_trigger",
    "generated",
)
_CLASSES = {
    "table": ("view", "policy", "function", "default", "trigger"),
    "view": ("view", "policy", "function"),
    "function": tuple(c for c in _ALL if c != "function"),
    "enum": _ALL,
    "domain": _ALL,
    "composite_type": _ALL,
    "range_type": _ALL,
    "sequence": ("default", "view"),
    "column": ("view", "policy", "trigger", "generated"),
}

# What PostgreSQL's dependency graph may make way, by what disturbs it: anything
# for an object dropped or replaced; for a retyped column, what PostgreSQL
# cannot rebuild itself (it rebuilds indexes, constraints and defaults).
_PG_KINDS = frozenset(
    ("view", "function", "policy", "trigger", "default", "constraint", "index", "rule")
)
_PG_COLUMN_DROPPED = _PG_KINDS
_TYPE_KINDS = frozenset(("enum", "domain", "composite_type", "range_type"))
_SCANS = 32  # names looked up by scanning the dependents before they are indexed
_PG_COLUMN_RETYPED = frozenset(("view", "function", "policy", "trigger", "rule"))


@dataclass(frozen=True)
class Disturbance:
    """Something dropped, replaced or retyped, that its dependents must make way for."""

    pid: PlanId
    name: str  # the name dependents mention
    classes: tuple[str, ...]
    table_key: str | None = None  # for columns: their table; else the object's own table
    table_name: str | None = None  # for columns: the table's name


class Planner:
    """Collects statements for one diff; see the module docstring."""

    def __init__(self, changes: list[Change], a: Catalog, b: Catalog) -> None:
        self.changes, self.a, self.b = changes, a, b
        self.statements: list[Statement] = []
        self.creator = Creator(a, b, self.emit)
        self.created: dict[PlanId, None] = {}
        self.dropped: dict[PlanId, None] = {}
        self.replaced: dict[PlanId, None] = {}
        self.alters: list[tuple[PlanId | None, Change]] = []
        self.pending: list[Disturbance] = []
        self._dependents: list[tuple[PlanId, frozenset[str], str | None, str]] | None = None
        self._by_name: dict[str, list] | None = None
        self._mentioning: dict[str, list] = {}  # what `mentioning` found, by name
        self._relations: dict[str, frozenset[str]] = {}
        # FROM's pg_depend edges grouped by key (built once per plan, on first use), and
        # what was already looked up in them
        self._by_ref: dict[str, list[tuple[str, ...]]] | None = None
        self._by_function: dict[str, list[tuple[str, ...]]] | None = None
        self._pg: dict[PlanId, list[PlanId]] = {}
        self._pg_refs: dict[PlanId, list[PlanId]] = {}

    def emit(self, phase: int, sql: str, destructive: str | None = None, sub: int = 0) -> None:
        self.statements.append(Statement(sql, phase, sub, destructive))

    # --- 1. classify ----------------------------------------------------------

    def classify(self) -> None:
        for ch in self.changes:
            if ch.kind in ("comment", "grant", "default_privilege"):
                self.alters.append((None, ch))
                continue
            obj = ch.new if ch.new is not None else ch.old
            pid = change_id(ch.kind, ch.object, ch.parent, obj)
            if ch.change == ADDED:
                self.created[pid] = None
            elif ch.change == REMOVED:
                self.dropped[pid] = None
            elif alter.needs_replace(ch, self):
                self.replaced[pid] = None
            else:
                self.alters.append((pid, ch))
                alter.disturbances(ch, pid, self)
        for pid in list(self.dropped) + list(self.replaced):
            self.disturb_object(pid)

    # --- 2. dependents ----------------------------------------------------------

    def disturb_object(self, pid: PlanId) -> None:
        """Register what dropping or replacing `pid` (an object of FROM) disturbs."""
        parent, obj = find(self.a, pid)
        if obj is None:
            return
        kind = pid[0]
        if kind in ("server", "foreign_data_wrapper"):
            if not getattr(obj, "member_of", None):  # an extension's goes with its extension
                self.disturb_foreign(kind, obj.name)
            return
        self.follow(pid, _PG_COLUMN_DROPPED if kind == "column" else _PG_KINDS)
        if kind == "column":
            self.disturb_column(parent, obj.name)
        elif kind == "constraint" and obj.kind in ("PRIMARY KEY", "UNIQUE"):
            for key, fk in self.a.referenced_by.get(parent.key, ()):
                self.hit(("constraint", key, fk.name))
        elif kind in _CLASSES:
            table_key = obj.key if kind == "table" else None
            self.pending.append(Disturbance(pid, obj.name, _CLASSES[kind], table_key))

    def disturb_foreign(self, kind: str, name: str) -> None:
        """A server makes way with its user mappings and foreign tables, a wrapper with its
        servers (they name it exactly: no dependency graph needed)."""
        if kind == "foreign_data_wrapper":
            for server in self.a.foreign_servers.values():
                if server.wrapper == name:
                    self.hit(("server", server.key))
            return
        for mapping in self.a.user_mappings.values():
            if mapping.server == name:
                self.hit(("user_mapping", mapping.key))
        for table in self.a.tables.values():
            if table.kind == "foreign" and table.server == name:
                self.hit(("table", table.key))

    def follow(self, pid: PlanId, kinds: frozenset[str]) -> None:
        """Hit what PostgreSQL records as depending on `pid` (pg_depend, read by introspection)."""
        for dep in self.pg_dependents(pid):
            if dep[0] in kinds and dep != pid:
                if pid[0] == "constraint" and dep[0] == "constraint" and self.goes(dep[1]):
                    # A foreign key of a dropped table, on a key dropped before the table.
                    table, con = find(self.a, dep)
                    if con is not None and con.kind == "FOREIGN KEY" and not self.goes(pid[1]):
                        self.emit(P_DROP_FK, R.drop_constraint(table, con))
                    continue
                self.hit(dep)

    def typed_columns_kept(self, pid: PlanId) -> bool:
        """True when columns of a type (or of an extension's types) stay, retyped in place
        after the drop's usual phase: the type is then dropped once they are retyped."""
        for dep in self.pg_dependents(pid):
            if dep[0] == "column" and not self.goes(dep[1]) and dep not in self.dropped:
                return True
        return False

    def type_outlives_columns(self, pid: PlanId) -> bool:
        """An extension, or a type dropped (not recreated), that kept columns still use."""
        if pid[0] != "extension" and (pid[0] not in _TYPE_KINDS or pid not in self.dropped):
            return False
        return self.typed_columns_kept(pid)

    def goes(self, table_key: str) -> bool:
        """True when a table of FROM is dropped or replaced."""
        return ("table", table_key) in self.dropped or ("table", table_key) in self.replaced

    def on_dropped_view(self, pid: PlanId) -> bool:
        """A function whose body uses a view that goes (dropped before the view)."""
        return any(
            ref[0] == "view" and (ref in self.dropped or ref in self.replaced)
            for ref in self.pg_references(pid)
        )

    def pg_dependents(self, pid: PlanId) -> list[PlanId]:
        """What depends on `pid` in FROM's dependency edges (a table also collects its
        columns' dependents), in the edges' order."""
        found = self._pg.get(pid)
        if found is None:
            if self._by_ref is None:
                self._by_ref = {}
                for edge in self.a.dependencies:  # one pass, no tuple built per edge
                    self._by_ref.setdefault(edge[4], []).append(edge)
            table = pid[0] == "table" and len(pid) == 2
            found = [
                (dk, dkey, dm) if dm else (dk, dkey)
                for dk, dkey, dm, rk, _, rm in self._by_ref.get(pid[1], ())
                if (table and rk == "column") or _same(pid, rk, rm)
            ]
            self._pg[pid] = found
        return found

    def pg_references(self, pid: PlanId) -> list[PlanId]:
        """What the function `pid` depends on in FROM's dependency edges."""
        found = self._pg_refs.get(pid)
        if found is None:
            if self._by_function is None:
                self._by_function = {}
                for edge in self.a.dependencies:
                    if edge[0] == "function":
                        self._by_function.setdefault(edge[1], []).append(edge)
            found = [
                (rk, rkey, rm) if rm else (rk, rkey)
                for dk, _, dm, rk, rkey, rm in self._by_function.get(pid[1], ())
                if _same(pid, dk, dm)
            ]
            self._pg_refs[pid] = found
        return found

    def disturb_column(self, table: Any, column: str) -> None:
        self.follow(("column", table.key, column), _PG_COLUMN_RETYPED)
        self.pending.append(
            Disturbance(
                ("column", table.key, column), column, _CLASSES["column"], table.key, table.name
            )
        )

    def disturb_type(self, pid: PlanId, name: str) -> None:
        self.follow(pid, _PG_KINDS)
        self.pending.append(Disturbance(pid, name, _CLASSES[pid[0]]))

    def dependents(self) -> list[tuple[PlanId, frozenset[str], str | None, str]]:
        if self._dependents is None:
            out = []
            for t in self.a.tables.values():
                tkey = t.key  # a property that builds a string: once per table
                for p in t.policies:
                    out.append(
                        (
                            ("policy", tkey, p.name),
                            names_of(p.using, p.with_check),
                            tkey,
                            "policy",
                        )
                    )
                for tr in t.triggers:
                    out.append((("trigger", tkey, tr.name), names(tr.definition), tkey, "trigger"))
                for c in t.columns:
                    if c.generated:
                        # A generated column is dropped and added again around a change
                        # to what its expression uses (PostgreSQL cannot retype under it).
                        out.append(
                            (("column", tkey, c.name), names(c.generated), tkey, "generated")
                        )
                    elif c.default is not None and not c.identity:
                        out.append((("default", tkey, c.name), names(c.default), tkey, "default"))
                for con in t.constraints:
                    if con.kind in ("CHECK", "EXCLUDE"):
                        out.append(
                            (
                                ("constraint", tkey, con.name),
                                names(con.definition),
                                tkey,
                                "constraint",
                            )
                        )
                for ix in t.indexes:
                    if not ix.constraint and not ix.inherited:
                        text = f"{ix.predicate or ''} {' '.join(ix.columns)}"
                        out.append((("index", tkey, ix.name), names(text), tkey, "index"))
            for v in self.a.views.values():
                out.append((("view", v.key), names(v.definition), None, "view"))
            for f in self.a.functions.values():
                out.append(
                    (("function", f.key), names_of(f.arguments, f.returns), None, "function")
                )
            for e in self.a.event_triggers.values():
                out.append((("event_trigger", e.key), names(e.function), None, "event_trigger"))
            self._dependents = out
        return self._dependents

    def mentioning(self, name: str) -> list[tuple[PlanId, frozenset[str], str | None, str]]:
        """The dependents whose definitions mention `name`, in `dependents()` order.

        The first few names are looked up by a scan of the dependents (a set lookup each:
        a drift of a few objects needs no more); past `_SCANS` names, an inverted index of
        every word is built once (hundreds of thousands of words at 5,000 tables).
        """
        found = self._mentioning.get(name)
        if found is None:
            if self._by_name is None and len(self._mentioning) < _SCANS:
                found = [entry for entry in self.dependents() if name in entry[1]]
            else:
                found = self.word_index().get(name, [])
            self._mentioning[name] = found
        return found

    def word_index(self) -> dict[str, list[tuple[PlanId, frozenset[str], str | None, str]]]:
        """The dependents by each word of their definitions (built once)."""
        if self._by_name is None:
            index: dict[str, list] = {}
            for entry in self.dependents():
                for word in entry[1]:
                    index.setdefault(word, []).append(entry)
            self._by_name = index
        return self._by_name

    def expand(self) -> None:
        while self.pending:
            dist = self.pending.pop()
            for pid, found, table_key, cls in self.mentioning(dist.name):
                if cls not in dist.classes or pid == dist.pid:
                    continue
                if dist.table_name is not None:  # a column: same table, or names the table
                    if table_key != dist.table_key and dist.table_name not in found:
                        continue
                elif dist.table_key is not None and table_key == dist.table_key:
                    continue  # members of a dropped table go with it
                self.hit(pid)

    def hit(self, pid: PlanId) -> None:
        """A dependent of FROM must make way: recreate it per TO, or drop it."""
        if pid in self.replaced or pid in self.dropped:
            return
        if len(pid) == 3 and (
            ("table", pid[1]) in self.dropped or ("table", pid[1]) in self.replaced
        ):
            return
        if len(pid) == 3 and pid[0] == "default":
            column = ("column", pid[1], pid[2])
            if column in self.dropped or column in self.replaced:
                return
        if find(self.b, pid)[1] is not None:
            self.replaced[pid] = None
        else:
            self.dropped[pid] = None
        self.disturb_object(pid)

    # --- 3. emit ----------------------------------------------------------------

    def skipped(self, pid: PlanId | None) -> bool:
        """True when an ALTER is moot: its object (or its parent) is recreated or dropped."""
        if pid is None:
            return False
        if pid in self.replaced or pid in self.dropped or pid in self.created:
            return True
        if len(pid) == 3:
            for kind in ("table", "view"):
                parent = (kind, pid[1])
                if parent in self.replaced or parent in self.dropped or parent in self.created:
                    return True
        return False

    def emit_all(self) -> None:
        drop_sub = self.drop_order()
        create_sub = self.create_order()
        for pid in list(self.dropped) + list(self.replaced):
            if len(pid) == 3 and self.skipped_member(pid):
                continue
            parent, obj = find(self.a, pid)
            if obj is None or getattr(obj, "member_of", None):
                continue  # an extension's wrapper is dropped with its extension
            phase, sql, why = drop(pid, parent, obj)
            if pid[0] == "function" and self.on_dropped_view(pid):
                phase = P_DROP_FUNCTION_FIRST
            elif pid[0] == "function" and self.mentions(obj, self.dropped_relations()):
                phase = P_DROP_FUNCTION_EARLY
            elif self.type_outlives_columns(pid):
                phase = P_DROP_EXTENSION_LATE  # after the columns using it are retyped
            self.emit(
                phase,
                sql,
                why,
                drop_sub.get(pid, 0),
            )
        for pid in list(self.replaced) + list(self.created):
            if len(pid) == 3 and self.skipped_member(pid):
                continue
            parent, obj = find(self.b, pid)
            if obj is None:
                continue
            phase = None
            if pid[0] == "function":
                phase = P_FUNCTION_LATE if self.late_function(obj) else P_FUNCTION
            self.creator.create(pid, parent, obj, sub=create_sub.get(pid, 0), phase=phase)
        self.break_fk_cycles(drop_sub)
        self.republish_replaced()
        for pid, ch in self.alters:
            if ch.kind in ("comment", "grant") and self.skipped(alter.target_id(ch)):
                continue
            if ch.kind == "default_privilege" and ("schema", ch.new[0].schema) in self.dropped:
                continue  # dropping the schema drops its default privileges
            if not self.skipped(pid):
                alter.emit(ch, self)

    def republish_replaced(self) -> None:
        """Tables dropped and created again leave their publications: add them back."""
        names = {
            R.table_name(self.b.tables[p[1]]): p[1]
            for p in self.replaced
            if p[0] == "table" and p[1] in self.b.tables
        }
        if not names:
            return
        for pub in self.b.publications.values():
            if ("publication", pub.key) in self.created or (
                "publication",
                pub.key,
            ) in self.replaced:
                continue
            old = self.a.publications.get(pub.key)
            for entry in pub.tables:
                if entry.split(" ")[0] in names and old is not None and entry in old.tables:
                    self.emit(
                        P_PUBLICATION,
                        f"ALTER PUBLICATION {q(pub.name)} ADD TABLE "
                        f"{RO.publication_table(entry, self.b)};",
                    )

    def skipped_member(self, pid: PlanId) -> bool:
        parent = ("table", pid[1])
        view = ("view", pid[1])
        return any(
            p in self.replaced or p in self.created or p in self.dropped for p in (parent, view)
        )

    def dropped_relations(self) -> frozenset[str]:
        if "dropped" not in self._relations:
            self._relations["dropped"] = self._relation_names(
                list(self.dropped) + list(self.replaced)
            )
        return self._relations["dropped"]

    def created_relations(self) -> frozenset[str]:
        if "created" not in self._relations:
            self._relations["created"] = self._relation_names(
                list(self.created) + list(self.replaced)
            )
        return self._relations["created"]

    def _relation_names(self, pids: list[PlanId]) -> frozenset[str]:
        found = set()
        for pid in pids:
            if pid[0] in ("table", "view"):
                for cat in (self.a, self.b):
                    obj = cat.tables.get(pid[1]) or cat.views.get(pid[1])
                    if obj is not None:
                        found.add(obj.name)
        return frozenset(found)

    def late_function(self, func: Any) -> bool:
        """Functions created after tables and views: those that use a new relation in their
        signature or in a SQL-standard body (which PostgreSQL parses at creation)."""
        return self.mentions(func, self.created_relations())

    @staticmethod
    def mentions(func: Any, relation_names: frozenset[str]) -> bool:
        """True when a function's signature, or its SQL-standard body, names one of the relations."""
        found = names_of(func.arguments, func.returns)
        if func.language == "sql" and not (func.definition or "").rstrip().endswith("$"):
            found = found | names(func.body)
        return bool(relation_names & found)

    def drop_order(self) -> dict[PlanId, int]:
        """Sub-order of drops: dependents (children, referencing tables, using views) first."""
        subs: dict[PlanId, int] = {}
        gone = [p for p in list(self.dropped) + list(self.replaced) if p[0] in ("table", "view")]
        order = topological(gone, lambda p: self._relation_deps(self.a, p))
        for i, pid in enumerate(reversed(order)):
            subs[pid] = i
        return subs

    def create_order(self) -> dict[PlanId, int]:
        subs: dict[PlanId, int] = {}
        new = [p for p in list(self.created) + list(self.replaced) if p[0] in ("table", "view")]
        for i, pid in enumerate(topological(new, lambda p: self._relation_deps(self.b, p))):
            subs[pid] = i
        return subs

    @staticmethod
    def _relation_deps(cat: Catalog, pid: PlanId) -> list[PlanId]:
        if pid[0] == "table":
            table = cat.tables.get(pid[1])
            if table is None:
                return []
            parents = [("table", p) for p in (table.partition_of, *table.inherits) if p]
            refs = [("table", fk.references) for fk in table.foreign_keys if fk.references]
            return parents + refs
        view = cat.views.get(pid[1])
        if view is None:
            return []
        found = names(view.definition)
        out = [("view", k) for k, v in cat.views.items() if v.name in found and k != pid[1]]
        out += [("table", k) for k, t in cat.tables.items() if t.name in found]
        return out

    def break_fk_cycles(self, drop_sub: dict[PlanId, int]) -> None:
        """Foreign keys between dropped tables that the drop order cannot satisfy, and policies
        of dropped tables that query other dropped tables, are dropped first."""
        gone = {
            self.a.tables[p[1]].name
            for p in self.dropped
            if p[0] == "table" and p[1] in self.a.tables
        }
        for pid in self.dropped:
            if pid[0] != "table":
                continue
            table = self.a.tables.get(pid[1])
            for policy in table.policies if table else ():
                if (names_of(policy.using, policy.with_check) & gone) - {table.name}:
                    self.emit(P_DROP_POLICY, R.drop_policy(table, policy))
            for fk in table.foreign_keys if table else ():
                target = ("table", fk.references)
                if (
                    target in self.dropped
                    and target != pid
                    and drop_sub.get(target, 0) < drop_sub.get(pid, 0)
                ):
                    self.emit(P_DROP_FK, R.drop_constraint(table, fk))

    # --- result -------------------------------------------------------------------

    def script(self) -> SqlScript:
        self.classify()
        self.expand()
        self.emit_all()
        ordered = sorted(enumerate(self.statements), key=lambda t: (t[1].phase, t[1].sub, t[0]))
        seen: set[str] = set()
        statements = []
        for _, stmt in ordered:
            if stmt.sql in seen:
                continue
            seen.add(stmt.sql)
            statements.append(stmt)
        if any(s.phase in (P_FUNCTION, P_FUNCTION_LATE) for s in statements):
            statements.insert(0, Statement("SET check_function_bodies = false;", P_SETTINGS))
        return SqlScript(statements)


def _same(pid: PlanId, kind: str, member: str) -> bool:
    """True when an edge's end (its key matched already) is `pid`."""
    return pid[0] == kind and (bool(member) and pid[2] == member if len(pid) == 3 else not member)


def to_sql(changes: list[Change], a: Catalog, b: Catalog) -> SqlScript:
    """SQL that turns FROM (`a`) into TO (`b`), given `changes = diff(a, b)`."""
    return Planner(changes, a, b).script()


__all__ = ["Planner", "SqlScript", "Statement", "to_sql"]
