"""In-place changes: the ALTER statements for objects that exist on both sides.

`needs_replace` says when PostgreSQL has no ALTER for a change (the object is
then dropped and recreated by the planner); `emit` writes the ALTERs otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.catalog import ddl_foreign as F
from workbench.catalog import ddl_schema_objects as RO
from workbench.catalog import ddl_tables as R
from workbench.catalog.quoting import key_to_sql, quote_role
from workbench.catalog.quoting import quote_ident as q
from workbench.catalog.quoting import quote_qualified as qn
from workbench.diff import alter_objects as A
from workbench.diff import columns as C
from workbench.diff.changes import Change
from workbench.diff.objects import PlanId, change_id
from workbench.diff.script import (
    P_FUNCTION,
    P_POLICY,
    P_RULE,
    P_STATISTIC,
    P_TABLE_PROPS,
    P_TRIGGER,
    P_VALIDATE,
    P_VIEW,
)

if TYPE_CHECKING:
    from workbench.diff.plan_interface import Plan


def needs_replace(ch: Change, plan: Plan) -> bool:
    """True when the change cannot be made in place."""
    old, new, fields = ch.old, ch.new, set(ch.fields)
    kind = ch.kind
    if kind == "table":
        # A foreign table holds no rows here: recreated when its server changes (its
        # options change in place).
        return bool(fields & {"kind", "partition_by", "server"})
    if kind == "column":
        return C.needs_replace(old, new)
    if kind == "constraint":
        return not (fields == {"validated"} and new.validated) and fields != {"comment"}
    if kind == "index":
        return fields != {"replica_identity"}
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
    if kind == "domain":  # rebuilt in place (rebuild_domain) while columns use it
        return bool(fields & {"base_type", "collation"}) and not C.columns_of_type(plan.a, old)
    if kind == "composite_type":
        return "attributes" in fields and not _attributes_alterable(old, new)
    if kind in ("range_type", "collation"):
        return bool(fields - {"owner"})
    if kind == "event_trigger":
        return bool(fields & {"event", "function", "tags"})
    if kind == "publication":
        return "all_tables" in fields
    if kind == "server":  # ALTER SERVER sets neither the wrapper nor the type
        return bool(fields & {"wrapper", "type"})
    return False


def disturbances(ch: Change, pid: PlanId, plan: Plan) -> None:
    """Register what an in-place change disturbs (a retyped column, a rebuilt enum)."""
    if ch.kind == "column" and ({"type", "collation"} & set(ch.fields)):
        table = plan.a.tables.get(ch.parent)
        if table is not None:
            plan.disturb_column(table, ch.old.name)
    elif (
        ch.kind == "enum" and "values" in ch.fields and A.enum_rebuild(ch.old, ch.new, plan.b)
    ) or (ch.kind == "domain" and {"base_type", "collation"} & set(ch.fields)):
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


def emit(ch: Change, plan: Plan) -> None:
    """Write the in-place statements of one change."""
    handler = _HANDLERS.get(ch.kind)
    if handler is not None:
        handler(ch, plan)


def _table(ch: Change, plan: Plan) -> None:
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
    if "server_options" in fields:
        stmt = F.alter_options(
            f"FOREIGN TABLE {name}", old.server_options, new.server_options, "foreign table"
        )
        if stmt:
            emit_(P_TABLE_PROPS, stmt)
    if "inherits" in fields:
        for parent in old.inherits:
            if parent not in new.inherits:
                emit_(
                    P_TABLE_PROPS,
                    f"ALTER TABLE {name} NO INHERIT {key_to_sql(parent, plan.a.tables)};",
                )
        for parent in new.inherits:
            if parent not in old.inherits:
                emit_(
                    P_TABLE_PROPS,
                    f"ALTER TABLE {name} INHERIT {key_to_sql(parent, plan.b.tables)};",
                )
    if fields and {"partition_of", "partition_bound"} & set(fields):
        if old.partition_of:
            parent = key_to_sql(old.partition_of, plan.a.tables)
            emit_(P_TABLE_PROPS, f"ALTER TABLE {parent} DETACH PARTITION {name};")
        if new.partition_of:
            parent = key_to_sql(new.partition_of, plan.b.tables)
            emit_(
                P_TABLE_PROPS,
                f"ALTER TABLE {parent} ATTACH PARTITION {name} {new.partition_bound or 'DEFAULT'};",
            )
    A.owner(ch, plan)


def _constraint(ch: Change, plan: Plan) -> None:
    table = plan.b.tables[ch.parent]
    if "validated" in ch.fields and ch.new.validated:
        plan.emit(
            P_VALIDATE, f"ALTER TABLE {R.table_name(table)} VALIDATE CONSTRAINT {q(ch.new.name)};"
        )


def _trigger(ch: Change, plan: Plan) -> None:
    table = plan.b.tables[ch.parent]
    plan.emit(P_TRIGGER, R.trigger_or_rule_state(table, ch.new, "TRIGGER"))


def _rule(ch: Change, plan: Plan) -> None:
    table = plan.b.tables[ch.parent]
    plan.emit(P_RULE, R.trigger_or_rule_state(table, ch.new, "RULE"))


def _policy(ch: Change, plan: Plan) -> None:
    table, new, fields = plan.b.tables[ch.parent], ch.new, ch.fields
    text = f"ALTER POLICY {q(new.name)} ON {R.table_name(table)}"
    if "roles" in fields:
        text += f"\n    TO {', '.join(quote_role(r) for r in new.roles) or 'PUBLIC'}"
    if "using" in fields:
        text += f"\n    USING ({new.using})"
    if "with_check" in fields:
        text += f"\n    WITH CHECK ({new.with_check})"
    plan.emit(P_POLICY, text + ";")


def _statistic(ch: Change, plan: Plan) -> None:
    target = ch.new.target if ch.new.target is not None else -1
    plan.emit(
        P_STATISTIC, f"ALTER STATISTICS {qn(ch.new.schema, ch.new.name)} SET STATISTICS {target};"
    )


def _view(ch: Change, plan: Plan) -> None:
    old, new, fields = ch.old, ch.new, ch.fields
    word = "MATERIALIZED VIEW" if new.materialized else "VIEW"
    name = qn(new.schema, new.name)
    if "definition" in fields:
        plan.emit(P_VIEW, RO.create_view(new, replace=True))
    elif "options" in fields:
        before = dict(o.split("=", 1) for o in RO.view_options(old))
        after = dict(o.split("=", 1) for o in RO.view_options(new))
        reset = sorted(set(before) - set(after))
        changed = [f"{k}={v}" for k, v in sorted(after.items()) if before.get(k) != v]
        if reset:
            plan.emit(P_VIEW, f"ALTER {word} {name} RESET ({', '.join(reset)});")
        if changed:
            plan.emit(P_VIEW, f"ALTER {word} {name} SET ({', '.join(changed)});")
    A.owner(ch, plan)


def _function(ch: Change, plan: Plan) -> None:
    if set(ch.fields) - {"owner"}:
        plan.emit(P_FUNCTION, RO.create_function(ch.new))
    A.owner(ch, plan)


def _index(ch: Change, plan: Plan) -> None:
    if ch.new.replica_identity:
        stmt = R.replica_identity(plan.b.tables[ch.parent])
        if stmt:
            plan.emit(P_TABLE_PROPS, stmt)


_HANDLERS = {
    "index": _index,
    "schema": A.schema,
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
    "enum": A.enum,
    "domain": A.domain,
    "composite_type": A.composite,
    "range_type": A.owner,
    "collation": A.owner,
    "sequence": A.sequence,
    "extension": A.extension,
    "event_trigger": A.event_trigger,
    "publication": A.publication,
    "foreign_data_wrapper": A.foreign_data_wrapper,
    "server": A.server,
    "user_mapping": A.user_mapping,
    "comment": A.comment,
    "grant": A.grant,
    "default_privilege": A.default_privilege,
}
