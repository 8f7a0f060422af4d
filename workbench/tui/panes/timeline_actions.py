"""The timeline's changes: `p` preview, `u` apply up to the selection, `d` step back one.

Each runs a dry run in a worker first (the detail shows a loading indicator),
then — for `u` and `d` — a confirmation dialog with the target, the schema diff
and the exact SQL; only a confirmed dialog starts the run, in another worker.
Workers post messages (`timeline_work`); the handlers here change the screen,
notify the outcome and ask the app to refresh (timeline, schema tree, header).

`RunFlow` is a hidden widget the timeline pane composes; it reaches the pane
only through `TimelineView`.
"""

from __future__ import annotations

from typing import Protocol

from textual import on, work
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from workbench.errors import WorkbenchError
from workbench.migrations.files import Project
from workbench.migrations.state import MigrationStatus
from workbench.tui.panes import timeline_work as engine
from workbench.tui.panes.timeline_detail import apply_body, rollback_body
from workbench.tui.panes.timeline_list import row_key
from workbench.tui.panes.timeline_work import (
    APPLICABLE,
    ROLLBACKABLE,
    ActionFailed,
    PreviewReady,
    RunFinished,
    RunNotice,
)
from workbench.tui.screens.confirm import ConfirmDialog
from workbench.tui.text import title

GROUP_ACTION = "timeline-action"


class TimelineView(Protocol):
    """What the run flow reads from and asks of the timeline pane."""

    project: Project | None
    statuses: list[MigrationStatus]
    previews: dict[str, object]  # row key -> Preview or error text (from `p`)

    def selected(self) -> MigrationStatus | None: ...

    def show_selected(self) -> None: ...

    def select_after_load(self, key: str) -> None: ...

    def set_detail_loading(self, on: bool) -> None: ...


def applicable(status: MigrationStatus | None) -> bool:
    """Whether `u` can apply up to `status`."""
    return status is not None and (
        status.state in APPLICABLE or (status.is_baseline and status.state == "pending")
    )


def previewable(status: MigrationStatus | None) -> bool:
    """Whether `p` has something to preview for `status`."""
    return (
        status is not None
        and status.state != "archived"
        and not (status.is_baseline and status.state == "baseline")
    )


class RunFlow(Widget):
    """Preview, apply and step back for a `TimelineView` (a controller; nothing to show)."""

    DEFAULT_CSS = "RunFlow { display: none; }"

    def __init__(self, view: TimelineView, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self.busy: str | None = None  # what is running while a preview or run is in flight

    # -- busy state ---------------------------------------------------------

    def _begin_action(self, what: str) -> bool:
        """Mark the pane busy; False (and a note) when something else is running."""
        if self.busy is not None:
            self.notify(f"wait: {self.busy} is still running", severity="warning", markup=False)
            return False
        if self.view.project is None:
            self.notify("the timeline is not loaded yet", severity="warning")
            return False
        self.busy = what
        self.view.set_detail_loading(True)
        return True

    def _end_action(self) -> None:
        self.busy = None
        self.view.set_detail_loading(False)

    # -- p ------------------------------------------------------------------

    def preview(self) -> None:
        status = self.view.selected()
        if status is None:
            return
        if status.state == "archived":
            self.notify("archived files are never executed: nothing to preview")
            return
        if status.is_baseline and status.state == "baseline":
            self.notify("the baseline is applied (or not needed) and is never rolled back")
            return
        if self._begin_action("a preview"):
            mode = "down" if status.state in ROLLBACKABLE else "up"
            view = self.view
            self._preview_worker(mode, status, view.project, view.statuses, self.app.target.dsn)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _preview_worker(self, mode, status, project, statuses, dsn) -> None:
        key = row_key(status)
        try:
            if mode == "up":
                preview, _ = engine.preview_up_to(dsn, project, status)
            else:
                preview = engine.preview_back_to(dsn, project, statuses, status)
        except WorkbenchError as exc:
            self.post_message(ActionFailed("preview", str(exc), key))
            return
        self.post_message(PreviewReady("show", key, preview, project))

    # -- u ------------------------------------------------------------------

    def apply(self) -> None:
        status = self.view.selected()
        if status is None:
            return
        if not applicable(status):
            why = {
                "archived": "archived files are never executed",
                "baseline": "the baseline is applied (or not needed)",
            }.get(status.state, f"{status.version}_{status.name} is already applied")
            self.notify(f"nothing to apply: {why}", markup=False)
            return
        if self._begin_action("the apply preview"):
            self._apply_preview_worker(status, self.view.project, self.app.target.dsn)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _apply_preview_worker(self, status, project, dsn) -> None:
        try:
            preview, scope = engine.preview_up_to(dsn, project, status)
        except WorkbenchError as exc:
            self.post_message(ActionFailed("preview", str(exc)))
            return
        self.post_message(
            PreviewReady(
                "apply",
                row_key(status),
                preview,
                scope["project"],
                to=scope["to"],
                include_all=scope["include_all"],
            )
        )

    # -- d ------------------------------------------------------------------

    def step_back(self) -> None:
        if self._begin_action("the rollback preview"):
            self._rollback_preview_worker(self.view.project, self.app.target.dsn)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _rollback_preview_worker(self, project, dsn) -> None:
        try:
            step, preview = engine.plan_step_back(dsn, project)
        except WorkbenchError as exc:
            self.post_message(ActionFailed("rollback preview", str(exc)))
            return
        key = f"m:{int(step.version)}"
        self.post_message(PreviewReady("rollback", key, preview, project, step=step))

    # -- review, then run ---------------------------------------------------

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        if message.purpose == "show":
            self._end_action()
            self.view.previews[message.key] = message.preview
            self.view.show_selected()
            return
        preview, target = message.preview, self.app.target
        if message.purpose == "apply":
            if preview.empty:
                self._end_action()
                self.notify("nothing to apply")
                return
            last = preview.steps[-1]
            heading = (
                f"Apply {last.version}_{last.name}?"
                if len(preview.steps) == 1
                else f"Apply {len(preview.steps)} migrations, up to {last.version}_{last.name}?"
            )
            dialog = ConfirmDialog(title(heading), apply_body(preview, target), "Apply")
            verb, run = "applied", self._apply_worker
        else:
            step = message.step
            what = "Roll back (GENERATED down)" if step.source == "generated" else "Roll back"
            body = rollback_body(step, preview, target)
            dialog = ConfirmDialog(title(f"{what} {step.id}?"), body, "Roll back")
            verb, run = "rolled back", self._rollback_worker

        def confirmed(ok: bool | None) -> None:
            if not ok:
                self._end_action()
                self.notify(f"cancelled: nothing was {verb}")
                return
            self.busy = "the apply" if message.purpose == "apply" else "the rollback"
            self.view.set_detail_loading(True)
            run(message, target.dsn)

        self.view.set_detail_loading(False)  # the pane stays visible (and busy) behind the dialog
        self.app.push_screen(dialog, confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _apply_worker(self, message: PreviewReady, dsn: str) -> None:
        try:
            result = engine.run_apply(
                dsn,
                message.project,
                message.preview,
                to=message.to,
                include_all=message.include_all,
                notice=self._notice,
            )
        except WorkbenchError as exc:
            self.post_message(ActionFailed("apply", str(exc)))
            return
        self.post_message(RunFinished("up", result, message.key))

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _rollback_worker(self, message: PreviewReady, dsn: str) -> None:
        try:
            result = engine.run_step_back(dsn, message.project, message.step, self._notice)
        except WorkbenchError as exc:
            self.post_message(ActionFailed("rollback", str(exc)))
            return
        self.post_message(RunFinished("down", result, message.key))

    def _notice(self, text: str) -> None:
        """From a worker thread: something to tell while the run goes on."""
        self.post_message(RunNotice(text))

    @on(RunNotice)
    def _run_notice(self, message: RunNotice) -> None:
        self.notify(message.text, title="Waiting", severity="warning", timeout=10, markup=False)

    @on(RunFinished)
    def _run_finished(self, message: RunFinished) -> None:
        self._end_action()
        steps = message.result.steps
        if message.direction == "up":
            names = ", ".join(f"{s.version}_{s.name} ({s.duration_ms} ms)" for s in steps)
            text = f"applied {len(steps)} migration{'s' if len(steps) != 1 else ''}: {names}"
        else:
            text = "rolled back " + ", ".join(f"{s.version}_{s.name}" for s in steps)
            self.view.select_after_load(message.key)
        self.notify(text if steps else "nothing ran", title="Done", markup=False)
        self.app.action_refresh()

    @on(ActionFailed)
    def _action_failed(self, message: ActionFailed) -> None:
        self._end_action()
        if message.key is not None:
            self.view.previews[message.key] = message.error
            self.view.show_selected()
        self.notify(
            message.error,
            title=f"{message.what} failed",
            severity="error",
            timeout=15,
            markup=False,
        )
        if message.what in ("apply", "rollback"):
            self.app.action_refresh()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected worker error (the app notifies it): the pane is no longer busy."""
        if event.worker.group == GROUP_ACTION and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self._end_action()
