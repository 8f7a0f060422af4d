"""The schema tree: schemas → kinds → objects → members, built lazily and filterable."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from workbench.catalog.kinds import BY_FIELD, BY_MEMBER_FIELD
from workbench.catalog.model import Catalog, Table

# Kinds shown under a schema and members under a table, in order (labels from the kinds table).
KINDS = tuple(
    BY_FIELD[f]
    for f in ("tables", "views", "functions", "enums", "domains", "sequences", "composite_types")
)
_KIND_ORDER = {kind.field: i for i, kind in enumerate(KINDS)}
MEMBERS = tuple(
    BY_MEMBER_FIELD[f] for f in ("columns", "indexes", "constraints", "triggers", "policies")
)
# While filtering, the tree holds about a screenful of matches (names that start
# with the text first), so each keystroke rebuilds and paints only that; a
# "… N more" node at the end adds MORE_MATCHES more when selected.
FIRST_MATCHES_MIN = 20  # at least this many, more when the tree is taller
MORE_MATCHES = 200
AUTO_EXPAND_LIMIT = 300  # a kind group opens by itself on first paint only when this small


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for. `kind` is a catalog attribute or "schema"/"group"."""

    kind: str
    key: str  # schema name, object key, or table key for members
    member_kind: str | None = None  # "columns", "indexes", ... for members and member groups
    member: str | None = None  # member name


# The database-wide node holding foreign data wrappers, servers and user mappings.
FOREIGN = NodeRef("foreign", "")


def object_label(catalog: Catalog, attr: str, key: str) -> str:
    obj = getattr(catalog, attr)[key]
    if attr == "functions":
        return f"{obj.name}({obj.identity_args})"
    return obj.name


@dataclass(frozen=True)
class _Entry:
    """One object the filter can find."""

    label: str
    attr: str
    key: str
    schema: str


class _SearchIndex:
    """Every object of a catalog, with what the filter text is matched in.

    Kept as plain lists of strings so that a scan is a tight loop; while the
    user types on (each text extends the last), only the last matches are scanned.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.entries: list[_Entry] = []
        self.haystacks: list[str] = []  # keys lower-cased: `schema.name`, `schema.fn(args)`
        self.names: list[str] = []  # names lower-cased: matches at their start rank first
        for kind in KINDS:
            attr = kind.field
            for key, obj in getattr(catalog, attr).items():
                self.entries.append(_Entry(object_label(catalog, attr, key), attr, key, obj.schema))
                self.haystacks.append(key.lower())
                self.names.append(obj.name.lower())
        self._last: tuple[str, list[int]] = ("", list(range(len(self.entries))))

    def find(self, needle: str) -> list[int]:
        """The indexes of the entries whose key contains `needle`, in catalog order."""
        last_needle, last = self._last
        candidates = last if needle.startswith(last_needle) else range(len(self.entries))
        hay = self.haystacks
        found = [i for i in candidates if needle in hay[i]]
        self._last = (needle, found)
        return found

    def first(self, needle: str, found: list[int], limit: int) -> list[_Entry]:
        """Up to `limit` of `found`: names that start with `needle` first."""
        names = self.names
        picked: list[int] = []
        for i in found:
            if names[i].startswith(needle):
                picked.append(i)
                if len(picked) == limit:
                    break
        if len(picked) < limit:
            chosen = set(picked)
            for i in found:
                if i not in chosen:
                    picked.append(i)
                    if len(picked) == limit:
                        break
        return [self.entries[i] for i in picked]


class SchemaTree(Tree[NodeRef]):
    """A Tree whose children are added when a node is first expanded."""

    def __init__(self, **kwargs) -> None:
        super().__init__(Text("database"), **kwargs)
        self.show_root = False
        self.catalog: Catalog | None = None
        self._loaded: set[int] = set()
        self._filter = ""
        self._unfiltered_expanded: set[tuple] = set()
        self._index: _SearchIndex | None = None
        self._limit = 0  # how many matches the filtered tree holds
        self._render_style: Style | None = None

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
        if needle != self._filter or catalog is not self.catalog:
            self._limit = max(FIRST_MATCHES_MIN, self.size.height - 8)
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
        # Lay the lines out now (this sets the tree's size): done lazily while painting,
        # it would change the layout under that paint, and a second paint would follow.
        _ = self.last_line

    def _build_schemas(self, expanded: set[tuple]) -> None:
        assert self.catalog is not None
        schema_names = sorted(
            set(self.catalog.schemas)
            | {o.schema for k in KINDS for o in getattr(self.catalog, k.field).values()}
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
        self._build_foreign(expanded)

    def _build_foreign(self, expanded: set[tuple]) -> None:
        """Wrappers and servers (with their user mappings) under one database-wide node."""
        assert self.catalog is not None
        cat = self.catalog
        count = len(cat.foreign_data_wrappers) + len(cat.foreign_servers)
        if not count:
            return
        node = self.root.add(Text(f"foreign data ({count})", style="bold"), FOREIGN)
        if self._path(node) in expanded:
            self._expand(node)

    def show_more(self) -> None:
        """Add the next MORE_MATCHES matches of the filter; the cursor stays where the list ended."""
        if self.catalog is None or not self._filter:
            return
        shown = self._limit
        self._limit += MORE_MATCHES
        self.clear()
        self._loaded.clear()
        nodes = self._build_filtered(self._filter)
        if shown < len(nodes):
            self._move_to(nodes[shown])

    def prepare_filter(self) -> None:
        """Index the catalog for the filter (and the details) now, after first paint, not on a keystroke."""
        if self.catalog is None or (self._index and self._index.catalog is self.catalog):
            return
        self._search_index()
        # What the details pane looks up on every selection, worked out once: incoming
        # foreign keys, and the objects of each schema (indexed on first use).
        _ = self.catalog.referenced_by
        self.catalog.objects_in("")
        # Both live as long as the catalog (frozen by the app when loaded): keep the
        # collector's full passes, which would pause typing, from walking them.
        gc.freeze()

    def _search_index(self) -> _SearchIndex:
        assert self.catalog is not None
        if self._index is None or self._index.catalog is not self.catalog:
            self._index = _SearchIndex(self.catalog)
        return self._index

    def _build_filtered(self, needle: str) -> list[TreeNode[NodeRef]]:
        """The first `_limit` matches under their schema and kind, expanded; their nodes in order."""
        index = self._search_index()
        found = index.find(needle)
        shown = index.first(needle, found, self._limit)
        shown.sort(key=lambda e: (e.schema, _KIND_ORDER[e.attr], e.label.lower()))
        counts: dict[tuple[str, str], int] = {}
        for e in shown:
            counts[e.schema, e.attr] = counts.get((e.schema, e.attr), 0) + 1
        schema_node = group = None
        nodes = []
        for e in shown:
            if schema_node is None or schema_node.data.key != e.schema:
                schema_node = self.root.add(
                    Text(e.schema, style="bold"), NodeRef("schema", e.schema), expand=True
                )
                self._loaded.add(schema_node.id)
                group = None
            if group is None or group.data.member_kind != e.attr:
                label = f"{BY_FIELD[e.attr].plural} ({counts[e.schema, e.attr]})"
                group = schema_node.add(
                    Text(label), NodeRef("group", e.schema, e.attr), expand=True
                )
                self._loaded.add(group.id)
            nodes.append(self._add_object(group, e.attr, e.key, e.label))
        if not found:
            self.root.add_leaf(Text("no matches", style="dim"))
        elif len(found) > len(shown):
            more = len(found) - len(shown)
            self.root.add_leaf(
                Text(f"… {more:,} more (enter)", style="dim"),
                NodeRef("more", needle),
            )
        return nodes

    def _add_object(
        self, parent: TreeNode[NodeRef], attr: str, key: str, label_text: str | None = None
    ) -> TreeNode[NodeRef]:
        assert self.catalog is not None
        label = Text(
            label_text if label_text is not None else object_label(self.catalog, attr, key)
        )
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
        if ref == FOREIGN:
            for key, fdw in sorted(catalog.foreign_data_wrappers.items()):
                node.add_leaf(Text(f"wrapper {fdw.name}"), NodeRef("foreign_data_wrappers", key))
            for key, server in sorted(catalog.foreign_servers.items()):
                mappings = sorted(
                    (k, m) for k, m in catalog.user_mappings.items() if m.server == server.name
                )
                child = node.add(
                    Text(f"server {server.name}"),
                    NodeRef("foreign_servers", key),
                    allow_expand=bool(mappings),
                )
                for mkey, mapping in mappings:
                    child.add_leaf(
                        Text(f"user mapping for {mapping.user}"), NodeRef("user_mappings", mkey)
                    )
                self._loaded.add(child.id)
        elif ref.kind == "schema":
            for kind in KINDS:
                keys = [k for k, o in getattr(catalog, kind.field).items() if o.schema == ref.key]
                if keys or kind.field in ("tables", "views", "functions"):
                    node.add(
                        Text(f"{kind.plural} ({len(keys)})"),
                        NodeRef("group", ref.key, kind.field),
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
            for kind in MEMBERS:
                members = getattr(table, kind.field)
                if not members:
                    continue
                group = node.add(
                    Text(f"{kind.plural} ({len(members)})", style="dim"),
                    NodeRef("member_group", ref.key, kind.field),
                )
                for member in members:
                    group.add_leaf(
                        Text(member.name), NodeRef("member", ref.key, kind.field, member.name)
                    )
                self._loaded.add(group.id)

    def _expand(self, node: TreeNode[NodeRef]) -> None:
        self._populate(node)
        node.expand()

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        self._populate(event.node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        if event.node.data is not None and event.node.data.kind == "more":
            event.stop()
            self.show_more()

    # -- painting ---------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Tree.render_line asks for the widget's style on every line, and working it
        # out walks the DOM: about a third of painting a screenful. It cannot change
        # within one render, so it is worked out once here.
        self._render_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._render_style = None

    def render_line(self, y: int) -> Strip:
        style = self._render_style
        if style is None:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, style)

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

    def _move_to(self, node: TreeNode[NodeRef]) -> None:
        """Put the cursor on `node`, added since the tree last laid out its lines."""
        _ = self.last_line  # lays the lines out: a node's line number is only known then
        self.move_cursor(node)

    def reveal(self, ref: NodeRef) -> bool:
        """Expand the schema and kind group holding object `ref`, and put the cursor on it."""
        obj = getattr(self.catalog, ref.kind, {}).get(ref.key) if self.catalog else None
        if obj is None:
            return False
        path = (NodeRef("schema", obj.schema), NodeRef("group", obj.schema, ref.kind), ref)
        nodes = self.root.children
        for want in path:
            node = next((n for n in nodes if n.data == want), None)
            if node is None:
                return False
            if want is not ref:
                self._expand(node)
                nodes = node.children
        self._move_to(node)
        return True

    def _select(self, ref: NodeRef) -> None:
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data == ref:
                self._move_to(node)
                return
            stack.extend(node.children)
