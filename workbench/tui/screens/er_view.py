"""The ER view (`e` in the schema pane): a table and its neighbours, navigable.

↑ ↓ move through the neighbours (← → jump between the two columns); enter
makes the selected neighbour the table in the middle and moves the schema
pane to it; escape closes.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.catalog.model import Catalog
from workbench.tui.text import title
from workbench.tui.widgets.er_diagram import ErDiagram, neighbourhood


class ErViewScreen(ModalScreen[None]):
    """The neighbourhood of one table; `on_move(key)` is told where enter went."""

    BINDINGS = [
        Binding("escape,q,e", "close", "close", id="er.close"),
        Binding("down,j,tab", "move(1)", "next", show=False, id="er.next"),
        Binding("up,k,shift+tab", "move(-1)", "previous", show=False, id="er.previous"),
        Binding("left,h", "side('references')", "references", show=False, id="er.left"),
        Binding("right,l", "side('referenced_by')", "referenced by", show=False, id="er.right"),
        Binding("enter", "go", "go to table", id="er.go"),
    ]
    DEFAULT_CSS = """
    ErViewScreen { align: center middle; }
    ErViewScreen > Vertical {
        width: 100%; max-width: 140; height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ErViewScreen VerticalScroll { height: 1fr; }
    ErViewScreen #er-status { height: auto; max-height: 3; color: $text-muted; }
    """

    def __init__(self, catalog: Catalog, key: str, on_move: Callable[[str], None]) -> None:
        super().__init__()
        self.catalog = catalog
        self.on_move = on_move
        self.view = neighbourhood(catalog, key)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = title(f"ER view: {self.view.label}")
            box.border_subtitle = "↑↓←→ move · enter go to · escape close"
            with VerticalScroll():
                yield ErDiagram(self.view, id="er-diagram")
            yield Static(id="er-status")

    def on_mount(self) -> None:
        self._status()

    @property
    def diagram(self) -> ErDiagram:
        return self.query_one(ErDiagram)

    def _status(self) -> None:
        current = self.diagram.current
        text = Text()
        if current is None:
            text.append("No foreign key references this table or leaves it.")
        else:
            text.append("→ " if current.outgoing else "← ", style="cyan")
            text.append(current.label, style="bold")
            text.append("  ")
            text.append(current.columns, style="cyan")
            text.append("  (")
            text.append(current.constraint)
            text.append(")")
        self.query_one("#er-status", Static).update(text)
        starts, selected = self.diagram.starts, self.diagram.selected
        if selected is not None and selected < len(starts):
            y = max(0, starts[selected] - 2)
            self.query_one(VerticalScroll).scroll_to(y=y, animate=False)

    def action_move(self, step: int) -> None:
        if self.diagram.selected is not None:
            self.diagram.select(self.diagram.selected + step)
            self._status()

    def action_side(self, side: str) -> None:
        diagram, view = self.diagram, self.view
        if diagram.selected is None:
            return
        left = len(view.references)
        on_left = diagram.selected < left
        row = diagram.selected if on_left else diagram.selected - left
        if side == "references" and not on_left and view.references:
            diagram.select(min(row, left - 1))
        elif side == "referenced_by" and on_left and view.referenced_by:
            diagram.select(left + min(row, len(view.referenced_by) - 1))
        self._status()

    def action_go(self) -> None:
        current = self.diagram.current
        if current is None:
            return
        if current.key not in self.catalog.tables:
            self.notify(f"{current.label} is not in the schemas read", severity="warning")
            return
        self.view = neighbourhood(self.catalog, current.key)
        self.diagram.show(self.view)
        self.query_one(Vertical).border_title = title(f"ER view: {self.view.label}")
        self._status()
        self.on_move(current.key)

    def action_close(self) -> None:
        self.dismiss(None)
