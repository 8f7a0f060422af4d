"""The `?` help screen: keys of the app and of the current pane."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

GLOBAL_KEYS = [
    ("1 2 3 4", "switch pane: Timeline, Schema, Drift, RLS"),
    ("/", "filter the current list"),
    ("r", "refresh from the database"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
    ("q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any key closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, pane_keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.pane_keys = pane_keys

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan")
        table.add_column()
        for key, text in GLOBAL_KEYS:
            table.add_row(key, text)
        if self.pane_keys:
            table.add_row("", "")
            for key, text in self.pane_keys:
                table.add_row(key, text)
        with VerticalScroll():
            yield Static("[b]Workbench keys[/b]\n")
            yield Static(table)
            yield Static("\n[dim]escape closes[/dim]")
