"""How each object is named in SQL (COMMENT ON, OWNER TO, GRANT) and its DDL for display."""

from __future__ import annotations

from typing import Any

from workbench.catalog.model import Catalog, Function, Table, View
from workbench.diff import grants as G
from workbench.diff import render as R
from workbench.diff import render_objects as RO
from workbench.diff.quoting import lit, q, qn

# kind -> the word COMMENT ON / ALTER ... OWNER TO use
SQL_WORD = {
    "schema": "SCHEMA",
    "extension": "EXTENSION",
    "collation": "COLLATION",
    "enum": "TYPE",
    "composite_type": "TYPE",
    "range_type": "TYPE",
    "domain": "DOMAIN",
    "sequence": "SEQUENCE",
    "function": "FUNCTION",
    "procedure": "PROCEDURE",
    "aggregate": "AGGREGATE",
    "table": "TABLE",
    "view": "VIEW",
    "materialized_view": "MATERIALIZED VIEW",
    "event_trigger": "EVENT TRIGGER",
    "publication": "PUBLICATION",
    "statistic": "STATISTICS",
    "index": "INDEX",
    "column": "COLUMN",
    "constraint": "CONSTRAINT",
    "trigger": "TRIGGER",
    "policy": "POLICY",
    "rule": "RULE",
}
# kind -> GRANT's object kind (for grants.default_acl)
GRANT_KIND = {
    "table": G.TABLE,
    "view": G.TABLE,
    "materialized_view": G.TABLE,
    "sequence": G.SEQUENCE,
    "function": G.FUNCTION,
    "procedure": G.FUNCTION,
    "aggregate": G.FUNCTION,
    "schema": G.SCHEMA,
    "column": G.COLUMN,
}


def function_kind(func: Function) -> str:
    return {"procedure": "procedure", "aggregate": "aggregate"}.get(func.kind, "function")


def view_kind(view: View) -> str:
    return "materialized_view" if view.materialized else "view"


def name_sql(kind: str, obj: Any, parent: Any = None) -> str:
    """The object's name as SQL (schema-qualified and quoted; `member ON table` for members)."""
    if kind in ("schema", "extension", "event_trigger", "publication"):
        return q(obj.name)
    if kind in ("function", "procedure", "aggregate"):
        return RO.function_signature(obj)
    if kind == "column":
        return f"{qn(parent.schema, parent.name)}.{q(obj.name)}"
    if kind in ("constraint", "trigger", "policy", "rule"):
        return f"{q(obj.name)} ON {qn(parent.schema, parent.name)}"
    if kind == "index":
        return qn(parent.schema, obj.name)
    return qn(obj.schema, obj.name)


def table_word(table: Table) -> str:
    return "FOREIGN TABLE" if table.kind == "foreign" else "TABLE"


def comment_statement(kind: str, obj: Any, parent: Any, text: str | None) -> str:
    word = SQL_WORD[kind]
    if kind == "table":
        word = table_word(obj)
    if kind == "constraint" and parent is not None and not isinstance(parent, (Table, View)):
        word = "CONSTRAINT"  # domain constraints are not commented by the catalog
    value = "NULL" if text is None else lit(text)
    return f"COMMENT ON {word} {name_sql(kind, obj, parent)} IS {value};"


def owner_statement(kind: str, obj: Any, owner: str) -> str:
    word = SQL_WORD[kind]
    if kind == "table":
        word = table_word(obj)
    return f"ALTER {word} {name_sql(kind, obj, None)} OWNER TO {q(owner)};"


def grant_on(kind: str, obj: Any, parent: Any = None) -> str:
    """The `ON ...` object of GRANT/REVOKE."""
    if kind == "column":
        return f"TABLE {qn(parent.schema, parent.name)}"
    if kind in ("table", "view", "materialized_view"):
        return f"TABLE {qn(obj.schema, obj.name)}"
    if kind in ("function", "procedure", "aggregate"):
        word = "PROCEDURE" if kind == "procedure" else "FUNCTION"
        return f"{word} {RO.function_signature(obj)}"
    return f"{SQL_WORD[kind]} {name_sql(kind, obj)}"


def effective_grants(kind: str, obj: Any, version: str | None) -> G.GrantSet:
    return G.effective(GRANT_KIND[kind], getattr(obj, "owner", None), obj.grants, version)


def grants_text(kind: str, obj: Any, parent: Any, version: str | None) -> str | None:
    grants = effective_grants(kind, obj, version)
    if not grants:
        return None
    columns = q(obj.name) if kind == "column" else None
    return G.describe(grant_on(kind, obj, parent), grants, columns=columns)


# --- full DDL of an object, for display ---------------------------------------


def _with_comment(lines: list[str], kind: str, obj: Any, parent: Any = None) -> list[str]:
    if getattr(obj, "comment", None) is not None:
        lines.append(comment_statement(kind, obj, parent, obj.comment))
    return lines


def _owner(lines: list[str], kind: str, obj: Any) -> list[str]:
    if getattr(obj, "owner", None):
        lines.append(owner_statement(kind, obj, obj.owner))
    return lines


def member_definition(kind: str, obj: Any, parent: Any, cat: Catalog) -> str:
    """A table member's definition (the line a reader compares)."""
    if kind == "column":
        text = (
            R.column_def(obj, parent, cat)
            if isinstance(parent, Table)
            else f"{q(obj.name)} {obj.type}"
        )
        extras = R.column_settings(parent, obj) if isinstance(parent, Table) else []
        return "\n".join([text, *extras])
    if kind == "constraint":
        return f"CONSTRAINT {q(obj.name)} {obj.definition}"
    if kind == "index":
        return R.create_index(obj)
    if kind == "trigger":
        return "\n".join(R.create_trigger(parent, obj))
    if kind == "policy":
        return R.create_policy(parent, obj)
    if kind == "rule":
        return "\n".join(R.create_rule(parent, obj))
    if kind == "statistic":
        return "\n".join(R.create_statistic(obj))
    raise ValueError(kind)


def table_definition(table: Table, cat: Catalog) -> str:
    lines = [R.create_table(table, cat), *R.table_extras(table)]
    ident = R.replica_identity(table)
    if ident and R.replica_identity_word(table) != "DEFAULT":
        lines.append(ident)
    for col in table.columns:
        if not col.inherited:
            lines += R.column_settings(table, col)
    lines += [R.add_constraint(table, c) for c in table.constraints if not c.inherited]
    lines += [R.create_index(i) for i in table.indexes if not i.constraint and not i.inherited]
    for trigger in table.triggers:
        lines += R.create_trigger(table, trigger)
    for rule in table.rules:
        lines += R.create_rule(table, rule)
    lines += [R.create_policy(table, p) for p in table.policies]
    for stat in table.statistics:
        lines += R.create_statistic(stat)
    _owner(lines, "table", table)
    _with_comment(lines, "table", table)
    for kind, members in (
        ("column", table.columns),
        ("constraint", table.constraints),
        ("index", table.indexes),
        ("trigger", table.triggers),
        ("rule", table.rules),
        ("policy", table.policies),
    ):
        for member in members:
            _with_comment(lines, kind, member, table)
    for stat in table.statistics:
        _with_comment(lines, "statistic", stat)
    version = cat.server_version
    text = grants_text("table", table, None, version)
    if text:
        lines.append(text)
    for col in table.columns:
        if col.grants:
            lines.append(grants_text("column", col, table, version) or "")
    return "\n".join(line for line in lines if line)


def view_definition(view: View, cat: Catalog) -> str:
    kind = view_kind(view)
    lines = [RO.create_view(view), *[R.create_index(i) for i in view.indexes]]
    _owner(lines, kind, view)
    _with_comment(lines, kind, view)
    for col in view.columns:
        _with_comment(lines, "column", col, view)
    for index in view.indexes:
        _with_comment(lines, "index", index, view)
    text = grants_text(kind, view, None, cat.server_version)
    if text:
        lines.append(text)
    return "\n".join(lines)


def definition(kind: str, obj: Any, cat: Catalog, parent: Any = None) -> str:
    """The DDL of an object as shown in a diff (creation plus owner, comments, grants)."""
    if kind == "table":
        return table_definition(obj, cat)
    if kind in ("view", "materialized_view"):
        return view_definition(obj, cat)
    if kind in ("column", "constraint", "index", "trigger", "policy", "rule", "statistic"):
        return member_definition(kind, obj, parent, cat)
    lines: list[str]
    if kind == "schema":
        lines = [RO.create_schema(obj)]
    elif kind == "extension":
        lines = [RO.create_extension(obj)]
    elif kind == "collation":
        lines = [RO.create_collation(obj)]
    elif kind == "enum":
        lines = [RO.create_enum(obj)]
    elif kind == "domain":
        lines = RO.create_domain(obj)
    elif kind == "composite_type":
        lines = [RO.create_composite(obj)]
    elif kind == "range_type":
        lines = [RO.create_range(obj)]
    elif kind == "sequence":
        lines = [RO.create_sequence(obj)]
        if obj.owned_by:
            lines.append(RO.sequence_owned_by(obj, cat))
    elif kind in ("function", "procedure", "aggregate"):
        lines = [RO.create_function(obj)]
    elif kind == "event_trigger":
        lines = RO.create_event_trigger(obj, cat)
    elif kind == "publication":
        lines = [RO.create_publication(obj, cat)]
    else:
        raise ValueError(kind)
    _owner(lines, kind, obj)
    _with_comment(lines, kind, obj)
    if kind == "composite_type":
        for attr in obj.attributes:
            _with_comment(lines, "column", attr, obj)
    if kind in GRANT_KIND:
        text = grants_text(kind, obj, None, cat.server_version)
        if text:
            lines.append(text)
    return "\n".join(lines)
