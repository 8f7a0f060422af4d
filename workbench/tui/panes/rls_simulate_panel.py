"""The RLS pane's simulate panel: whom to simulate, the simulation workers, across all tables.

`SimulatePanel` is a widget the RLS pane composes (it reaches the pane only
through `RlsView`): it owns the subject Select, the custom-claims Input and the
result under them. A subject is chosen with `s`
(or cycled with `u`); from then on the selected table is simulated whenever the
selection moves (after a short pause, so scrolling starts no probes), each
answer kept until the subject or the data changes. `a` simulates every table
and shows the answers in `AcrossScreen`. Simulations run in thread workers on
their own connection, always rolled back; failures become notifications.
"""

from __future__ import annotations

import time
from typing import Protocol

import psycopg
from rich.console import Group, RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static
from textual.worker import get_current_worker

from workbench.catalog.model import Catalog
from workbench.errors import WorkbenchError
from workbench.redaction import redact
from workbench.rls.access import AccessModel
from workbench.rls.claims import Subject
from workbench.rls.rls_report import RlsReport
from workbench.rls.simulate import Simulation
from workbench.tui.panes import rls_simulate_work as rls_sim
from workbench.tui.panes.base import PaneCommand
from workbench.tui.panes.rls_across import AcrossScreen
from workbench.tui.panes.rls_simulate_work import (
    CUSTOM,
    SimRequest,
    SimulationFailed,
    SimulationReady,
    UsersLoaded,
)

DEBOUNCE = 0.12  # seconds a per-table simulation waits, so moving fast starts no probes


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return redact(text.splitlines()[0] if text else type(exc).__name__)


class RlsView(Protocol):
    """What the simulate panel reads from and asks of the RLS pane."""

    catalog: Catalog | None
    report: RlsReport | None
    model: AccessModel | None

    def current_key(self) -> str | None: ...

    def show_explanation(self, renderable: RenderableType) -> None: ...

    def select_table(self, key: str) -> None: ...

    def focus_main(self) -> None: ...


class SimulatePanel(Vertical):
    """Subject choice and simulation results for the RLS pane's selected table."""

    def __init__(self, view: RlsView, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self.users: list[dict] = []
        self.choice: str | None = None  # the subject Select's value
        self.claims_text = ""
        self.subject: Subject | None = None  # resolved by the last simulation
        self.results: dict = {}  # table key -> TableResult for the current subject
        self.subject_error: str | None = None  # why the current subject cannot be simulated
        self.serial = 0  # bumped whenever the subject or the data changes

    def compose(self) -> ComposeResult:
        with Horizontal(id="rls-sim-bar"):
            yield Static("as", id="rls-sim-label")
            yield rls_sim.SubjectSelect(
                rls_sim.subject_options(None, []),
                prompt="choose whom to simulate (s)",
                compact=True,
                id="rls-subject",
            )
            yield Input(
                placeholder='claims JSON, e.g. {"sub": "…", "role": "authenticated"} — enter runs',
                id="rls-claims",
            )
        yield Static(self._sim_hint(), id="rls-sim-body")

    def on_mount(self) -> None:
        self.border_title = "Simulate"
        self.query_one("#rls-claims").display = False

    # -- workers (no widgets touched here) --------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="rls-users")
    def load_users(self, dsn: str) -> None:
        try:
            users = rls_sim.load_users(dsn)
        except (WorkbenchError, psycopg.Error) as exc:
            self.post_message(UsersLoaded([], f"cannot list auth.users: {first_line(exc)}"))
            return
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
            bad_subject = isinstance(exc, rls_sim.SubjectError)
            self.post_message(SimulationFailed(request, first_line(exc), bad_subject))
            return
        self.post_message(SimulationReady(request, simulation))

    # -- whom to simulate -------------------------------------------------

    @on(UsersLoaded)
    def _users_loaded(self, message: UsersLoaded) -> None:
        if message.error:
            self.notify(message.error, severity="warning", markup=False)
        self.users = message.users
        self.refresh_options()

    def refresh_options(self) -> None:
        """Offer the subjects the access model and the users list allow."""
        select = self.query_one("#rls-subject", Select)
        options = rls_sim.subject_options(self.view.model, self.users)
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
        self.forget_results()
        claims = self.query_one("#rls-claims", Input)
        claims.display = value == CUSTOM
        if value == CUSTOM:
            claims.focus()
        elif self.query_one("#rls-subject", Select).has_focus:
            self.view.focus_main()
        self.show_simulation()

    @on(Input.Submitted, "#rls-claims")
    def _claims_submitted(self, event: Input.Submitted) -> None:
        self.claims_text = event.value
        self.forget_results()
        self.show_simulation()
        self.view.focus_main()

    # -- the command palette ------------------------------------------------

    def subject_commands(self) -> list[PaneCommand]:
        """ "Simulate as …" for every other subject."""
        commands: list[PaneCommand] = []
        if self.view.model is None:
            return commands
        for label, value in rls_sim.subject_options(self.view.model, self.users):
            if value in (self.choice, CUSTOM):
                continue
            name = label.plain.split("  ", 1)[0]
            commands.append(
                PaneCommand(
                    f"RLS: simulate as {name}",
                    label.plain,
                    lambda value=value: self._simulate_as(value),
                )
            )
        return commands

    def _simulate_as(self, value: str) -> None:
        self.query_one("#rls-subject", Select).value = value

    def choose_subject(self) -> None:
        select = self.query_one("#rls-subject", Select)
        select.focus()
        select.action_show_overlay()

    def custom_claims(self) -> None:
        if self.choice != CUSTOM:
            self.query_one("#rls-subject", Select).value = CUSTOM
        else:
            self.query_one("#rls-claims", Input).focus()

    def next_subject(self) -> None:
        select = self.query_one("#rls-subject", Select)
        values = [v for _, v in rls_sim.subject_options(self.view.model, self.users) if v != CUSTOM]
        if not values:
            return
        current = select.value  # not self.choice: quick presses come before Select.Changed
        index = values.index(current) + 1 if current in values else 0
        select.value = values[index % len(values)]

    # -- simulation -------------------------------------------------------

    def forget_results(self) -> None:
        """The subject or the data changed: every answer is simulated again."""
        self.serial += 1
        self.subject = None
        self.subject_error = None
        self.results = {}

    def _sim_hint(self) -> Text:
        return Text(
            "Press s to choose whom to simulate (anon, a user, service_role, custom claims), "
            "u for the next one. Probes run in a transaction that is always rolled back.",
            style="dim",
        )

    def _request(self, keys: tuple[str, ...], across: bool = False) -> SimRequest | None:
        if self.choice is None or self.view.catalog is None:
            return None
        if self.choice == CUSTOM and not self.claims_text.strip():
            return None
        return SimRequest(self.serial, self.choice, self.claims_text, keys, across)

    def show_simulation(self) -> None:
        """Show the current table's result for the subject, simulating it if not known yet."""
        body = self.query_one("#rls-sim-body", Static)
        key = self.view.current_key()
        result = self.results.get(key) if key is not None else None
        if result is not None and self.subject is not None:
            self.view.show_explanation(rls_sim.explanation(result, self.subject))
        else:
            self.view.show_explanation("")
        if self.choice is None:
            body.loading = False
            body.update(self._sim_hint())
            return
        if self.choice == CUSTOM and not self.claims_text.strip():
            body.loading = False
            body.update(Text("Type JWT claims as JSON above and press enter.", style="dim"))
            return
        if self.subject_error is not None:
            body.loading = False
            body.update(Text.assemble(("✗ ", "bold red"), (self.subject_error, "red")))
            return
        if key is None:
            body.loading = False
            body.update(Text("Select a table.", style="dim"))
            return
        if result is not None and self.subject is not None:
            body.loading = False
            parts = [rls_sim.subject_line(self.subject), *rls_sim.subject_notes(self.subject)]
            parts.append(rls_sim.table_result(result))
            body.update(Group(*parts))
            return
        request = self._request((key,))
        if request is not None:
            body.loading = True
            self._simulate(request, self.subject, self.app.target.dsn, self.view.catalog)

    def across(self) -> None:
        """`a`: simulate every table, then show them all in `AcrossScreen`."""
        report, catalog = self.view.report, self.view.catalog
        if report is None or catalog is None:
            return
        keys = tuple(t.key for t in report.tables)
        request = self._request(keys, across=True)
        if self.subject_error is not None:
            self.notify(self.subject_error, title="Cannot simulate", severity="error", markup=False)
            return
        if request is None:
            self.notify("Choose whom to simulate first (s).", severity="warning")
            return
        if all(k in self.results for k in keys) and self.subject is not None:
            self._push_across()
            return
        self.query_one("#rls-sim-body", Static).loading = True
        self._simulate(request, self.subject, self.app.target.dsn, catalog)

    @on(SimulationReady)
    def _simulated(self, message: SimulationReady) -> None:
        if message.request.serial != self.serial:
            return  # the subject or the data changed meanwhile
        simulation = message.simulation
        self.subject = simulation.subject
        for result in simulation.tables:
            self.results[result.key] = result
        self.query_one("#rls-sim-body", Static).loading = False
        self.show_simulation()
        if message.request.across:
            self._push_across()

    @on(SimulationFailed)
    def _simulation_failed(self, message: SimulationFailed) -> None:
        if message.request.serial != self.serial:
            return
        body = self.query_one("#rls-sim-body", Static)
        body.loading = False
        if message.subject:
            self.subject_error = message.error
            if self.choice == CUSTOM:
                self.query_one("#rls-claims", Input).focus()  # to fix the claims
        self.notify(
            message.error, title="Simulation failed", severity="error", timeout=8, markup=False
        )
        body.update(Text.assemble(("✗ ", "bold red"), (message.error, "red")))

    def _push_across(self) -> None:
        report = self.view.report
        if report is None or self.subject is None:
            return
        results = [self.results[t.key] for t in report.tables if t.key in self.results]
        simulation = Simulation(self.subject, results)
        self.app.push_screen(AcrossScreen(simulation, results), self._across_closed)

    def _across_closed(self, key: str | None) -> None:
        if key is not None and self.view.report is not None:
            self.view.select_table(key)
