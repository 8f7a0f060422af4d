"""Validate a parsed Prisma schema and resolve it for PostgreSQL.

Checks what Prisma's own validator checks for the features the workbench
models (types, attributes and their arguments, ids, relations, schemas) and
reports the first problem as `file:line:col: message`.
"""

from __future__ import annotations

from workbench.prisma import ast
from workbench.prisma.args import Args
from workbench.prisma.ast import PrismaError
from workbench.prisma.datasource import read_datasource
from workbench.prisma.defaults import resolve_default
from workbench.prisma.native import SCALARS, native_type_of
from workbench.prisma.partial import where_sql
from workbench.prisma.relations import pair_relations, resolve_relation_attribute
from workbench.prisma.resolved import (
    Datasource,
    IndexDef,
    IndexField,
    RelationField,
    ResolvedEnum,
    ResolvedModel,
    ResolvedSchema,
    ScalarField,
)

SCALAR_FIELD_ATTRIBUTES = ("id", "unique", "default", "updatedAt", "map", "ignore", "relation")
RELATION_FIELD_ATTRIBUTES = ("relation", "ignore")
MODEL_ATTRIBUTES = ("id", "unique", "index", "map", "schema", "ignore", "fulltext")
INDEX_SORTS = ("Asc", "Desc")


def _check_attributes(
    attrs: tuple[ast.Attribute, ...], allowed: tuple[str, ...], where: str, native_ok: bool = False
) -> None:
    seen: set[str] = set()
    for attr in attrs:
        if attr.name.startswith("db.") and native_ok:
            key = "db.*"
        elif attr.name in allowed:
            key = attr.name
        else:
            raise PrismaError(f"attribute not known: {attr.display} (on {where})", attr.pos)
        repeatable = attr.block and attr.name in ("index", "unique", "fulltext")
        if key in seen and not repeatable:
            raise PrismaError(f"{attr.display} is given twice", attr.pos)
        seen.add(key)


def _map_name(attr: ast.Attribute) -> str:
    name = Args(attr, ("name",), required="name").string("name")
    assert name is not None
    if not name:
        raise PrismaError(f"{attr.display} needs a non-empty name", attr.pos)
    return name


def _schema_name(attr: ast.Attribute | None, ds: Datasource, what: str, pos: ast.Pos) -> str:
    if attr is None:
        if ds.schemas:
            raise PrismaError(
                f"{what} needs an @@schema attribute (the datasource lists schemas)", pos
            )
        return ds.default_schema
    name = _map_name(attr)
    if not ds.schemas:
        raise PrismaError(
            "@@schema needs the schemas to be listed in the datasource (schemas = [...])", attr.pos
        )
    if name not in ds.schemas:
        raise PrismaError(f"schema {name!r} is not listed in the datasource's schemas", attr.pos)
    return name


def _resolve_enum(node: ast.Enum, ds: Datasource) -> ResolvedEnum:
    _check_attributes(node.attributes, ("map", "schema"), f"enum {node.name}")
    attrs = {a.name: a for a in node.attributes}
    db_name = _map_name(attrs["map"]) if "map" in attrs else node.name
    schema = _schema_name(attrs.get("schema"), ds, f"enum {node.name}", node.pos)
    if not node.values:
        raise PrismaError(f"enum {node.name} must have at least one value", node.pos)
    resolved = ResolvedEnum(node, node.name, db_name, schema)
    seen: set[str] = set()
    for value in node.values:
        _check_attributes(value.attributes, ("map",), f"enum value {value.name}")
        db_value = _map_name(value.attributes[0]) if value.attributes else value.name
        if value.name in seen:
            raise PrismaError(f"enum value {value.name} is defined twice", value.pos)
        seen.add(value.name)
        resolved.values.append((value.name, db_value))
    return resolved


def _scalar_field(
    model: ResolvedModel, node: ast.Field, enums: dict[str, ResolvedEnum]
) -> ScalarField:
    where = f"field {node.name} of {model.node.kind} {model.name}"
    _check_attributes(node.attributes, SCALAR_FIELD_ATTRIBUTES, where, native_ok=True)
    attrs = {("db.*" if a.name.startswith("db.") else a.name): a for a in node.attributes}
    ftype = node.type
    field = ScalarField(node, node.name, node.name, optional=ftype.optional, list=ftype.list)
    if ftype.unsupported:
        field.unsupported = ftype.name
    elif ftype.name in enums:
        field.enum = enums[ftype.name]
    else:
        field.scalar = ftype.name
    if "relation" in attrs:
        raise PrismaError(
            f"@relation on {node.name}: invalid field type, not a relation", attrs["relation"].pos
        )
    if "map" in attrs:
        field.db_name = _map_name(attrs["map"])
    if "ignore" in attrs:
        Args(attrs["ignore"], ())
        field.ignored = True
    if "updatedAt" in attrs:
        Args(attrs["updatedAt"], ())
        if field.scalar != "DateTime" or field.list:
            raise PrismaError(
                "fields marked with @updatedAt must be of type DateTime", attrs["updatedAt"].pos
            )
        field.updated_at = True
    if "db.*" in attrs:
        if field.scalar is None:
            raise PrismaError(
                "native type attributes only apply to built-in scalar types", attrs["db.*"].pos
            )
        field.native = native_type_of(attrs["db.*"], field.scalar)
    if "default" in attrs:
        field.default = resolve_default(field, attrs["default"])
    return field


def _index_fields(
    args: Args, model: ResolvedModel, kind: str, allowed: tuple[str, ...]
) -> list[IndexField]:
    refs = args.field_refs("fields")
    if not refs:
        raise args.fail("needs a non-empty list of fields, like [a, b]")
    out: list[IndexField] = []
    for name, extra, node in refs:
        field = model.field(name)
        if field is None:
            if any(r.name == name for r in model.relations):
                raise args.fail(
                    f"{name!r} is a relation field; list its scalar fields (fields: [...]) instead",
                    node,
                )
            raise args.fail(f"model {model.name} has no field {name!r}", node)
        item = IndexField(field)
        for key, value in extra.items():
            if key == "sort" and kind == "primary":
                raise args.fail("sort: on an id is not supported on PostgreSQL", value)
            if key == "sort":
                if not isinstance(value, ast.ConstantValue) or value.name not in INDEX_SORTS:
                    raise args.fail("sort must be Asc or Desc", value)
                item.sort = value.name
            elif key == "ops" and "ops" in allowed:
                if isinstance(value, ast.ConstantValue):
                    item.ops = value.name
                elif (
                    isinstance(value, ast.FunctionCall)
                    and value.name == "raw"
                    and len(value.args) == 1
                    and isinstance(value.args[0].value, ast.StringValue)
                ):
                    item.ops, item.ops_raw = value.args[0].value.value, True
                else:
                    raise args.fail(
                        'ops must be an operator class (JsonbPathOps) or raw("name")', value
                    )
            elif key == "length":
                raise args.fail("length: is only supported on MySQL", value)
            else:
                raise args.fail(
                    f"field arguments are {', '.join(allowed) or 'none'}, not {key!r}", value
                )
        out.append(item)
    if kind == "primary":
        for item in out:
            if item.field.optional or item.field.list:
                raise args.fail(
                    f"id field {item.field.name!r} must be required (not optional or a list)"
                )
    return out


def _model_index(attr: ast.Attribute, model: ResolvedModel) -> IndexDef:
    if attr.name == "id":
        args = Args(attr, ("fields", "name", "map", "clustered"), required="fields")
        kind, allowed = "primary", ()
    elif attr.name == "unique":
        args = Args(attr, ("fields", "name", "map", "clustered", "where"), required="fields")
        kind, allowed = "unique", ("sort",)
    else:
        names = ("fields", "map", "name", "type", "clustered", "where")
        args = Args(attr, names, required="fields")
        kind, allowed = "index", ("sort", "ops")
    if args.get("clustered") is not None:
        raise args.fail("clustered: is only supported on SQL Server", args.get("clustered"))
    index = IndexDef(
        kind, _index_fields(args, model, kind, allowed), attr.pos, map=args.string("map")
    )
    if args.get("where") is not None:
        index.where = where_sql(args, model)
    if kind == "index":
        index.map = index.map or args.string("name")
        index.method = args.constant("type", ("BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"))
        if index.method == "Hash" and len(index.fields) > 1:
            raise args.fail("Hash indexes support a single field only")
    else:
        index.client_name = args.string("name")
    return index


def _field_index(attr: ast.Attribute, field: ScalarField) -> IndexDef:
    args = Args(attr, ("map", "sort", "length", "clustered"))
    for bad, where in (("length", "MySQL"), ("clustered", "SQL Server")):
        if args.get(bad) is not None:
            raise args.fail(f"{bad}: is only supported on {where}", args.get(bad))
    kind = "primary" if attr.name == "id" else "unique"
    sort = args.constant("sort", INDEX_SORTS)
    if kind == "primary" and sort is not None:
        raise args.fail("sort: on an id is not supported on PostgreSQL", args.get("sort"))
    if kind == "primary" and (field.optional or field.list):
        raise args.fail(f"id field {field.name!r} must be required (not optional or a list)")
    return IndexDef(kind, [IndexField(field, sort)], attr.pos, map=args.string("map"))


def _resolve_model(
    node: ast.Model,
    ds: Datasource,
    enums: dict[str, ResolvedEnum],
    blocks: dict[str, ast.Model],
) -> ResolvedModel:
    kind = "view" if node.kind == "view" else "model"
    _check_attributes(node.attributes, MODEL_ATTRIBUTES, f"{kind} {node.name}")
    attrs: dict[str, list[ast.Attribute]] = {}
    for attr in node.attributes:
        attrs.setdefault(attr.name, []).append(attr)
    db_name = _map_name(attrs["map"][0]) if "map" in attrs else node.name
    schema = _schema_name(attrs.get("schema", [None])[0], ds, f"{kind} {node.name}", node.pos)
    model = ResolvedModel(node, node.name, db_name, schema, is_view=kind == "view")
    if "ignore" in attrs:
        Args(attrs["ignore"][0], ())
        model.ignored = True
    seen: dict[str, ast.Field] = {}
    for fnode in node.fields:
        if fnode.name in seen:
            raise PrismaError(
                f"field {fnode.name!r} is already defined in {kind} {node.name}", fnode.pos
            )
        seen[fnode.name] = fnode
        tname = fnode.type.name
        if fnode.type.unsupported or tname in SCALARS or tname in enums:
            model.fields.append(_scalar_field(model, fnode, enums))
        elif tname in blocks and blocks[tname].kind != "type":
            where = f"field {fnode.name} of {kind} {node.name}"
            _check_attributes(fnode.attributes, RELATION_FIELD_ATTRIBUTES, where)
            rel = RelationField(
                fnode,
                model,
                fnode.name,
                None,  # type: ignore[arg-type]  # target set below
                optional=fnode.type.optional,
                list=fnode.type.list,
            )
            rel.ignored = fnode.attribute("ignore") is not None
            model.relations.append(rel)
        elif tname in blocks:
            raise PrismaError(
                f"field {fnode.name!r} has the composite type {tname!r}: composite types are "
                "only supported on MongoDB, not on PostgreSQL (use a Json field)",
                fnode.type.pos,
            )
        else:
            raise PrismaError(
                f'type "{tname}" is neither a built-in type, nor refers to another model, '
                "composite type, or enum",
                fnode.type.pos,
            )
    db_names: dict[str, ScalarField] = {}
    for field in model.fields:
        if field.db_name in db_names:
            raise PrismaError(
                f"fields {db_names[field.db_name].name!r} and {field.name!r} map to the same "
                f"column {field.db_name!r}",
                field.node.pos,
            )
        db_names[field.db_name] = field
    return model


def _resolve_indexes(model: ResolvedModel) -> None:
    """Primary key, @unique/@@unique and @@index of a model, in schema order."""
    primaries: list[IndexDef] = []
    for field in model.fields:
        for attr in field.node.attributes:
            if attr.name in ("id", "unique"):
                index = _field_index(attr, field)
                (primaries if index.kind == "primary" else model.indexes).append(index)
    for attr in model.node.attributes:
        if attr.name in ("id", "unique", "index"):
            index = _model_index(attr, model)
            (primaries if index.kind == "primary" else model.indexes).append(index)
    if len(primaries) > 1:
        raise PrismaError(
            f"{model.node.kind} {model.name} has more than one id (use @@id([a, b]) for a composite id)",
            primaries[1].pos,
        )
    model.primary_key = primaries[0] if primaries else None
    if model.is_view and model.primary_key is not None:
        raise PrismaError("views cannot have an id (use @unique instead)", model.primary_key.pos)
    if not model.is_view and not model.ignored and model.primary_key is None:
        required_unique = any(
            all(not f.field.optional for f in idx.fields)
            for idx in model.indexes
            if idx.kind == "unique"
        )
        if not required_unique:
            raise PrismaError(
                f"model {model.name} needs a unique criteria: mark a field with @id or @unique, "
                "or add @@id([...]) or @@unique([...]) (or @@ignore the model)",
                model.node.pos,
            )


def resolve(schema: ast.Schema) -> ResolvedSchema:
    """Validate `schema` for PostgreSQL and resolve names, attributes and relations."""
    ds = read_datasource(schema)
    declared: dict[str, ast.Pos] = {}
    for node in [*schema.models, *schema.enums]:
        if node.name in declared:
            raise PrismaError(
                f"{node.name!r} is already defined (at {declared[node.name]})", node.pos
            )
        if node.name in SCALARS or node.name == "Unsupported":
            raise PrismaError(f"{node.name!r} is a reserved type name", node.pos)
        declared[node.name] = node.pos
    notes: list[tuple[str, str, str]] = []
    for node in schema.models:
        if node.kind == "type":
            notes.append(("composite type", node.name, "`type` blocks are MongoDB-only"))
        for attr in node.attributes:
            if attr.name == "fulltext":
                notes.append(("fulltext index", node.name, "@@fulltext is MySQL/MongoDB-only"))
    enums = {e.name: _resolve_enum(e, ds) for e in schema.enums}
    blocks = {m.name: m for m in schema.models}
    models = [_resolve_model(m, ds, enums, blocks) for m in schema.models if m.kind != "type"]
    by_name = {m.name: m for m in models}
    for model in models:
        for rel in model.relations:
            rel.target = by_name[rel.node.type.name]
            resolve_relation_attribute(rel)
        _resolve_indexes(model)
    tables: dict[tuple[str, str], ResolvedModel] = {}
    for model in models:
        key = (model.schema, model.db_name)
        if key in tables:
            raise PrismaError(
                f"{model.name} and {tables[key].name} map to the same table "
                f"{model.schema}.{model.db_name}",
                model.node.pos,
            )
        tables[key] = model
    resolved = ResolvedSchema(
        ds, models, list(enums.values()), files=list(schema.files), notes=notes
    )
    resolved.relations = pair_relations(models)
    return resolved
