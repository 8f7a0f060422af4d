"""Pane 1: every migration with its state; review, preview, apply and step back.

Left, the timeline (filterable). Right, the selected migration: its state, what
its statements do in plain words, lint findings and its SQL. `p` previews,
`u` applies up to the selected migration, `d` rolls back the newest applied one;
`u` and `d` first run a dry run, then ask for confirmation showing the exact SQL
and the schema diff, and only then run. All database work runs in thread
workers that post messages; the handlers below are the only code that changes
the screen.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from workbench.errors import WorkbenchError
from workbench.migrations.files import Project
from workbench.migrations.state import MigrationStatus, pending
from workbench.tui.messages import HeaderStats
from workbench.tui.panes import timeline_work as work_fns
from workbench.tui.panes.base import Pane
from workbench.tui.panes.timeline_detail import apply_body, render, rollback_body
from workbench.tui.panes.timeline_lint import lint_lines
from workbench.tui.panes.timeline_list import ARCHIVE_ROW, TimelineTable, row_key
from workbench.tui.panes.timeline_work import (
    APPLICABLE,
    ROLLBACKABLE,
    ActionFailed,
    LintReady,
    PreviewReady,
    RunFinished,
    TimelineFailed,
    TimelineLoaded,
)
from workbench.tui.screens.confirm import ConfirmDialog
from workbench.tui.text import title

GROUP_LOAD = "timeline-load"
GROUP_ACTION = "timeline-action"
GROUP_LINT = "timeline-lint"


class TimelinePane(Pane):
    """The timeline list on the left, the selected migration explained on the right."""

    HELP_KEYS = [
        ("↑ ↓", "move; the right side follows the selection"),
        ("p", "preview: the schema diff of applying (or rolling back) it, nothing changes"),
        ("u", "apply every pending migration up to the selected one (after review)"),
        ("d", "roll back the newest applied migration, one step (after review)"),
        ("/", "filter by version, name or state (escape clears)"),
    ]
    BINDINGS = [
        Binding("p", "preview", "preview", id="timeline.preview"),
        Binding("u", "apply", "apply up to here", id="timeline.apply"),
        Binding("d", "step_back", "step back one", id="timeline.step_back"),
    ]
    DEFAULT_CSS = """
    TimelinePane #timeline-left { width: 50%; max-width: 84; }
    TimelinePane #timeline-filter { border: none; height: 1; padding: 0 1; }
    TimelinePane TimelineTable { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.project: Project | None = None
        self.statuses: list[MigrationStatus] = []
        self.previews: dict[str, object] = {}  # row key -> Preview or error text (from `p`)
        self.lint: dict[str, list[Text]] = {}  # row key -> findings, once linted
        self.busy: str | None = None  # what is running, while a preview or run is in flight
        self._select_after_load: str | None = None
        self._warned: set[str] = set()

    # -- layout and hooks -------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="timeline-left", classes="list-side"):
                yield Input(placeholder="/ filter migrations", id="timeline-filter")
                yield TimelineTable(id="timeline-table")
            with VerticalScroll(id="timeline-detail", classes="detail-side"):
                yield Static(Text("Reading the migrations…", style="dim"), id="timeline-body")

    def on_mount(self) -> None:
        self.query_one("#timeline-left").border_title = "Migrations"
        self.query_one("#timeline-detail").border_title = "Details"
        self.query_one(TimelineTable).loading = True

    def target_changed(self) -> None:
        self.load_timeline()

    def focus_main(self) -> None:
        self.query_one(TimelineTable).focus()

    def focus_filter(self) -> None:
        self.query_one("#timeline-filter", Input).focus()

    # -- loading ----------------------------------------------------------

    def load_timeline(self) -> None:
        self._load(self.app.config, self.app.target.dsn)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_LOAD)
    def _load(self, config, dsn: str) -> None:
        try:
            project, statuses = work_fns.load_timeline(config, dsn)
        except WorkbenchError as exc:
            self.post_message(TimelineFailed(str(exc)))
            return
        self.post_message(TimelineLoaded(project, statuses))

    @on(TimelineLoaded)
    def _loaded(self, message: TimelineLoaded) -> None:
        self.project, self.statuses = message.project, message.statuses
        self.previews.clear()
        self.lint.clear()
        table = self.query_one(TimelineTable)
        table.loading = False
        first = not table.row_count
        keep = self._select_after_load
        self._select_after_load = None
        table.show(self.statuses, self.query_one("#timeline-filter", Input).value, keep)
        if first and keep is None:
            self._select_first_pending(table)
        self._show_selected()
        for warning in message.project.warnings:
            if warning not in self._warned:
                self._warned.add(warning)
                self.notify(warning, title="Skipped", severity="warning", markup=False)
        active = [s for s in self.statuses if s.state != "archived"]
        self.post_message(
            HeaderStats(
                applied=sum(1 for s in active if s.is_applied),
                pending=len(pending(self.statuses, include_all=True)),
            )
        )
        if first and self.app.current_pane() is self and not isinstance(self.app.focused, Input):
            self.focus_main()

    def _select_first_pending(self, table: TimelineTable) -> None:
        """Open on what needs attention: the first pending (or failed) migration."""
        for status in self.statuses:
            if status.state in APPLICABLE or status.state in ("modified", "missing"):
                table.select_key(row_key(status))
                return

    @on(TimelineFailed)
    def _load_failed(self, message: TimelineFailed) -> None:
        self.query_one(TimelineTable).loading = False
        body = Text.assemble(
            ("Cannot read the timeline\n\n", "bold red"),
            (message.error, ""),
            ("\n\nr retries", "dim"),
        )
        self.query_one("#timeline-body", Static).update(body)
        self.notify(message.error, title="Timeline", severity="error", timeout=10, markup=False)

    # -- the list and the filter ------------------------------------------

    @on(Input.Changed, "#timeline-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_one(TimelineTable).show(self.statuses, event.value)
        self._show_selected()

    @on(Input.Submitted, "#timeline-filter")
    def _filter_submitted(self) -> None:
        self.focus_main()

    def key_escape(self) -> None:
        filt = self.query_one("#timeline-filter", Input)
        if filt.value:
            filt.value = ""
        self.focus_main()

    @on(DataTable.RowHighlighted, "#timeline-table")
    def _highlighted(self) -> None:
        self._show_selected()

    def selected(self) -> MigrationStatus | None:
        return self.query_one(TimelineTable).current()

    def _show_selected(self) -> None:
        table = self.query_one(TimelineTable)
        detail = self.query_one("#timeline-detail", VerticalScroll)
        body = self.query_one("#timeline-body", Static)
        status = table.current()
        if status is None:
            if table.current_key() == ARCHIVE_ROW:
                detail.border_title = "archive"
                body.update(
                    Text(
                        "Files of migrations_archive/: kept for history, never executed.",
                        style="dim",
                    )
                )
            return
        key = row_key(status)
        detail.border_title = title(
            f"{status.version}_{status.name}" if status.version else status.name
        )
        lint = self.lint.get(key)
        if lint is None and status.migration is not None:
            lint = [Text("  linting…", style="dim")]
            self._lint_worker(key, status.migration, self.project, self.statuses)
        body.update(render(status, self.previews.get(key), lint))
        detail.scroll_home(animate=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_LINT)
    def _lint_worker(self, key, migration, project, statuses) -> None:
        try:
            findings = lint_lines(migration, project, statuses)
        except WorkbenchError as exc:
            findings = [Text(f"  lint failed: {exc}", style="red")]
        self.post_message(LintReady(key, findings))

    @on(LintReady)
    def _lint_ready(self, message: LintReady) -> None:
        self.lint[message.key] = message.findings
        status = self.selected()
        if status is not None and row_key(status) == message.key:
            self.query_one("#timeline-body", Static).update(
                render(status, self.previews.get(message.key), message.findings)
            )

    # -- actions ----------------------------------------------------------

    def _start(self, what: str) -> bool:
        """Mark the pane busy; False (and a note) when something else is running."""
        if self.busy is not None:
            self.notify(f"wait: {self.busy} is still running", severity="warning", markup=False)
            return False
        if self.project is None:
            self.notify("the timeline is not loaded yet", severity="warning")
            return False
        self.busy = what
        self.query_one("#timeline-detail").loading = True
        return True

    def _done(self) -> None:
        self.busy = None
        self.query_one("#timeline-detail").loading = False

    def action_preview(self) -> None:
        status = self.selected()
        if status is None:
            return
        if status.state == "archived":
            self.notify("archived files are never executed: nothing to preview")
            return
        if status.is_baseline and status.state == "baseline":
            self.notify("the baseline is applied (or not needed) and is never rolled back")
            return
        if not self._start("a preview"):
            return
        mode = "down" if status.state in ROLLBACKABLE else "up"
        self._preview_worker(mode, status, self.project, self.statuses, self.app.target.dsn)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _preview_worker(self, mode, status, project, statuses, dsn) -> None:
        key = row_key(status)
        try:
            if mode == "up":
                preview, _ = work_fns.preview_up_to(dsn, project, status)
            else:
                preview = work_fns.preview_back_to(dsn, project, statuses, status)
        except WorkbenchError as exc:
            self.post_message(ActionFailed("preview", str(exc), key))
            return
        self.post_message(PreviewReady("show", key, preview, project))

    def action_apply(self) -> None:
        status = self.selected()
        if status is None:
            return
        if status.state not in APPLICABLE and not (
            status.is_baseline and status.state == "pending"
        ):
            why = {
                "archived": "archived files are never executed",
                "baseline": "the baseline is applied (or not needed)",
            }.get(status.state, f"{status.version}_{status.name} is already applied")
            self.notify(f"nothing to apply: {why}", markup=False)
            return
        if self._start("the apply preview"):
            self._apply_preview_worker(status, self.project, self.app.target.dsn)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _apply_preview_worker(self, status, project, dsn) -> None:
        try:
            preview, scope = work_fns.preview_up_to(dsn, project, status)
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

    def action_step_back(self) -> None:
        if self._start("the rollback preview"):
            self._rollback_preview_worker(self.project, self.app.target.dsn)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _rollback_preview_worker(self, project, dsn) -> None:
        try:
            step, preview = work_fns.plan_step_back(dsn, project)
        except WorkbenchError as exc:
            self.post_message(ActionFailed("rollback preview", str(exc)))
            return
        key = f"m:{int(step.version)}"
        self.post_message(PreviewReady("rollback", key, preview, project, step=step))

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        if message.purpose == "show":
            self._done()
            self.previews[message.key] = message.preview
            self._show_selected()
            return
        preview, target = message.preview, self.app.target
        if message.purpose == "apply":
            if preview.empty:
                self._done()
                self.notify("nothing to apply")
                return
            last = preview.steps[-1]
            heading = (
                f"Apply {last.version}_{last.name}?"
                if len(preview.steps) == 1
                else f"Apply {len(preview.steps)} migrations, up to {last.version}_{last.name}?"
            )
            dialog = ConfirmDialog(title(heading), apply_body(preview, target), "Apply")

            def confirmed(ok: bool | None) -> None:
                if not ok:
                    self._done()
                    self.notify("cancelled: nothing was applied")
                    return
                self.busy = "the apply"
                self._apply_worker(message, target.dsn)

        else:
            step = message.step
            what = "Roll back (GENERATED down)" if step.source == "generated" else "Roll back"
            dialog = ConfirmDialog(
                title(f"{what} {step.id}?"), rollback_body(step, preview, target), "Roll back"
            )

            def confirmed(ok: bool | None) -> None:
                if not ok:
                    self._done()
                    self.notify("cancelled: nothing was rolled back")
                    return
                self.busy = "the rollback"
                self._rollback_worker(message, target.dsn)

        self.app.push_screen(dialog, confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _apply_worker(self, message: PreviewReady, dsn: str) -> None:
        try:
            result = work_fns.run_apply(
                dsn,
                message.project,
                message.preview,
                to=message.to,
                include_all=message.include_all,
            )
        except WorkbenchError as exc:
            self.post_message(ActionFailed("apply", str(exc)))
            return
        self.post_message(RunFinished("up", result, message.key))

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_ACTION)
    def _rollback_worker(self, message: PreviewReady, dsn: str) -> None:
        try:
            result = work_fns.run_step_back(dsn, message.project, message.step)
        except WorkbenchError as exc:
            self.post_message(ActionFailed("rollback", str(exc)))
            return
        self.post_message(RunFinished("down", result, message.key))

    @on(RunFinished)
    def _run_finished(self, message: RunFinished) -> None:
        self._done()
        steps = message.result.steps
        if message.direction == "up":
            names = ", ".join(f"{s.version}_{s.name} ({s.duration_ms} ms)" for s in steps)
            text = f"applied {len(steps)} migration{'s' if len(steps) != 1 else ''}: {names}"
        else:
            names = ", ".join(f"{s.version}_{s.name}" for s in steps)
            text = f"rolled back {names}"
            self._select_after_load = message.key
        self.notify(text or "nothing ran", title="Done", markup=False)
        self.app.action_refresh()

    @on(ActionFailed)
    def _action_failed(self, message: ActionFailed) -> None:
        self._done()
        if message.key is not None:
            self.previews[message.key] = message.error
            self._show_selected()
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
            self._done()
        if event.worker.group == GROUP_LOAD and event.state == WorkerState.ERROR:
            self.query_one(TimelineTable).loading = False
