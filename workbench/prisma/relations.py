"""`@relation` arguments and the pairing of relation fields into relations.

Every relation needs a field on both models. A list on both sides is an
implicit many-to-many relation (a `_AToB` join table); otherwise the side
with `fields:`/`references:` holds the foreign key.
"""

from __future__ import annotations

from workbench.prisma.args import Args
from workbench.prisma.ast import PrismaError
from workbench.prisma.native import DEFAULT_NATIVE
from workbench.prisma.resolved import Relation, RelationField, ResolvedModel, ScalarField

ACTIONS = ("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault")


def _scalar_refs(args: Args, name: str, model: ResolvedModel) -> list[ScalarField] | None:
    if args.get(name) is None:
        return None
    out: list[ScalarField] = []
    for ref, extra, node in args.field_refs(name):
        if extra:
            raise args.fail(f"{name}: takes plain field names", node)
        field = model.field(ref)
        if field is None:
            raise args.fail(f"{name}: model {model.name} has no scalar field {ref!r}", node)
        out.append(field)
    if not out:
        raise args.fail(f"{name}: must name at least one field", args.get(name))
    return out


def _column_type(field: ScalarField) -> tuple[object, ...]:
    native = field.native or (DEFAULT_NATIVE.get(field.scalar or ""))
    return (field.scalar, field.enum and field.enum.name, field.unsupported, native)


def resolve_relation_attribute(rel: RelationField) -> None:
    """Read `@relation(name?, fields:, references:, onDelete:, onUpdate:, map:)` of a field."""
    attr = rel.node.attribute("relation")
    if attr is None:
        return
    args = Args(attr, ("name", "fields", "references", "onDelete", "onUpdate", "map"))
    rel.relation_name = args.string("name")
    rel.fields = _scalar_refs(args, "fields", rel.model)
    rel.references = _scalar_refs(args, "references", rel.target)
    rel.on_delete = args.constant("onDelete", ACTIONS)
    rel.on_update = args.constant("onUpdate", ACTIONS)
    rel.map = args.string("map")
    if (rel.fields is None) != (rel.references is None):
        missing = "references" if rel.references is None else "fields"
        raise args.fail(f"fields: and references: go together ({missing}: is missing)")
    if rel.fields is not None and rel.references is not None:
        if len(rel.fields) != len(rel.references):
            raise args.fail("fields: and references: must name the same number of fields")
        if rel.list:
            raise args.fail(
                f"{rel.name} is a list: fields:/references: belong on the other side of the relation"
            )
        for mine, theirs in zip(rel.fields, rel.references, strict=True):
            if _column_type(mine) != _column_type(theirs):
                raise args.fail(
                    f"the type of {rel.model.name}.{mine.name} does not match the type of the "
                    f"referenced field {rel.target.name}.{theirs.name}"
                )


def _key_fields(model: ResolvedModel) -> list[set[str]]:
    keys = [{f.field.name for f in idx.fields} for idx in model.indexes if idx.kind == "unique"]
    if model.primary_key is not None:
        keys.append({f.field.name for f in model.primary_key.fields})
    return keys


def _check_inline(forward: RelationField, back: RelationField | None, one_to_one: bool) -> None:
    if forward.fields is None or forward.references is None:
        raise PrismaError(
            f"relation field {forward.name} on {forward.model.name} must specify fields: and "
            f"references: in @relation",
            forward.pos,
        )
    if back is not None and (back.on_delete or back.on_update or back.map):
        raise PrismaError(
            f"relation field {back.name} on {back.model.name}: onDelete, onUpdate and map belong "
            f"on the side with fields: ({forward.model.name}.{forward.name})",
            back.pos,
        )
    refs = {f.name for f in forward.references}
    if forward.target.is_view:
        return
    if refs not in _key_fields(forward.target):
        raise PrismaError(
            f"references: of {forward.model.name}.{forward.name} must be an id or a unique "
            f"criteria of {forward.target.name}",
            forward.pos,
        )
    if one_to_one and {f.name for f in forward.fields} not in _key_fields(forward.model):
        names = ", ".join(f.name for f in forward.fields)
        raise PrismaError(
            f"one-to-one relation {forward.model.name}.{forward.name}: the fields ({names}) need "
            "@unique (or @@unique), or make the relation one-to-many",
            forward.pos,
        )


def _m2m(a: RelationField, b: RelationField) -> Relation:
    for side in (a, b):
        if side.fields is not None:
            raise PrismaError(
                "implicit many-to-many relations cannot have fields:/references:", side.pos
            )
        pk = side.model.primary_key
        if pk is None or len(pk.fields) != 1:
            raise PrismaError(
                f"implicit many-to-many relation {side.model.name}.{side.name}: model "
                f"{side.target.name} needs a single-field @id",
                side.pos,
            )
    first, second = sorted((a, b), key=lambda r: (r.model.name, r.name))
    name = a.relation_name or f"{first.model.name}To{second.model.name}"
    return Relation("m2m", name, first, second)


def _pair(group: list[RelationField]) -> Relation:
    first = group[0]
    if len(group) == 1:
        raise PrismaError(
            f"relation field {first.name} on {first.model.name} is missing an opposite relation "
            f"field on {first.target.name}",
            first.pos,
        )
    a, b = group[0], group[1]
    opposite = (
        a.model is b.target and b.model is a.target and (a.model is not b.model or a is not b)
    )
    if len(group) > 2 or not opposite:
        raise PrismaError(
            f"ambiguous relation: {a.model.name}.{a.name} and {b.model.name}.{b.name} both relate "
            f'{a.model.name} and {a.target.name}; give each relation a name with @relation("...")',
            b.pos,
        )
    if a.list and b.list:
        return _m2m(a, b)
    if a.list or b.list:
        forward, back = (b, a) if a.list else (a, b)
        _check_inline(forward, back, one_to_one=False)
        return Relation("inline", a.relation_name or "", forward, back)
    sides = [r for r in (a, b) if r.fields is not None]
    if len(sides) != 1:
        which = "only one side" if sides else "one side"
        raise PrismaError(
            f"one-to-one relation between {a.model.name} and {b.model.name}: {which} must "
            "define fields: and references:",
            b.pos if sides else a.pos,
        )
    forward = sides[0]
    _check_inline(forward, b if forward is a else a, one_to_one=True)
    return Relation("inline", a.relation_name or "", forward, b if forward is a else a)


def pair_relations(models: list[ResolvedModel]) -> list[Relation]:
    """Pair every relation field with its opposite field; validate each relation."""
    groups: dict[tuple[frozenset[str], str | None], list[RelationField]] = {}
    for model in models:
        for rel in model.relations:
            key = (frozenset((model.name, rel.target.name)), rel.relation_name)
            groups.setdefault(key, []).append(rel)
    return [_pair(group) for group in groups.values()]
