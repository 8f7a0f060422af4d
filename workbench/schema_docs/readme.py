"""The index page (`README.md`) and, for large schemas, the diagram pages it links to."""

from __future__ import annotations

from workbench.catalog.model import Table
from workbench.schema_docs import markdown as md
from workbench.schema_docs.diagram_groups import Group
from workbench.schema_docs.diagrams import MAX_EDGES, MAX_ENTITIES, Diagram
from workbench.schema_docs.pages import HEADER, Site

DIAGRAM_DIR = "diagrams"


def estimate(rows: int | None) -> str:
    """PostgreSQL's row estimate to two significant digits (it moves with every ANALYZE)."""
    if rows is None or rows < 0:
        return "–"
    if rows < 1000:
        return str(rows)
    for unit, size in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if rows >= size:
            value = rows / size
            shown = (
                f"{value:.1f}" if value < 10 else f"{round(value, -1 if value >= 100 else 0):.0f}"
            )
            return f"≈ {shown.removesuffix('.0')}{unit}"
    return str(rows)


def rls_badge(table: Table) -> str:
    if not table.rls_enabled:
        return "disabled"
    if not table.policies:
        return "enabled, no policy"
    return "forced" if table.rls_forced else "enabled"


def diagram_file(schema_part: str, number: int, width: int) -> str:
    return f"{DIAGRAM_DIR}/{schema_part}.{number:0{width}d}.md"


def readme(
    site: Site,
    schemas: list[tuple[str, str | None]],
    whole: Diagram | None,
    groups: list[tuple[str, Group]],
) -> str:
    """`schemas`: (name, comment); `whole`: the one diagram, or None when split into `groups`."""
    graph = site.graph
    lines = [HEADER, "", "# Database schema", ""]
    lines += [
        f"{len(graph.keys)} tables in {len(schemas)} schema{'s' if len(schemas) != 1 else ''}, "
        f"{len(graph.relationships)} foreign keys. Each table links to its page: columns, "
        "constraints, indexes, triggers, foreign keys, its neighbours in a diagram, and who may "
        "read and change its rows (row-level security).",
        "",
        "## Schemas",
        "",
    ]
    counts: dict[str, int] = {}
    for key in graph.keys:
        schema = graph.name_of(key)[0]
        counts[schema] = counts.get(schema, 0) + 1
    lines += md.table(
        ("schema", "comment", "tables"),
        [(md.code(name), md.text(comment), str(counts.get(name, 0))) for name, comment in schemas],
    )
    lines += ["", "## Tables", ""]
    rows = []
    for key in graph.keys:
        table = graph.catalog.tables[key]
        rows.append(
            (
                site.ref(key),
                md.text(table.comment),
                estimate(table.estimated_rows),
                rls_badge(table),
            )
        )
    lines += md.table(("table", "comment", "estimated rows", "RLS"), rows) if rows else ["None."]
    lines += [""]
    if whole is not None:
        lines += ["## ER diagram", ""]
        lines += md.fenced(whole.text, "mermaid")
    else:
        lines += [
            "## ER diagrams",
            "",
            f"Too many tables for one diagram: the schema is drawn in {len(groups)} diagrams, "
            f"per schema and group of connected tables, each with at most {MAX_ENTITIES} tables "
            f"and {MAX_EDGES} relationships. A table referenced from another diagram is drawn "
            "there without its columns.",
            "",
        ]
        lines += md.table(
            ("diagram", "schema", "tables", "from", "to"),
            [
                (
                    md.link(f"{g.schema} {i}", file),
                    md.code(g.schema),
                    str(len(g.keys)),
                    site.ref(g.keys[0]),
                    site.ref(g.keys[-1]),
                )
                for i, (file, g) in enumerate(groups, 1)
            ],
        )
    if graph.external:
        lines += [
            "",
            "## Tables outside these schemas",
            "",
            "Drawn because a foreign key touches them: "
            + ", ".join(site.ref(k) for k in graph.external)
            + ".",
        ]
    return "\n".join(lines) + "\n"


def diagram_page(site: Site, file: str, group: Group, number: int, total: int) -> str:
    """One of the split diagrams, with links to the pages of its tables."""
    lines = [HEADER, "", f"# ER diagram {number} of {total}: schema {md.code(group.schema)}", ""]
    lines += [md.link("All tables", "../README.md"), "", "Tables: "]
    lines[-1] += ", ".join(site.ref(k, "../") for k in group.keys) + "."
    lines += ["", *md.fenced(group.diagram.text, "mermaid")]
    return "\n".join(lines) + "\n"
