"""The drift pane's `w` flow: write the alignment migration, after a confirmation.

A worker plans the migration from the computed drift (`workbench align`'s
engine, nothing written); a dialog shows the file name and its exact text;
only a confirmed dialog starts the write, in another worker, which first
checks that the drift did not change since it was computed. The file is
recorded as applied on the target; then the app refreshes (header, timeline,
this pane).

`AlignFlow` is a hidden widget the drift pane composes: it owns the flow's
workers and messages; the pane hands it the computed drift and a way to show
the loading state.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from workbench.errors import WorkbenchError
from workbench.tui.panes import drift_work as engine
from workbench.tui.panes.drift_detail import confirm_body
from workbench.tui.panes.drift_work import (
    MIGRATIONS,
    MIGRATIONS_ALL,
    AlignFailed,
    AlignPlanned,
    AlignWritten,
    DriftResult,
)
from workbench.tui.screens.confirm import ConfirmDialog
from workbench.tui.text import title

GROUP_ALIGN = "drift-align"


class AlignFlow(Widget):
    """Plan, confirm and write the alignment migration (a controller; nothing to show)."""

    DEFAULT_CSS = "AlignFlow { display: none; }"

    def __init__(self, set_loading: Callable[[bool], None], **kwargs) -> None:
        super().__init__(**kwargs)
        self._set_loading = set_loading
        self.result: DriftResult | None = None  # the drift the plan was made from
        self.actual_name = ""
        self.busy: str | None = None  # the step in flight

    def start(self, result: DriftResult | None, computing: bool, actual_name: str) -> None:
        """`w`: plan the migration for `result` (in a worker), then ask."""
        if self.busy is not None:
            self.notify(f"wait: {self.busy} is still running", severity="warning", markup=False)
            return
        if computing or result is None:
            self.notify("the drift is not computed yet", severity="warning")
            return
        if result.source not in (MIGRATIONS, MIGRATIONS_ALL):
            self.notify(
                "the alignment migration makes the migrations match the target: "
                "choose the migrations as the expected source (e)",
                severity="warning",
            )
            return
        if not result.changes:
            self.notify("no drift: nothing to write")
            return
        self.busy = "the alignment plan"
        self.result, self.actual_name = result, actual_name
        self._plan_worker(self.app.config, result, self.app.target.display)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ALIGN)
    def _plan_worker(self, config, result: DriftResult, target_label: str) -> None:
        try:
            plan = engine.plan(config, result, target_label)
        except WorkbenchError as exc:
            self.post_message(AlignFailed(str(exc)))
            return
        self.post_message(AlignPlanned(plan, result.pending))

    @on(AlignPlanned)
    def _planned(self, message: AlignPlanned) -> None:
        plan = message.plan
        if plan is None:
            self.busy = None
            self.notify("no drift: nothing to write")
            return
        config, target = self.app.config, self.app.target
        source = self.result.source
        shown = self._shown_path(plan.path)
        body = confirm_body(plan, shown, self.actual_name, message.pending)
        dialog = ConfirmDialog(title(f"Write {plan.path.name}?"), body, "Write migration")

        def confirmed(ok: bool | None) -> None:
            if not ok:
                self.busy = None
                self.notify("cancelled: nothing was written")
                return
            self.busy = "writing the alignment migration"
            self._set_loading(True)
            self._write_worker(config, target.dsn, plan, source)

        self.app.push_screen(dialog, confirmed)

    def _shown_path(self, path) -> str:
        root = self.app.config.root
        return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ALIGN)
    def _write_worker(self, config, dsn: str, plan, source: str) -> None:
        try:
            path = engine.write_checked(config, dsn, plan, source)
        except WorkbenchError as exc:
            self.post_message(AlignFailed(str(exc)))
            return
        self.post_message(AlignWritten(path, len(plan.changes)))

    @on(AlignWritten)
    def _written(self, message: AlignWritten) -> None:
        self.busy = None
        self._set_loading(False)
        self.notify(
            f"wrote {self._shown_path(message.path)} ({message.changes} changes), "
            f"recorded as applied on {self.app.target.display}",
            title="Alignment migration",
            markup=False,
            timeout=10,
        )
        self.app.action_refresh()  # header, timeline and this pane read the new state

    @on(AlignFailed)
    def _align_failed(self, message: AlignFailed) -> None:
        self.busy = None
        self._set_loading(False)
        self.notify(message.error, title="Alignment", severity="error", timeout=12, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected worker error (the app notifies it): the flow is over."""
        if event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.busy = None
            self._set_loading(False)
