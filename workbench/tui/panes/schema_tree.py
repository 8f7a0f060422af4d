"""The schema tree: schemas → kinds → objects → members, built lazily and filterable."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from workbench.catalog.model import Catalog, Table

# Kinds shown under a schema, in order, with the catalog attribute that holds them.
KINDS = (
    ("tables", "tables"),
    ("views", "views"),
    ("functions", "functions"),
    ("enums", "enums"),
    ("domains", "domains"),
    ("sequences", "sequences"),
    ("types", "composite_types"),
)
# Members shown under a table: (label, Table attribute).
MEMBERS = (
    ("columns", "columns"),
    ("indexes", "indexes"),
    ("constraints", "constraints"),
    ("triggers", "triggers"),
    ("policies", "policies"),
)
MAX_FILTER_MATCHES = 200  # more is unreadable anyway; keeps each keystroke fast
AUTO_EXPAND_LIMIT = 300  # a kind group opens by itself on first paint only when this small


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for. `kind` is a catalog attribute or "schema"/"group"."""

    kind: str
    key: str  # schema name, object key, or table key for members
    member_kind: str | None = None  # "columns", "indexes", ... for members and member groups
    member: str | None = None  # member name


def object_label(catalog: Catalog, attr: str, key: str) -> str:
    obj = getattr(catalog, attr)[key]
    if attr == "functions":
        return f"{obj.name}({obj.identity_args})"
    return obj.name


class SchemaTree(Tree[NodeRef]):
    """A Tree whose children are added when a node is first expanded."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("database"), **kwargs)
        self.show_root = False
        self.catalog: Catalog | None = None
        self._loaded: set[int] = set()
        self._filter = ""
        self._unfiltered_expanded: set[tuple] = set()

    # -- building ---------------------------------------------------------

    def show(self, catalog: Catalog, filter_text: str = "") -> None:
        """Rebuild from `catalog`, keeping expansions by path where possible.

        Expansions made while filtering are not kept: clearing the filter
        restores the tree as it was before the filter.
        """
        needle = filter_text.strip().lower()
        expanded = self._expanded_paths()
        if needle and not self._filter:
            self._unfiltered_expanded = expanded
        elif not needle and self._filter:
            expanded = self._unfiltered_expanded
        self._filter = needle
        highlighted = self.cursor_node.data if self.cursor_node else None
        self.catalog = catalog
        self.clear()
        self._loaded.clear()
        if needle:
            self._build_filtered(needle)
        else:
            self._build_schemas(expanded)
        if highlighted is not None:
            self._select(highlighted)

    def _build_schemas(self, expanded: set[tuple]) -> None:
        assert self.catalog is not None
        schema_names = sorted(
            set(self.catalog.schemas)
            | {o.schema for _, attr in KINDS for o in getattr(self.catalog, attr).values()}
        )
        # With nothing expanded yet, open the main schema and its tables.
        main = "public" if "public" in schema_names else (schema_names or [None])[0]
        if not expanded and main is not None:
            expanded = {("schema", main, None)}
            tables = sum(1 for t in self.catalog.tables.values() if t.schema == main)
            if tables <= AUTO_EXPAND_LIMIT:
                expanded.add(("group", main, "tables"))
        for name in schema_names:
            node = self.root.add(Text(name, style="bold"), NodeRef("schema", name))
            if ("schema", name, None) in expanded:
                self._expand(node)
                for child in node.children:
                    if self._path(child) in expanded:
                        self._expand(child)

    def _build_filtered(self, needle: str) -> None:
        """Every object whose name matches, under its schema and kind, expanded."""
        assert self.catalog is not None
        shown = 0
        total = 0
        schema_nodes: dict[str, TreeNode[NodeRef]] = {}
        group_nodes: dict[tuple[str, str], TreeNode[NodeRef]] = {}
        for label, attr in KINDS:
            objects = getattr(self.catalog, attr)
            for key, obj in objects.items():
                if needle not in obj.name.lower() and needle not in key.lower():
                    continue
                total += 1
                if shown >= MAX_FILTER_MATCHES:
                    continue
                shown += 1
                schema_node = schema_nodes.get(obj.schema)
                if schema_node is None:
                    schema_node = self.root.add(
                        Text(obj.schema, style="bold"), NodeRef("schema", obj.schema), expand=True
                    )
                    self._loaded.add(schema_node.id)
                    schema_nodes[obj.schema] = schema_node
                group = group_nodes.get((obj.schema, attr))
                if group is None:
                    group = schema_node.add(
                        Text(label), NodeRef("group", obj.schema, attr), expand=True
                    )
                    self._loaded.add(group.id)
                    group_nodes[(obj.schema, attr)] = group
                self._add_object(group, attr, key)
        labels = {attr: label for label, attr in KINDS}
        for (_schema, attr), group in group_nodes.items():
            label = labels[attr]
            group.set_label(Text(f"{label} ({len(group.children)})"))
        if total > shown:
            self.root.add_leaf(
                Text(f"… {total - shown} more matches: type more to narrow", style="dim")
            )
        if total == 0:
            self.root.add_leaf(Text("no matches", style="dim"))

    def _add_object(self, parent: TreeNode[NodeRef], attr: str, key: str) -> TreeNode[NodeRef]:
        assert self.catalog is not None
        label = Text(object_label(self.catalog, attr, key))
        ref = NodeRef(attr, key)
        if attr == "tables":
            return parent.add(label, ref)
        return parent.add_leaf(label, ref)

    def _populate(self, node: TreeNode[NodeRef]) -> None:
        """Add the children of `node` the first time it is expanded."""
        if node.id in self._loaded or node.data is None or self.catalog is None:
            return
        self._loaded.add(node.id)
        ref = node.data
        catalog = self.catalog
        if ref.kind == "schema":
            for label, attr in KINDS:
                keys = [k for k, o in getattr(catalog, attr).items() if o.schema == ref.key]
                if keys or attr in ("tables", "views", "functions"):
                    node.add(
                        Text(f"{label} ({len(keys)})"),
                        NodeRef("group", ref.key, attr),
                        allow_expand=bool(keys),
                    )
        elif ref.kind == "group" and ref.member_kind:
            attr = ref.member_kind
            keys = sorted(
                (k for k, o in getattr(catalog, attr).items() if o.schema == ref.key),
                key=lambda k: object_label(catalog, attr, k).lower(),
            )
            for key in keys:
                self._add_object(node, attr, key)
        elif ref.kind == "tables" and ref.member_kind is None:
            table: Table = catalog.tables[ref.key]
            for label, attr in MEMBERS:
                members = getattr(table, attr)
                if not members:
                    continue
                group = node.add(
                    Text(f"{label} ({len(members)})", style="dim"),
                    NodeRef("member_group", ref.key, attr),
                )
                for member in members:
                    group.add_leaf(Text(member.name), NodeRef("member", ref.key, attr, member.name))
                self._loaded.add(group.id)

    def _expand(self, node: TreeNode[NodeRef]) -> None:
        self._populate(node)
        node.expand()

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        self._populate(event.node)

    # -- state kept across refreshes -------------------------------------

    @staticmethod
    def _path(node: TreeNode[NodeRef]) -> tuple:
        ref = node.data
        if ref is None:
            return ()
        return (ref.kind, ref.key, ref.member_kind)

    def _expanded_paths(self) -> set[tuple]:
        paths: set[tuple] = set()
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.is_expanded:
                paths.add(self._path(node))
                stack.extend(node.children)
        return paths

    def _select(self, ref: NodeRef) -> None:
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data == ref:
                self.move_cursor(node)
                return
            stack.extend(node.children)
