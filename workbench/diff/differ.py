"""Compare two catalogs: `diff(a, b)` lists what differs, "added" meaning only in b (TO).

Objects are matched by key (`schema.name`, functions with their identity
arguments, table members by name within their table). Things that are not
schema are ignored: column order, statistics, grantors, backing-index names,
and the identity sequence's name (its options are compared with the column).
Members inherited from a parent table (partitions) are compared on the parent
only. An added or removed table is one change; its DDL lists its members.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbench.catalog import ddl_names as D
from workbench.catalog import ddl_schema_objects as RO
from workbench.catalog import ddl_tables as R
from workbench.catalog import grants as G
from workbench.catalog.ddl import definition
from workbench.catalog.kinds import UNORDERED, compared_fields
from workbench.catalog.model import Catalog, Column, Table, View
from workbench.catalog.quoting import quote_ident as q
from workbench.diff.changes import ADDED, CHANGED, REMOVED, Change, sort_key


def _value(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    if name in UNORDERED and isinstance(value, tuple):
        return tuple(sorted(value))
    return value


def changed_fields(old: Any, new: Any, extra_skip: Iterable[str] = ()) -> tuple[str, ...]:
    """Names of the compared attributes that differ between two objects of one class."""
    skip = set(extra_skip)
    return tuple(
        name
        for name in compared_fields(type(old))
        if name not in skip and _value(old, name) != _value(new, name)
    )


class _Differ:
    def __init__(self, a: Catalog, b: Catalog) -> None:
        self.a, self.b = a, b
        self.changes: list[Change] = []

    # --- helpers -------------------------------------------------------------

    def add(self, **kwargs: Any) -> None:
        self.changes.append(Change(**kwargs))

    def objects(
        self,
        kind_of,
        a_map: dict[str, Any],
        b_map: dict[str, Any],
        compare=None,
        parent: tuple[Any, Any] | None = None,
        key_of=None,
    ) -> list[tuple[str, Any, Any]]:
        """Report added/removed objects; return the (key, old, new) pairs present on both sides."""
        both = []
        pa, pb = parent or (None, None)
        parent_key = _key(pb or pa) if parent else None
        for key in sorted(set(a_map) | set(b_map)):
            old, new = a_map.get(key), b_map.get(key)
            obj_key = key_of(key) if key_of else key
            if old is None or new is None:
                added = old is None
                kind = kind_of(new if added else old)
                text = definition(kind, *((new, self.b, pb) if added else (old, self.a, pa)))
                self.add(
                    kind=kind,
                    object=obj_key,
                    change=ADDED if added else REMOVED,
                    from_def=None if added else text,
                    to_def=text if added else None,
                    parent=parent_key,
                    old=old,
                    new=new,
                )
            elif (old is new or old == new) and (
                not _has_identity(old) or self.same_identities(old, new, pa, pb)
            ):
                continue  # equal (comments, grants, members and identity sequences included)
            else:
                both.append((obj_key, old, new))
                kind_old, kind_new = kind_of(old), kind_of(new)
                fields = (compare or changed_fields)(old, new)
                if kind_old != kind_new and "kind" not in fields:
                    fields = ("kind", *fields)
                if fields:
                    self.add(
                        kind=kind_new,
                        object=obj_key,
                        change=CHANGED,
                        from_def=definition(kind_old, old, self.a, pa),
                        to_def=definition(kind_new, new, self.b, pb),
                        parent=parent_key,
                        fields=fields,
                        old=old,
                        new=new,
                    )
        return both

    def same_identities(self, old: Any, new: Any, pa: Any, pb: Any) -> bool:
        """For two equal objects with identity columns (a table, or a column of tables `pa`
        and `pb`): True when nothing about them can differ, their identity sequences
        included (same options and names), so comparing them member by member would
        find nothing. Grants depend on the server version: different versions compare
        member by member."""
        if self.a.server_version != self.b.server_version:
            return False
        if isinstance(old, Column):
            pairs = [(pa, pb, old.name)]
        else:
            pairs = [(old, new, c.name) for c in old.columns if c.identity and not c.inherited]
        for ta, tb, name in pairs:
            sx = R.identity_sequence(self.a, ta, name)
            sy = R.identity_sequence(self.b, tb, name)
            if _seq_options(sx) != _seq_options(sy):
                return False
            if sx is not None and sy is not None and sx.name != sy.name:
                return False
        return True

    def comment(self, kind: str, key: str, old: Any, new: Any, pa=None, pb=None) -> None:
        if old.comment == new.comment:
            return
        change = ADDED if old.comment is None else REMOVED if new.comment is None else CHANGED
        self.add(
            kind="comment",
            object=key,
            change=change,
            from_def=None
            if old.comment is None
            else D.comment_statement(kind, old, pa, old.comment),
            to_def=None if new.comment is None else D.comment_statement(kind, new, pb, new.comment),
            parent=_key(pb) if pb is not None else None,
            target=kind,
            old=(old, pa),
            new=(new, pb),
        )

    def grants(self, kind: str, key: str, old: Any, new: Any, pa=None, pb=None) -> None:
        ga = D.effective_grants(kind, old, self.a.server_version)
        gb = D.effective_grants(kind, new, self.b.server_version)
        # ALTER ... OWNER TO hands the old owner's privileges to the new owner.
        owner_a = getattr(pa if kind == "column" else old, "owner", None)
        owner_b = getattr(pb if kind == "column" else new, "owner", None)
        moved = G.change_owner(ga, owner_a, owner_b) if owner_a != owner_b else ga
        if moved == gb:
            return
        columns_a = q(old.name) if kind == "column" else None
        columns_b = q(new.name) if kind == "column" else None
        self.add(
            kind="grant",
            object=key,
            change=ADDED if not ga else REMOVED if not gb else CHANGED,
            from_def=G.describe(D.grant_on(kind, old, pa), ga, columns=columns_a) or None,
            to_def=G.describe(D.grant_on(kind, new, pb), gb, columns=columns_b) or None,
            parent=_key(pb) if pb is not None else None,
            target=kind,
            old=(old, pa, moved),
            new=(new, pb, gb),
        )

    # --- kinds ---------------------------------------------------------------

    def run(self) -> list[Change]:
        a, b = self.a, self.b
        simple = (
            ("schema", a.schemas, b.schemas),
            ("extension", a.extensions, b.extensions),
            ("collation", a.collations, b.collations),
            ("enum", a.enums, b.enums),
            ("domain", a.domains, b.domains),
            ("range_type", a.range_types, b.range_types),
            ("event_trigger", a.event_triggers, b.event_triggers),
            ("publication", a.publications, b.publications),
            ("foreign_data_wrapper", a.foreign_data_wrappers, b.foreign_data_wrappers),
            ("server", a.foreign_servers, b.foreign_servers),
            ("user_mapping", a.user_mappings, b.user_mappings),
        )
        for kind, a_map, b_map in simple:
            for key, old, new in self.objects(lambda _o, k=kind: k, a_map, b_map):
                if kind != "user_mapping":
                    self.comment(kind, key, old, new)
                if kind in ("schema", "foreign_data_wrapper", "server"):
                    self.grants(kind, key, old, new)
        self.composite_types()
        self.sequences()
        for key, old, new in self.objects(D.function_kind, a.functions, b.functions):
            kind = D.function_kind(new)
            self.comment(kind, key, old, new)
            self.grants(kind, key, old, new)
        self.tables()
        self.views()
        self.default_privileges()
        return sorted(self.changes, key=sort_key)

    def composite_types(self) -> None:
        def compare(old, new):
            fields = changed_fields(old, new)
            if _attrs(old) != _attrs(new):
                fields += ("attributes",)
            return fields

        pairs = self.objects(
            lambda _o: "composite_type", self.a.composite_types, self.b.composite_types, compare
        )
        for key, old, new in pairs:
            self.comment("composite_type", key, old, new)
            old_attrs = {c.name: c for c in old.attributes}
            for attr in new.attributes:
                if attr.name in old_attrs:
                    self.comment(
                        "column", f"{key}.{attr.name}", old_attrs[attr.name], attr, old, new
                    )

    def sequences(self) -> None:
        def plain(cat: Catalog) -> dict[str, Any]:
            return {k: s for k, s in cat.sequences.items() if not s.identity}

        for key, old, new in self.objects(lambda _o: "sequence", plain(self.a), plain(self.b)):
            self.comment("sequence", key, old, new)
            self.grants("sequence", key, old, new)

    def tables(self) -> None:
        pairs = self.objects(
            lambda _o: "table",
            self.a.tables,
            self.b.tables,
            _compare_tables,
        )
        for key, old, new in pairs:
            self.comment("table", key, old, new)
            self.grants("table", key, old, new)
            self.table_members(key, old, new)

    def table_members(self, key: str, old: Table, new: Table) -> None:
        parent = (old, new)

        def member_key(name: str) -> str:
            return f"{key}.{name}"

        def compare_column(x: Column, y: Column) -> tuple[str, ...]:
            fields = changed_fields(x, y)
            if x.identity and y.identity:
                sx = R.identity_sequence(self.a, old, x.name)
                sy = R.identity_sequence(self.b, new, y.name)
                if _seq_options(sx) != _seq_options(sy):
                    fields += ("identity_options",)
                if sx is not None and sy is not None and sx.name != sy.name:
                    fields += ("identity_sequence",)
            return fields

        columns = self.objects(
            lambda _o: "column",
            {c.name: c for c in old.columns if not c.inherited},
            {c.name: c for c in new.columns if not c.inherited},
            compare_column,
            parent,
            member_key,
        )
        for name, x, y in columns:
            self.comment("column", name, x, y, old, new)
            if x.grants or y.grants:
                self.grants("column", name, x, y, old, new)
        members = (
            ("constraint", lambda t: {c.name: c for c in t.constraints if not c.inherited}),
            (
                "index",
                lambda t: {i.name: i for i in t.indexes if not i.constraint and not i.inherited},
            ),
            ("trigger", lambda t: {m.name: m for m in t.triggers}),
            ("rule", lambda t: {m.name: m for m in t.rules}),
            ("policy", lambda t: {m.name: m for m in t.policies}),
        )
        for kind, by_name in members:
            pairs = self.objects(
                lambda _o, k=kind: k, by_name(old), by_name(new), None, parent, member_key
            )
            for name, x, y in pairs:
                self.comment(kind, name, x, y, old, new)
        stats = self.objects(
            lambda _o: "statistic",
            {s.name: s for s in old.statistics},
            {s.name: s for s in new.statistics},
            None,
            parent,
            member_key,
        )
        for name, x, y in stats:
            self.comment("statistic", name, x, y, old, new)

    def views(self) -> None:
        def compare(old: View, new: View) -> tuple[str, ...]:
            fields = changed_fields(old, new, ("security_invoker", "options"))
            if sorted(RO.view_options(old)) != sorted(RO.view_options(new)):
                fields += ("options",)
            return fields

        pairs = self.objects(D.view_kind, self.a.views, self.b.views, compare)
        for key, old, new in pairs:
            kind = D.view_kind(new)
            self.comment(kind, key, old, new)
            self.grants(kind, key, old, new)
            old_cols = {c.name: c for c in old.columns}
            for col in new.columns:
                if col.name in old_cols:
                    self.comment("column", f"{key}.{col.name}", old_cols[col.name], col, old, new)
            indexes = self.objects(
                lambda _o: "index",
                {i.name: i for i in old.indexes},
                {i.name: i for i in new.indexes},
                None,
                (old, new),
                lambda n, k=key: f"{k}.{n}",
            )
            for name, x, y in indexes:
                self.comment("index", name, x, y, old, new)

    def default_privileges(self) -> None:
        a, b = self.a.default_privileges, self.b.default_privileges
        for key in sorted(set(a) | set(b)):
            ga = G.effective_default(a.get(key), key, self.a.server_version)
            gb = G.effective_default(b.get(key), key, self.b.server_version)
            if ga == gb:
                continue
            entry = b.get(key) or a.get(key)
            on = G.default_privilege_type(entry)
            prefix = G.default_privileges_prefix(entry)
            self.add(
                kind="default_privilege",
                object=key,
                change=ADDED if not ga else REMOVED if not gb else CHANGED,
                from_def=G.describe(on, ga, prefix=prefix) or None,
                to_def=G.describe(on, gb, prefix=prefix) or None,
                old=(a.get(key), ga),
                new=(entry, gb),
            )


def _compare_tables(old: Table, new: Table) -> tuple[str, ...]:
    fields = changed_fields(old, new, ("statistics",))  # extended statistics are members
    if "replica_identity" not in fields and _replica_index(old) != _replica_index(new):
        fields += ("replica_identity",)
    return fields


def _replica_index(table: Table) -> str | None:
    return next((i.name for i in table.indexes if getattr(i, "replica_identity", False)), None)


def _has_identity(obj: Any) -> bool:
    """Identity columns (and their tables): the sequences' options are compared besides them."""
    if isinstance(obj, Column):
        return obj.identity is not None
    return any(c.identity for c in getattr(obj, "columns", ()) if isinstance(c, Column))


def _key(obj: Any) -> str:
    return obj.key


def _attrs(ctype) -> list[tuple]:
    return [
        (c.name, c.type, c.collation) for c in sorted(ctype.attributes, key=lambda c: c.position)
    ]


def _seq_options(seq) -> tuple | None:
    if seq is None:
        return None
    return (seq.start, seq.increment, seq.min_value, seq.max_value, seq.cache, seq.cycle)


def diff(a: Catalog, b: Catalog) -> list[Change]:
    """The changes that turn catalog `a` (FROM) into catalog `b` (TO), in a stable order."""
    return _Differ(a, b).run()
