"""DDL text for types, sequences and database-wide objects (see `ddl`)."""

from __future__ import annotations

from workbench.catalog.model import (
    Catalog,
    Collation,
    CompositeType,
    DefaultPrivilege,
    Domain,
    Enum,
    EventTrigger,
    Extension,
    Grant,
    Publication,
    RangeType,
    Schema,
    Sequence,
)
from workbench.catalog.quoting import (
    ENABLE,
    comment_on,
    grant_statements,
    key_to_sql,
    owner_to,
    quote_ident,
    quote_literal,
    quote_qualified,
)

# --- privileges -----------------------------------------------------------------

# GRANT's object kind -> pg_default_acl's object type
_DEFAULT_ACL_TYPE = {
    "TABLE": "TABLES",
    "VIEW": "TABLES",
    "SEQUENCE": "SEQUENCES",
    "FUNCTION": "FUNCTIONS",
    "PROCEDURE": "FUNCTIONS",
    "AGGREGATE": "FUNCTIONS",
    "SCHEMA": "SCHEMAS",
    "TYPE": "TYPES",
}
_RELATION_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


def builtin_acl(kind: str, owner: str, version: str | None = None) -> set[tuple[str, str]]:
    """(grantee, privilege) of PostgreSQL's built-in default ACL (what a NULL ACL means)."""
    objtype = _DEFAULT_ACL_TYPE.get(kind, kind)
    major = int(str(version or "18").split(".")[0] or 18)
    privileges: tuple[str, ...] = {
        "TABLES": _RELATION_PRIVILEGES + (("MAINTAIN",) if major >= 17 else ()),
        "SEQUENCES": ("SELECT", "UPDATE", "USAGE"),
        "FUNCTIONS": ("EXECUTE",),
        "SCHEMAS": ("CREATE", "USAGE"),
        "TYPES": ("USAGE",),
    }.get(objtype, ())
    acl = {(owner, p) for p in privileges}
    if objtype == "FUNCTIONS":
        acl.add(("PUBLIC", "EXECUTE"))
    elif objtype == "TYPES":
        acl.add(("PUBLIC", "USAGE"))
    return acl


def initial_acl(
    kind: str, owner: str, schema: str | None, catalog: Catalog | None
) -> set[tuple[str, str]]:
    """The ACL a new object gets: the built-in one, as changed by ALTER DEFAULT PRIVILEGES."""
    version = catalog.server_version if catalog is not None else None
    if catalog is None:
        return builtin_acl(kind, owner, version)
    objtype = _DEFAULT_ACL_TYPE.get(kind, kind)
    entries = [
        dp
        for dp in catalog.default_privileges.values()
        if dp.role == owner and dp.object_type == objtype
    ]
    everywhere = next((dp for dp in entries if dp.schema is None), None)
    if everywhere is not None:  # replaces the built-in default for this role
        acl = {(g.grantee, g.privilege) for g in everywhere.grants}
    else:
        acl = builtin_acl(kind, owner, version)
    for dp in entries:
        if dp.schema is not None and dp.schema == schema:
            acl |= {(g.grantee, g.privilege) for g in dp.grants}
    return acl


def privilege_statements(
    kind: str,
    target: str,
    grants: tuple[Grant, ...],
    owner: str | None,
    *,
    schema: str | None = None,
    catalog: Catalog | None = None,
) -> list[str]:
    """REVOKE and GRANT statements turning a new object's ACL into `grants`.

    `grants == ()` is the built-in default ACL. Default privileges in the
    catalog (for the owner, in `schema`) are taken into account.
    """
    if owner is None:
        return grant_statements(kind, target, grants, owner)
    version = catalog.server_version if catalog is not None else None
    start = initial_acl(kind, owner, schema, catalog)
    wanted = (
        {(g.grantee, g.privilege) for g in grants} if grants else builtin_acl(kind, owner, version)
    )
    revoke: dict[str, list[str]] = {}
    for grantee, privilege in sorted(start - wanted):
        revoke.setdefault(grantee, []).append(privilege)
    out = [
        f"REVOKE {', '.join(privs)} ON {kind} {target} FROM "
        f"{'PUBLIC' if grantee == 'PUBLIC' else quote_ident(grantee)};"
        for grantee, privs in revoke.items()
    ]
    new = [g for g in grants if g.grantable or (g.grantee, g.privilege) not in start]
    return out + grant_statements(kind, target, new, owner)


def identity_options(seq: Sequence | None) -> str:
    if seq is None:
        return ""
    defaults = _sequence_defaults(seq.data_type, seq.increment)
    opts = []
    for label, value, default in (
        ("START WITH", seq.start, defaults[0]),
        ("INCREMENT BY", seq.increment, 1),
        ("MINVALUE", seq.min_value, defaults[1]),
        ("MAXVALUE", seq.max_value, defaults[2]),
        ("CACHE", seq.cache, 1),
    ):
        if value is not None and value != default:
            opts.append(f"{label} {value}")
    if seq.cycle:
        opts.append("CYCLE")
    if seq.data_type != "bigint":
        opts.insert(0, f"AS {seq.data_type}")
    return f" ({' '.join(opts)})" if opts else ""


def enum_ddl(enum: Enum) -> str:
    target = quote_qualified(enum.schema, enum.name)
    values = ",\n    ".join(quote_literal(v) for v in enum.values)
    out = [f"CREATE TYPE {target} AS ENUM (" + (f"\n    {values}\n" if values else "") + ");"]
    return "\n".join(
        out + owner_to("TYPE", target, enum.owner) + comment_on("TYPE", target, enum.comment)
    )


def domain_ddl(domain: Domain) -> str:
    target = quote_qualified(domain.schema, domain.name)
    lines = [f"CREATE DOMAIN {target} AS {domain.base_type}"]
    if domain.collation:
        lines.append(f"COLLATE {domain.collation}")
    if domain.default is not None:
        lines.append(f"DEFAULT {domain.default}")
    if domain.not_null:
        lines.append("NOT NULL")
    lines += [
        f"CONSTRAINT {quote_ident(c.name)} {c.definition}" for c in domain.checks if c.validated
    ]
    out = ["\n    ".join(lines) + ";"]
    out += [
        f"ALTER DOMAIN {target} ADD CONSTRAINT {quote_ident(c.name)} {c.definition};"
        for c in domain.checks
        if not c.validated
    ]
    return "\n".join(
        out
        + owner_to("DOMAIN", target, domain.owner)
        + comment_on("DOMAIN", target, domain.comment)
    )


def composite_ddl(ctype: CompositeType) -> str:
    target = quote_qualified(ctype.schema, ctype.name)
    attrs = [
        f"{quote_ident(a.name)} {a.type}" + (f" COLLATE {a.collation}" if a.collation else "")
        for a in ctype.attributes
    ]
    body = ("\n    " + ",\n    ".join(attrs) + "\n") if attrs else ""
    out = [f"CREATE TYPE {target} AS ({body});"]
    for a in ctype.attributes:
        out += comment_on("COLUMN", f"{target}.{quote_ident(a.name)}", a.comment)
    return "\n".join(
        out + owner_to("TYPE", target, ctype.owner) + comment_on("TYPE", target, ctype.comment)
    )


def range_ddl(rng: RangeType, catalog: Catalog | None = None) -> str:
    target = quote_qualified(rng.schema, rng.name)
    opts = [f"SUBTYPE = {rng.subtype}"]
    if rng.subtype_opclass:
        opts.append(f"SUBTYPE_OPCLASS = {rng.subtype_opclass}")
    if rng.collation:
        opts.append(f"COLLATION = {rng.collation}")
    if rng.canonical:
        opts.append(f"CANONICAL = {rng.canonical}")
    if rng.subtype_diff:
        opts.append(f"SUBTYPE_DIFF = {rng.subtype_diff}")
    if rng.multirange and rng.multirange != f"{rng.schema}.{rng.name}_multirange":
        opts.append(f"MULTIRANGE_TYPE_NAME = {key_to_sql(rng.multirange)}")
    out = [f"CREATE TYPE {target} AS RANGE (\n    " + ",\n    ".join(opts) + "\n);"]
    return "\n".join(
        out + owner_to("TYPE", target, rng.owner) + comment_on("TYPE", target, rng.comment)
    )


def collation_ddl(coll: Collation) -> str:
    target = quote_qualified(coll.schema, coll.name)
    provider = {"i": "icu", "b": "builtin"}.get(coll.provider, "libc")
    opts = [f"provider = {provider}"]
    if coll.locale is not None:
        opts.append(f"locale = {quote_literal(coll.locale)}")
    if coll.provider == "c" or coll.locale is None:
        if coll.lc_collate is not None:
            opts.append(f"lc_collate = {quote_literal(coll.lc_collate)}")
        if coll.lc_ctype is not None:
            opts.append(f"lc_ctype = {quote_literal(coll.lc_ctype)}")
    if not coll.deterministic:
        opts.append("deterministic = false")
    out = [f"CREATE COLLATION {target} ({', '.join(opts)});"]
    return "\n".join(
        out
        + owner_to("COLLATION", target, coll.owner)
        + comment_on("COLLATION", target, coll.comment)
    )


_SEQ_LIMITS = {"smallint": 2**15 - 1, "integer": 2**31 - 1, "bigint": 2**63 - 1}


def _sequence_defaults(data_type: str, increment: int) -> tuple[int, int, int]:
    """PostgreSQL's default (start, min, max) for a sequence of this type and direction."""
    top = _SEQ_LIMITS.get(data_type, 2**63 - 1)
    if increment > 0:
        return 1, 1, top
    return -1, -top - 1, -1


def sequence_ddl(seq: Sequence, catalog: Catalog | None = None) -> str:
    target = quote_qualified(seq.schema, seq.name)
    start, low, high = _sequence_defaults(seq.data_type, seq.increment)
    lines = [f"CREATE SEQUENCE {target}", f"AS {seq.data_type}"]
    lines.append(f"START WITH {seq.start}")
    lines.append(f"INCREMENT BY {seq.increment}")
    lines.append(f"MINVALUE {seq.min_value}" if seq.min_value is not None else "NO MINVALUE")
    lines.append(f"MAXVALUE {seq.max_value}" if seq.max_value is not None else "NO MAXVALUE")
    lines.append(f"CACHE {seq.cache}")
    lines.append("CYCLE" if seq.cycle else "NO CYCLE")
    out = ["\n    ".join(lines) + ";"]
    if seq.identity:
        out[0] = f"-- identity sequence of {seq.owned_by}\n" + out[0]
    # the owner first (like pg_dump): OWNED BY needs the table's owner to own the sequence
    out += owner_to("SEQUENCE", target, seq.owner)
    if seq.owned_by:
        out.append(f"ALTER SEQUENCE {target} OWNED BY {_column_ref(seq.owned_by, catalog)};")
    out += comment_on("SEQUENCE", target, seq.comment)
    out += privilege_statements(
        "SEQUENCE", target, seq.grants, seq.owner, schema=seq.schema, catalog=catalog
    )
    return "\n".join(out)


def _column_ref(owned_by: str, catalog: Catalog | None) -> str:
    """`schema.table.column` as quoted SQL (resolved through the catalog when possible)."""
    if catalog is not None:
        dot = owned_by.find(".")
        while dot != -1:
            table = catalog.tables.get(owned_by[:dot])
            column = owned_by[dot + 1 :]
            if table is not None and table.column(column) is not None:
                return f"{quote_qualified(table.schema, table.name)}.{quote_ident(column)}"
            dot = owned_by.find(".", dot + 1)
    schema, _, rest = owned_by.partition(".")
    table_name, _, column = rest.rpartition(".")
    return f"{quote_qualified(schema, table_name)}.{quote_ident(column)}"


# --- database-wide objects ----------------------------------------------------------


def schema_ddl(schema: Schema, catalog: Catalog | None = None) -> str:
    target = quote_ident(schema.name)
    out = [f"CREATE SCHEMA {target};"]
    out += owner_to("SCHEMA", target, schema.owner)
    out += comment_on("SCHEMA", target, schema.comment)
    out += privilege_statements("SCHEMA", target, schema.grants, schema.owner, catalog=catalog)
    return "\n".join(out)


def extension_ddl(ext: Extension) -> str:
    target = quote_ident(ext.name)
    out = [
        f"CREATE EXTENSION {target} WITH SCHEMA {quote_ident(ext.schema)} "
        f"VERSION {quote_literal(ext.version)};"
    ]
    return "\n".join(out + comment_on("EXTENSION", target, ext.comment))


def event_trigger_ddl(evt: EventTrigger, catalog: Catalog | None = None) -> str:
    target = quote_ident(evt.name)
    lines = [f"CREATE EVENT TRIGGER {target} ON {evt.event}"]
    if evt.tags:
        lines.append(f"WHEN TAG IN ({', '.join(quote_literal(t) for t in evt.tags)})")
    lines.append(f"EXECUTE FUNCTION {key_to_sql(evt.function)}()")
    out = ["\n    ".join(lines) + ";"]
    if evt.enabled in ENABLE:
        out.append(f"ALTER EVENT TRIGGER {target} {ENABLE[evt.enabled]};")
    out += owner_to("EVENT TRIGGER", target, evt.owner)
    return "\n".join(out + comment_on("EVENT TRIGGER", target, evt.comment))


def publication_ddl(pub: Publication) -> str:
    target = quote_ident(pub.name)
    head = f"CREATE PUBLICATION {target}"
    objects = []
    if pub.all_tables:
        objects.append("ALL TABLES")
    else:
        objects += [f"TABLE {t}" for t in pub.tables]
        objects += [f"TABLES IN SCHEMA {quote_ident(s)}" for s in pub.schemas]
    if objects:
        head += "\n    FOR " + ",\n        ".join(objects)
    options = [f"publish = {quote_literal(', '.join(pub.operations))}"]
    if pub.via_root:
        options.append("publish_via_partition_root = true")
    out = [f"{head}\n    WITH ({', '.join(options)});"]
    out += owner_to("PUBLICATION", target, pub.owner)
    return "\n".join(out + comment_on("PUBLICATION", target, pub.comment))


def default_privilege_ddl(dp: DefaultPrivilege) -> str:
    """ALTER DEFAULT PRIVILEGES ... GRANT, one statement per grantee."""
    head = f"ALTER DEFAULT PRIVILEGES FOR ROLE {quote_ident(dp.role)}"
    if dp.schema is not None:
        head += f" IN SCHEMA {quote_ident(dp.schema)}"
    return "\n".join(f"{head} {grant}" for grant in grant_statements(dp.object_type, "", dp.grants))
