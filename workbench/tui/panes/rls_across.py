"""Across all tables: what one simulated subject can read and change, as a compact table."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from workbench.rls.explain import TableResult
from workbench.rls.simulate import Simulation
from workbench.tui.panes.rls_simulate_work import AcrossSummary, across_cells, subject_line
from workbench.tui.text import title


class AcrossScreen(ModalScreen[str | None]):
    """One row per table; enter shows that table in the pane, escape closes."""

    BINDINGS = [
        Binding("escape,q,a", "close", "close"),
    ]
    DEFAULT_CSS = """
    AcrossScreen { align: center middle; }
    AcrossScreen > Vertical {
        width: 90%; max-width: 130; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    AcrossScreen #across-head { height: auto; margin-bottom: 1; }
    AcrossScreen DataTable { height: 1fr; }
    """

    def __init__(self, simulation: Simulation, results: list[TableResult]) -> None:
        super().__init__()
        self.simulation = simulation
        self.results = results

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = title(f"What {self.simulation.subject.source} can read and change")
            box.border_subtitle = "enter show table · escape close"
            head = Group(
                subject_line(self.simulation.subject),
                AcrossSummary.of(self.results).text(),
                Text(
                    "rows: visible / in the table · UPDATE and DELETE: rows they would touch · "
                    "probed in a transaction that was rolled back",
                    style="dim",
                ),
            )
            yield Static(head, id="across-head")
            yield DataTable(cursor_type="row", id="across-table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("table"), key="table")
        for command in ("SELECT", "UPDATE", "DELETE"):
            table.add_column(Text(command, justify="right"), key=command)
        table.add_column(Text("INSERT"), key="INSERT")
        for result in self.results:
            name = Text(result.key)
            if result.bypass:
                name.append(f"  bypass ({result.bypass})", style="magenta")
            elif not result.table.rls_enabled:
                name.append("  RLS disabled", style="bold red")
            table.add_row(name, *across_cells(result), key=result.key)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(event.row_key.value)

    def action_close(self) -> None:
        self.dismiss(None)
