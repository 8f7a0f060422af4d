"""SQL text for creating and dropping tables and their members (the one DDL writer:
generated migrations and displayed DDL both use it; other kinds in `ddl_schema_objects`).

Definitions come from PostgreSQL's own deparsers where the catalog has them
(`pg_get_constraintdef`, `pg_get_indexdef`, `pg_get_functiondef`, ...); names
are quoted here. Every function returns complete statements ending in `;`.
"""

from __future__ import annotations

from workbench.catalog.ddl_foreign import fill_in_note, options_clause
from workbench.catalog.model import (
    Catalog,
    Column,
    Constraint,
    Index,
    Policy,
    Rule,
    Sequence,
    Statistic,
    Table,
    Trigger,
)
from workbench.catalog.quoting import (
    key_to_sql,
    quote_ident,
    quote_qualified,
    quote_role,
    split_key,
)

STORAGE = {"p": "PLAIN", "e": "EXTERNAL", "m": "MAIN", "x": "EXTENDED"}
ENABLED = {
    "ORIGIN": "ENABLE",
    "O": "ENABLE",
    "DISABLED": "DISABLE",
    "D": "DISABLE",
    "REPLICA": "ENABLE REPLICA",
    "R": "ENABLE REPLICA",
    "ALWAYS": "ENABLE ALWAYS",
    "A": "ENABLE ALWAYS",
}
_INT_MAX = {"smallint": 2**15 - 1, "integer": 2**31 - 1, "bigint": 2**63 - 1}


def enabled_state(value: str) -> str:
    return ENABLED.get(value.upper() if len(value) > 1 else value, "ENABLE")


def is_enabled_default(value: str) -> bool:
    return enabled_state(value) == "ENABLE"


def function_ref(name: str, cat: Catalog) -> str:
    """A qualified function name (`schema.name`, as triggers store it), quoted."""
    for f in cat.functions.values():
        if f"{f.schema}.{f.name}" == name:
            return quote_qualified(f.schema, f.name)
    schema, fn = split_key(name)
    return quote_qualified(schema, fn)


def strip_semicolon(text: str) -> str:
    return text.strip().rstrip(";").rstrip()


# --- tables and columns ------------------------------------------------------


def identity_sequence(cat: Catalog, table: Table, column: str) -> Sequence | None:
    return cat.identity_sequences.get(f"{table.schema}.{table.name}.{column}")


def identity_options(seq: Sequence, table: Table, col: Column) -> list[str]:
    """The options of an identity column's sequence, its name when not the default."""
    options = sequence_options(seq, col.type, create=True)
    if (seq.schema, seq.name) != (table.schema, f"{table.name}_{col.name}_seq"):
        options.insert(0, f"SEQUENCE NAME {quote_qualified(seq.schema, seq.name)}")
    return options


def sequence_options(seq: Sequence, data_type: str | None = None, *, create: bool) -> list[str]:
    """Sequence options that differ from PostgreSQL's defaults for the type."""
    data_type = data_type or seq.data_type
    top = _INT_MAX.get(data_type, 2**63 - 1)
    ascending = seq.increment > 0
    default_min = 1 if ascending else -top - 1
    default_max = top if ascending else -1
    minimum = seq.min_value if seq.min_value is not None else default_min
    maximum = seq.max_value if seq.max_value is not None else default_max
    options = []
    if seq.start != (minimum if ascending else maximum):
        options.append(f"START WITH {seq.start}")
    if seq.increment != 1:
        options.append(f"INCREMENT BY {seq.increment}")
    if minimum != default_min:
        options.append(f"MINVALUE {minimum}")
    if maximum != default_max:
        options.append(f"MAXVALUE {maximum}")
    if seq.cache != 1:
        options.append(f"CACHE {seq.cache}")
    if seq.cycle:
        options.append("CYCLE")
    if not create:  # ALTER: say everything so that old settings do not linger
        options = [
            f"START WITH {seq.start}",
            f"INCREMENT BY {seq.increment}",
            f"MINVALUE {minimum}",
            f"MAXVALUE {maximum}",
            f"CACHE {seq.cache}",
            "CYCLE" if seq.cycle else "NO CYCLE",
        ]
    return options


def column_def(col: Column, table: Table, cat: Catalog) -> str:
    parts = [quote_ident(col.name), col.type]
    if col.options:
        parts.append(f"OPTIONS ({server_options(col.options)})")
    if col.collation:
        parts.append(f"COLLATE {col.collation}")
    if col.generated:
        kind = col.generated_kind or "STORED"
        parts.append(f"GENERATED ALWAYS AS ({col.generated}) {kind}")
    elif col.identity:
        parts.append(f"GENERATED {col.identity} AS IDENTITY")
        seq = identity_sequence(cat, table, col.name)
        options = identity_options(seq, table, col) if seq else []
        if options:
            parts[-1] += f" ({' '.join(options)})"
    elif col.default is not None:
        parts.append(f"DEFAULT {col.default}")
    # a NOT VALID NOT NULL (PostgreSQL 18) is a constraint of the table, added after it
    separate = any(c.kind == "NOT NULL" and c.columns == (col.name,) for c in table.constraints)
    if col.not_null and not col.identity and not separate:
        if col.not_null_name:
            parts.append(f"CONSTRAINT {quote_ident(col.not_null_name)}")
        parts.append("NOT NULL")
    return " ".join(parts)


def not_null_name(table: Table, col: Column) -> str:
    """The name of a column's NOT NULL constraint (PostgreSQL 18)."""
    return col.not_null_name or f"{table.name}_{col.name}_not_null"


def table_name(table: Table) -> str:
    return quote_qualified(table.schema, table.name)


def create_table(table: Table, cat: Catalog) -> str:
    """CREATE TABLE with its columns (constraints, indexes and the rest come separately)."""
    name = table_name(table)
    unlogged = "UNLOGGED " if table.persistence == "unlogged" else ""
    if table.partition_of:
        parent = key_to_sql(table.partition_of, cat.tables)
        text = f"CREATE {unlogged}TABLE {name} PARTITION OF {parent}"
        local = [c for c in table.columns if not c.inherited and (c.default or c.not_null)]
        if local:
            text += " (\n    " + ",\n    ".join(_partition_column(c) for c in local) + "\n)"
        text += f" {table.partition_bound or 'DEFAULT'}"
    else:
        columns = [c for c in sorted(table.columns, key=lambda c: c.position) if not c.inherited]
        body = ",\n    ".join(column_def(c, table, cat) for c in columns)
        word = "FOREIGN TABLE" if table.kind == "foreign" else "TABLE"
        text = (
            f"CREATE {unlogged}{word} {name} (\n    {body}\n)"
            if body
            else f"CREATE {unlogged}{word} {name} ()"
        )
        if table.inherits:
            text += (
                " INHERITS (" + ", ".join(key_to_sql(p, cat.tables) for p in table.inherits) + ")"
            )
    if table.partition_by:
        text += f" PARTITION BY {table.partition_by}"
    if table.kind == "foreign" and table.server:
        text += f" SERVER {quote_ident(table.server)}"
        if table.server_options:
            text += f" OPTIONS ({server_options(table.server_options)})"
    if table.reloptions:
        text += f" WITH ({', '.join(table.reloptions)})"
    if table.kind == "foreign":
        options = table.server_options + tuple(o for c in table.columns for o in c.options)
        text = fill_in_note(options, "foreign table") + text
    return text + ";"


def server_options(options: tuple[str, ...]) -> str:
    """`key=value` options as `key 'value', ...` (foreign tables and servers)."""
    return options_clause(options)[len(" OPTIONS (") : -1]


def _partition_column(col: Column) -> str:
    text = f"{quote_ident(col.name)} WITH OPTIONS"
    if col.default is not None and not col.identity and not col.generated:
        text += f" DEFAULT {col.default}"
    if col.not_null:
        text += " NOT NULL"
    return text


def table_extras(table: Table) -> list[str]:
    """Statements for the table-level settings CREATE TABLE does not cover."""
    name = table_name(table)
    out = []
    if table.rls_enabled:
        out.append(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;")
    if table.rls_forced:
        out.append(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY;")
    return out


def replica_identity_word(table: Table) -> str:
    ident = (table.replica_identity or "DEFAULT").upper()
    return {"D": "DEFAULT", "N": "NOTHING", "F": "FULL", "I": "INDEX"}.get(ident, ident)


def replica_identity(table: Table) -> str | None:
    """ALTER TABLE ... REPLICA IDENTITY (USING INDEX the index the catalog marks)."""
    if table.kind == "foreign":
        return None  # fixed for foreign tables
    word = replica_identity_word(table)
    if word == "INDEX":
        index = next((i for i in table.indexes if getattr(i, "replica_identity", False)), None)
        if index is None:
            return None
        word = f"USING INDEX {quote_ident(index.name)}"
    return f"ALTER TABLE {table_name(table)} REPLICA IDENTITY {word};"


def column_settings(table: Table, col: Column) -> list[str]:
    """STORAGE and STATISTICS settings of a column (ALTER statements)."""
    out = []
    prefix = f"ALTER TABLE {table_name(table)} ALTER COLUMN {quote_ident(col.name)}"
    if col.storage:
        out.append(f"{prefix} SET STORAGE {STORAGE.get(col.storage, col.storage.upper())};")
    if col.statistics is not None:
        out.append(f"{prefix} SET STATISTICS {col.statistics};")
    return out


def add_constraint(table: Table, con: Constraint) -> str:
    return (
        f"ALTER TABLE {table_name(table)} ADD CONSTRAINT {quote_ident(con.name)} {con.definition};"
    )


def drop_constraint(table: Table, con: Constraint) -> str:
    return f"ALTER TABLE {table_name(table)} DROP CONSTRAINT {quote_ident(con.name)};"


def create_index(index: Index) -> str:
    """CREATE INDEX; on a partitioned table without ONLY, so the partitions get theirs."""
    return strip_semicolon(index.definition).replace(" ON ONLY ", " ON ", 1) + ";"


def drop_index(schema: str, index: Index) -> str:
    return f"DROP INDEX {quote_qualified(schema, index.name)};"


def create_trigger_or_rule(table: Table, member: Trigger | Rule, word: str) -> list[str]:
    """CREATE TRIGGER/RULE (`word`), then its state when not the default."""
    out = [strip_semicolon(member.definition) + ";"]
    if not is_enabled_default(member.enabled):
        out.append(trigger_or_rule_state(table, member, word))
    return out


def trigger_or_rule_state(table: Table, member: Trigger | Rule, word: str) -> str:
    """ALTER TABLE … ENABLE/DISABLE [REPLICA|ALWAYS] TRIGGER/RULE."""
    state = enabled_state(member.enabled)
    return f"ALTER TABLE {table_name(table)} {state} {word} {quote_ident(member.name)};"


def drop_trigger_or_rule(table: Table, member: Trigger | Rule, word: str) -> str:
    return f"DROP {word} {quote_ident(member.name)} ON {table_name(table)};"


def create_policy(table: Table, policy: Policy) -> str:
    text = f"CREATE POLICY {quote_ident(policy.name)} ON {table_name(table)}"
    text += f"\n    AS {'PERMISSIVE' if policy.permissive else 'RESTRICTIVE'}"
    text += f"\n    FOR {policy.command}"
    text += f"\n    TO {', '.join(quote_role(r) for r in policy.roles) or 'PUBLIC'}"
    if policy.using is not None:
        text += f"\n    USING ({policy.using})"
    if policy.with_check is not None:
        text += f"\n    WITH CHECK ({policy.with_check})"
    return text + ";"


def drop_policy(table: Table, policy: Policy) -> str:
    return f"DROP POLICY {quote_ident(policy.name)} ON {table_name(table)};"


def create_statistic(stat: Statistic) -> list[str]:
    out = [strip_semicolon(stat.definition) + ";"]
    if stat.target is not None:
        out.append(
            f"ALTER STATISTICS {quote_qualified(stat.schema, stat.name)} SET STATISTICS {stat.target};"
        )
    return out


def drop_statistic(stat: Statistic) -> str:
    return f"DROP STATISTICS {quote_qualified(stat.schema, stat.name)};"
