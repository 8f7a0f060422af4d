"""A pane whose capability is still being built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from workbench.tui.panes.base import Pane


class PlaceholderPane(Pane):
    DEFAULT_CSS = (
        "PlaceholderPane { align: center middle; } PlaceholderPane Static { width: auto; }"
    )

    def __init__(self, message: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static(self.message)
