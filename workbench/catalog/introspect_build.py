"""Rows of the catalog queries -> Catalog dataclasses (used by `introspect`).

Each function takes the rows of one query (tuples, in the column order the
query's comment documents) and builds the model objects with as little
per-row work as possible. OIDs are used only to attach members to their
owners; they never reach the model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from workbench.catalog.model import (
    Collation,
    Column,
    CompositeType,
    Constraint,
    DefaultPrivilege,
    Domain,
    DomainCheck,
    Enum,
    EventTrigger,
    Extension,
    Function,
    Grant,
    Index,
    Policy,
    Publication,
    RangeType,
    Role,
    Rule,
    Schema,
    Sequence,
    Statistic,
    Table,
    Trigger,
    View,
)

TABLE_KINDS = {"r": "table", "p": "partitioned", "f": "foreign"}
PERSISTENCE = {"p": "permanent", "u": "unlogged", "t": "temporary"}
REPLICA_IDENTITY = {"d": "DEFAULT", "n": "NOTHING", "f": "FULL", "i": "INDEX"}
CONSTRAINT_KINDS = {
    "p": "PRIMARY KEY",
    "u": "UNIQUE",
    "f": "FOREIGN KEY",
    "c": "CHECK",
    "x": "EXCLUDE",
    "n": "NOT NULL",
    "t": "TRIGGER",
}
FK_ACTIONS = {
    "a": "NO ACTION",
    "r": "RESTRICT",
    "c": "CASCADE",
    "n": "SET NULL",
    "d": "SET DEFAULT",
}
ENABLED = {"O": "ORIGIN", "D": "DISABLED", "R": "REPLICA", "A": "ALWAYS"}
POLICY_COMMANDS = {"*": "ALL", "r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE"}
FUNCTION_KINDS = {"f": "function", "p": "procedure", "a": "aggregate", "w": "window"}
VOLATILITY = {"i": "IMMUTABLE", "s": "STABLE", "v": "VOLATILE"}
PARALLEL = {"s": "SAFE", "r": "RESTRICTED", "u": "UNSAFE"}
IDENTITY = {"a": "ALWAYS", "d": "BY DEFAULT"}
GENERATED = {"s": "STORED", "v": "VIRTUAL"}
STORAGE = {"p": "PLAIN", "e": "EXTERNAL", "m": "MAIN", "x": "EXTENDED"}
DEFAULT_ACL_TYPES = {
    "r": "TABLES",
    "S": "SEQUENCES",
    "f": "FUNCTIONS",
    "T": "TYPES",
    "n": "SCHEMAS",
    "L": "LARGE OBJECTS",
}

_TRUE = {"true", "on", "yes", "1"}


@dataclass
class Members:
    """Rows of the per-relation queries, grouped by relation oid by `index()`."""

    columns: list[tuple]
    constraints: list[tuple]
    indexes: list[tuple]
    triggers: list[tuple]
    policies: list[tuple]
    rules: list[tuple]
    statistics: list[tuple]
    grants: list[tuple]
    by_rel: dict[str, dict[int, list]] = field(default_factory=dict)
    acl: dict[tuple[str, int, int], tuple[Grant, ...]] = field(default_factory=dict)

    def index(self) -> Members:
        acl: dict[tuple[str, int, int], list[Grant]] = defaultdict(list)
        for kind, objid, subid, grantee, privilege, grantable, grantor in self.grants:
            acl[(kind, objid, subid)].append(Grant(grantee, privilege, grantable, grantor))
        self.acl = {k: tuple(v) for k, v in acl.items()}
        self.by_rel["constraints"] = _group(self.constraints, _constraint)
        self.by_rel["indexes"] = _group(self.indexes, _index)
        self.by_rel["triggers"] = _group(self.triggers, _trigger)
        self.by_rel["policies"] = _group(self.policies, _policy)
        self.by_rel["rules"] = _group(self.rules, _rule)
        self.by_rel["statistics"] = _group(self.statistics, _statistic)
        columns: dict[int, list[Column]] = defaultdict(list)
        acl_get = self.acl.get
        for row in self.columns:
            columns[row[0]].append(_column(row, acl_get(("a", row[0], row[11]), ())))
        self.by_rel["columns"] = columns
        return self

    def of(self, kind: str, oid: int) -> tuple:
        return tuple(self.by_rel[kind].get(oid, ()))

    def grants_of(self, kind: str, oid: int) -> tuple[Grant, ...]:
        return self.acl.get((kind, oid, 0), ())


def _group(rows: list[tuple], make) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for row in rows:
        out[row[0]].append(make(row))
    return out


def _column(row: tuple, grants: tuple[Grant, ...]) -> Column:
    (_, name, type_, not_null, default, identity, generated, collation) = row[:8]
    storage, stattarget, comment, attnum, is_local = row[8:]
    generated_kind = GENERATED.get(generated) if generated else None
    return Column(
        name=name,
        type=type_,
        not_null=not_null,
        default=None if generated_kind else default,
        identity=IDENTITY.get(identity) if identity else None,
        generated=default if generated_kind else None,
        generated_kind=generated_kind,
        collation=collation,
        storage=STORAGE.get(storage, storage) if storage else None,
        statistics=stattarget,
        comment=comment,
        grants=grants,
        position=attnum,
        inherited=not is_local,
    )


def _constraint(row: tuple) -> Constraint:
    (_, name, contype, definition, cols, references, ref_cols, on_update, on_delete) = row[:9]
    deferrable, deferred, validated, enforced, index, comment, is_local = row[9:]
    return Constraint(
        name=name,
        kind=CONSTRAINT_KINDS.get(contype, contype),
        definition=definition,
        columns=tuple(cols or ()),
        references=references,
        ref_columns=tuple(ref_cols or ()),
        on_update=FK_ACTIONS.get(on_update) if on_update else None,
        on_delete=FK_ACTIONS.get(on_delete) if on_delete else None,
        deferrable=deferrable,
        deferred=deferred,
        validated=validated,
        enforced=enforced,
        index=index,
        comment=comment,
        inherited=not is_local,
    )


def _index(row: tuple) -> Index:
    (_, name, definition, unique, primary, method, nkey, cols, predicate) = row[:9]
    constraint, comment, inherited = row[9:]
    cols = cols or []
    return Index(
        name=name,
        definition=definition,
        columns=tuple(cols[:nkey]),
        unique=unique,
        primary=primary,
        method=method,
        predicate=predicate,
        include=tuple(cols[nkey:]),
        constraint=constraint,
        comment=comment,
        inherited=inherited,
    )


def _trigger(row: tuple) -> Trigger:
    _, name, definition, function, enabled, comment = row
    return Trigger(name, definition, function, ENABLED.get(enabled, enabled), comment)


def _policy(row: tuple) -> Policy:
    _, name, cmd, permissive, roles, using, with_check, comment = row
    return Policy(
        name=name,
        command=POLICY_COMMANDS.get(cmd, cmd),
        permissive=permissive,
        roles=tuple(roles),
        using=using,
        with_check=with_check,
        comment=comment,
    )


def _rule(row: tuple) -> Rule:
    _, name, definition, enabled, comment = row
    return Rule(name, definition, ENABLED.get(enabled, enabled), comment)


def _statistic(row: tuple) -> Statistic:
    _, schema, name, definition, target, comment = row
    return Statistic(schema, name, definition, target, comment)


def _option(options: tuple[str, ...], name: str) -> bool:
    prefix = name + "="
    return any(o.startswith(prefix) and o[len(prefix) :].lower() in _TRUE for o in options)


def relations(
    rows: list[tuple], m: Members
) -> tuple[dict[str, Table], dict[str, View], dict[str, CompositeType]]:
    """Tables, views/materialized views and standalone composite types."""
    tables: dict[str, Table] = {}
    views: dict[str, View] = {}
    composites: dict[str, CompositeType] = {}
    for row in rows:
        (oid, schema, name, relkind, persistence, partkey, bound, is_partition, parents) = row[:9]
        rls, forced, owner, comment, reltuples, size, reloptions, replident, viewdef = row[9:]
        key = f"{schema}.{name}"
        options = tuple(reloptions or ())
        if relkind in TABLE_KINDS:
            parents = tuple(parents or ())
            tables[key] = Table(
                schema=schema,
                name=name,
                kind=TABLE_KINDS[relkind],
                persistence=PERSISTENCE.get(persistence, persistence),
                partition_by=partkey,
                partition_of=parents[0] if is_partition and parents else None,
                partition_bound=bound,
                inherits=() if is_partition else parents,
                rls_enabled=rls,
                rls_forced=forced,
                owner=owner,
                comment=comment,
                estimated_rows=None if reltuples is None or reltuples < 0 else int(reltuples),
                size_bytes=size,
                reloptions=options,
                replica_identity=REPLICA_IDENTITY.get(replident, replident),
                columns=m.of("columns", oid),
                constraints=m.of("constraints", oid),
                indexes=m.of("indexes", oid),
                triggers=m.of("triggers", oid),
                policies=m.of("policies", oid),
                rules=m.of("rules", oid),
                statistics=m.of("statistics", oid),
                grants=m.grants_of("r", oid),
            )
        elif relkind in ("v", "m"):
            views[key] = View(
                schema=schema,
                name=name,
                definition=viewdef,
                materialized=relkind == "m",
                security_invoker=_option(options, "security_invoker"),
                options=options,
                owner=owner,
                comment=comment,
                columns=m.of("columns", oid),
                indexes=m.of("indexes", oid),
                grants=m.grants_of("r", oid),
            )
        else:  # "c": a standalone composite type
            composites[key] = CompositeType(
                schema=schema,
                name=name,
                attributes=m.of("columns", oid),
                owner=owner,
                comment=comment,
            )
    return tables, views, composites


def schemas(rows: list[tuple], m: Members) -> dict[str, Schema]:
    return {
        name: Schema(name, owner, comment, m.grants_of("n", oid))
        for oid, name, owner, comment in rows
    }


def functions(rows: list[tuple], m: Members) -> dict[str, Function]:
    out: dict[str, Function] = {}
    for row in rows:
        (schema, name, identity, kind, arguments, returns, language, body, definition) = row[:9]
        volatility, secdef, strict, leakproof, parallel, config, owner, comment, oid = row[9:]
        fn = Function(
            schema=schema,
            name=name,
            identity_args=identity,
            kind=FUNCTION_KINDS.get(kind, kind),
            arguments=arguments,
            returns=returns,
            language=language,
            body=body,
            definition=definition,
            volatility=VOLATILITY.get(volatility, volatility),
            security_definer=secdef,
            strict=strict,
            leakproof=leakproof,
            parallel=PARALLEL.get(parallel, parallel),
            config=tuple(config or ()),
            owner=owner,
            comment=comment,
            grants=m.grants_of("f", oid),
        )
        out[fn.key] = fn
    return out


def enums(rows: list[tuple]) -> dict[str, Enum]:
    return {
        f"{schema}.{name}": Enum(schema, name, tuple(values), owner, comment)
        for schema, name, values, owner, comment in rows
    }


def domains(rows: list[tuple]) -> dict[str, Domain]:
    out: dict[str, Domain] = {}
    for row in rows:
        schema, name, base, not_null, default, collation, names, defs, valid, owner, comment = row
        checks = tuple(DomainCheck(n, d, v) for n, d, v in zip(names, defs, valid, strict=True))
        out[f"{schema}.{name}"] = Domain(
            schema, name, base, not_null, default, collation, checks, owner, comment
        )
    return out


def ranges(rows: list[tuple]) -> dict[str, RangeType]:
    return {f"{row[0]}.{row[1]}": RangeType(*row) for row in rows}


def collations(rows: list[tuple]) -> dict[str, Collation]:
    return {f"{row[0]}.{row[1]}": Collation(*row) for row in rows}


def sequences(rows: list[tuple], m: Members) -> dict[str, Sequence]:
    out: dict[str, Sequence] = {}
    for row in rows:
        *fields, oid = row
        seq = Sequence(*fields, grants=m.grants_of("r", oid))
        out[seq.key] = seq
    return out


def extensions(rows: list[tuple]) -> dict[str, Extension]:
    return {row[0]: Extension(*row) for row in rows}


def event_triggers(rows: list[tuple]) -> dict[str, EventTrigger]:
    out: dict[str, EventTrigger] = {}
    for name, event, function, tags, enabled, owner, comment in rows:
        out[name] = EventTrigger(
            name, event, function, tuple(tags), ENABLED.get(enabled, enabled), owner, comment
        )
    return out


def publications(rows: list[tuple]) -> dict[str, Publication]:
    out: dict[str, Publication] = {}
    for row in rows:
        name, all_tables, tables, schemas_, ins, upd, dele, trunc, via_root, owner, comment = row
        ops = tuple(
            op
            for op, on in (("insert", ins), ("update", upd), ("delete", dele), ("truncate", trunc))
            if on
        )
        out[name] = Publication(
            name, all_tables, tuple(tables), tuple(schemas_), ops, via_root, owner, comment
        )
    return out


def default_privileges(rows: list[tuple]) -> dict[str, DefaultPrivilege]:
    grouped: dict[tuple, list[Grant]] = defaultdict(list)
    for role, schema, objtype, grantee, privilege, grantable, grantor in rows:
        grouped[(role, schema, objtype)].append(Grant(grantee, privilege, grantable, grantor))
    out: dict[str, DefaultPrivilege] = {}
    for (role, schema, objtype), grants in grouped.items():
        entry = DefaultPrivilege(
            role, schema, DEFAULT_ACL_TYPES.get(objtype, objtype), tuple(grants)
        )
        out[entry.key] = entry
    return out


def roles(rows: list[tuple]) -> dict[str, Role]:
    return {
        name: Role(name, superuser, bypassrls, inherit, login, tuple(member_of))
        for name, superuser, bypassrls, inherit, login, member_of in rows
    }
