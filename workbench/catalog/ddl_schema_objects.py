"""SQL text for views, functions, types, sequences and database-wide objects (the one
DDL writer, with `ddl_tables`)."""

from __future__ import annotations

from workbench.catalog.ddl_tables import (
    enabled_state,
    function_ref,
    is_enabled_default,
    sequence_options,
    strip_semicolon,
)
from workbench.catalog.model import (
    Catalog,
    Collation,
    CompositeType,
    Domain,
    Enum,
    EventTrigger,
    Extension,
    Function,
    Publication,
    RangeType,
    Schema,
    Sequence,
    View,
)
from workbench.catalog.quoting import (
    key_to_sql,
    quote_ident,
    quote_literal,
    quote_qualified,
    split_key,
)

FUNCTION_WORD = {
    "function": "FUNCTION",
    "window": "FUNCTION",
    "procedure": "PROCEDURE",
    "aggregate": "AGGREGATE",
}


def view_options(view: View) -> list[str]:
    options = list(view.options)
    if view.security_invoker and not any(o.startswith("security_invoker") for o in options):
        options.append("security_invoker=true")
    return options


def create_view(view: View, *, replace: bool = False) -> str:
    word = "MATERIALIZED VIEW" if view.materialized else "VIEW"
    head = (
        f"CREATE {'OR REPLACE ' if replace else ''}{word} {quote_qualified(view.schema, view.name)}"
    )
    options = view_options(view)
    if options:
        head += f" WITH ({', '.join(options)})"
    return f"{head} AS\n{strip_semicolon(view.definition)};"


def drop_view(view: View) -> str:
    word = "MATERIALIZED VIEW" if view.materialized else "VIEW"
    return f"DROP {word} {quote_qualified(view.schema, view.name)};"


def function_signature(func: Function) -> str:
    return f"{quote_qualified(func.schema, func.name)}({func.identity_args})"


def create_function(func: Function) -> str:
    if func.definition:
        return strip_semicolon(func.definition) + ";"
    if func.kind == "aggregate" and func.body:
        options = func.body
        if func.parallel != "UNSAFE":
            options += f", PARALLEL = {func.parallel}"
        args = func.arguments or "*"
        return f"CREATE AGGREGATE {quote_qualified(func.schema, func.name)}({args}) (\n    {options}\n);"
    word = FUNCTION_WORD.get(func.kind, "FUNCTION").lower()
    return f"-- cannot recreate {word} {function_signature(func)}: no definition"


def drop_function(func: Function) -> str:
    return f"DROP {FUNCTION_WORD.get(func.kind, 'FUNCTION')} {function_signature(func)};"


def create_enum(enum: Enum) -> str:
    values = ", ".join(quote_literal(v) for v in enum.values)
    return f"CREATE TYPE {quote_qualified(enum.schema, enum.name)} AS ENUM ({values});"


def create_domain(domain: Domain) -> list[str]:
    text = f"CREATE DOMAIN {quote_qualified(domain.schema, domain.name)} AS {domain.base_type}"
    if domain.collation:
        text += f" COLLATE {domain.collation}"
    if domain.default is not None:
        text += f" DEFAULT {domain.default}"
    if domain.not_null:
        text += " NOT NULL"
    later = []
    for check in domain.checks:
        if check.validated:
            text += f"\n    CONSTRAINT {quote_ident(check.name)} {check.definition}"
        else:
            later.append(domain_check(domain, check))
    return [text + ";", *later]


def domain_check(domain: Domain, check) -> str:
    definition = check.definition
    if not check.validated and "NOT VALID" not in definition:
        definition += " NOT VALID"
    return f"ALTER DOMAIN {quote_qualified(domain.schema, domain.name)} ADD CONSTRAINT {quote_ident(check.name)} {definition};"


def create_composite(ctype: CompositeType) -> str:
    attrs = []
    for attr in sorted(ctype.attributes, key=lambda a: a.position):
        text = f"{quote_ident(attr.name)} {attr.type}"
        if attr.collation:
            text += f" COLLATE {attr.collation}"
        attrs.append(text)
    body = ",\n    ".join(attrs)
    return f"CREATE TYPE {quote_qualified(ctype.schema, ctype.name)} AS (\n    {body}\n);"


def create_range(rng: RangeType) -> str:
    opts = [f"SUBTYPE = {rng.subtype}"]
    if rng.subtype_opclass:
        opts.append(f"SUBTYPE_OPCLASS = {rng.subtype_opclass}")
    if rng.collation:
        opts.append(f"COLLATION = {rng.collation}")
    if rng.canonical:
        opts.append(f"CANONICAL = {rng.canonical}")
    if rng.subtype_diff:
        opts.append(f"SUBTYPE_DIFF = {rng.subtype_diff}")
    if rng.multirange:
        schema, name = split_key(rng.multirange)
        if rng.multirange.startswith(rng.schema + "."):
            schema, name = rng.schema, rng.multirange[len(rng.schema) + 1 :]
        opts.append(f"MULTIRANGE_TYPE_NAME = {quote_qualified(schema, name)}")
    return (
        f"CREATE TYPE {quote_qualified(rng.schema, rng.name)} AS RANGE (\n    "
        + ",\n    ".join(opts)
        + "\n);"
    )


def create_sequence(seq: Sequence) -> str:
    text = f"CREATE SEQUENCE {quote_qualified(seq.schema, seq.name)}"
    if seq.data_type != "bigint":
        text += f" AS {seq.data_type}"
    options = sequence_options(seq, create=True)
    if options:
        text += "\n    " + "\n    ".join(options)
    return text + ";"


def sequence_owned_by(seq: Sequence, cat: Catalog) -> str:
    name = quote_qualified(seq.schema, seq.name)
    if not seq.owned_by:
        return f"ALTER SEQUENCE {name} OWNED BY NONE;"
    table_key, _, column = seq.owned_by.rpartition(".")
    return (
        f"ALTER SEQUENCE {name} OWNED BY {key_to_sql(table_key, cat.tables)}.{quote_ident(column)};"
    )


def create_extension(ext: Extension) -> str:
    return (
        f"CREATE EXTENSION IF NOT EXISTS {quote_ident(ext.name)} WITH SCHEMA {quote_ident(ext.schema)} "
        f"VERSION {quote_literal(ext.version)};"
    )


def create_collation(coll: Collation) -> str:
    provider = {"c": "libc", "i": "icu", "b": "builtin", "d": "libc"}.get(
        coll.provider, coll.provider
    )
    opts = [f"provider = {provider}"]
    if coll.locale:
        opts.append(f"locale = {quote_literal(coll.locale)}")
    else:
        if coll.lc_collate:
            opts.append(f"lc_collate = {quote_literal(coll.lc_collate)}")
        if coll.lc_ctype:
            opts.append(f"lc_ctype = {quote_literal(coll.lc_ctype)}")
    if not coll.deterministic:
        opts.append("deterministic = false")
    return f"CREATE COLLATION {quote_qualified(coll.schema, coll.name)} ({', '.join(opts)});"


def create_event_trigger(evt: EventTrigger, cat: Catalog) -> list[str]:
    text = f"CREATE EVENT TRIGGER {quote_ident(evt.name)} ON {evt.event}"
    if evt.tags:
        text += f"\n    WHEN TAG IN ({', '.join(quote_literal(t) for t in evt.tags)})"
    text += f"\n    EXECUTE FUNCTION {function_ref(evt.function, cat)}();"
    out = [text]
    if not is_enabled_default(evt.enabled):
        out.append(f"ALTER EVENT TRIGGER {quote_ident(evt.name)} {enabled_state(evt.enabled)};")
    return out


def publication_target(pub: Publication, cat: Catalog) -> str:
    """The FOR clause of a publication."""
    if pub.all_tables:
        return "FOR ALL TABLES"
    items = [f"TABLE {publication_table(t, cat)}" for t in pub.tables]
    items += [f"TABLES IN SCHEMA {quote_ident(s)}" for s in pub.schemas]
    return ("FOR " + ", ".join(items)) if items else ""


def publication_table(entry: str, cat: Catalog) -> str:
    """`schema.table (cols) WHERE (...)` as stored by the catalog, with the name quoted."""
    # the longest table key the entry starts with (a key may hold spaces): one dict lookup
    # per space in the entry, not a scan of every table (publications hold many tables)
    cuts = [len(entry)] + [i for i in range(len(entry) - 1, 0, -1) if entry[i] == " "]
    for cut in cuts:
        if entry[:cut] in cat.tables:
            key = entry[:cut]
            return key_to_sql(key, cat.tables) + entry[len(key) :]
    name, _, rest = entry.partition(" ")
    return quote_qualified(*split_key(name)) + (f" {rest}" if rest else "")


def publication_with(pub: Publication) -> str:
    ops = ", ".join(pub.operations)
    return (
        f"publish = {quote_literal(ops)}, publish_via_partition_root = {str(pub.via_root).lower()}"
    )


def create_publication(pub: Publication, cat: Catalog) -> str:
    target = publication_target(pub, cat)
    target = f" {target}" if target else ""
    return f"CREATE PUBLICATION {quote_ident(pub.name)}{target} WITH ({publication_with(pub)});"


def create_schema(schema: Schema) -> str:
    return f"CREATE SCHEMA {quote_ident(schema.name)};"
