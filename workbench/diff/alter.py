"""In-place changes: the ALTER statements for objects that exist on both sides.

`needs_replace` says when PostgreSQL has no ALTER for a change (the object is
then dropped and recreated by the planner); `emit` writes the ALTERs otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.catalog.model import Catalog
from workbench.diff import columns as C
from workbench.diff import describe as D
from workbench.diff import grants as G
from workbench.diff import render as R
from workbench.diff.changes import Change
from workbench.diff.objects import PlanId, change_id
from workbench.diff.quoting import lit, q, qn
from workbench.diff.script import (
    P_COMMENT,
    P_COMPOSITE,
    P_DEFAULT_PRIV,
    P_DOMAIN,
    P_ENUM,
    P_EVENT_TRIGGER,
    P_EXTENSION,
    P_FUNCTION,
    P_GRANT,
    P_OWNER,
    P_POLICY,
    P_PUBLICATION,
    P_RULE,
    P_SEQUENCE,
    P_SEQUENCE_OWNED,
    P_STATISTIC,
    P_TABLE_PROPS,
    P_TRIGGER,
    P_VALIDATE,
    P_VIEW,
)

if TYPE_CHECKING:
    from workbench.diff.sql import Planner


def needs_replace(ch: Change, plan: Planner) -> bool:
    """True when the change cannot be made in place."""
    old, new, fields = ch.old, ch.new, set(ch.fields)
    kind = ch.kind
    if kind == "table":
        return bool(fields & {"kind", "partition_by"})
    if kind == "column":
        return C.needs_replace(old, new)
    if kind == "constraint":
        return not (fields == {"validated"} and new.validated) and fields != {"comment"}
    if kind == "index":
        return True
    if kind in ("trigger", "rule"):
        return bool(fields - {"enabled"})
    if kind == "policy":
        return bool(
            fields & {"command", "permissive"}
            or ("using" in fields and new.using is None)
            or ("with_check" in fields and new.with_check is None)
        )
    if kind == "statistic":
        return bool(fields - {"target"})
    if kind in ("view", "materialized_view"):
        if "materialized" in fields or "kind" in fields:
            return True
        if "definition" in fields:
            return new.materialized or not _view_columns_compatible(old, new)
        return False
    if kind in ("function", "procedure", "aggregate"):
        if not (fields - {"owner"}):
            return False
        return bool(fields & {"kind", "returns", "arguments"}) or new.kind == "aggregate"
    if kind == "domain":
        return bool(fields & {"base_type", "collation"})
    if kind == "composite_type":
        return "attributes" in fields and not _attributes_alterable(old, new)
    if kind in ("range_type", "collation"):
        return bool(fields - {"owner"})
    if kind == "event_trigger":
        return bool(fields & {"event", "function", "tags"})
    if kind == "publication":
        return "all_tables" in fields
    return False


def disturbances(ch: Change, pid: PlanId, plan: Planner) -> None:
    """Register what an in-place change disturbs (a retyped column, a rebuilt enum)."""
    if ch.kind == "column" and ({"type", "collation"} & set(ch.fields)):
        table = plan.a.tables.get(ch.parent)
        if table is not None:
            plan.disturb_column(table, ch.old.name)
    elif ch.kind == "enum" and "values" in ch.fields and enum_rebuild(ch.old, ch.new, plan.b):
        plan.disturb_type(pid, ch.old.name)
        for table, col in C.columns_of_type(plan.a, ch.old):
            plan.disturb_column(table, col.name)


def target_id(ch: Change) -> PlanId | None:
    """The plan id of the object a comment or grant change is attached to."""
    obj, parent = ch.new[0], ch.new[1]
    return change_id(
        ch.target, obj.key if parent is None else "", parent.key if parent else None, obj
    )


def _view_columns_compatible(old: Any, new: Any) -> bool:
    before = [(c.name, c.type) for c in old.columns]
    after = [(c.name, c.type) for c in new.columns]
    return bool(before) and after[: len(before)] == before


def _attributes_alterable(old: Any, new: Any) -> bool:
    new_names = [a.name for a in sorted(new.attributes, key=lambda a: a.position)]
    kept = [a.name for a in sorted(old.attributes, key=lambda a: a.position) if a.name in new_names]
    return new_names[: len(kept)] == kept


def enum_plan(old: Any, new: Any) -> list[str] | None:
    """ALTER TYPE statements turning enum values `old` into `new`, or None (rebuild needed)."""
    name = qn(new.schema, new.name)
    before, after = list(old.values), list(new.values)
    if len(before) == len(after) and not (set(after) - set(before)) & set(before):
        renames = [(x, y) for x, y in zip(before, after, strict=True) if x != y]
        if not (set(y for _, y in renames) & set(before)):
            return [f"ALTER TYPE {name} RENAME VALUE {lit(x)} TO {lit(y)};" for x, y in renames]
    it = iter(after)
    if all(v in it for v in before):  # before is a subsequence of after: only additions
        out, known = [], set(before)
        for i, value in enumerate(after):
            if value in known:
                continue
            following = next((v for v in after[i + 1 :] if v in known), None)
            if following is not None:
                out.append(f"ALTER TYPE {name} ADD VALUE {lit(value)} BEFORE {lit(following)};")
            else:
                out.append(f"ALTER TYPE {name} ADD VALUE {lit(value)};")
            known.add(value)
        return out
    return None


def enum_rebuild(old: Any, new: Any, b: Catalog) -> bool:
    """True when an enum must be rebuilt: values removed or reordered, or values added and used
    by the TO schema (a value added by ALTER TYPE cannot be used in the same transaction)."""
    if enum_plan(old, new) is None:
        return True
    added = [v for v in new.values if v not in old.values]
    return bool(added) and _uses_values(b, new, added)


def _uses_values(cat: Catalog, enum: Any, values: list[str]) -> bool:
    spellings = C.type_spellings(enum.schema, enum.name)
    needles = [f"{lit(v)}::{s}" for v in values for s in spellings]

    def texts():
        for table in cat.tables.values():
            for col in table.columns:
                yield col.default
                yield col.generated
            for con in table.constraints:
                yield con.definition
            for index in table.indexes:
                yield index.definition
            for policy in table.policies:
                yield policy.using
                yield policy.with_check
            for trigger in table.triggers:
                yield trigger.definition
        for view in cat.views.values():
            yield view.definition
        for domain in cat.domains.values():
            yield domain.default
            for check in domain.checks:
                yield check.definition

    return any(text and any(n in text for n in needles) for text in texts())


def emit(ch: Change, plan: Planner) -> None:
    """Write the in-place statements of one change."""
    handler = _HANDLERS.get(ch.kind)
    if handler is not None:
        handler(ch, plan)


def _owner(ch: Change, plan: Planner) -> None:
    if "owner" in ch.fields and ch.new.owner:
        plan.emit(P_OWNER, D.owner_statement(ch.kind, ch.new, ch.new.owner))


def _table(ch: Change, plan: Planner) -> None:
    old, new, fields = ch.old, ch.new, ch.fields
    name = R.table_name(new)
    emit_ = plan.emit
    if "persistence" in fields:
        word = "UNLOGGED" if new.persistence == "unlogged" else "LOGGED"
        emit_(P_TABLE_PROPS, f"ALTER TABLE {name} SET {word};")
    if "rls_enabled" in fields:
        emit_(
            P_TABLE_PROPS,
            f"ALTER TABLE {name} {'ENABLE' if new.rls_enabled else 'DISABLE'} ROW LEVEL SECURITY;",
        )
    if "rls_forced" in fields:
        emit_(
            P_TABLE_PROPS,
            f"ALTER TABLE {name} {'FORCE' if new.rls_forced else 'NO FORCE'} ROW LEVEL SECURITY;",
        )
    if "reloptions" in fields:
        before = dict(o.split("=", 1) for o in old.reloptions)
        after = dict(o.split("=", 1) for o in new.reloptions)
        reset = sorted(set(before) - set(after))
        changed = [f"{k}={v}" for k, v in sorted(after.items()) if before.get(k) != v]
        if reset:
            emit_(P_TABLE_PROPS, f"ALTER TABLE {name} RESET ({', '.join(reset)});")
        if changed:
            emit_(P_TABLE_PROPS, f"ALTER TABLE {name} SET ({', '.join(changed)});")
    if "replica_identity" in fields:
        stmt = R.replica_identity(new)
        if stmt:
            emit_(P_TABLE_PROPS, stmt)
    if "inherits" in fields:
        for parent in old.inherits:
            if parent not in new.inherits:
                emit_(
                    P_TABLE_PROPS,
                    f"ALTER TABLE {name} NO INHERIT {R.lookup_qualified(parent, plan.a.tables)};",
                )
        for parent in new.inherits:
            if parent not in old.inherits:
                emit_(
                    P_TABLE_PROPS,
                    f"ALTER TABLE {name} INHERIT {R.lookup_qualified(parent, plan.b.tables)};",
                )
    if fields and {"partition_of", "partition_bound"} & set(fields):
        if old.partition_of:
            parent = R.lookup_qualified(old.partition_of, plan.a.tables)
            emit_(P_TABLE_PROPS, f"ALTER TABLE {parent} DETACH PARTITION {name};")
        if new.partition_of:
            parent = R.lookup_qualified(new.partition_of, plan.b.tables)
            emit_(
                P_TABLE_PROPS,
                f"ALTER TABLE {parent} ATTACH PARTITION {name} {new.partition_bound or 'DEFAULT'};",
            )
    _owner(ch, plan)


def _constraint(ch: Change, plan: Planner) -> None:
    table = plan.b.tables[ch.parent]
    if "validated" in ch.fields and ch.new.validated:
        plan.emit(
            P_VALIDATE, f"ALTER TABLE {R.table_name(table)} VALIDATE CONSTRAINT {q(ch.new.name)};"
        )


def _trigger(ch: Change, plan: Planner) -> None:
    table = plan.b.tables[ch.parent]
    plan.emit(P_TRIGGER, R.trigger_state(table, ch.new))


def _rule(ch: Change, plan: Planner) -> None:
    table = plan.b.tables[ch.parent]
    plan.emit(P_RULE, R.rule_state(table, ch.new))


def _policy(ch: Change, plan: Planner) -> None:
    table, new, fields = plan.b.tables[ch.parent], ch.new, ch.fields
    text = f"ALTER POLICY {q(new.name)} ON {R.table_name(table)}"
    if "roles" in fields:
        text += f"\n    TO {', '.join(R.role(r) for r in new.roles) or 'PUBLIC'}"
    if "using" in fields:
        text += f"\n    USING ({new.using})"
    if "with_check" in fields:
        text += f"\n    WITH CHECK ({new.with_check})"
    plan.emit(P_POLICY, text + ";")


def _statistic(ch: Change, plan: Planner) -> None:
    target = ch.new.target if ch.new.target is not None else -1
    plan.emit(
        P_STATISTIC, f"ALTER STATISTICS {qn(ch.new.schema, ch.new.name)} SET STATISTICS {target};"
    )


def _view(ch: Change, plan: Planner) -> None:
    old, new, fields = ch.old, ch.new, ch.fields
    word = "MATERIALIZED VIEW" if new.materialized else "VIEW"
    name = qn(new.schema, new.name)
    if "definition" in fields:
        plan.emit(P_VIEW, R.create_view(new, replace=True))
    elif "options" in fields:
        before = dict(o.split("=", 1) for o in R.view_options(old))
        after = dict(o.split("=", 1) for o in R.view_options(new))
        reset = sorted(set(before) - set(after))
        changed = [f"{k}={v}" for k, v in sorted(after.items()) if before.get(k) != v]
        if reset:
            plan.emit(P_VIEW, f"ALTER {word} {name} RESET ({', '.join(reset)});")
        if changed:
            plan.emit(P_VIEW, f"ALTER {word} {name} SET ({', '.join(changed)});")
    _owner(ch, plan)


def _function(ch: Change, plan: Planner) -> None:
    if set(ch.fields) - {"owner"}:
        plan.emit(P_FUNCTION, R.create_function(ch.new))
    _owner(ch, plan)


def _enum(ch: Change, plan: Planner) -> None:
    old, new = ch.old, ch.new
    if "values" in ch.fields:
        if enum_rebuild(old, new, plan.b):
            C.rebuild_enum(old, new, plan)
        else:
            for stmt in enum_plan(old, new) or ():
                plan.emit(P_ENUM, stmt)
    _owner(ch, plan)


def _domain(ch: Change, plan: Planner) -> None:
    old, new, fields = ch.old, ch.new, ch.fields
    name = f"ALTER DOMAIN {qn(new.schema, new.name)}"
    if "default" in fields:
        plan.emit(
            P_DOMAIN,
            f"{name} SET DEFAULT {new.default};"
            if new.default is not None
            else f"{name} DROP DEFAULT;",
        )
    if "not_null" in fields:
        plan.emit(P_DOMAIN, f"{name} {'SET' if new.not_null else 'DROP'} NOT NULL;")
    if "checks" in fields:
        before = {c.name: c for c in old.checks}
        after = {c.name: c for c in new.checks}
        for cname, check in before.items():
            other = after.get(cname)
            if (
                other is None
                or _check_text(other) != _check_text(check)
                or (check.validated and not other.validated)
            ):
                plan.emit(P_DOMAIN, f"{name} DROP CONSTRAINT {q(cname)};")
        for cname, check in after.items():
            other = before.get(cname)
            if (
                other is None
                or _check_text(other) != _check_text(check)
                or (other.validated and not check.validated)
            ):
                plan.emit(P_DOMAIN, R.domain_check(new, check))
            elif check.validated and not other.validated:
                plan.emit(P_VALIDATE, f"{name} VALIDATE CONSTRAINT {q(cname)};")
    _owner(ch, plan)


def _check_text(check: Any) -> str:
    return check.definition.replace(" NOT VALID", "")


def _composite(ch: Change, plan: Planner) -> None:
    old, new = ch.old, ch.new
    name = f"ALTER TYPE {qn(new.schema, new.name)}"
    if "attributes" in ch.fields:
        before = {a.name: a for a in old.attributes}
        after = {a.name: a for a in new.attributes}
        for attr_name in before:
            if attr_name not in after:
                plan.emit(
                    P_COMPOSITE,
                    f"{name} DROP ATTRIBUTE {q(attr_name)};",
                    "drops a composite type attribute and its values",
                )
        for attr in sorted(new.attributes, key=lambda a: a.position):
            collate = f" COLLATE {attr.collation}" if attr.collation else ""
            other = before.get(attr.name)
            if other is None:
                plan.emit(P_COMPOSITE, f"{name} ADD ATTRIBUTE {q(attr.name)} {attr.type}{collate};")
            elif (other.type, other.collation) != (attr.type, attr.collation):
                plan.emit(
                    P_COMPOSITE, f"{name} ALTER ATTRIBUTE {q(attr.name)} TYPE {attr.type}{collate};"
                )
    _owner(ch, plan)


def _sequence(ch: Change, plan: Planner) -> None:
    new, fields = ch.new, set(ch.fields)
    name = qn(new.schema, new.name)
    option_fields = {"data_type", "start", "increment", "min_value", "max_value", "cache", "cycle"}
    if fields & option_fields:
        head = f"ALTER SEQUENCE {name}"
        if "data_type" in fields:
            head += f" AS {new.data_type}"
        plan.emit(
            P_SEQUENCE, head + "\n    " + "\n    ".join(R.sequence_options(new, create=False)) + ";"
        )
    if "owned_by" in fields:
        plan.emit(P_SEQUENCE_OWNED, R.sequence_owned_by(new, plan.b))
    _owner(ch, plan)


def _extension(ch: Change, plan: Planner) -> None:
    new = ch.new
    if "schema" in ch.fields:
        plan.emit(P_EXTENSION, f"ALTER EXTENSION {q(new.name)} SET SCHEMA {q(new.schema)};")
    if "version" in ch.fields:
        plan.emit(P_EXTENSION, f"ALTER EXTENSION {q(new.name)} UPDATE TO {lit(new.version)};")


def _event_trigger(ch: Change, plan: Planner) -> None:
    new = ch.new
    if "enabled" in ch.fields:
        plan.emit(
            P_EVENT_TRIGGER, f"ALTER EVENT TRIGGER {q(new.name)} {R.enabled_state(new.enabled)};"
        )
    _owner(ch, plan)


def _publication(ch: Change, plan: Planner) -> None:
    old, new, fields = ch.old, ch.new, ch.fields
    name = f"ALTER PUBLICATION {q(new.name)}"
    if "tables" in fields:
        gone = [t for t in old.tables if t not in new.tables]
        if gone:
            tables = ", ".join(R.publication_table(t, plan.a).split(" ")[0] for t in gone)
            plan.emit(P_PUBLICATION, f"{name} DROP TABLE {tables};")
        added = [t for t in new.tables if t not in old.tables]
        if added:
            plan.emit(
                P_PUBLICATION,
                f"{name} ADD TABLE {', '.join(R.publication_table(t, plan.b) for t in added)};",
            )
    if "schemas" in fields:
        gone = [s for s in old.schemas if s not in new.schemas]
        if gone:
            plan.emit(
                P_PUBLICATION, f"{name} DROP TABLES IN SCHEMA {', '.join(q(s) for s in gone)};"
            )
        added = [s for s in new.schemas if s not in old.schemas]
        if added:
            plan.emit(
                P_PUBLICATION, f"{name} ADD TABLES IN SCHEMA {', '.join(q(s) for s in added)};"
            )
    if {"operations", "via_root"} & set(fields):
        plan.emit(P_PUBLICATION, f"{name} SET ({R.publication_with(new)});")
    _owner(ch, plan)


def _comment(ch: Change, plan: Planner) -> None:
    obj, parent = ch.new
    plan.emit(P_COMMENT, D.comment_statement(ch.target, obj, parent, obj.comment))


def _grant(ch: Change, plan: Planner) -> None:
    obj, parent, new = ch.new
    old = ch.old[2]
    columns = q(obj.name) if ch.target == "column" else None
    for stmt in G.grant_statements(D.grant_on(ch.target, obj, parent), old, new, columns=columns):
        plan.emit(P_GRANT, stmt)


def _default_privilege(ch: Change, plan: Planner) -> None:
    entry, new = ch.new
    old = ch.old[1]
    on = G.default_privilege_type(entry)
    prefix = f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(entry.role)}"
    if entry.schema:
        prefix += f" IN SCHEMA {q(entry.schema)}"
    for stmt in G.grant_statements(on, old, new, prefix=prefix + " "):
        plan.emit(P_DEFAULT_PRIV, stmt)


def _schema(ch: Change, plan: Planner) -> None:
    _owner(ch, plan)


_HANDLERS = {
    "schema": _schema,
    "table": _table,
    "column": C.alter_column,
    "constraint": _constraint,
    "trigger": _trigger,
    "rule": _rule,
    "policy": _policy,
    "statistic": _statistic,
    "view": _view,
    "materialized_view": _view,
    "function": _function,
    "procedure": _function,
    "aggregate": _function,
    "enum": _enum,
    "domain": _domain,
    "composite_type": _composite,
    "range_type": _owner,
    "collation": _owner,
    "sequence": _sequence,
    "extension": _extension,
    "event_trigger": _event_trigger,
    "publication": _publication,
    "comment": _comment,
    "grant": _grant,
    "default_privilege": _default_privilege,
}
