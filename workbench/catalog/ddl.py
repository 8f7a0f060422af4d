"""The full DDL of each catalog object: the one writer behind generated migrations and
every DDL the workbench shows.

`creation` lists the statements that create an object with its members, owner,
privileges and comments, each tagged with the step it belongs to (`table`,
`constraint`, `fk`, `grant`, ...): the differ orders the steps of many objects
into phases; display joins one object's statements (`definition`, `object_ddl`).
Statement text comes from `ddl_tables` and `ddl_schema_objects`; names, owner,
privileges and comments from `ddl_names`.
"""

from __future__ import annotations

from typing import Any

from workbench.catalog import ddl_foreign as F
from workbench.catalog import ddl_schema_objects as RO
from workbench.catalog import ddl_tables as R
from workbench.catalog import grants as G
from workbench.catalog.ddl_names import (
    comment_statement,
    finishing,
    function_kind,
    grant_on,
    view_kind,
)
from workbench.catalog.kinds import BY_FIELD, KINDS
from workbench.catalog.model import Catalog, DefaultPrivilege, Table, View
from workbench.catalog.quoting import quote_ident

Step = tuple[str, str]  # (step, statement)

# The steps in the order their statements run (the differ's phases follow it).
STEPS = (
    "schema",
    "extension",
    "collation",
    "enum",
    "range",
    "domain",
    "composite",
    "sequence",
    "function",
    "foreign_data_wrapper",
    "server",
    "user_mapping",
    "table",
    "column",
    "column_settings",
    "set_default",
    "sequence_owned",
    "constraint",
    "index",
    "fk",
    "view",
    "trigger",
    "rule",
    "policy",
    "statistic",
    "table_props",
    "event_trigger",
    "publication",
    "owner",
    "grant",
    "comment",
)
_RANK = {step: n for n, step in enumerate(STEPS)}

_TOP_STEPS = {
    "schema": lambda o, c: [("schema", RO.create_schema(o))],
    "extension": lambda o, c: [("extension", RO.create_extension(o))],
    "collation": lambda o, c: [("collation", RO.create_collation(o))],
    "enum": lambda o, c: [("enum", RO.create_enum(o))],
    "range_type": lambda o, c: [("range", RO.create_range(o))],
    "domain": lambda o, c: [("domain", s) for s in RO.create_domain(o)],
    "function": lambda o, c: [("function", RO.create_function(o))],
    "event_trigger": lambda o, c: [("event_trigger", s) for s in RO.create_event_trigger(o, c)],
    "publication": lambda o, c: [("publication", RO.create_publication(o, c))],
    # an extension's wrapper comes with its extension: only its grants and comment are written
    "foreign_data_wrapper": lambda o, c: (
        [] if o.member_of else [("foreign_data_wrapper", F.create_wrapper(o))]
    ),
    "server": lambda o, c: [("server", F.create_server(o))],
    "user_mapping": lambda o, c: [("user_mapping", F.create_mapping(o))],
}


def creation(
    kind: str,
    obj: Any,
    cat: Catalog,
    parent: Any = None,
    *,
    creator: str | None,
    defaults: Catalog,
    version: str | None,
    show_owner: bool = False,
) -> list[Step]:
    """The statements creating `obj` (of `cat`) in full, as (step, statement).

    `creator` is the role running them, under the default privileges of `defaults`;
    an owner other than the creator gets OWNER TO (always with `show_owner`).
    """
    extras = {"creator": creator, "defaults": defaults, "version": version}
    if kind in ("procedure", "aggregate"):
        kind = "function"
    elif kind == "materialized_view":
        kind = "view"
    if kind == "table":
        return _table(obj, cat, show_owner=show_owner, **extras)
    if kind == "view":
        out = [("view", RO.create_view(obj))]
        for index in obj.indexes:
            out.append(("view", R.create_index(index)))
            if index.comment is not None:
                out.append(("comment", comment_statement("index", index, obj, index.comment)))
        for col in obj.columns:
            if col.comment is not None:
                out.append(("comment", comment_statement("column", col, obj, col.comment)))
        return out + finishing(view_kind(obj), obj, None, show_owner=show_owner, **extras)
    if kind == "sequence":
        out = [("sequence", RO.create_sequence(obj))]
        if obj.owned_by:
            out.append(("sequence_owned", RO.sequence_owned_by(obj, cat)))
    elif kind == "composite_type":
        out = [("composite", RO.create_composite(obj))]
        for attr in obj.attributes:
            if attr.comment is not None:
                out.append(("comment", comment_statement("column", attr, obj, attr.comment)))
    elif kind in _TOP_STEPS:
        out = _TOP_STEPS[kind](obj, cat)
    else:
        return _member(kind, obj, parent, cat, **extras)
    shown = function_kind(obj) if kind == "function" else kind
    return out + finishing(shown, obj, None, show_owner=show_owner, **extras)


def _member(kind: str, obj: Any, parent: Any, cat: Catalog, **extras: Any) -> list[Step]:
    if kind == "column":
        name = R.table_name(parent)
        out = [("column", f"ALTER TABLE {name} ADD COLUMN {R.column_def(obj, parent, cat)};")]
        out += [("column", s) for s in R.column_settings(parent, obj)]
        return out + finishing("column", obj, parent, **extras)
    if kind == "default":
        column = quote_ident(obj.name)
        return [
            (
                "set_default",
                f"ALTER TABLE {R.table_name(parent)} ALTER COLUMN {column} SET DEFAULT {obj.default};",
            )
        ]
    if kind == "constraint":
        out = [("fk" if obj.kind == "FOREIGN KEY" else "constraint", R.add_constraint(parent, obj))]
    elif kind == "index":
        out = [("view" if isinstance(parent, View) else "index", R.create_index(obj))]
    elif kind == "trigger":
        out = [("trigger", s) for s in R.create_trigger_or_rule(parent, obj, "TRIGGER")]
    elif kind == "rule":
        out = [("rule", s) for s in R.create_trigger_or_rule(parent, obj, "RULE")]
    elif kind == "policy":
        out = [("policy", R.create_policy(parent, obj))]
    elif kind == "statistic":
        out = [("statistic", s) for s in R.create_statistic(obj)]
        parent = None  # statistics are named by schema, not ON their table
    else:
        raise ValueError(kind)
    if obj.comment is not None:
        out.append(("comment", comment_statement(kind, obj, parent, obj.comment)))
    return out


def _table(table: Table, cat: Catalog, *, show_owner: bool, **extras: Any) -> list[Step]:
    out = [("table", R.create_table(table, cat))]
    out += [("table", s) for s in R.table_extras(table)]
    if R.replica_identity_word(table) != "DEFAULT":
        stmt = R.replica_identity(table)
        if stmt:
            out.append(("table_props", stmt))
    for col in table.columns:
        if not col.inherited:
            out += [("column_settings", s) for s in R.column_settings(table, col)]
    members = (
        ("constraint", [c for c in table.constraints if not c.inherited]),
        ("index", [i for i in table.indexes if not i.constraint and not i.inherited]),
        ("trigger", table.triggers),
        ("rule", table.rules),
        ("policy", table.policies),
        ("statistic", table.statistics),
    )
    for kind, objects in members:
        for member in objects:
            out += _member(kind, member, table, cat, **extras)
    for col in table.columns:
        if col.comment is not None and not col.inherited:
            out.append(("comment", comment_statement("column", col, table, col.comment)))
    out += finishing("table", table, None, show_owner=show_owner, **extras)
    # after the table's own: a REVOKE on the table revokes that privilege on every column
    for col in table.columns:
        if col.grants:
            on = grant_on("column", col, table)
            grants = G.as_set(col.grants)
            statements = G.grant_statements(on, frozenset(), grants, columns=quote_ident(col.name))
            out += [("grant", s) for s in statements]
    return out


# --- display ----------------------------------------------------------------------


def definition(kind: str, obj: Any, cat: Catalog, parent: Any = None) -> str:
    """The DDL of an object as shown (in a diff, the schema pane, docs): its creation with
    members, owner, privileges and comments, as its owner would run it."""
    owner = getattr(obj, "owner", None) or getattr(parent, "owner", None)
    steps = creation(
        kind,
        obj,
        cat,
        parent,
        creator=owner,
        defaults=cat,
        version=cat.server_version,
        show_owner=True,
    )
    steps.sort(key=lambda step: _RANK[step[0]])  # stable: one step keeps its order
    return "\n".join(statement for _, statement in steps)


def default_privilege_ddl(entry: DefaultPrivilege) -> str:
    """ALTER DEFAULT PRIVILEGES statements giving an entry its privileges."""
    on = G.default_privilege_type(entry)
    grants = G.as_set(entry.grants)
    return G.describe(on, grants, prefix=G.default_privileges_prefix(entry))


# A kind's name, Catalog field, or label -> its Catalog field
_FIELDS = {k.field: k.field for k in BY_FIELD.values()}
_FIELDS |= {k.name: k.field for k in KINDS if not k.member}
_FIELDS |= {k.label: k.field for k in KINDS if not k.member}


def object_ddl(catalog: Catalog, kind: str, key: str) -> str:
    """The DDL of `catalog.<kind>[key]`; `kind` is a Catalog field name or its singular.

    Raises KeyError when the kind is unknown or the object is not in the catalog.
    """
    field = _FIELDS.get(kind)
    if field is None:
        raise KeyError(f"unknown object kind {kind!r}")
    obj = getattr(catalog, field)[key]
    if field == "default_privileges":
        return default_privilege_ddl(obj)
    return definition(BY_FIELD[field].name, obj, catalog)
