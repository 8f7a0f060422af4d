"""What every pane offers the app: catalog updates, filter focus, its own keys and commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding
from textual.widget import Widget

from workbench.catalog.model import Catalog


@dataclass(frozen=True)
class PaneCommand:
    """One entry of the command palette: what it says, and what it runs."""

    title: str
    help: str
    run: Callable[[], object]


class Pane(Widget):
    """A tab's content. The app calls these hooks; panes never query the database themselves."""

    # (key, description) pairs shown by `?`
    HELP_KEYS: list[tuple[str, str]] = []
    # how the command palette names the pane ("Timeline: preview")
    PALETTE_NAME = ""

    def catalog_changed(self, catalog: Catalog) -> None:
        """A new catalog of the target was read."""

    def catalog_failed(self, message: str) -> None:
        """Reading the target's catalog failed (the app has already notified)."""

    def focus_main(self) -> None:
        """The pane became visible: focus its main list."""

    def focus_filter(self) -> None:
        """`/` was pressed while this pane is shown."""

    def target_changed(self) -> None:
        """The target's migrations or schema changed (after apply or rollback)."""

    def command_applies(self, action: str) -> bool:
        """Whether the binding's `action` makes sense now (the palette offers only those)."""
        return True

    def command_title(self, binding: Binding) -> str:
        """How the palette names a binding's action ("Timeline: preview")."""
        return f"{self.PALETTE_NAME}: {binding.description}"

    def palette_commands(self) -> list[PaneCommand]:
        """This pane's actions that apply now: one per key binding (panes may add more)."""
        described = dict(self.HELP_KEYS)
        commands = []
        for binding in self.pane_bindings():
            if not self.command_applies(binding.action):
                continue
            commands.append(
                PaneCommand(
                    self.command_title(binding),
                    f"{binding.key} · {described.get(binding.key, binding.description)}",
                    lambda action=binding.action: self.app.run_action(action, self),
                )
            )
        return commands

    def pane_bindings(self) -> list[Binding]:
        """The bindings the pane declares (its keys, in order)."""
        return [b for b in self.BINDINGS if isinstance(b, Binding)]
