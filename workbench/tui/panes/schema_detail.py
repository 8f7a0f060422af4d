"""Rich renderables explaining the selected schema object (always literal text)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from workbench.catalog.ddl import object_ddl
from workbench.catalog.kinds import BY_FIELD
from workbench.catalog.model import Catalog, Table
from workbench.tui.panes.schema_tree import NodeRef
from workbench.tui.text import literal, sql_syntax
from workbench.views.migration_review import size


def _ddl(catalog: Catalog, attr: str, key: str) -> str | None:
    try:
        return object_ddl(catalog, attr, key)
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def _kind_label(field: str, obj: object) -> str:
    kind = BY_FIELD.get(field)
    if field == "functions":
        return getattr(obj, "kind", "function")
    return kind.label if kind is not None else field


def _indent(*parts: RenderableType, by: int = 2) -> Padding:
    """Indented lines (Text's own leading spaces do not survive wrapping)."""
    return Padding(Group(*parts), (0, 0, 0, by))


def _none() -> Padding:
    return _indent(Text("(none)", style="dim"))


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold cyan")


def _props(*pairs: tuple[str, object]) -> RichTable:
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for name, value in pairs:
        if value not in (None, "", ()):
            grid.add_row(name, literal(value))
    return grid


def _columns(columns) -> RichTable:
    table = RichTable(box=None, padding=(0, 2), show_edge=False, header_style="bold")
    for heading in ("column", "type", "null", "default", ""):
        table.add_column(heading)
    for col in columns:
        extra = []
        if col.identity:
            extra.append(f"identity {col.identity.lower()}")
        if col.generated:
            extra.append(f"generated {col.generated_kind or ''}".strip())
        if col.comment:
            extra.append(f"-- {col.comment}")
        table.add_row(
            literal(col.name, "bold"),
            literal(col.type),
            Text("no" if col.not_null else "yes"),
            literal(col.generated or col.default),
            literal(" · ".join(extra), "dim"),
        )
    return table


def _policies(table: Table) -> RenderableType:
    if not table.policies:
        return _none()
    rows: list[RenderableType] = []
    for p in table.policies:
        head = Text()
        head.append(p.name, style="bold")
        head.append(
            f"  {p.command} · {'permissive' if p.permissive else 'RESTRICTIVE'} · "
            f"{', '.join(p.roles)}",
            style="dim",
        )
        rows.append(head)
        if p.using:
            rows.append(_indent(Text.assemble(("USING ", "green"), (p.using, ""))))
        if p.with_check:
            rows.append(_indent(Text.assemble(("WITH CHECK ", "yellow"), (p.with_check, ""))))
    return _indent(*rows)


def table_detail(catalog: Catalog, table: Table) -> list[RenderableType]:
    rls = "RLS disabled"
    if table.rls_enabled:
        rls = "RLS enabled" + (", forced" if table.rls_forced else "")
    rows = "?" if table.estimated_rows is None else f"{table.estimated_rows:,}"
    facts = [f"{rows} rows (est.)", size(table.size_bytes), rls]
    if table.owner:
        facts.append(f"owner {table.owner}")
    if table.kind != "table":
        facts.insert(0, table.kind)
    parts: list[RenderableType] = [literal(" · ".join(facts), "dim")]
    if table.comment:
        parts.append(literal(table.comment, "italic"))
    if table.partition_by:
        parts.append(literal(f"partitioned by {table.partition_by}"))
    if table.partition_of:
        parts.append(literal(f"partition of {table.partition_of} {table.partition_bound or ''}"))
    parts += [_section(f"Columns ({len(table.columns)})"), _columns(table.columns)]
    out_fks = [Text.assemble("→ ", (fk.definition, "")) for fk in table.foreign_keys]
    in_fks = [
        Text.assemble("← ", (src, "bold"), ": ", (fk.definition, ""))
        for src, fk in catalog.referenced_by.get(table.key, ())
    ]
    parts += [
        _section("Foreign keys"),
        _indent(*out_fks) if out_fks else _none(),
    ]
    parts += [
        _section("Referenced by"),
        _indent(*in_fks) if in_fks else _none(),
    ]
    if table.indexes:
        parts.append(_section(f"Indexes ({len(table.indexes)})"))
        parts.append(_indent(*(literal(ix.definition) for ix in table.indexes)))
    other = [c for c in table.constraints if c.kind not in ("FOREIGN KEY", "NOT NULL")]
    if other:
        parts.append(_section("Constraints"))
        parts.append(
            _indent(*(Text.assemble((c.name, "bold"), "  ", (c.definition, "")) for c in other))
        )
    if table.triggers:
        parts.append(_section("Triggers"))
        parts.append(_indent(*(literal(t.definition) for t in table.triggers)))
    parts += [_section(f"Policies ({len(table.policies)})"), _policies(table)]
    return parts


def member_detail(table: Table, member_kind: str, name: str) -> list[RenderableType]:
    member = next((m for m in getattr(table, member_kind) if m.name == name), None)
    if member is None:
        return [Text("(gone)", style="dim")]
    parts: list[RenderableType] = [
        literal(
            f"{member_kind[:-1] if member_kind != 'indexes' else 'index'} of {table.key}", "dim"
        )
    ]
    if member_kind == "columns":
        parts.append(_columns([member]))
    elif member_kind == "policies":
        parts.append(_policies(Table(schema=table.schema, name=table.name, policies=(member,))))
    else:
        parts.append(literal(getattr(member, "definition", "")))
    return parts


def describe(catalog: Catalog, ref: NodeRef) -> tuple[Text, list[RenderableType], str | None]:
    """(title, body parts, DDL) for a tree node."""
    if ref.kind == "schema":
        schema = catalog.schemas.get(ref.key)
        counts = {k: len(v) for k, v in catalog.objects_in(ref.key).items() if v}
        body: list[RenderableType] = [
            _props(
                ("owner", schema.owner if schema else None),
                ("comment", schema.comment if schema else None),
            ),
            literal(", ".join(f"{n} {k}" for k, n in counts.items()) or "empty", "dim"),
        ]
        return Text.assemble((ref.key, "bold"), " (schema)"), body, None
    if ref.kind == "foreign":
        hint = "Foreign data wrappers and servers (with their user mappings), database-wide."
        return Text("foreign data", style="bold"), [Text(hint, style="dim")], None
    if ref.kind == "more":
        hint = f"More objects match {ref.key!r}: enter shows them; typing narrows the filter."
        return Text("more matches", style="bold"), [Text(hint, style="dim")], None
    if ref.kind in ("group", "member_group"):
        return Text(ref.key, style="bold"), [Text(f"{ref.member_kind}", style="dim")], None
    if ref.kind == "member":
        table = catalog.tables.get(ref.key)
        if table is None:
            return Text(ref.key), [], None
        title = Text.assemble((f"{ref.key}.", "dim"), (ref.member or "", "bold"))
        return title, member_detail(table, ref.member_kind or "", ref.member or ""), None
    objects = getattr(catalog, ref.kind, {})
    obj = objects.get(ref.key)
    if obj is None:
        return Text(ref.key), [Text("(no longer in the catalog)", style="dim")], None
    title = Text.assemble((ref.key, "bold"), f" ({_kind_label(ref.kind, obj)})")
    ddl = _ddl(catalog, ref.kind, ref.key)
    if ref.kind == "tables":
        return title, table_detail(catalog, obj), ddl
    if ref.kind == "views":
        body = [
            _props(
                ("kind", "materialized view" if obj.materialized else "view"),
                ("security_invoker", "yes" if obj.security_invoker else None),
                ("owner", obj.owner),
                ("comment", obj.comment),
            ),
            _section("Columns"),
            _columns(obj.columns),
        ]
        return title, body, ddl or obj.definition
    if ref.kind == "functions":
        body = [
            _props(
                ("arguments", obj.arguments or "()"),
                ("returns", obj.returns),
                ("language", obj.language),
                ("volatility", obj.volatility),
                ("security", "DEFINER" if obj.security_definer else "invoker"),
                ("settings", ", ".join(obj.config)),
                ("owner", obj.owner),
                ("comment", obj.comment),
            )
        ]
        return title, body, ddl or obj.definition
    if ref.kind == "enums":
        return title, [literal(", ".join(obj.values))], ddl
    if ref.kind == "sequences":
        body = [
            _props(
                ("type", obj.data_type),
                ("start", obj.start),
                ("increment", obj.increment),
                ("owned by", obj.owned_by),
            )
        ]
        return title, body, ddl
    if ref.kind == "foreign_servers":
        body = [
            _props(
                ("wrapper", obj.wrapper),
                ("type", obj.type),
                ("version", obj.version),
                ("owner", obj.owner),
                ("comment", obj.comment),
            )
        ]
        return title, body, ddl
    if ref.kind == "domains":
        body = [
            _props(("base type", obj.base_type), ("default", obj.default)),
            _indent(*(literal(c.definition) for c in obj.checks)),
        ]
        return title, body, ddl
    return title, [], ddl


def render(catalog: Catalog, ref: NodeRef) -> RenderableType:
    title, body, ddl = describe(catalog, ref)
    parts: list[RenderableType] = [title, *body]
    if ddl:
        parts += [_section("DDL"), sql_syntax(ddl)]
    return Group(*parts)
