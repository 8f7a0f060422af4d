"""Column changes in place, and rebuilding an enum whose values were removed or reordered."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.catalog import ddl_schema_objects as RO
from workbench.catalog import ddl_tables as R
from workbench.catalog.ddl_foreign import alter_options
from workbench.catalog.model import Catalog, Column, Domain, Enum, Table
from workbench.catalog.quoting import quote_ident as q
from workbench.catalog.quoting import quote_qualified as qn
from workbench.diff.script import P_COLUMN, P_DOMAIN, P_DROP_DEFAULT, P_ENUM, P_ENUM_DROP_OLD

if TYPE_CHECKING:
    from workbench.diff.changes import Change
    from workbench.diff.plan_interface import Plan

_INTS = ["smallint", "integer", "bigint"]
_SIZED = re.compile(
    r"^(character varying|character|varchar|bit varying|numeric)\((\d+)(?:,(\d+))?\)$"
)


def needs_replace(old: Column, new: Column) -> bool:
    """A column is dropped and re-added when PostgreSQL cannot convert it in place."""
    if (old.generated, old.generated_kind) == (new.generated, new.generated_kind):
        return False
    if old.generated and new.generated and old.generated_kind == new.generated_kind:
        return False  # SET EXPRESSION
    if old.generated and not new.generated and (old.generated_kind or "STORED") == "STORED":
        return False  # DROP EXPRESSION keeps the values
    return True


def widening(old: str, new: str) -> bool:
    """True when every value of type `old` converts to `new` without loss."""
    if old == new:
        return True
    if old in _INTS and new in _INTS + ["numeric"]:
        return new == "numeric" or _INTS.index(new) >= _INTS.index(old)
    if old == "real" and new == "double precision":
        return True
    if new == "text" and (old.startswith(("character varying", "character(")) or old == "text"):
        return True
    if new in ("character varying", "numeric") and old.startswith(new + "("):
        return True
    mo, mn = _SIZED.match(old), _SIZED.match(new)
    if mo and mn and mo[1] == mn[1]:
        if mo[1] == "numeric":
            p0, s0 = int(mo[2]), int(mo[3] or 0)
            p1, s1 = int(mn[2]), int(mn[3] or 0)
            return s1 >= s0 and p1 - s1 >= p0 - s0
        return mo[1] != "character" and int(mn[2]) >= int(mo[2])
    return False


def alter_column(ch: Change, plan: Plan) -> None:
    """ALTER TABLE ... ALTER COLUMN statements for one changed column."""
    table: Table = plan.b.tables[ch.parent]
    old, new, fields = ch.old, ch.new, set(ch.fields)
    prefix = f"ALTER TABLE {R.table_name(table)} ALTER COLUMN {q(new.name)}"

    def emit(sql: str, why: str | None = None) -> None:
        plan.emit(P_COLUMN, sql, why)

    if fields & {"generated", "generated_kind"}:
        if new.generated:
            emit(f"{prefix} SET EXPRESSION AS ({new.generated});")
        else:
            emit(f"{prefix} DROP EXPRESSION;")
    reset_default = False
    if fields & {"type", "collation"}:
        if old.default is not None and not old.identity and not old.generated:
            emit(f"{prefix} DROP DEFAULT;")
            reset_default = True
        collate = new.collation or ('"default"' if old.collation else None)
        text = f"{prefix} TYPE {new.type}"
        if collate:
            text += f" COLLATE {collate}"
        why = None
        if old.type != new.type:
            text += f" USING {q(new.name)}::{new.type}"
            if not widening(old.type, new.type):
                why = f"casts {ch.object} from {old.type} to {new.type}"
        emit(text + ";", why)
    if new.not_null and not old.not_null and not (new.identity and old.identity):
        if new.not_null_name and not new.identity:
            emit(
                f"ALTER TABLE {R.table_name(table)} ADD CONSTRAINT {q(new.not_null_name)}"
                f" NOT NULL {q(new.name)};"
            )
        else:
            emit(f"{prefix} SET NOT NULL;")
    elif new.not_null and old.not_null and "not_null_name" in fields:
        emit(
            f"ALTER TABLE {R.table_name(table)} RENAME CONSTRAINT"
            f" {q(R.not_null_name(table, old))} TO {q(R.not_null_name(table, new))};"
        )
    if old.identity and not new.identity:
        # Early: its sequence goes with it, and a new one may take the same name.
        plan.emit(P_DROP_DEFAULT, f"{prefix} DROP IDENTITY;")
    elif new.identity and not old.identity:
        if old.default is not None and not reset_default:
            emit(f"{prefix} DROP DEFAULT;")
        seq = R.identity_sequence(plan.b, table, new.name)
        options = R.identity_options(seq, table, new) if seq else []
        opts = f" ({' '.join(options)})" if options else ""
        emit(f"{prefix} ADD GENERATED {new.identity} AS IDENTITY{opts};")
    elif new.identity:
        if "identity" in fields:
            emit(f"{prefix} SET GENERATED {new.identity};")
        if "identity_sequence" in fields:
            was = R.identity_sequence(plan.a, table, old.name)
            seq = R.identity_sequence(plan.b, table, new.name)
            if was is not None and seq is not None:
                emit(f"ALTER SEQUENCE {qn(was.schema, was.name)} RENAME TO {q(seq.name)};")
        if "identity_options" in fields:
            seq = R.identity_sequence(plan.b, table, new.name)
            if seq is not None:
                options = R.sequence_options(seq, new.type, create=False)
                emit(f"{prefix} " + " ".join(f"SET {o}" for o in options) + ";")
    if ("default" in fields or reset_default) and not new.identity and not new.generated:
        if new.default is not None:
            emit(f"{prefix} SET DEFAULT {new.default};")
        elif "default" in fields:
            emit(f"{prefix} DROP DEFAULT;")
    if old.not_null and not new.not_null:
        emit(f"{prefix} DROP NOT NULL;")
    if "storage" in fields:
        storage = R.STORAGE.get(new.storage, new.storage.upper()) if new.storage else "DEFAULT"
        emit(f"{prefix} SET STORAGE {storage};")
    if "statistics" in fields:
        emit(f"{prefix} SET STATISTICS {new.statistics if new.statistics is not None else -1};")
    if "options" in fields:
        head = f"FOREIGN TABLE {R.table_name(table)} ALTER COLUMN {q(new.name)}"
        text = alter_options(head, old.options, new.options, "foreign table column")
        if text:
            emit(text)


def type_spellings(schema: str, name: str) -> set[str]:
    """How format_type may print a type (visible or not on the search_path, quoted or not)."""
    return {name, q(name), f"{schema}.{name}", qn(schema, name), f"{q(schema)}.{name}"}


def columns_of_type(cat: Catalog, enum: Enum | Domain) -> list[tuple[Table, Column]]:
    """Table columns (and arrays) of an enum or a domain."""
    spellings = type_spellings(enum.schema, enum.name)
    found = []
    for table in cat.tables.values():
        for col in table.columns:
            if not col.inherited and col.type.removesuffix("[]") in spellings:
                found.append((table, col))
    return found


def _temporary_name(name: str) -> str:
    suffix = "__wb_old"
    head = name.encode("utf-8")[: 63 - len(suffix)].decode("utf-8", errors="ignore")
    return head + suffix


def _kept_columns(old: Enum | Domain, plan: Plan) -> list[tuple[Table, Column]]:
    """Columns of type `old` that stay (not dropped, nor recreated with their table)."""
    kept = []
    for table, col in columns_of_type(plan.a, old):
        if plan.skipped(("column", table.key, col.name)) or ("table", table.key) in plan.dropped:
            continue
        target = plan.b.tables.get(table.key)
        if target is None or target.column(col.name) is None:
            continue
        kept.append((table, col))
    return kept


def _rebuild_type(
    plan: Plan,
    old: Enum | Domain,
    new: Enum | Domain,
    *,
    kind: str,
    phase: int,
    create: list[str],
    via: str,
    why: str | None,
) -> None:
    """Replace a type that its columns use: rename the old one away, create the new
    one, convert each column through `via` (the type its values pass through), and
    drop the old one. `kind` is "enum" (ALTER/DROP TYPE) or "domain"."""
    word = "DOMAIN" if kind == "domain" else "TYPE"
    temporary = _temporary_name(new.name)
    plan.emit(phase, f"ALTER {word} {qn(new.schema, new.name)} RENAME TO {q(temporary)};")
    for stmt in create:
        plan.emit(phase, stmt)
    for table, col in _kept_columns(old, plan):
        cast = via + ("[]" if col.type.endswith("[]") else "")
        plan.emit(
            phase,
            f"ALTER TABLE {R.table_name(table)} ALTER COLUMN {q(col.name)} "
            f"TYPE {col.type} USING {q(col.name)}::{cast}::{col.type};",
            why,
        )
    plan.emit(P_ENUM_DROP_OLD, f"DROP {word} {qn(new.schema, temporary)};")
    plan.creator.finish(kind, new)


def rebuild_domain(old: Domain, new: Domain, plan: Plan) -> None:
    """Replace a domain whose base type or collation changed while columns use it.

    PostgreSQL has no ALTER for either, and DROP DOMAIN would take the columns
    with it: the columns are converted through the new base type.
    """
    why = None
    if not widening(old.base_type, new.base_type):
        why = f"converts the columns of domain {new.key} from {old.base_type} to {new.base_type}"
    _rebuild_type(
        plan,
        old,
        new,
        kind="domain",
        phase=P_DOMAIN,
        create=RO.create_domain(new),
        via=new.base_type,
        why=why,
    )


def rebuild_enum(old: Enum, new: Enum, plan: Plan) -> None:
    """Replace an enum whose values cannot be altered in place, converting its columns."""
    removed = [v for v in old.values if v not in new.values]
    why = f"removes value(s) {', '.join(removed)} from enum {new.key}" if removed else None
    _rebuild_type(
        plan,
        old,
        new,
        kind="enum",
        phase=P_ENUM,
        create=[RO.create_enum(new)],
        via="text",
        why=why,
    )
