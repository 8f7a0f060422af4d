"""PostgreSQL's dependency graph as edges between the catalog's objects (used by `introspect`).

The server sends the raw pg_depend edges as numbers (queries/depends.sql) and
the objects they can name as ids and names (queries/depend_objects.sql); the
edges are mapped and deduplicated here. Building the six strings of every edge
on the server, joining and sorting them, cost ~1.1 s of server CPU at 5,000
tables; now the server spends ~0.1 s and this mapping (a dictionary access per
end) ~0.25 s of client CPU.

Each edge is (kind, key, member, ref kind, ref key, ref member), member '' for a
top-level object; a column is kind column, its table's key, its name. Kinds and
keys are those of the differ's plan ids: table, view, sequence, composite_type,
enum, domain, range_type, function, extension; members column, default,
constraint, index, trigger, policy, rule, and the publication membership of a
table (kind publication). A constraint's index stands for its constraint
(foreign keys depend on the unique index of the key they reference); an array
type for its element type; a type or function of an extension for the
extension; a column of a view, sequence or composite type for its relation.
The edges are distinct and sorted (code point order), so a snapshot's list does
not depend on the order of pg_depend.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable
from itertools import groupby

PG_CLASS = 1259
PG_TYPE = 1247
PG_PROC = 1255
PG_REWRITE = 2618
PG_ATTRDEF = 2604
PG_CONSTRAINT = 2606
PG_POLICY = 3256
PG_TRIGGER = 2620
PG_PUBLICATION_REL = 6106

_RELATION_KINDS = {
    "r": "table",
    "p": "table",
    "f": "table",
    "v": "view",
    "m": "view",
    "S": "sequence",
    "c": "composite_type",
}
_WITH_COLUMNS = frozenset("rpf")  # relations whose columns are objects of their own
_TYPE_KINDS = {"e": "enum", "d": "domain", "r": "range_type"}
_OBJECT = (1 << 48) - 1  # an end without its column number: classid << 32 | objid
_NOTHING: tuple = ()  # an end that names no object of the selected schemas

Edge = tuple[str, str, str, str, str, str]


def ends(packed: bytes | None) -> array:
    """depends.sql's value as integers: dependent, referenced, dependent, ..."""
    out = array("q")
    if packed:
        out.frombytes(packed)
        if sys.byteorder == "little":
            out.byteswap()  # int8send: big-endian
    return out


def dependencies(
    edge_rows: list[tuple[bytes | None]],
    object_rows: list[tuple],
    schema_names: dict[int, str],
    column_names: dict[int, dict[int, str]],
    defaults: Iterable[tuple[int, int, str]] = (),
) -> tuple[Edge, ...]:
    """The edges between objects of the selected schemas, distinct and sorted.

    `edge_rows`: depends.sql's one row; `object_rows`: depend_objects.sql's rows;
    `schema_names`: the selected schemas by oid; `column_names`: column names by
    relation oid and number (the columns query's); `defaults`: (pg_attrdef oid,
    relation oid, column name) of the columns' defaults (the columns query's;
    generation expressions are not defaults).
    Both row lists are consumed (emptied) to free their memory early.
    """
    objects, columns = _objects(object_rows, schema_names, column_names, defaults)
    object_rows.clear()
    flat = ends(edge_rows[0][0] if edge_rows else None)
    edge_rows.clear()

    def resolve(end: int) -> tuple:
        """The object an end that is not an object's own id names (remembered): a
        column, the column of a relation without column objects, or _NOTHING."""
        found = objects.get(end & _OBJECT, _NOTHING)
        if end > _OBJECT and found:
            names = columns.get(end & _OBJECT)
            name = names.get(end >> 48) if names is not None else None
            if name is not None:
                found = ("column", found[1], name)
        objects[end] = found
        return found

    get = objects.get
    edges: list[tuple] = []
    add = edges.append
    pairs = iter(flat)
    for dep_end, ref_end in zip(pairs, pairs):
        dep = get(dep_end)
        if dep is None:
            dep = resolve(dep_end)
        if not dep:
            continue
        ref = get(ref_end)
        if ref is None:
            ref = resolve(ref_end)
        if ref:
            add(dep + ref)
    del flat
    objects.clear()  # the lookups are done: free them before sorting
    # sorted, then distinct (a list, not a set: less memory at this late peak)
    edges.sort()
    return tuple(edge for edge, _ in groupby(edges))


def _objects(
    rows: Iterable[tuple],
    schema_names: dict[int, str],
    column_names: dict[int, dict[int, str]],
    defaults: Iterable[tuple[int, int, str]],
) -> tuple[dict[int, tuple], dict[int, dict[int, str]]]:
    """(kind, key, member) by end (classid << 32 | objid), and the column names of the
    relations whose columns are objects (by the same end)."""
    by_class: dict[int, list[tuple]] = {}
    for row in rows:
        by_class.setdefault(row[0], []).append(row)
    objects: dict[int, tuple] = {}
    columns: dict[int, dict[int, str]] = {}
    # relations of the selected schemas: oid -> (key, relkind, name)
    relations: dict[int, tuple[str, str, str]] = {}
    for _, oid, nsp, _, _, relkind, name, _ in by_class.get(PG_CLASS, ()):
        schema = schema_names.get(nsp)
        if schema is not None:
            relations[oid] = (f"{schema}.{name}", relkind, name)
    # a primary key, unique or exclusion constraint by (its index, its table)
    backing = {
        (index, table): name
        for _, _, _, table, index, _, name, _ in by_class.get(PG_CONSTRAINT, ())
        if index is not None
    }
    base = PG_CLASS << 32
    for _, oid, _, table_oid, _, relkind, name, _ in by_class.get(PG_CLASS, ()):
        relation = relations.get(oid)
        if relation is None:
            continue
        if relkind in ("i", "I"):
            table = relations.get(table_oid)
            if table is None:
                continue
            con = backing.get((oid, table_oid))
            objects[base | oid] = (
                ("index", table[0], name) if con is None else ("constraint", table[0], con)
            )
        else:
            objects[base | oid] = (_RELATION_KINDS[relkind], relation[0], "")
            if relkind in _WITH_COLUMNS:
                columns[base | oid] = column_names.get(oid, {})
    base = PG_TYPE << 32
    type_names: dict[int, str] = {}
    for _, oid, nsp, relid, _, typtype, name, extension in by_class.get(PG_TYPE, ()):
        type_names[oid] = name
        if extension is not None:
            objects[base | oid] = ("extension", extension, "")
            continue
        schema = schema_names.get(nsp)
        if schema is None:
            continue
        if typtype == "c":  # a relation's row type: the relation
            relation = relations.get(relid)
            kind = "composite_type" if relation is not None and relation[1] == "c" else "table"
            name = relation[2] if relation is not None else name
        else:
            kind = _TYPE_KINDS[typtype]
        objects[base | oid] = (kind, f"{schema}.{name}", "")
    base = PG_PROC << 32
    for _, oid, nsp, _, _, arguments, name, extension in by_class.get(PG_PROC, ()):
        if extension is not None:
            objects[base | oid] = ("extension", extension, "")
        elif (schema := schema_names.get(nsp)) is not None:
            objects[base | oid] = ("function", f"{schema}.{name}({arguments})", "")
    base = PG_REWRITE << 32
    for _, oid, _, relid, _, _, name, _ in by_class.get(PG_REWRITE, ()):
        relation = relations.get(relid)
        if relation is not None:
            objects[base | oid] = (
                ("view", relation[0], "") if name == "_RETURN" else ("rule", relation[0], name)
            )
    base = PG_ATTRDEF << 32
    for oid, relid, name in defaults:
        relation = relations.get(relid)
        if relation is not None:
            objects[base | oid] = ("default", relation[0], name)
    base = PG_CONSTRAINT << 32
    for _, oid, nsp, owner, _, domain, name, _ in by_class.get(PG_CONSTRAINT, ()):
        schema = schema_names.get(nsp)
        if schema is None:
            continue
        if domain:
            if owner in type_names:
                objects[base | oid] = ("domain", f"{schema}.{type_names[owner]}", "")
        elif (relation := relations.get(owner)) is not None:
            objects[base | oid] = ("constraint", f"{schema}.{relation[2]}", name)
    for classid, kind in ((PG_POLICY, "policy"), (PG_TRIGGER, "trigger")):
        base = classid << 32
        for _, oid, _, relid, _, _, name, _ in by_class.get(classid, ()):
            relation = relations.get(relid)
            if relation is not None:
                objects[base | oid] = (kind, relation[0], name)
    base = PG_PUBLICATION_REL << 32
    for _, oid, _, _, _, _, name, _ in by_class.get(PG_PUBLICATION_REL, ()):
        objects[base | oid] = ("publication", name, "")
    return objects, columns
