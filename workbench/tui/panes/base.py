"""What every pane offers the app: catalog updates, filter focus, its own keys."""

from __future__ import annotations

from textual.widget import Widget

from workbench.catalog.model import Catalog


class Pane(Widget):
    """A tab's content. The app calls these hooks; panes never query the database themselves."""

    # (key, description) pairs shown by `?`
    HELP_KEYS: list[tuple[str, str]] = []

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
