"""The Workbench TUI: header, four panes, and the workers that read the database.

The app only wires things together: database work runs in thread workers that
post messages; handlers on the UI thread hand results to the panes.
"""

from __future__ import annotations

import gc
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import Footer, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from workbench.catalog.model import Catalog
from workbench.config import Config
from workbench.db import Target, connect, server_version
from workbench.redaction import redact
from workbench.stand_ins import in_use
from workbench.tui.commands import PaneCommands
from workbench.tui.messages import CatalogLoaded, HeaderStats
from workbench.tui.panes.base import Pane, PaneCommand
from workbench.tui.panes.drift import DriftPane
from workbench.tui.panes.rls import RlsPane
from workbench.tui.panes.schema import SchemaPane
from workbench.tui.panes.timeline import TimelinePane
from workbench.tui.screens.help import HelpScreen

PANES = (
    ("timeline", "1 Timeline"),
    ("schema", "2 Schema"),
    ("drift", "3 Drift"),
    ("rls", "4 RLS"),
)


def read_catalog(target: Target, schemas: tuple[str, ...] | None) -> tuple[Catalog, str]:
    """Connect read-only and introspect (runs in a worker thread)."""
    from workbench.catalog.introspect import introspect

    with connect(target.dsn, read_only=True, statement_timeout="60s") as conn:
        version = server_version(conn)
        catalog = introspect(conn, schemas=schemas)
    return catalog, version


PANE_CLASSES: dict[str, type[Pane]] = {
    "timeline": TimelinePane,
    "schema": SchemaPane,
    "drift": DriftPane,
    "rls": RlsPane,
}


class WorkbenchApp(App[None]):
    """One app, four panes, one catalog engine."""

    TITLE = "Workbench"
    COMMANDS = App.COMMANDS | {PaneCommands}
    CSS_PATH = Path(__file__).with_name("app.tcss")
    BINDINGS = [
        Binding("1", "show_pane('timeline')", "Timeline", show=False, id="pane.timeline"),
        Binding("2", "show_pane('schema')", "Schema", show=False, id="pane.schema"),
        Binding("3", "show_pane('drift')", "Drift", show=False, id="pane.drift"),
        Binding("4", "show_pane('rls')", "RLS", show=False, id="pane.rls"),
        Binding("slash", "filter", "filter", id="app.filter"),
        Binding("r", "refresh", "refresh", id="app.refresh"),
        Binding("question_mark", "help", "help", id="app.help"),
        Binding("q", "quit", "quit", id="app.quit"),
    ]

    def __init__(self, *, config: Config, target: Target, initial_pane: str = "schema") -> None:
        super().__init__()
        self.config = config
        self.target = target
        self.initial_pane = initial_pane
        self.catalog: Catalog | None = None
        self.server_version: str | None = None
        self.stats = HeaderStats()

    # -- layout -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._header_text(), id="header")
        with TabbedContent(initial=self.initial_pane, id="tabs"):
            for name, label in PANES:
                with TabPane(label, id=name):
                    yield PANE_CLASSES[name](id=f"pane-{name}")
        yield Footer()

    def _header_text(self) -> Text:
        text = Text()
        text.append(" Workbench ", style="bold reverse")
        text.append(" ")
        if self.target.embedded:
            text.append(self.target.database or "embedded", style="bold")
            text.append(" on the embedded server", style="dim")
        else:
            text.append(self.target.display, style="bold")
        if self.server_version:
            text.append(f" · PostgreSQL {self.server_version}")
        s = self.stats
        if s.applied is not None:
            text.append(f" · {s.applied} applied")
        if s.pending is not None:
            text.append(f" · {s.pending} pending", style="yellow" if s.pending else "")
        if s.drift is not None:
            text.append(
                f" · drift: {s.drift} object{'s' if s.drift != 1 else ''}"
                if s.drift
                else " · no drift",
                style="red" if s.drift else "green",
            )
        if s.stand_ins:  # last and short: `workbench status` lists them all
            names = ", ".join(s.stand_ins[:2]) + (
                f" +{len(s.stand_ins) - 2}" if len(s.stand_ins) > 2 else ""
            )
            text.append(f" · stand-ins: {names}", style="yellow")
        return text

    def refresh_header(self) -> None:
        self.query_one("#header", Static).update(self._header_text())

    def on_mount(self) -> None:
        self.action_refresh()

    # -- data -------------------------------------------------------------

    def action_refresh(self) -> None:
        """Re-read the catalog (and let panes re-read what they show)."""
        self.load_catalog()
        for pane in self.query(Pane):
            pane.target_changed()

    @work(thread=True, exclusive=True, exit_on_error=False, group="catalog")
    def load_catalog(self) -> None:
        catalog, version = read_catalog(self.target, self.config.schemas)
        self.post_message(CatalogLoaded(catalog, version))
        with connect(self.target.dsn, read_only=True, autocommit=True) as conn:
            self.post_message(HeaderStats(stand_ins=tuple(in_use(conn))))

    @on(CatalogLoaded)
    def _catalog_loaded(self, message: CatalogLoaded) -> None:
        # A big catalog is hundreds of thousands of long-lived objects: keep the
        # garbage collector from walking them on every keystroke.
        gc.unfreeze()  # the previous catalog may be garbage now
        gc.collect()
        gc.freeze()
        self.catalog = message.catalog
        self.server_version = message.server_version
        self.refresh_header()
        for pane in self.query(Pane):
            pane.catalog_changed(message.catalog)

    @on(HeaderStats)
    def _header_stats(self, message: HeaderStats) -> None:
        for field in ("applied", "pending", "drift", "stand_ins"):
            value = getattr(message, field)
            if value is not None:
                setattr(self.stats, field, value)
        self.refresh_header()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Worker errors become notifications, never a crash."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            message = redact(
                str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            )
            self.notify(message, title="Error", severity="error", timeout=8, markup=False)
            if event.worker.group == "catalog":
                for pane in self.query(Pane):
                    pane.catalog_failed(message)

    # -- actions ----------------------------------------------------------

    def action_show_pane(self, name: str) -> None:
        self.query_one(TabbedContent).active = name

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.focus_main()

    def current_pane(self) -> Pane | None:
        tabs = self.query_one(TabbedContent)
        if not tabs.active:
            return None
        return next(iter(self.query_one(f"#{tabs.active}", TabPane).query(Pane)), None)

    def action_filter(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.focus_filter()

    def action_help(self) -> None:
        pane = self.current_pane()
        self.push_screen(HelpScreen(pane.HELP_KEYS if pane else []))

    # -- command palette ---------------------------------------------------

    def palette_commands(self) -> list[PaneCommand]:
        """What the palette offers now: the current pane's actions, the other panes, r and /."""
        pane = self.current_pane()
        found = list(pane.palette_commands()) if pane is not None else []
        for name, label in PANES:
            key, title = label.split(" ", 1)
            if pane is None or pane.id != f"pane-{name}":
                found.append(
                    PaneCommand(
                        f"Go to {title}",
                        f"{key} · switch to the {title} pane",
                        lambda name=name: self.action_show_pane(name),
                    )
                )
        if pane is not None and pane.PALETTE_NAME:
            found.append(
                PaneCommand(
                    f"{pane.PALETTE_NAME}: filter", "/ · filter the list", self.action_filter
                )
            )
        found.append(PaneCommand("Refresh", "r · re-read the database", self.action_refresh))
        return found

    def get_system_commands(self, screen):
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # our Help lists the keys, the pane's ones included
                yield command
        yield SystemCommand(
            "Help", "? · the keys of the app and of the current pane", self.action_help
        )
