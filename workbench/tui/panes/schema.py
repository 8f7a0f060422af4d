"""Pane 2: browse the live schema; the selected object shows its DDL and relations."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Static, Tree

from workbench.catalog.model import Catalog
from workbench.tui.panes.base import Pane
from workbench.tui.panes.schema_detail import render
from workbench.tui.panes.schema_tree import NodeRef, SchemaTree
from workbench.tui.screens.er_view import ErViewScreen
from workbench.tui.text import title

DETAIL_DELAY = 0.06  # seconds the selection must rest before its details render


class SchemaPane(Pane):
    """Filter + lazy tree on the left, the selected object explained on the right."""

    PALETTE_NAME = "Schema"

    HELP_KEYS = [
        ("/", "filter objects by name as you type (escape clears)"),
        ("enter / space", "expand or collapse"),
        ("↑ ↓", "move; the right side follows the selection"),
        ("enter on … more", "show more of the objects the filter matches"),
        ("e", "ER view: the table, what it references and what references it"),
    ]
    BINDINGS = [Binding("e", "er_view", "ER view", id="schema.er_view")]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.catalog: Catalog | None = None
        self._pending_show: Timer | None = None
        self._shown: NodeRef | None = None
        self._shown_catalog: Catalog | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="schema-left", classes="list-side"):
                yield Input(placeholder="/ filter objects", id="schema-filter")
                yield SchemaTree(id="schema-tree")
            with VerticalScroll(id="schema-detail", classes="detail-side"):
                yield Static(Text("Select an object", style="dim"), id="schema-detail-body")

    def on_mount(self) -> None:
        # Watched, not an Input.Changed handler: the tree is rebuilt in the same step as
        # the keystroke, so both reach the screen in one frame (a Changed message
        # bubbles up after the screen has already painted the Input once).
        self.watch(
            self.query_one("#schema-filter", Input), "value", self._filter_changed, init=False
        )
        self.query_one("#schema-left").border_title = "Schema"
        self.query_one("#schema-detail").border_title = "Details"
        if self.catalog is None:
            # A placeholder node, not `loading`: a loading widget gives its focus away.
            self.query_one(SchemaTree).root.add_leaf(Text("loading…", style="dim italic"))

    def catalog_changed(self, catalog: Catalog) -> None:
        self.catalog = catalog
        tree = self.query_one(SchemaTree)
        first_load = tree.catalog is None
        tree.show(catalog, self.query_one("#schema-filter", Input).value)
        if first_load and tree.cursor_node is None:
            tree.move_cursor_to_line(0)
        self._show_selected()
        self.set_timer(0.2, tree.prepare_filter)
        if first_load and not isinstance(self.app.focused, Input):
            self.app.call_after_refresh(self._focus_if_active)

    def _focus_if_active(self) -> None:
        if self.app.current_pane() is self:
            self.focus_main()

    def catalog_failed(self, message: str) -> None:
        if self.catalog is None:
            tree = self.query_one(SchemaTree)
            tree.clear()
            tree.root.add_leaf(Text(f"could not read the schema: {message}", style="red"))
            tree.root.add_leaf(Text("press r to retry", style="dim"))

    def focus_main(self) -> None:
        self.query_one(SchemaTree).focus()

    def focus_filter(self) -> None:
        self.query_one("#schema-filter", Input).focus()

    def _filter_changed(self, value: str) -> None:
        if self.catalog is not None:
            self.query_one(SchemaTree).show(self.catalog, value)

    @on(Input.Submitted, "#schema-filter")
    def _filter_submitted(self) -> None:
        self.query_one(SchemaTree).focus()

    def key_escape(self) -> None:
        filt = self.query_one("#schema-filter", Input)
        if filt.value:
            filt.value = ""
        self.query_one(SchemaTree).focus()

    @on(Tree.NodeHighlighted, "#schema-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        # Rendering details (DDL highlighting) is the slow part: do it once the cursor
        # or the filter has settled, so each keystroke repaints only the tree.
        if self._pending_show is not None:
            self._pending_show.stop()
        ref = event.node.data
        self._pending_show = self.set_timer(DETAIL_DELAY, lambda: self._show(ref))

    def _show_selected(self) -> None:
        node = self.query_one(SchemaTree).cursor_node
        self._show(node.data if node else None)

    def _show(self, ref: NodeRef | None) -> None:
        self._pending_show = None
        if ref is None or self.catalog is None:
            return
        if ref == self._shown and self.catalog is self._shown_catalog:
            return
        self._shown, self._shown_catalog = ref, self.catalog
        body = self.query_one("#schema-detail-body", Static)
        body.update(render(self.catalog, ref))
        detail = self.query_one("#schema-detail", VerticalScroll)
        detail.border_title = title(ref.key if ref.kind != "member" else f"{ref.key}.{ref.member}")
        detail.scroll_home(animate=False)

    # -- ER view ----------------------------------------------------------

    def action_er_view(self) -> None:
        """Open the ER view on the table under the cursor (or the table of a member)."""
        node = self.query_one(SchemaTree).cursor_node
        ref = node.data if node is not None else None
        table_refs = ("tables", "member", "member_group")
        key = ref.key if ref is not None and ref.kind in table_refs else None
        if self.catalog is None or key not in self.catalog.tables:
            self.notify("Select a table: e shows it with its neighbours", severity="warning")
            return
        self.app.push_screen(ErViewScreen(self.catalog, key, self.select_table))

    def select_table(self, key: str) -> None:
        """Move the tree to table `key` (clearing the filter if it hides it)."""
        tree = self.query_one(SchemaTree)
        filt = self.query_one("#schema-filter", Input)
        if filt.value:
            filt.value = ""
            tree.show(self.catalog, "")
        tree.reveal(NodeRef("tables", key))
