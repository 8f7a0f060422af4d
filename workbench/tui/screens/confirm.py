"""A modal yes/no dialog showing exactly what will run.

The buttons are docked at the bottom of the dialog, so they stay on screen
whatever the body's length (at 80×24 too): the body scrolls above them
(`pageup`/`pagedown`, the mouse, or focus it with tab). `y` confirms, `n` and
`escape` cancel.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workbench.tui.text import title


class ConfirmDialog(ModalScreen[bool]):
    """Dismisses with True only when confirmed (the confirm button, or `y`)."""

    BINDINGS = [
        Binding("escape,n", "cancel", "cancel", id="confirm.cancel"),
        Binding("y", "confirm", "confirm", id="confirm.confirm"),
        Binding("pageup", "scroll_body(-1)", "scroll up", show=False, id="confirm.page_up"),
        Binding("pagedown", "scroll_body(1)", "scroll down", show=False, id="confirm.page_down"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 90%; max-width: 120; height: auto; max-height: 90%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    ConfirmDialog #confirm-body { height: auto; max-height: 100%; }
    ConfirmDialog #confirm-buttons {
        dock: bottom; height: auto; align-horizontal: right; margin-top: 1;
    }
    ConfirmDialog Button { margin-left: 2; }
    """

    def __init__(self, title: str, body: RenderableType, confirm_label: str = "Confirm") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = (
                title(self.title_text) if isinstance(self.title_text, str) else self.title_text
            )
            box.border_subtitle = "y confirm · n cancel"
            # docked first, so the body is laid out in what is left above the buttons
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="warning")
            with VerticalScroll(id="confirm-body"):
                yield Static(self.body)

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one("#confirm-body", VerticalScroll)
        if direction < 0:
            body.scroll_page_up()
        else:
            body.scroll_page_down()
