"""Large schemas: the whole-schema diagram split into groups Mermaid can still render.

Tables are grouped per schema; within a schema, tables connected by foreign
keys stay together (connected groups, walked breadth-first from the first
table by name, so neighbours end up in the same diagram). Small groups share a
diagram; a group too large for one is cut, in that walk order, into diagrams
of at most MAX_ENTITIES entities and MAX_EDGES relationships. Each diagram
holds its tables' outgoing foreign keys; a referenced table drawn in another
diagram appears as a bare entity, so every foreign key is drawn exactly once.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from workbench.schema_docs.diagrams import MAX_EDGES, MAX_ENTITIES, Diagram, fits, group
from workbench.schema_docs.graph import Graph


@dataclass
class _Pack:
    """Tables of one diagram being filled, with the stubs and edges they bring."""

    graph: Graph
    keys: list[str] = field(default_factory=list)
    core: set[str] = field(default_factory=set)
    stubs: set[str] = field(default_factory=set)
    edges: int = 0

    def _grow(self, keys: list[str], core: set[str], stubs: set[str]) -> int:
        edges = 0
        for key in keys:
            core.add(key)
            stubs.discard(key)
            for rel in self.graph.outgoing.get(key, ()):
                edges += 1
                if rel.parent not in core:
                    stubs.add(rel.parent)
        return edges

    def fits_with(self, keys: list[str]) -> bool:
        core, stubs = set(self.core), set(self.stubs)
        edges = self.edges + self._grow(keys, core, stubs)
        return len(core) + len(stubs) <= MAX_ENTITIES and edges <= MAX_EDGES

    def add(self, keys: list[str]) -> None:
        self.keys += keys
        self.edges += self._grow(keys, self.core, self.stubs)


def components(graph: Graph, keys: list[str]) -> list[list[str]]:
    """Connected groups among `keys` (foreign keys between them), each in breadth-first order."""
    inside = set(keys)
    adjacent: dict[str, set[str]] = {k: set() for k in keys}
    for key in keys:
        for rel in graph.outgoing.get(key, ()):
            if rel.parent in inside and rel.parent != key:
                adjacent[key].add(rel.parent)
                adjacent[rel.parent].add(key)
    seen: set[str] = set()
    out = []
    for start in keys:
        if start in seen:
            continue
        seen.add(start)
        order, queue = [], deque([start])
        while queue:
            key = queue.popleft()
            order.append(key)
            for nxt in sorted(adjacent[key] - seen):
                seen.add(nxt)
                queue.append(nxt)
        out.append(order)
    return out


def _packs(graph: Graph, keys: list[str]) -> list[list[str]]:
    packs: list[list[str]] = []
    current = _Pack(graph)

    def flush() -> None:
        nonlocal current
        if current.keys:
            packs.append(current.keys)
        current = _Pack(graph)

    for comp in components(graph, keys):
        if current.fits_with(comp):
            current.add(comp)
            continue
        flush()
        if current.fits_with(comp):
            current.add(comp)
            continue
        for key in comp:
            if current.keys and not current.fits_with([key]):
                flush()
            current.add([key])  # a single table too big for a diagram still gets one
    flush()
    return packs


@dataclass(frozen=True)
class Group:
    schema: str
    keys: tuple[str, ...]
    diagram: Diagram


def split(graph: Graph) -> list[Group]:
    """The documented tables as diagrams that each stay renderable, schema by schema."""
    by_schema: dict[str, list[str]] = {}
    for key in graph.keys:
        by_schema.setdefault(graph.name_of(key)[0], []).append(key)
    out: list[Group] = []
    for schema in sorted(by_schema):
        for keys in _packs(graph, by_schema[schema]):
            out += _bounded(graph, schema, keys)
    return out


def _bounded(graph: Graph, schema: str, keys: list[str]) -> list[Group]:
    """One group, halved until its text is small enough too (wide key columns)."""
    diagram = group(graph, keys)
    if fits(diagram) or len(keys) == 1:
        return [Group(schema, tuple(keys), diagram)]
    half = len(keys) // 2
    return _bounded(graph, schema, keys[:half]) + _bounded(graph, schema, keys[half:])
