"""The members of relations (columns, constraints, indexes, ...) from their query rows.

These loops run once per column/constraint/index of the database, so they
build the frozen model objects directly (`maker`) and keep per-row work small.
Rows are grouped by relation oid; `introspect_build.relations` attaches them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from operator import itemgetter
from typing import Any

from workbench.catalog.acl import parse_acl
from workbench.catalog.model import (
    Column,
    Constraint,
    Grant,
    Index,
    Policy,
    Rule,
    Statistic,
    Trigger,
)
from workbench.catalog.quoting import quoter

MEMBER_KINDS = ("columns", "constraints", "indexes", "triggers", "policies", "rules", "statistics")


@cache
def _fields(cls: type) -> tuple[tuple[str, ...], dict[str, Any]]:
    """The field names of a model dataclass, and the defaults of all its fields."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    defaults = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            defaults[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            defaults[f.name] = f.default_factory()
    return names, defaults


def new_frozen(cls: type, values: dict[str, Any]) -> Any:
    """Make a frozen model object from its fields by name, without running its __init__.

    Fields missing from `values` get their defaults, so the object is complete.
    """
    names, defaults = _fields(cls)
    if len(values) != len(names):
        values = {**defaults, **values}
    return maker(cls)(*[values[name] for name in names])


@cache
def maker(cls: type) -> Callable[..., Any]:
    """A function of all of `cls`'s field values, in model order, that makes the frozen
    (slotted) object without its __init__: one slot store per field, no frozen-attribute
    checks. Generated once per class, as `dataclasses` generates __init__; ~1/4 less time
    than a dict per object, and the objects are ~1/4 of the size."""
    names = _fields(cls)[0]
    params = ", ".join(f"v{i}" for i in range(len(names)))
    stores = "".join(f"    s{i}(obj, v{i})\n" for i in range(len(names)))
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope.update({f"s{i}": getattr(cls, name).__set__ for i, name in enumerate(names)})
    exec(f"def make({params}):\n    obj = new(cls)\n{stores}    return obj\n", scope)  # noqa: S102
    return scope["make"]


# Member kinds whose query returns (relation oid, *fields in model order), and
# the fields that arrive as lists and become tuples.
_MEMBER_CLASSES: dict[str, tuple[type, tuple[str, ...]]] = {
    "columns": (Column, ()),
    "triggers": (Trigger, ()),
    "policies": (Policy, ("roles",)),
    "rules": (Rule, ()),
    "statistics": (Statistic, ()),
}


# The member queries leave the order to Python: each relation's members by name
# (columns by attnum), as the model keeps them.
_MEMBER_ORDER = {
    "columns": itemgetter(0, 11),  # relation oid, attnum
    "statistics": itemgetter(0, 1, 2),  # relation oid, schema, name
}
_relation_then_name = itemgetter(0, 1)


def _check_width(kind: str, rows: list[tuple], width: int) -> None:
    """The query and the model agree on the number of fields (checked once per query)."""
    if rows and len(rows[0]) != width:
        raise AssertionError(f"{kind}: {len(rows[0])} fields per row, expected {width}")


class Members:
    """Privileges and the members of relations (columns, constraints, ...) by relation oid.

    The loops here run once per column/constraint/index of the database, so
    they build objects directly (see `maker`) and avoid per-row allocations.
    """

    def __init__(
        self,
        acl_rows: list[tuple],
        column_comment_rows: list[tuple] = (),
        role_names: dict[int, str] | None = None,
        pool: dict | None = None,
        keywords: frozenset[str] = frozenset(),
    ) -> None:
        # `pool`: shared by catalogs read to be compared (`introspect(..., pool=)`): equal
        # members, grants and columns are one object in both, so comparing them is an
        # identity check, and the second catalog costs little memory.
        self.pool = pool
        # Objects made under the same default privileges share their ACL: each
        # distinct ACL is parsed once and its tuple of grants is shared.
        parsed: dict[tuple[str, ...], tuple[Grant, ...]] = (
            pool.setdefault("acl", {}) if pool is not None else {}
        )
        acl: dict[tuple[str, int, int], tuple[Grant, ...]] = {}
        column_acl: set[int] = set()
        for kind, oid, subid, items in acl_rows:
            items = tuple(items)
            grants = parsed.get(items)
            if grants is None:
                grants = parsed[items] = parse_acl(items)
            if grants:
                acl[kind, oid, subid] = grants
                if kind == "a":
                    column_acl.add(oid)
        self.acl = acl
        self.column_acl = column_acl
        self.column_comments = {(oid, attnum): text for oid, attnum, text in column_comment_rows}
        self.role_names = role_names or {}
        self.quote = quoter(keywords)  # as the server's quote_ident()
        self._role_lists: dict[tuple[int, ...], tuple[str, ...]] = {}
        self.by_rel: dict[str, dict[int, tuple]] = {}
        self.attnames: dict[int, dict[int, str]] = {}
        # (pg_attrdef oid, relation oid, column name) of defaults (not generation expressions)
        self.defaults: list[tuple[int, int, str]] = []

    def add(self, kind: str, rows: list[tuple]) -> None:
        rows.sort(key=_MEMBER_ORDER.get(kind, _relation_then_name))
        if kind == "columns":
            self.by_rel[kind] = self._columns(rows)
        elif kind == "indexes":
            self.by_rel[kind] = self._indexes(rows)
        elif kind == "constraints":
            self.by_rel[kind] = self._constraints(rows)
        else:
            self.by_rel[kind] = self._plain(kind, rows)

    def _maker(self, cls: type) -> Callable[..., Any]:
        """`maker(cls)`, or with a pool: an object equal to one made before is that one."""
        make = maker(cls)
        if self.pool is None:
            return make
        made = self.pool.setdefault(cls, {})
        get = made.get

        def pooled(*values: Any) -> Any:
            obj = get(values)
            if obj is None:
                obj = made[values] = make(*values)
            return obj

        return pooled

    def _plain(self, kind: str, rows: list[tuple]) -> dict[int, tuple]:
        cls, arrays = _MEMBER_CLASSES[kind]
        names = _fields(cls)[0]
        _check_width(kind, rows, len(names) + 1)
        make = self._maker(cls)
        tuples = [names.index(name) for name in arrays]
        roles = names.index("roles") if kind == "policies" else None
        grouped: dict[int, list] = defaultdict(list)
        for row in rows:
            values = list(row[1:])
            for i in tuples:
                values[i] = tuple(values[i])
            if roles is not None:
                values[roles] = self._role_names(values[roles])
            grouped[row[0]].append(make(*values))
        return {oid: tuple(items) for oid, items in grouped.items()}

    def _role_names(self, oids: tuple[int, ...]) -> tuple[str, ...]:
        """Role oids as sorted names, 'public' for PUBLIC (as pg_get_userbyid names them);
        each distinct list once (policies share a few)."""
        found = self._role_lists.get(oids)
        if found is None:
            names = self.role_names
            found = self._role_lists[oids] = tuple(
                sorted(
                    "public" if oid == 0 else names.get(oid) or f"unknown (OID={oid})"
                    for oid in oids
                )
            )
        return found

    def _columns(self, rows: list[tuple]) -> dict[int, tuple]:
        # The fields up to statistics; then comment, grants, position, inherited, not_null_name;
        # options (a foreign table column's) come from queries/foreign.sql, set afterwards.
        make = maker(Column)
        _check_width("columns", rows, 15)
        grouped: dict[int, list] = defaultdict(list)
        attnames: dict[int, dict[int, str]] = defaultdict(dict)
        add_default = self.defaults.append
        acl_get = self.acl.get
        column_acl = self.column_acl
        comment_get = self.column_comments.get
        # Equal columns (id, created_at, ... in many tables) share one object.
        seen: dict[tuple, Column] = (
            self.pool.setdefault(Column, {}) if self.pool is not None else {}
        )
        for row in rows:
            oid = row[0]
            attnum = row[11]
            # The column's rank, not attnum: dropped columns leave gaps in attnum, and
            # a table rebuilt without them must compare equal.
            position = len(grouped[oid]) + 1
            grants = acl_get(("a", oid, attnum), ()) if oid in column_acl else ()
            comment = comment_get((oid, attnum))
            key = (*row[1:11], comment, position, row[12], grants, row[13])
            obj = seen.get(key)
            if obj is None:
                obj = seen[key] = make(*row[1:11], comment, grants, position, row[12], row[13], ())
            grouped[oid].append(obj)
            attnames[oid][attnum] = row[1]
            if row[14] is not None:
                add_default((row[14], oid, row[1]))
        self.attnames = attnames
        return {oid: tuple(items) for oid, items in grouped.items()}

    def _names(self, oid: int, attnums: list[int] | None) -> tuple[str, ...]:
        """Column numbers of relation `oid` as names (numbers that are not columns are left out)."""
        if not attnums:
            return ()
        cols = self.attnames.get(oid, {})
        return tuple(cols[n] for n in attnums if n in cols)

    def _indexes(self, rows: list[tuple]) -> dict[int, tuple]:
        """Indexes; run after `_constraints`, whose `index` names the backing index."""
        _check_width("indexes", rows, 13)
        backing: dict[tuple[int, str], str] = {
            (oid, con.index): con.name
            for oid, cons in self.by_rel.get("constraints", {}).items()
            for con in cons
            if con.index is not None
        }
        grouped: dict[int, list] = defaultdict(list)
        no_columns: dict[int, str] = {}
        make = self._maker(Index)
        for row in rows:
            oid = row[0]
            nkey = row[5]
            cols = self.attnames.get(oid, no_columns)
            exprs = row[4]
            if exprs:
                pending = iter(exprs)
                texts = [cols.get(n, "") if n else next(pending, "") for n in row[3]]
            else:
                texts = [cols.get(n, "") for n in row[3]]
            obj = make(
                row[1],
                row[2],
                tuple(texts[:nkey]),
                row[6],
                row[7],
                row[8],
                row[9],
                tuple(texts[nkey:]),
                backing.get((oid, row[1])),
                row[10],
                row[11],
                row[12],
            )
            grouped[oid].append(obj)
        return {oid: tuple(items) for oid, items in grouped.items()}

    def _constraints(self, rows: list[tuple]) -> dict[int, tuple]:
        _check_width("constraints", rows, 19)
        grouped: dict[int, list] = defaultdict(list)
        names = self._names
        make = self._maker(Constraint)
        for row in rows:
            oid = row[0]
            ref_names = row[8]
            columns = names(oid, row[4])
            ref_columns = tuple(ref_names) if ref_names is not None else names(row[5], row[7])
            obj = make(
                row[1],
                row[2],
                row[3] if row[3] is not None else self._definition(row, columns, ref_columns),
                columns,
                row[6],
                ref_columns,
                row[9],
                row[10],
                row[11],
                row[12],
                row[13],
                row[14],
                row[15],
                row[16],
                row[17],
            )
            grouped[oid].append(obj)
        return {oid: tuple(items) for oid, items in grouped.items()}

    def _definition(self, row: tuple, columns: tuple[str, ...], refs: tuple[str, ...]) -> str:
        """pg_get_constraintdef()'s text of a plain primary key, unique constraint or foreign
        key (the query leaves it to the client: see queries/constraints.sql)."""
        quote = self.quote
        text = f"{row[2]} ({', '.join(map(quote, columns))})"
        if row[2] == "FOREIGN KEY":
            text += f" REFERENCES {row[18]}({', '.join(map(quote, refs))})"
            if row[9] != "NO ACTION":
                text += f" ON UPDATE {row[9]}"
            if row[10] != "NO ACTION":
                text += f" ON DELETE {row[10]}"
        if row[11]:
            text += " DEFERRABLE"
        if row[12]:
            text += " INITIALLY DEFERRED"
        if not row[14]:
            text += " NOT ENFORCED"
        elif not row[13]:
            text += " NOT VALID"
        return text

    def of(self, kind: str, oid: int) -> tuple:
        return self.by_rel[kind].get(oid, ())

    def grants_of(self, kind: str, oid: int) -> tuple[Grant, ...]:
        return self.acl.get((kind, oid, 0), ())
