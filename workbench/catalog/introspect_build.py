"""Rows of the catalog queries -> Catalog dataclasses (used by `introspect`).

Relations and the top-level objects are built here; the members of
relations (columns, constraints, indexes, ...) in `introspect_members`.

Each function takes the rows of one query (tuples, in the column order the
query's comment documents) and builds the model objects with as little
per-row work as possible. OIDs are used only to attach members to their
owners; they never reach the model.
"""

from __future__ import annotations

from collections import defaultdict

from workbench.catalog.introspect_members import Members, new_frozen
from workbench.catalog.model import (
    Collation,
    CompositeType,
    DefaultPrivilege,
    Domain,
    DomainCheck,
    Enum,
    EventTrigger,
    Extension,
    Function,
    Grant,
    Publication,
    RangeType,
    Role,
    Schema,
    Sequence,
    Table,
    View,
)
from workbench.catalog.secrets import redact_options

TABLE_KINDS = {"r": "table", "p": "partitioned", "f": "foreign"}
PERSISTENCE = {"p": "permanent", "u": "unlogged", "t": "temporary"}
REPLICA_IDENTITY = {"d": "DEFAULT", "n": "NOTHING", "f": "FULL", "i": "INDEX"}
ENABLED = {"O": "ORIGIN", "D": "DISABLED", "R": "REPLICA", "A": "ALWAYS"}
FUNCTION_KINDS = {"f": "function", "p": "procedure", "a": "aggregate", "w": "window"}
VOLATILITY = {"i": "IMMUTABLE", "s": "STABLE", "v": "VOLATILE"}
PARALLEL = {"s": "SAFE", "r": "RESTRICTED", "u": "UNSAFE"}
DEFAULT_ACL_TYPES = {
    "r": "TABLES",
    "S": "SEQUENCES",
    "f": "FUNCTIONS",
    "T": "TYPES",
    "n": "SCHEMAS",
    "L": "LARGE OBJECTS",
}

_TRUE = {"true", "on", "yes", "1"}


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
        rls, forced, owner, comment, reltuples, size, reloptions, replident, viewdef = row[9:18]
        server, server_options = row[18:]
        key = f"{schema}.{name}"
        options = tuple(reloptions or ())
        if relkind in TABLE_KINDS:
            parents = tuple(parents or ())
            of = m.of
            tables[key] = new_frozen(
                Table,
                {
                    "schema": schema,
                    "name": name,
                    "kind": TABLE_KINDS[relkind],
                    "persistence": PERSISTENCE.get(persistence, persistence),
                    "partition_by": partkey,
                    "partition_of": parents[0] if is_partition and parents else None,
                    "partition_bound": bound,
                    "inherits": () if is_partition else parents,
                    "rls_enabled": rls,
                    "rls_forced": forced,
                    "owner": owner,
                    "comment": comment,
                    "estimated_rows": None
                    if reltuples is None or reltuples < 0
                    else int(reltuples),
                    "size_bytes": size,
                    "reloptions": options,
                    "replica_identity": REPLICA_IDENTITY.get(replident, replident),
                    "columns": of("columns", oid),
                    "constraints": of("constraints", oid),
                    "indexes": of("indexes", oid),
                    "triggers": of("triggers", oid),
                    "policies": of("policies", oid),
                    "rules": of("rules", oid),
                    "statistics": of("statistics", oid),
                    "grants": m.grants_of("r", oid),
                    "server": server,
                    "server_options": redact_options(server_options),
                },
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
    # by schema, name and identity arguments, in code point order (= COLLATE "C")
    for row in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
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
        for name, superuser, bypassrls, inherit, login, member_of, _oid in rows
    }
