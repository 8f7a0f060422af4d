"""A resolved Prisma schema → the Catalog Prisma Migrate would create on PostgreSQL.

Follows Prisma 6's SQL schema calculation: scalar types and native types,
`SERIAL` for autoincrement, unique indexes (not constraints) for `@unique`,
constraint names by Prisma's conventions (`<table>_pkey`, `<table>_<cols>_key`,
`<table>_<cols>_idx`, `<table>_<cols>_fkey`, truncated to 63 bytes), default
referential actions (required: ON DELETE RESTRICT, optional: SET NULL; ON
UPDATE CASCADE), and implicit many-to-many join tables `_AToB` with a
primary key `_AToB_AB_pkey` (Prisma 6; Prisma 5 used a unique index
`_AToB_AB_unique`) and an index `_AToB_B_index`. Text is written as
introspection reads it (`search_path = pg_catalog`: user objects qualified).
Prisma writes no comments, grants, owners or RLS settings.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.catalog.model import (
    Catalog,
    Column,
    Constraint,
    Enum,
    Extension,
    Index,
    Schema,
    Sequence,
    Table,
    View,
)
from workbench.prisma.native import (
    DEFAULT_NATIVE,
    INDEX_METHODS,
    NATIVE_TYPES,
    opclass_is_default,
    opclass_sql_name,
)
from workbench.prisma.pgdefault import column_default, qualified_name, sequence_default
from workbench.prisma.pgtext import clip_bytes, make_object_name, quote_ident
from workbench.prisma.resolved import (
    IndexDef,
    Relation,
    ResolvedModel,
    ResolvedSchema,
    ScalarField,
)

MAX_IDENT = 63
ACTION_SQL = {
    "Cascade": "CASCADE",
    "Restrict": "RESTRICT",
    "NoAction": "NO ACTION",
    "SetNull": "SET NULL",
    "SetDefault": "SET DEFAULT",
}
SERIAL = {  # column type → (sequence type, max value)
    "integer": ("integer", 2**31 - 1),
    "bigint": ("bigint", 2**63 - 1),
    "smallint": ("smallint", 2**15 - 1),
}


# --- Prisma's naming conventions (psl constraint_names.rs) ---------------------------


def primary_key_name(table: str) -> str:
    return clip_bytes(table, MAX_IDENT - 5) + "_pkey"


def _index_name(table: str, columns: list[str], suffix: str) -> str:
    base = f"{table}_{'_'.join(columns)}"
    if len(base.encode()) >= MAX_IDENT - len(suffix):
        base = clip_bytes(base, MAX_IDENT - len(suffix))
    return base + suffix


def unique_index_name(table: str, columns: list[str]) -> str:
    return _index_name(table, columns, "_key")


def index_name(table: str, columns: list[str]) -> str:
    return _index_name(table, columns, "_idx")


def foreign_key_name(table: str, columns: list[str]) -> str:
    base = f"{table}_{'_'.join(columns)}"
    if len(base.encode()) >= MAX_IDENT - 5:
        base = clip_bytes(base, MAX_IDENT - 5)
    return base + "_fkey"


# --- types ------------------------------------------------------------------------


def _citext_schema(schema: ResolvedSchema) -> str:
    ext = next((e for e in schema.datasource.extensions if e.name == "citext"), None)
    return ext.schema if ext and ext.schema else "public"


def column_type(field: ScalarField, citext_schema: str = "public") -> str:
    """format_type() of the column Prisma creates for `field`."""
    if field.enum is not None:
        base = qualified_name(field.enum.schema, field.enum.db_name)
    elif field.unsupported is not None:
        base = field.unsupported
    else:
        native, args = field.native or DEFAULT_NATIVE[field.scalar or "String"]
        base = NATIVE_TYPES[native].render(args)
        if native == "Citext":
            base = f"{quote_ident(citext_schema)}.citext"
    return base + ("[]" if field.list else "")


# --- tables -----------------------------------------------------------------------


def _cols(names: list[str]) -> str:
    return ", ".join(quote_ident(n) for n in names)


def _index_sql(
    name: str, schema: str, table: str, unique: bool, method: str, keys: list[str]
) -> str:
    kind = "UNIQUE INDEX" if unique else "INDEX"
    on = qualified_name(schema, table)
    return f"CREATE {kind} {quote_ident(name)} ON {on} USING {method} ({', '.join(keys)})"


def _key_text(index: IndexDef, method: str) -> list[str]:
    keys: list[str] = []
    for item in index.fields:
        text = quote_ident(item.field.db_name)
        if item.ops:
            if item.ops_raw:
                text += f" {item.ops}"
            elif not opclass_is_default(item.ops, method):
                text += f" {opclass_sql_name(item.ops)}"
        if item.sort == "Desc":
            text += " DESC"
        keys.append(text)
    return keys


def _model_table(model: ResolvedModel, citext_schema: str, sequences: dict[str, Sequence]) -> Table:
    table = model.db_name
    columns: list[Column] = []
    for position, field in enumerate(model.fields, start=1):
        ctype = column_type(field, citext_schema)
        not_null = not field.optional and not field.list
        default = column_default(field, ctype, citext_schema)
        if field.default is not None and field.default.kind == "autoincrement":
            seq_name = make_object_name(table, field.db_name, "seq")
            seq_type, max_value = SERIAL.get(ctype, ("integer", 2**31 - 1))
            seq = Sequence(
                schema=model.schema,
                name=seq_name,
                data_type=seq_type,
                min_value=1,
                max_value=max_value,
                owned_by=f"{model.schema}.{table}.{field.db_name}",
            )
            sequences[seq.key] = seq
            default, not_null = sequence_default(model.schema, seq_name), True
        columns.append(Column(field.db_name, ctype, not_null, default, position=position))

    constraints: list[Constraint] = []
    indexes: list[Index] = []
    pk = model.primary_key
    if pk is not None:
        names = [f.field.db_name for f in pk.fields]
        name = pk.map or primary_key_name(table)
        constraints.append(
            Constraint(
                name, "PRIMARY KEY", f"PRIMARY KEY ({_cols(names)})", tuple(names), index=name
            )
        )
        sql = _index_sql(name, model.schema, table, True, "btree", _key_text(pk, "btree"))
        indexes.append(Index(name, sql, tuple(names), True, True, "btree", constraint=name))
    for index in model.indexes:
        names = [f.field.db_name for f in index.fields]
        unique = index.kind == "unique"
        method = INDEX_METHODS[index.method] if index.method else "btree"
        name = index.map or (unique_index_name if unique else index_name)(table, names)
        sql = _index_sql(name, model.schema, table, unique, method, _key_text(index, method))
        if index.where:
            sql += f" WHERE ({index.where})"
        predicate = f"({index.where})" if index.where else None
        indexes.append(Index(name, sql, tuple(names), unique, False, method, predicate))
    return Table(
        schema=model.schema,
        name=table,
        columns=tuple(columns),
        constraints=tuple(constraints),
        indexes=tuple(indexes),
    )


def _foreign_key(
    name: str,
    columns: list[str],
    target: ResolvedModel,
    ref_columns: list[str],
    on_delete: str,
    on_update: str,
) -> Constraint:
    definition = (
        f"FOREIGN KEY ({_cols(columns)}) REFERENCES "
        f"{qualified_name(target.schema, target.db_name)}({_cols(ref_columns)})"
    )
    if on_update != "NO ACTION":
        definition += f" ON UPDATE {on_update}"
    if on_delete != "NO ACTION":
        definition += f" ON DELETE {on_delete}"
    return Constraint(
        name,
        "FOREIGN KEY",
        definition,
        tuple(columns),
        references=f"{target.schema}.{target.db_name}",
        ref_columns=tuple(ref_columns),
        on_update=on_update,
        on_delete=on_delete,
    )


def _inline_foreign_key(relation: Relation) -> Constraint:
    rel = relation.forward
    assert rel.fields is not None and rel.references is not None
    columns = [f.db_name for f in rel.fields]
    optional = any(f.optional for f in rel.fields)
    on_delete = rel.on_delete or ("SetNull" if optional else "Restrict")
    on_update = rel.on_update or "Cascade"
    name = rel.map or foreign_key_name(rel.model.db_name, columns)
    refs = [f.db_name for f in rel.references]
    return _foreign_key(
        name, columns, rel.target, refs, ACTION_SQL[on_delete], ACTION_SQL[on_update]
    )


def _join_table(relation: Relation, tables: dict[str, Table], use_fks: bool) -> Table:
    """The implicit many-to-many table `_<relation name>` (Prisma 6 layout)."""
    model_a, model_b = relation.forward.model, relation.back.model  # type: ignore[union-attr]
    name = ("_" + relation.name)[:MAX_IDENT]
    schema = model_a.schema
    columns: list[Column] = []
    refs: list[tuple[str, ResolvedModel, str]] = []
    for position, (col, model) in enumerate((("A", model_a), ("B", model_b)), start=1):
        pk_field = model.primary_key.fields[0].field  # type: ignore[union-attr]
        pk_column = tables[f"{model.schema}.{model.db_name}"].column(pk_field.db_name)
        assert pk_column is not None
        columns.append(Column(col, pk_column.type, True, position=position))
        refs.append((col, model, pk_field.db_name))
    pk_name = name[: MAX_IDENT - len("_AB_pkey")] + "_AB_pkey"
    b_index = name[: MAX_IDENT - 8] + "_B_index"
    constraints = [
        Constraint(pk_name, "PRIMARY KEY", 'PRIMARY KEY ("A", "B")', ("A", "B"), index=pk_name)
    ]
    indexes = [
        Index(
            pk_name,
            _index_sql(pk_name, schema, name, True, "btree", ['"A"', '"B"']),
            ("A", "B"),
            True,
            True,
            constraint=pk_name,
        ),
        Index(b_index, _index_sql(b_index, schema, name, False, "btree", ['"B"']), ("B",)),
    ]
    if use_fks:
        short = name[: MAX_IDENT - 7] if len(name) > MAX_IDENT - 7 else name
        for col, model, ref in refs:
            constraints.append(
                _foreign_key(f"{short}_{col}_fkey", [col], model, [ref], "CASCADE", "CASCADE")
            )
    return Table(
        schema=schema,
        name=name,
        columns=tuple(columns),
        constraints=tuple(sorted(constraints, key=lambda c: c.name)),
        indexes=tuple(sorted(indexes, key=lambda i: i.name)),
    )


def _view(model: ResolvedModel, citext_schema: str) -> View:
    columns = tuple(
        Column(f.db_name, column_type(f, citext_schema), position=i)
        for i, f in enumerate(model.fields, start=1)
    )
    return View(schema=model.schema, name=model.db_name, definition="", columns=columns)


def to_catalog(schema: ResolvedSchema) -> Catalog:
    """The Catalog of the database Prisma Migrate would create from `schema`."""
    ds = schema.datasource
    citext = _citext_schema(schema)
    use_fks = ds.relation_mode == "foreignKeys"
    sequences: dict[str, Sequence] = {}
    tables: dict[str, Table] = {}
    views: dict[str, View] = {}
    for model in schema.models:
        if model.is_view:
            view = _view(model, citext)
            views[view.key] = view
        else:
            table = _model_table(model, citext, sequences)
            tables[table.key] = table
    fks: dict[str, list[Constraint]] = {}
    for relation in schema.relations:
        if relation.kind == "inline":
            fwd = relation.forward
            if use_fks and not fwd.model.is_view and not fwd.target.is_view:
                key = f"{fwd.model.schema}.{fwd.model.db_name}"
                fks.setdefault(key, []).append(_inline_foreign_key(relation))
    for relation in schema.relations:
        if relation.kind == "m2m":
            join = _join_table(relation, tables, use_fks)
            tables[join.key] = join
    for key, extra in fks.items():
        table = tables[key]
        constraints = tuple(sorted((*table.constraints, *extra), key=lambda c: c.name))
        tables[key] = replace(table, constraints=constraints)
    for key, table in tables.items():
        indexes = tuple(sorted(table.indexes, key=lambda i: i.name))
        constraints = tuple(sorted(table.constraints, key=lambda c: c.name))
        tables[key] = replace(table, indexes=indexes, constraints=constraints)
    enums = {
        f"{e.schema}.{e.db_name}": Enum(e.schema, e.db_name, tuple(db for _, db in e.values))
        for e in schema.enums
    }
    names = set(ds.schemas or (ds.default_schema,))
    names |= {t.schema for t in tables.values()} | {e.schema for e in enums.values()}
    extensions = {
        e.name: Extension(e.name, e.schema or "public", e.version or "") for e in ds.extensions
    }
    return Catalog(
        schemas={n: Schema(n) for n in sorted(names)},
        tables=dict(sorted(tables.items())),
        views=dict(sorted(views.items())),
        enums=dict(sorted(enums.items())),
        sequences=dict(sorted(sequences.items())),
        extensions=extensions,
    )
