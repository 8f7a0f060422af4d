"""DDL text for each catalog object, for display and for side-by-side diffs.

The text is built from the catalog alone (PostgreSQL's own deparsed pieces:
`pg_get_*def`, `format_type`, `pg_get_expr`), deterministically, one column
or clause per line, with every identifier quoted as PostgreSQL would quote it.
Executed in order on a database with the same roles and referenced objects,
the DDL of an object recreates it.

Keys in the catalog (`schema.name`) are not SQL; where the DDL must name
another object (a parent table, an owning column), the catalog is consulted
when given, and the key is otherwise split at its first dot.

Tables, views and functions are here; types, sequences and database-wide
objects in `ddl_objects`; quoting in `quoting`.
"""

from __future__ import annotations

from workbench.catalog.ddl_objects import (
    collation_ddl,
    composite_ddl,
    default_privilege_ddl,
    domain_ddl,
    enum_ddl,
    event_trigger_ddl,
    extension_ddl,
    identity_options,
    privilege_statements,
    publication_ddl,
    range_ddl,
    schema_ddl,
    sequence_ddl,
)
from workbench.catalog.model import Catalog, Column, Function, Policy, Table, View
from workbench.catalog.quoting import (
    ENABLE,
    comment_on,
    grant_statements,
    key_to_sql,
    owner_to,
    quote_ident,
    quote_literal,
    quote_qualified,
)

__all__ = [
    "collation_ddl",
    "composite_ddl",
    "default_privilege_ddl",
    "domain_ddl",
    "enum_ddl",
    "event_trigger_ddl",
    "extension_ddl",
    "function_ddl",
    "grant_statements",
    "member_ddl",
    "object_ddl",
    "policy_ddl",
    "privilege_statements",
    "publication_ddl",
    "quote_ident",
    "quote_literal",
    "quote_qualified",
    "range_ddl",
    "schema_ddl",
    "sequence_ddl",
    "table_ddl",
    "view_ddl",
]


# --- tables -----------------------------------------------------------------


def _column_line(col: Column, table: Table, catalog: Catalog | None) -> str:
    parts = [quote_ident(col.name), col.type]
    if col.collation:
        parts.append(f"COLLATE {col.collation}")
    if col.identity:
        seq = None
        if catalog is not None:
            owned = f"{table.schema}.{table.name}.{col.name}"
            seq = next(
                (s for s in catalog.sequences.values() if s.identity and s.owned_by == owned),
                None,
            )
        parts.append(f"GENERATED {col.identity} AS IDENTITY{identity_options(seq)}")
    elif col.generated is not None:
        parts.append(f"GENERATED ALWAYS AS ({col.generated}) {col.generated_kind or 'STORED'}")
    elif col.default is not None:
        parts.append(f"DEFAULT {col.default}")
    # a NOT VALID NOT NULL constraint (PG18) is added after the table instead
    if col.not_null and not any(
        c.kind == "NOT NULL" and c.columns == (col.name,) for c in table.constraints
    ):
        if col.not_null_name:
            parts.append(f"CONSTRAINT {quote_ident(col.not_null_name)}")
        parts.append("NOT NULL")
    return " ".join(parts)


def _inline_constraint(con) -> bool:
    return not con.inherited and con.validated and con.kind != "NOT NULL"


def table_ddl(table: Table, catalog: Catalog | None = None) -> str:
    """CREATE TABLE with its columns and constraints, then everything attached to it."""
    target = quote_qualified(table.schema, table.name)
    tables = catalog.tables if catalog is not None else None
    kind = {"unlogged": "UNLOGGED TABLE"}.get(table.persistence, "TABLE")
    if table.kind == "foreign":
        kind = "FOREIGN TABLE"
    body = []
    if table.partition_of is None:
        body = [_column_line(c, table, catalog) for c in table.columns if not c.inherited]
    body += [
        f"CONSTRAINT {quote_ident(c.name)} {c.definition}"
        for c in table.constraints
        if _inline_constraint(c)
    ]
    if table.partition_of is not None:
        head = f"CREATE {kind} {target} PARTITION OF {key_to_sql(table.partition_of, tables)}"
        inner = (" (\n    " + ",\n    ".join(body) + "\n)") if body else ""
        lines = [f"{head}{inner}", f"{table.partition_bound or 'DEFAULT'}"]
    else:
        lines = [
            f"CREATE {kind} {target} ("
            + ("\n    " + ",\n    ".join(body) + "\n" if body else "")
            + ")"
        ]
    if table.inherits:
        parents = ", ".join(key_to_sql(p, tables) for p in table.inherits)
        lines.append(f"INHERITS ({parents})")
    if table.partition_by:
        lines.append(f"PARTITION BY {table.partition_by}")
    if table.reloptions:
        lines.append(f"WITH ({', '.join(table.reloptions)})")
    if table.kind == "foreign" and table.server:
        options = ", ".join(
            f"{quote_ident(k)} {quote_literal(v)}"
            for k, _, v in (o.partition("=") for o in table.server_options)
        )
        lines.append(
            f"SERVER {quote_ident(table.server)}" + (f" OPTIONS ({options})" if options else "")
        )
    out = ["\n".join(lines) + ";"]
    if table.kind == "foreign":
        out.insert(0, "-- SERVER and OPTIONS of the foreign table are not in the catalog")
    alter = f"ALTER TABLE {target}"
    for con in table.constraints:
        if not con.inherited and not _inline_constraint(con):
            out.append(f"{alter} ADD CONSTRAINT {quote_ident(con.name)} {con.definition};")
    for col in table.columns:
        if col.storage:
            out.append(f"{alter} ALTER COLUMN {quote_ident(col.name)} SET STORAGE {col.storage};")
        if col.statistics is not None:
            out.append(
                f"{alter} ALTER COLUMN {quote_ident(col.name)} SET STATISTICS {col.statistics};"
            )
    for idx in table.indexes:
        if idx.constraint is None and not idx.inherited:
            out.append(f"{idx.definition};")
    if table.replica_identity in ("FULL", "NOTHING"):
        out.append(f"{alter} REPLICA IDENTITY {table.replica_identity};")
    elif table.replica_identity == "INDEX":
        index = next((i for i in table.indexes if i.replica_identity), None)
        if index is not None:
            out.append(f"{alter} REPLICA IDENTITY USING INDEX {quote_ident(index.name)};")
    if table.rls_enabled:
        out.append(f"{alter} ENABLE ROW LEVEL SECURITY;")
    if table.rls_forced:
        out.append(f"{alter} FORCE ROW LEVEL SECURITY;")
    out += [policy_ddl(table, p) for p in table.policies]
    for trg in table.triggers:
        out.append(f"{trg.definition};")
        if trg.enabled in ENABLE:
            out.append(f"{alter} {ENABLE[trg.enabled]} TRIGGER {quote_ident(trg.name)};")
    for rule in table.rules:
        out.append(rule.definition if rule.definition.endswith(";") else rule.definition + ";")
        if rule.enabled in ENABLE:
            out.append(f"{alter} {ENABLE[rule.enabled]} RULE {quote_ident(rule.name)};")
    for stat in table.statistics:
        out.append(f"{stat.definition};")
        stat_name = quote_qualified(stat.schema, stat.name)
        if stat.target is not None:
            out.append(f"ALTER STATISTICS {stat_name} SET STATISTICS {stat.target};")
        out += comment_on("STATISTICS", stat_name, stat.comment)
    out += owner_to("TABLE", target, table.owner)
    out += comment_on("TABLE", target, table.comment)
    out += _member_comments(table, target)
    out += privilege_statements(
        "TABLE", target, table.grants, table.owner, schema=table.schema, catalog=catalog
    )
    for col in table.columns:
        cols = f" ({quote_ident(col.name)})"
        out += grant_statements("TABLE", target, col.grants, table.owner, columns=cols)
    return "\n".join(out)


def _member_comments(table: Table, target: str) -> list[str]:
    out = []
    for col in table.columns:
        out += comment_on("COLUMN", f"{target}.{quote_ident(col.name)}", col.comment)
    for con in table.constraints:
        if not con.inherited:
            out += comment_on("CONSTRAINT", f"{quote_ident(con.name)} ON {target}", con.comment)
    for idx in table.indexes:
        out += comment_on("INDEX", quote_qualified(table.schema, idx.name), idx.comment)
    for pol in table.policies:
        out += comment_on("POLICY", f"{quote_ident(pol.name)} ON {target}", pol.comment)
    for trg in table.triggers:
        out += comment_on("TRIGGER", f"{quote_ident(trg.name)} ON {target}", trg.comment)
    for rule in table.rules:
        out += comment_on("RULE", f"{quote_ident(rule.name)} ON {target}", rule.comment)
    return out


def policy_ddl(table: Table, policy: Policy) -> str:
    """CREATE POLICY for one policy of `table`."""
    lines = [
        f"CREATE POLICY {quote_ident(policy.name)} ON {quote_qualified(table.schema, table.name)}"
    ]
    if not policy.permissive:
        lines.append("AS RESTRICTIVE")
    lines.append(f"FOR {policy.command}")
    roles = ", ".join("PUBLIC" if r == "public" else quote_ident(r) for r in policy.roles)
    lines.append(f"TO {roles or 'PUBLIC'}")
    if policy.using is not None:
        lines.append(f"USING ({policy.using})")
    if policy.with_check is not None:
        lines.append(f"WITH CHECK ({policy.with_check})")
    return "\n    ".join(lines) + ";"


# --- views, functions, types ----------------------------------------------------


def view_ddl(view: View, catalog: Catalog | None = None) -> str:
    """CREATE [MATERIALIZED] VIEW, its indexes, comments, owner and grants."""
    target = quote_qualified(view.schema, view.name)
    kind = "MATERIALIZED VIEW" if view.materialized else "VIEW"
    head = f"CREATE {kind} {target}"
    if view.options:
        head += f" WITH ({', '.join(view.options)})"
    definition = view.definition.rstrip().rstrip(";")
    out = [f"{head} AS\n{definition}{' WITH NO DATA' if view.materialized else ''};"]
    out += [f"{idx.definition};" for idx in view.indexes]
    out += owner_to(kind, target, view.owner)
    out += comment_on(kind, target, view.comment)
    for col in view.columns:
        out += comment_on("COLUMN", f"{target}.{quote_ident(col.name)}", col.comment)
    for idx in view.indexes:
        out += comment_on("INDEX", quote_qualified(view.schema, idx.name), idx.comment)
    out += privilege_statements(
        "TABLE", target, view.grants, view.owner, schema=view.schema, catalog=catalog
    )
    for col in view.columns:
        cols = f" ({quote_ident(col.name)})"
        out += grant_statements("TABLE", target, col.grants, view.owner, columns=cols)
    return "\n".join(out)


def function_ddl(fn: Function, catalog: Catalog | None = None) -> str:
    """pg_get_functiondef's CREATE FUNCTION/PROCEDURE, comment, owner and privileges."""
    kind = {"procedure": "PROCEDURE", "aggregate": "AGGREGATE"}.get(fn.kind, "FUNCTION")
    signature = f"{quote_qualified(fn.schema, fn.name)}({fn.identity_args})"
    if fn.definition:
        out = [fn.definition.rstrip() + ";"]
    elif fn.kind == "aggregate" and fn.body:
        options = fn.body
        if fn.parallel != "UNSAFE":
            options += f", PARALLEL = {fn.parallel}"
        name = quote_qualified(fn.schema, fn.name)
        out = [f"CREATE AGGREGATE {name}({fn.arguments or '*'}) (\n    {options}\n);"]
    else:
        out = [f"-- {kind} {signature}: definition not available ({fn.kind})"]
    out += owner_to(kind, signature, fn.owner)
    out += comment_on(kind, signature, fn.comment)
    grant_kind = "PROCEDURE" if kind == "PROCEDURE" else "FUNCTION"
    out += privilege_statements(
        grant_kind, signature, fn.grants, fn.owner, schema=fn.schema, catalog=catalog
    )
    return "\n".join(out)


# --- any object ---------------------------------------------------------------------

# Catalog field -> (DDL function, whether it takes the catalog)
_BUILDERS = {
    "schemas": (schema_ddl, True),
    "tables": (table_ddl, True),
    "views": (view_ddl, True),
    "functions": (function_ddl, True),
    "enums": (enum_ddl, False),
    "domains": (domain_ddl, False),
    "sequences": (sequence_ddl, True),
    "extensions": (extension_ddl, False),
    "composite_types": (composite_ddl, False),
    "range_types": (range_ddl, True),
    "collations": (collation_ddl, False),
    "event_triggers": (event_trigger_ddl, True),
    "publications": (publication_ddl, False),
    "default_privileges": (default_privilege_ddl, False),
}
_ALIASES = {
    "schema": "schemas",
    "table": "tables",
    "view": "views",
    "materialized view": "views",
    "function": "functions",
    "procedure": "functions",
    "aggregate": "functions",
    "enum": "enums",
    "domain": "domains",
    "sequence": "sequences",
    "extension": "extensions",
    "composite_type": "composite_types",
    "composite": "composite_types",
    "range_type": "range_types",
    "range": "range_types",
    "collation": "collations",
    "event_trigger": "event_triggers",
    "publication": "publications",
    "default_privilege": "default_privileges",
}


def object_ddl(catalog: Catalog, kind: str, key: str) -> str:
    """The DDL of `catalog.<kind>[key]`; `kind` is a Catalog field name or its singular.

    Raises KeyError when the kind is unknown or the object is not in the catalog.
    """
    field = _ALIASES.get(kind, kind)
    if field not in _BUILDERS:
        raise KeyError(f"unknown object kind {kind!r}")
    build, wants_catalog = _BUILDERS[field]
    obj = getattr(catalog, field)[key]
    return build(obj, catalog) if wants_catalog else build(obj)


_MEMBER_FIELDS = {
    "column": "columns",
    "constraint": "constraints",
    "index": "indexes",
    "trigger": "triggers",
    "policy": "policies",
    "rule": "rules",
}


def member_ddl(table: Table, kind: str, name: str, catalog: Catalog | None = None) -> str:
    """The DDL of one member of `table`: a column, constraint, index, trigger, policy or rule.

    `kind` is the Table field (`columns`, `constraints`, ...) or its singular.
    Raises KeyError when the member does not exist.
    """
    field = _MEMBER_FIELDS.get(kind, kind)
    found = next((m for m in getattr(table, field, ()) if m.name == name), None)
    if found is None:
        raise KeyError(f"{table.key} has no {kind} {name!r}")
    target = quote_qualified(table.schema, table.name)
    if field == "columns":
        alter = f"ALTER TABLE {target} ALTER COLUMN {quote_ident(name)}"
        out = [f"ALTER TABLE {target} ADD COLUMN {_column_line(found, table, catalog)};"]
        if found.storage:
            out.append(f"{alter} SET STORAGE {found.storage};")
        if found.statistics is not None:
            out.append(f"{alter} SET STATISTICS {found.statistics};")
        out += comment_on("COLUMN", f"{target}.{quote_ident(name)}", found.comment)
        cols = f" ({quote_ident(name)})"
        out += grant_statements("TABLE", target, found.grants, table.owner, columns=cols)
    elif field == "constraints":
        out = [f"ALTER TABLE {target} ADD CONSTRAINT {quote_ident(name)} {found.definition};"]
        out += comment_on("CONSTRAINT", f"{quote_ident(name)} ON {target}", found.comment)
    elif field == "indexes":
        out = [f"{found.definition};"]
        out += comment_on("INDEX", quote_qualified(table.schema, name), found.comment)
    elif field == "policies":
        out = [policy_ddl(table, found)]
        out += comment_on("POLICY", f"{quote_ident(name)} ON {target}", found.comment)
    elif field == "triggers":
        out = [f"{found.definition};"]
        if found.enabled in ENABLE:
            out.append(f"ALTER TABLE {target} {ENABLE[found.enabled]} TRIGGER {quote_ident(name)};")
        out += comment_on("TRIGGER", f"{quote_ident(name)} ON {target}", found.comment)
    elif field == "rules":
        out = [found.definition if found.definition.endswith(";") else f"{found.definition};"]
        out += comment_on("RULE", f"{quote_ident(name)} ON {target}", found.comment)
    else:
        raise KeyError(f"unknown member kind {kind!r}")
    return "\n".join(out)
