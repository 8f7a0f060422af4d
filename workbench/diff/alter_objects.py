"""In-place changes of types, sequences, extensions and database-wide objects, comments,
grants and default privileges (the ALTERs; see `workbench.diff.alter`)."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from workbench.catalog import ddl_foreign as F
from workbench.catalog import ddl_names as D
from workbench.catalog import ddl_schema_objects as RO
from workbench.catalog import ddl_tables as R
from workbench.catalog import grants as G
from workbench.catalog.model import Catalog
from workbench.catalog.quoting import quote_ident as q
from workbench.catalog.quoting import quote_literal as lit
from workbench.catalog.quoting import quote_qualified as qn
from workbench.diff import columns as C
from workbench.diff.changes import Change
from workbench.diff.script import (
    P_COMMENT,
    P_COMPOSITE,
    P_DEFAULT_PRIV,
    P_DOMAIN,
    P_DROP_PUBLICATION,
    P_ENUM,
    P_EVENT_TRIGGER,
    P_EXTENSION,
    P_FOREIGN,
    P_GRANT,
    P_OWNER,
    P_PUBLICATION,
    P_SEQUENCE,
    P_SEQUENCE_OWNED,
    P_VALIDATE,
)

if TYPE_CHECKING:
    from workbench.diff.plan_interface import Plan


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
    corpus = _corpus(cat)
    return any(n in corpus for n in needles)


# The corpus of a catalog, kept while the catalog lives (a plan asks once per changed
# enum, twice each: classifying, then emitting).
_CORPORA: dict[int, tuple[weakref.ref, str]] = {}


def _corpus(cat: Catalog) -> str:
    found = _CORPORA.get(id(cat))
    if found is not None and found[0]() is cat:
        return found[1]
    corpus = _join_texts(cat)
    key = id(cat)
    _CORPORA[key] = (weakref.ref(cat), corpus)
    weakref.finalize(cat, _CORPORA.pop, key, None)
    return corpus


def _join_texts(cat: Catalog) -> str:
    """Every text of `cat` an enum value may be used in (defaults, checks, definitions)."""

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

    # One search over all the texts joined (NUL is never in PostgreSQL text, so no
    # needle can span two of them): far cheaper than a test per text.
    return "\0".join(text for text in texts() if text)


def owner(ch: Change, plan: Plan) -> None:
    if "owner" in ch.fields and ch.new.owner:
        plan.emit(P_OWNER, D.owner_statement(ch.kind, ch.new, ch.new.owner))


def enum(ch: Change, plan: Plan) -> None:
    old, new = ch.old, ch.new
    if "values" in ch.fields:
        if enum_rebuild(old, new, plan.b):
            C.rebuild_enum(old, new, plan)
        else:
            for stmt in enum_plan(old, new) or ():
                plan.emit(P_ENUM, stmt)
    owner(ch, plan)


def domain(ch: Change, plan: Plan) -> None:
    old, new, fields = ch.old, ch.new, ch.fields
    if {"base_type", "collation"} & set(fields):
        C.rebuild_domain(old, new, plan)
        owner(ch, plan)
        return
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
                plan.emit(P_DOMAIN, RO.domain_check(new, check))
            elif check.validated and not other.validated:
                plan.emit(P_VALIDATE, f"{name} VALIDATE CONSTRAINT {q(cname)};")
    owner(ch, plan)


def _check_text(check: Any) -> str:
    return check.definition.replace(" NOT VALID", "")


def composite(ch: Change, plan: Plan) -> None:
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
    owner(ch, plan)


def sequence(ch: Change, plan: Plan) -> None:
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
        plan.emit(P_SEQUENCE_OWNED, RO.sequence_owned_by(new, plan.b))
    owner(ch, plan)


def extension(ch: Change, plan: Plan) -> None:
    new = ch.new
    if "schema" in ch.fields:
        plan.emit(P_EXTENSION, f"ALTER EXTENSION {q(new.name)} SET SCHEMA {q(new.schema)};")
    if "version" in ch.fields:
        plan.emit(P_EXTENSION, f"ALTER EXTENSION {q(new.name)} UPDATE TO {lit(new.version)};")


def event_trigger(ch: Change, plan: Plan) -> None:
    new = ch.new
    if "enabled" in ch.fields:
        plan.emit(
            P_EVENT_TRIGGER, f"ALTER EVENT TRIGGER {q(new.name)} {R.enabled_state(new.enabled)};"
        )
    owner(ch, plan)


def publication(ch: Change, plan: Plan) -> None:
    old, new, fields = ch.old, ch.new, ch.fields
    name = f"ALTER PUBLICATION {q(new.name)}"
    if "tables" in fields:
        gone = [t for t in old.tables if t not in new.tables]
        if gone:
            # Before any table is dropped: a dropped table leaves its publications itself,
            # and naming it afterwards would fail.
            tables = ", ".join(RO.publication_table(t, plan.a).split(" ")[0] for t in gone)
            plan.emit(P_DROP_PUBLICATION, f"{name} DROP TABLE {tables};")
        added = [t for t in new.tables if t not in old.tables]
        if added:
            plan.emit(
                P_PUBLICATION,
                f"{name} ADD TABLE {', '.join(RO.publication_table(t, plan.b) for t in added)};",
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
        plan.emit(P_PUBLICATION, f"{name} SET ({RO.publication_with(new)});")
    owner(ch, plan)


def foreign_data_wrapper(ch: Change, plan: Plan) -> None:
    new, fields = ch.new, ch.fields
    if new.member_of or ch.old.member_of:
        return  # an extension's wrapper: only its grants and comment (altered apart) are ours
    head = F.wrapper_name(new)
    for function in ("handler", "validator"):
        if function in fields:
            value, word = getattr(new, function), function.upper()
            plan.emit(P_FOREIGN, f"ALTER {head} {f'{word} {value}' if value else f'NO {word}'};")
    stmt = F.alter_options(head, ch.old.options, new.options, "wrapper")
    if stmt:
        plan.emit(P_FOREIGN, stmt)
    owner(ch, plan)


def server(ch: Change, plan: Plan) -> None:
    new, fields = ch.new, ch.fields
    head = F.server_name(new)
    if "version" in fields:
        version = "NULL" if new.version is None else lit(new.version)
        plan.emit(P_FOREIGN, f"ALTER {head} VERSION {version};", sub=1)
    stmt = F.alter_options(head, ch.old.options, new.options, "server")
    if stmt:
        plan.emit(P_FOREIGN, stmt, sub=1)
    owner(ch, plan)


def user_mapping(ch: Change, plan: Plan) -> None:
    stmt = F.alter_options(F.mapping_name(ch.new), ch.old.options, ch.new.options, "user mapping")
    if stmt:
        plan.emit(P_FOREIGN, stmt, sub=2)


def comment(ch: Change, plan: Plan) -> None:
    obj, parent = ch.new
    plan.emit(P_COMMENT, D.comment_statement(ch.target, obj, parent, obj.comment))


def grant(ch: Change, plan: Plan) -> None:
    obj, parent, new = ch.new
    old = ch.old[2]
    columns = q(obj.name) if ch.target == "column" else None
    for stmt in G.grant_statements(D.grant_on(ch.target, obj, parent), old, new, columns=columns):
        plan.emit(P_GRANT, stmt)


def default_privilege(ch: Change, plan: Plan) -> None:
    entry, new = ch.new
    old = ch.old[1]
    on = G.default_privilege_type(entry)
    prefix = f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(entry.role)}"
    if entry.schema:
        prefix += f" IN SCHEMA {q(entry.schema)}"
    for stmt in G.grant_statements(on, old, new, prefix=prefix + " "):
        plan.emit(P_DEFAULT_PRIV, stmt)


def schema(ch: Change, plan: Plan) -> None:
    owner(ch, plan)
