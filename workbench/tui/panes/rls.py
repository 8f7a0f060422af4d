"""Pane 4: row-level security — each table's state, policies and findings; simulate a request.

Left, the tables with their RLS badge (● enabled, ◉ forced, ✗ disabled, ◌ no
policy), policy count and finding counts, filterable. Right, the selected table:
its state, who may do what, its policies as cards (USING / WITH CHECK
highlighted, per-row auth calls marked), its findings, and the simulate panel:
pick anon, a user from `auth.users`, service_role or custom claims, and see what
each command would do on this table (probed in a transaction that is always
rolled back); `a` shows the same across all tables. The report, the users list
and every simulation run in thread workers that post messages; only the
handlers below change the screen.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Static

from workbench.catalog.model import Catalog
from workbench.rls.access import AccessModel
from workbench.rls.rls_report import RlsReport, rls_report
from workbench.tui.panes.base import Pane, PaneCommand
from workbench.tui.panes.rls_detail import render
from workbench.tui.panes.rls_list import RlsTableList
from workbench.tui.panes.rls_simulate_panel import SimulatePanel
from workbench.tui.panes.rls_simulate_work import ReportReady
from workbench.tui.text import title


class RlsPane(Pane):
    """The table list on the left; the selected table and the simulate panel on the right."""

    PALETTE_NAME = "RLS"

    HELP_KEYS = [
        ("↑ ↓", "move; the right side follows the selection"),
        ("/", "filter by name, state (disabled, no policy) or finding (warn, auth_call…)"),
        ("s", "simulate as…: anon, a user from auth.users, service_role, custom claims"),
        ("u", "simulate as the next subject in the list"),
        ("a", "across all tables: what the subject can read and change"),
        ("", "the details end with why: each command's policies, folded predicate, probe"),
        ("c", "custom JWT claims (JSON; enter runs), e.g. another sub or role"),
        ("tab", "move between the list, the details and the simulate panel"),
        ("escape", "clear the filter, back to the list"),
    ]
    BINDINGS = [
        Binding("s", "choose_subject", "simulate as…", id="rls.subject"),
        Binding("u", "next_subject", "next subject", id="rls.next"),
        Binding("a", "across", "all tables", id="rls.across"),
        Binding("c", "custom_claims", "claims", id="rls.claims"),
    ]
    DEFAULT_CSS = """
    RlsPane #rls-filter { border: none; height: 1; padding: 0 1; }
    RlsPane RlsTableList { height: 1fr; }
    RlsPane #rls-left { width: 36%; max-width: 64; }
    RlsPane #rls-right { padding: 0; }
    RlsPane #rls-detail { height: 1fr; padding: 0 1; }
    RlsPane #rls-sim {
        height: auto; max-height: 55%;
        border-top: solid $primary-background; padding: 0 1;
    }
    RlsPane #rls-sim-bar { height: auto; }
    RlsPane #rls-sim-label { width: auto; padding: 0 1 0 0; }
    RlsPane #rls-subject { width: 1fr; max-width: 70; }
    RlsPane #rls-subject > SelectOverlay { constrain: none inflect; }
    RlsPane #rls-claims { width: 1fr; border: none; height: 1; padding: 0 1; }
    RlsPane #rls-sim-body { height: auto; min-height: 5; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.catalog: Catalog | None = None
        self.report: RlsReport | None = None
        self.model: AccessModel | None = None
        self._first_report = True
        self._stale = False  # a catalog arrived that has not been linted yet

    # -- layout and hooks -------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="rls-left", classes="list-side"):
                yield Input(placeholder="/ filter tables", id="rls-filter")
                yield RlsTableList(id="rls-tables")
            with Vertical(id="rls-right", classes="detail-side"):
                with VerticalScroll(id="rls-detail"):
                    yield Static(Text("Reading the schema…", style="dim"), id="rls-detail-body")
                    yield Static(id="rls-explain")
                yield SimulatePanel(self, id="rls-sim")

    def on_mount(self) -> None:
        self.query_one("#rls-left").border_title = "Tables"
        self.query_one("#rls-right").border_title = "RLS"
        if self.report is None:
            # on the detail, not the list: a loading widget cannot take focus
            self.query_one("#rls-detail").loading = True

    def catalog_changed(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._stale = True
        if self.app.current_pane() is self:
            self._read()

    def _read(self) -> None:
        """Lint and list users for the current catalog (only once the pane is shown: linting
        thousands of tables would slow the other panes' first paint)."""
        if not self._stale or self.catalog is None:
            return
        self._stale = False
        schemas = tuple(self.app.config.schemas) if self.app.config.schemas else None
        self._compute_report(self.catalog, schemas)
        self._simulate_panel.load_users(self.app.target.dsn)

    def target_changed(self) -> None:
        for panel in self.query(SimulatePanel):  # none before the pane is composed
            panel.forget_results()

    def focus_main(self) -> None:
        self._read()
        self.query_one(RlsTableList).focus()

    def focus_filter(self) -> None:
        self.query_one("#rls-filter", Input).focus()

    # -- the simulate panel (`RlsView`) and its keys ------------------------

    @property
    def _simulate_panel(self) -> SimulatePanel:
        return self.query_one(SimulatePanel)

    @property
    def choice(self) -> str | None:
        """Whom the panel simulates (the subject Select's value)."""
        return self._simulate_panel.choice

    @property
    def subject(self):
        return self._simulate_panel.subject

    @property
    def results(self) -> dict:
        return self._simulate_panel.results

    def current_key(self) -> str | None:
        state = self.query_one(RlsTableList).current()
        return state.key if state is not None else None

    def show_explanation(self, renderable: RenderableType) -> None:
        self.query_one("#rls-explain", Static).update(renderable)

    def select_table(self, key: str) -> None:
        table = self.query_one(RlsTableList)
        if not table.select_key(key) and self.report is not None:
            self.query_one("#rls-filter", Input).value = ""
            table.show(self.report, "", keep=key)
        self.focus_main()

    def action_choose_subject(self) -> None:
        self._simulate_panel.choose_subject()

    def action_next_subject(self) -> None:
        self._simulate_panel.next_subject()

    def action_across(self) -> None:
        self._simulate_panel.across()

    def action_custom_claims(self) -> None:
        self._simulate_panel.custom_claims()

    def command_applies(self, action: str) -> bool:
        if action == "next_subject":
            return self.model is not None
        if action == "across":
            return self.report is not None and self.choice is not None
        return True

    def command_title(self, binding: Binding) -> str:
        if binding.action == "across" and self.choice is not None:
            return "RLS: what the subject can read and change, across all tables"
        return super().command_title(binding)

    def palette_commands(self) -> list[PaneCommand]:
        return super().palette_commands() + self._simulate_panel.subject_commands()

    # -- workers (no widgets touched here) --------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="rls-report")
    def _compute_report(self, catalog: Catalog, schemas: tuple[str, ...] | None) -> None:
        report = rls_report(catalog, schemas)
        self.post_message(ReportReady(catalog, report, AccessModel(catalog)))

    # -- report and list --------------------------------------------------

    @on(ReportReady)
    def _report_ready(self, message: ReportReady) -> None:
        if message.catalog is not self.catalog:
            return  # a newer catalog is being reported on
        self.report, self.model = message.report, message.model
        self._simulate_panel.forget_results()
        self.query_one("#rls-detail").loading = False
        table = self.query_one(RlsTableList)
        table.show(self.report, self.query_one("#rls-filter", Input).value)
        if self._first_report:
            self._first_report = False
            # Open on the most severe finding, so a weakness shows at once.
            worst = min(self.report.findings, key=lambda f: f.sort_key(), default=None)
            if worst is not None:
                table.select_key(worst.table_key)
            if not isinstance(self.app.focused, Input):
                self.app.call_after_refresh(self._focus_if_active)
        self._summarize()
        self._simulate_panel.refresh_options()
        self._show_selected()

    def _focus_if_active(self) -> None:
        if self.app.current_pane() is self:
            self.focus_main()

    def _summarize(self) -> None:
        if self.report is None:
            return
        counts = self.report.counts()
        parts = [f"{len(self.report.tables)} tables"]
        parts += [
            f"{counts[level]} {name}"
            for level, name in (("ERROR", "errors"), ("WARN", "warnings"), ("INFO", "info"))
            if counts[level]
        ]
        self.query_one("#rls-left").border_subtitle = " · ".join(parts)

    @on(Input.Changed, "#rls-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.report is not None:
            self.query_one(RlsTableList).show(self.report, event.value)
            self._show_selected()

    @on(Input.Submitted, "#rls-filter")
    def _filter_submitted(self) -> None:
        self.focus_main()

    def key_escape(self) -> None:
        filt = self.query_one("#rls-filter", Input)
        if filt.value:
            filt.value = ""
        self.focus_main()

    @on(DataTable.RowHighlighted, "#rls-tables")
    def _highlighted(self) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        state = self.query_one(RlsTableList).current()
        body = self.query_one("#rls-detail-body", Static)
        right = self.query_one("#rls-right")
        if state is None:
            right.border_title = "RLS"
            body.update(Text("No table selected.", style="dim"))
            self._simulate_panel.show_simulation()
            return
        right.border_title = title(state.key)
        body.update(render(state, self.model))
        self.query_one("#rls-detail", VerticalScroll).scroll_home(animate=False)
        self._simulate_panel.show_simulation()
