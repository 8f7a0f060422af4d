"""The ER diagrams: the whole schema (or one group of it), and one table with its neighbours."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench.schema_docs import mermaid
from workbench.schema_docs.graph import Graph, Relationship

# Mermaid's defaults are 50,000 characters and 500 edges per diagram; stay well below.
MAX_ENTITIES = 100
MAX_EDGES = 400
MAX_TEXT = 40_000
MAX_COLUMNS = 60  # columns of the table a page is about, in its diagram
MAX_NEIGHBOURS = 40


@dataclass(frozen=True)
class Diagram:
    text: str
    entities: int
    relationships: int
    omitted: tuple[str, ...] = ()  # neighbours left out to keep the diagram readable


def _display(graph: Graph, key: str) -> str:
    schema, name = graph.name_of(key)
    return f"{schema}.{name}"


def attributes(graph: Graph, key: str, *, all_columns: bool) -> list[mermaid.Attribute]:
    """The table's key columns (or all of them, up to MAX_COLUMNS), with PK/FK/UK marks."""
    table = graph.table(key)
    if table is None:
        return []
    marks = graph.key_columns(key)
    columns = [c for c in table.columns if all_columns or c.name in marks]
    if all_columns and len(columns) > MAX_COLUMNS:
        keep = [c for c in columns if c.name in marks]
        rest = [c for c in columns if c.name not in marks]
        columns = keep + rest[: max(0, MAX_COLUMNS - len(keep))]
        columns.sort(key=lambda c: table.columns.index(c))
    return [mermaid.Attribute(c.name, c.type, marks.get(c.name, ())) for c in columns]


def render(
    graph: Graph,
    drawn: Iterable[str],
    relationships: list[Relationship],
    *,
    full: frozenset[str] = frozenset(),
    stubs: frozenset[str] = frozenset(),
) -> Diagram:
    """Entities for `drawn` (all columns for `full`, none for `stubs`, else key columns)."""
    labels = mermaid.Labels()
    lines: list[str] = []
    keys = sorted(set(drawn))
    for key in keys:
        label = labels(key, _display(graph, key))
        attrs = [] if key in stubs else attributes(graph, key, all_columns=key in full)
        lines += mermaid.entity(label, attrs)
    for rel in relationships:
        parent = labels(rel.parent, _display(graph, rel.parent))
        child = labels(rel.child, _display(graph, rel.child))
        lines.append(mermaid.relationship(parent, child, rel))
    return Diagram(mermaid.diagram(lines), len(keys), len(relationships))


def whole(graph: Graph) -> Diagram | None:
    """Every documented table and every relationship touching one; None when too large."""
    if len(graph.entities) > MAX_ENTITIES or len(graph.relationships) > MAX_EDGES:
        return None
    diagram = render(graph, graph.entities, graph.relationships)
    return diagram if fits(diagram) else None


def fits(diagram: Diagram) -> bool:
    return (
        diagram.entities <= MAX_ENTITIES
        and diagram.relationships <= MAX_EDGES
        and len(diagram.text) <= MAX_TEXT
    )


def group(graph: Graph, keys: list[str]) -> Diagram:
    """Tables `keys` with their outgoing relationships; referenced tables drawn elsewhere as stubs."""
    core = set(keys)
    rels = [r for k in keys for r in graph.outgoing.get(k, ())]
    stubs = frozenset({r.parent for r in rels} - core)
    return render(graph, core | stubs, rels, stubs=stubs)


def neighbourhood(graph: Graph, key: str) -> Diagram:
    """The table (all columns), the tables it references and those referencing it (key columns)."""
    neighbours = graph.neighbours(key)
    shown = set(neighbours[:MAX_NEIGHBOURS]) | {key}
    rels = [r for r in graph.outgoing.get(key, ()) if r.parent in shown]
    rels += [r for r in graph.incoming.get(key, ()) if r.child in shown and r.child != key]
    diagram = render(graph, shown, rels, full=frozenset({key}))
    omitted = tuple(neighbours[MAX_NEIGHBOURS:])
    return Diagram(diagram.text, diagram.entities, diagram.relationships, omitted)
