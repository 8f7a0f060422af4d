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

import time

import psycopg
from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import get_current_worker

from workbench.catalog.model import Catalog
from workbench.db import redact
from workbench.errors import WorkbenchError
from workbench.rls.access import AccessModel
from workbench.rls.claims import Subject
from workbench.rls.report import RlsReport, rls_report
from workbench.tui.panes import rls_sim
from workbench.tui.panes.base import Pane
from workbench.tui.panes.rls_across import AcrossScreen
from workbench.tui.panes.rls_detail import render
from workbench.tui.panes.rls_list import RlsTableList
from workbench.tui.panes.rls_sim import (
    CUSTOM,
    ReportReady,
    SimRequest,
    SimulationFailed,
    SimulationReady,
    UsersLoaded,
)
from workbench.tui.text import title

DEBOUNCE = 0.12  # seconds a per-table simulation waits, so moving fast starts no probes


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return redact(text.splitlines()[0] if text else type(exc).__name__)


class RlsPane(Pane):
    """The table list on the left; the selected table and the simulate panel on the right."""

    HELP_KEYS = [
        ("↑ ↓", "move; the right side follows the selection"),
        ("/", "filter by name, state (disabled, no policy) or finding (warn, auth_call…)"),
        ("s", "simulate as…: anon, a user from auth.users, service_role, custom claims"),
        ("u", "simulate as the next subject in the list"),
        ("a", "across all tables: what the subject can read and change"),
        ("tab", "move between the list, the details and the simulate panel"),
        ("escape", "clear the filter, back to the list"),
    ]
    BINDINGS = [
        Binding("s", "choose_subject", "simulate as…", id="rls.subject"),
        Binding("u", "next_subject", "next subject", id="rls.next"),
        Binding("a", "across", "all tables", id="rls.across"),
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
        self.users: list[dict] = []
        self.choice: str | None = None  # the subject Select's value
        self.claims_text = ""
        self.subject: Subject | None = None  # resolved by the last simulation
        self.results: dict = {}  # table key -> TableResult for the current subject
        self.serial = 0  # bumped whenever the subject or the data changes
        self._first_report = True

    # -- layout and hooks -------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="rls-left", classes="list-side"):
                yield Input(placeholder="/ filter tables", id="rls-filter")
                yield RlsTableList(id="rls-tables")
            with Vertical(id="rls-right", classes="detail-side"):
                with VerticalScroll(id="rls-detail"):
                    yield Static(Text("Reading the schema…", style="dim"), id="rls-detail-body")
                with Vertical(id="rls-sim"):
                    with Horizontal(id="rls-sim-bar"):
                        yield Static("as", id="rls-sim-label")
                        yield Select(
                            rls_sim.subject_options(None, []),
                            prompt="choose whom to simulate (s)",
                            compact=True,
                            id="rls-subject",
                        )
                        yield Input(
                            placeholder='claims JSON, e.g. {"sub": "…", "role": "authenticated"}'
                            " — enter runs",
                            id="rls-claims",
                        )
                    yield Static(self._sim_hint(), id="rls-sim-body")

    def on_mount(self) -> None:
        self.query_one("#rls-left").border_title = "Tables"
        self.query_one("#rls-right").border_title = "RLS"
        self.query_one("#rls-sim").border_title = "Simulate"
        self.query_one("#rls-claims").display = False
        if self.report is None:
            self.query_one(RlsTableList).loading = True

    def catalog_changed(self, catalog: Catalog) -> None:
        self.catalog = catalog
        schemas = tuple(self.app.config.schemas) if self.app.config.schemas else None
        self._compute_report(catalog, schemas)
        self._load_users(self.app.target.dsn)

    def target_changed(self) -> None:
        self._forget_results()

    def focus_main(self) -> None:
        self.query_one(RlsTableList).focus()

    def focus_filter(self) -> None:
        self.query_one("#rls-filter", Input).focus()

    # -- workers (no widgets touched here) --------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="rls-report")
    def _compute_report(self, catalog: Catalog, schemas: tuple[str, ...] | None) -> None:
        report = rls_report(catalog, schemas)
        self.post_message(ReportReady(catalog, report, AccessModel(catalog)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="rls-users")
    def _load_users(self, dsn: str) -> None:
        try:
            users = rls_sim.load_users(dsn)
        except (WorkbenchError, psycopg.Error) as exc:
            self.app.call_from_thread(
                self.notify, f"cannot list auth.users: {_first_line(exc)}", severity="warning"
            )
            users = []
        self.post_message(UsersLoaded(users))

    @work(thread=True, exclusive=True, exit_on_error=False, group="rls-sim")
    def _simulate(
        self, request: SimRequest, subject: Subject | None, dsn: str, catalog: Catalog
    ) -> None:
        if not request.across:
            time.sleep(DEBOUNCE)
            if get_current_worker().is_cancelled:
                return
        try:
            simulation = rls_sim.run_simulation(dsn, catalog, request, subject)
        except (WorkbenchError, psycopg.Error) as exc:
            self.post_message(SimulationFailed(request, _first_line(exc)))
            return
        self.post_message(SimulationReady(request, simulation))

    # -- report and list --------------------------------------------------

    @on(ReportReady)
    def _report_ready(self, message: ReportReady) -> None:
        if message.catalog is not self.catalog:
            return  # a newer catalog is being reported on
        self.report, self.model = message.report, message.model
        self._forget_results()
        table = self.query_one(RlsTableList)
        table.loading = False
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
        self._refresh_options()
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
            self._show_simulation()
            return
        right.border_title = title(state.key)
        body.update(render(state, self.model))
        self.query_one("#rls-detail", VerticalScroll).scroll_home(animate=False)
        self._show_simulation()

    # -- whom to simulate -------------------------------------------------

    @on(UsersLoaded)
    def _users_loaded(self, message: UsersLoaded) -> None:
        self.users = message.users
        self._refresh_options()

    def _refresh_options(self) -> None:
        select = self.query_one("#rls-subject", Select)
        options = rls_sim.subject_options(self.model, self.users)
        values = [v for _, v in options]
        with self.prevent(Select.Changed):
            select.set_options(options)
            if self.choice in values:
                select.value = self.choice
        if self.choice is not None and self.choice not in values:
            self._set_choice(None)

    @on(Select.Changed, "#rls-subject")
    def _subject_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        if value != self.choice:
            self._set_choice(value)

    def _set_choice(self, value: str | None) -> None:
        self.choice = value
        self._forget_results()
        claims = self.query_one("#rls-claims", Input)
        claims.display = value == CUSTOM
        if value == CUSTOM:
            claims.focus()
        elif self.query_one("#rls-subject", Select).has_focus:
            self.focus_main()
        self._show_simulation()

    @on(Input.Submitted, "#rls-claims")
    def _claims_submitted(self, event: Input.Submitted) -> None:
        self.claims_text = event.value
        self._forget_results()
        self._show_simulation()
        self.focus_main()

    def action_choose_subject(self) -> None:
        select = self.query_one("#rls-subject", Select)
        select.focus()
        select.action_show_overlay()

    def action_next_subject(self) -> None:
        select = self.query_one("#rls-subject", Select)
        values = [v for _, v in rls_sim.subject_options(self.model, self.users) if v != CUSTOM]
        if not values:
            return
        index = values.index(self.choice) + 1 if self.choice in values else 0
        select.value = values[index % len(values)]

    # -- simulation -------------------------------------------------------

    def _forget_results(self) -> None:
        self.serial += 1
        self.subject = None
        self.results = {}

    def _sim_hint(self) -> Text:
        return Text(
            "Press s to choose whom to simulate (anon, a user, service_role, custom claims), "
            "u for the next one. Probes run in a transaction that is always rolled back.",
            style="dim",
        )

    def _request(self, keys: tuple[str, ...], across: bool = False) -> SimRequest | None:
        if self.choice is None or self.catalog is None:
            return None
        if self.choice == CUSTOM and not self.claims_text.strip():
            return None
        return SimRequest(self.serial, self.choice, self.claims_text, keys, across)

    def _show_simulation(self) -> None:
        """Show the current table's result for the subject, simulating it if not known yet."""
        body = self.query_one("#rls-sim-body", Static)
        state = self.query_one(RlsTableList).current()
        if self.choice is None:
            body.loading = False
            body.update(self._sim_hint())
            return
        if self.choice == CUSTOM and not self.claims_text.strip():
            body.loading = False
            body.update(Text("Type JWT claims as JSON above and press enter.", style="dim"))
            return
        if state is None:
            body.loading = False
            body.update(Text("Select a table.", style="dim"))
            return
        result = self.results.get(state.key)
        if result is not None and self.subject is not None:
            body.loading = False
            parts = [rls_sim.subject_line(self.subject), *rls_sim.subject_notes(self.subject)]
            parts.append(rls_sim.table_result(result))
            body.update(Group(*parts))
            return
        request = self._request((state.key,))
        if request is not None:
            body.loading = True
            self._simulate(request, self.subject, self.app.target.dsn, self.catalog)

    def action_across(self) -> None:
        if self.report is None or self.catalog is None:
            return
        keys = tuple(t.key for t in self.report.tables)
        request = self._request(keys, across=True)
        if request is None:
            self.notify("Choose whom to simulate first (s).", severity="warning")
            return
        if all(k in self.results for k in keys) and self.subject is not None:
            self._push_across()
            return
        self.query_one("#rls-sim-body", Static).loading = True
        self._simulate(request, self.subject, self.app.target.dsn, self.catalog)

    @on(SimulationReady)
    def _simulated(self, message: SimulationReady) -> None:
        if message.request.serial != self.serial:
            return  # the subject or the data changed meanwhile
        simulation = message.simulation
        self.subject = simulation.subject
        for result in simulation.tables:
            self.results[result.key] = result
        self.query_one("#rls-sim-body", Static).loading = False
        self._show_simulation()
        if message.request.across:
            self._push_across()

    @on(SimulationFailed)
    def _simulation_failed(self, message: SimulationFailed) -> None:
        if message.request.serial != self.serial:
            return
        body = self.query_one("#rls-sim-body", Static)
        body.loading = False
        self.notify(message.error, title="Simulation failed", severity="error", timeout=8)
        body.update(Text.assemble(("✗ ", "bold red"), (message.error, "red")))

    def _push_across(self) -> None:
        if self.report is None or self.subject is None:
            return
        results = [self.results[t.key] for t in self.report.tables if t.key in self.results]
        from workbench.rls.simulate import Simulation

        simulation = Simulation(self.subject, results)
        self.app.push_screen(AcrossScreen(simulation, results), self._across_closed)

    def _across_closed(self, key: str | None) -> None:
        if key is None or self.report is None:
            return
        table = self.query_one(RlsTableList)
        if not table.select_key(key):
            self.query_one("#rls-filter", Input).value = ""
            table.show(self.report, "", keep=key)
        self.focus_main()
