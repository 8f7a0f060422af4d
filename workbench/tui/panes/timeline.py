"""Pane 1: every migration with its state; review, preview, apply and step back.

Left, the timeline (filterable), the archive in its own section at the end.
Right, the selected migration: its state, what its statements do in plain words,
its lint findings, and its SQL with the file's line numbers (down section too).
The keys `p`, `u` and `d` run in `RunFlow` (timeline_actions). All database work and the
slow parts of a big file's detail (analysis, highlighting, squawk) run in thread
workers that post messages; only the handlers change the screen.
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
from workbench.tui.panes import timeline_work as engine
from workbench.tui.panes.base import Pane
from workbench.tui.panes.timeline_actions import RunFlow, applicable, previewable
from workbench.tui.panes.timeline_detail import Prepared, is_large, prepare, render
from workbench.tui.panes.timeline_lint import lint_lines
from workbench.tui.panes.timeline_list import ARCHIVE_ROW, TimelineTable, row_key
from workbench.tui.panes.timeline_sql import SqlView
from workbench.tui.panes.timeline_trend import trend_line
from workbench.tui.panes.timeline_work import (
    APPLICABLE,
    ROLLBACKABLE,
    DetailReady,
    LintReady,
    TimelineFailed,
    TimelineLoaded,
)
from workbench.tui.text import title

GROUP_LOAD = "timeline-load"
GROUP_DETAIL = "timeline-detail"
GROUP_LINT = "timeline-lint"


class TimelinePane(Pane):
    """The timeline list on the left, the selected migration explained on the right."""

    PALETTE_NAME = "Timeline"

    BINDINGS = [
        Binding("p", "preview", "preview", id="timeline.preview"),
        Binding("u", "apply", "apply up to here", id="timeline.apply"),
        Binding("d", "step_back", "step back one", id="timeline.step_back"),
    ]

    HELP_KEYS = [
        ("↑ ↓", "move; the right side follows the selection"),
        ("p", "preview: the schema diff of applying (or rolling back) it; nothing changes"),
        ("u", "apply every pending migration up to the selected one (after review)"),
        ("d", "roll back the newest applied migration, one step (after review)"),
        ("tab", "move to the SQL (scroll it with the arrows, sideways for long lines)"),
        ("/", "filter by version, name or state (escape clears)"),
    ]
    DEFAULT_CSS = """
    TimelinePane #timeline-filter { border: none; height: 1; padding: 0 1; }
    TimelinePane TimelineTable { height: 1fr; }
    TimelinePane #timeline-info { height: auto; max-height: 60%; }
    TimelinePane #timeline-body { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.project: Project | None = None
        self.statuses: list[MigrationStatus] = []
        self.previews: dict[str, object] = {}
        self.prepared: dict[str, Prepared] = {}  # row key -> summaries and highlighted SQL
        self.lint: dict[str, list | str] = {}  # row key -> findings (or a failure)
        self._select_after_load: str | None = None
        self._shown: str | None = None  # the row key the detail shows
        self._in_flight: set = set()  # detail keys and ("lint", key) being worked on
        self._generation = 0  # bumped on every reload: older worker results are dropped
        self._warned: set[str] = set()

    # -- layout and hooks -------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="timeline-left", classes="list-side"):
                yield Input(placeholder="/ filter migrations", id="timeline-filter")
                yield TimelineTable(id="timeline-table")
            with Vertical(id="timeline-detail", classes="detail-side"):
                with VerticalScroll(id="timeline-info"):
                    yield Static(Text("Reading the migrations…", style="dim"), id="timeline-body")
                yield SqlView(id="timeline-sql")
        yield RunFlow(self, id="timeline-run")

    def on_mount(self) -> None:
        left = self.query_one("#timeline-left")
        left.border_title = "Migrations"
        # wider than the other panes' lists: version, name, applied at and duration
        left.styles.width = "48%"
        left.styles.max_width = 80
        self.query_one("#timeline-detail").border_title = "Details"
        # No `loading` on the list: a loading widget gives its focus away (and the tab with it);
        # the detail says "Reading the migrations…" until the timeline arrives.

    def target_changed(self) -> None:
        self._load(self.app.config, self.app.target.dsn)

    def focus_main(self) -> None:
        self.query_one(TimelineTable).focus()

    def focus_filter(self) -> None:
        self.query_one("#timeline-filter", Input).focus()

    def select_after_load(self, key: str) -> None:
        self._select_after_load = key

    def set_detail_loading(self, on: bool) -> None:
        self.query_one("#timeline-detail").loading = on

    # -- p, u, d (the run flow) and the command palette ---------------------

    @property
    def busy(self) -> str | None:
        """What is running while a preview or run is in flight."""
        return self.query_one(RunFlow).busy

    def action_preview(self) -> None:
        self.query_one(RunFlow).preview()

    def action_apply(self) -> None:
        self.query_one(RunFlow).apply()

    def action_step_back(self) -> None:
        self.query_one(RunFlow).step_back()

    def command_applies(self, action: str) -> bool:
        if self.busy is not None or self.project is None:
            return False
        if action == "preview":
            return previewable(self.selected())
        if action == "apply":
            return applicable(self.selected())
        if action == "step_back":
            return any(s.state in ROLLBACKABLE for s in self.statuses)
        return True

    def command_title(self, binding: Binding) -> str:
        status = self.selected()
        label = f"{status.version}_{status.name}" if status is not None else ""
        if binding.action == "preview":
            return f"Timeline: preview {label}"
        if binding.action == "apply":
            return f"Timeline: apply up to {label}"
        return super().command_title(binding)

    # -- loading ----------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_LOAD)
    def _load(self, config, dsn: str) -> None:
        try:
            project, statuses = engine.load_timeline(config, dsn)
        except WorkbenchError as exc:
            self.post_message(TimelineFailed(str(exc)))
            return
        self.post_message(TimelineLoaded(project, statuses))

    @on(TimelineLoaded)
    def _loaded(self, message: TimelineLoaded) -> None:
        self.project, self.statuses = message.project, message.statuses
        self.previews.clear()
        self.prepared.clear()
        self.lint.clear()
        self._in_flight.clear()
        self._generation += 1
        self._shown = None
        table = self.query_one(TimelineTable)
        table.loading = False
        first = not table.row_count
        keep, self._select_after_load = self._select_after_load, None
        table.show(self.statuses, self.query_one("#timeline-filter", Input).value, keep)
        if first and keep is None:
            self._select_first_pending(table)
        self.show_selected()
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
        """Open on what needs attention: the first pending, failed, modified or missing one."""
        for status in self.statuses:
            if status.state in APPLICABLE or status.state in ("modified", "missing"):
                table.select_key(row_key(status))
                return

    @on(TimelineFailed)
    def _load_failed(self, message: TimelineFailed) -> None:
        self.project, self.statuses, self._shown = None, [], None
        table = self.query_one(TimelineTable)
        table.loading = False
        table.show([], empty="cannot read the timeline")
        self.query_one("#timeline-detail").border_title = "Error"
        body = Text.assemble(
            ("Cannot read the timeline\n\n", "bold red"),
            (message.error, ""),
            ("\n\nr retries", "dim"),
        )
        self.query_one("#timeline-body", Static).update(body)
        self.query_one(SqlView).show([])
        self.notify(message.error, title="Timeline", severity="error", timeout=10, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == GROUP_LOAD and event.state == WorkerState.ERROR:
            self.query_one(TimelineTable).loading = False

    # -- the list and the filter ------------------------------------------

    @on(Input.Changed, "#timeline-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_one(TimelineTable).show(self.statuses, event.value)
        self.show_selected()

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
        self.show_selected()

    def selected(self) -> MigrationStatus | None:
        return self.query_one(TimelineTable).current()

    # -- the detail -------------------------------------------------------

    def show_selected(self) -> None:
        """Show the selected entry; slow parts come from caches or workers."""
        table = self.query_one(TimelineTable)
        detail = self.query_one("#timeline-detail")
        body = self.query_one("#timeline-body", Static)
        status = table.current()
        if status is None:
            self._shown = None
            if table.current_key() == ARCHIVE_ROW:
                detail.border_title = "archive"
                body.update(Text("migrations_archive/: kept for history, never executed.", "dim"))
                self.query_one(SqlView).show([])
            elif self.project is not None and not self.statuses:
                folder = self.project.config.migrations_dir
                body.update(
                    Text.assemble(
                        ("No migrations yet.\n\n", "bold"),
                        (f"{folder} has no migration files. ", ""),
                        ("workbench new DESCRIPTION", "bold"),
                        " writes the first one.",
                    )
                )
            return
        key = row_key(status)
        changed = key != self._shown
        self._shown = key
        detail.border_title = title(
            f"{status.version}_{status.name}" if status.version else status.name
        )
        prepared = self.prepared.get(key)
        if prepared is None and not is_large(status):
            prepared = self.prepared[key] = prepare(status)
        elif prepared is None and key not in self._in_flight:
            self._in_flight.add(key)
            self._prepare_worker(key, status, self._generation)
        lint = self.lint.get(key)
        if lint is None and status.migration is not None:
            lint = "linting…"
            if ("lint", key) not in self._in_flight:
                self._in_flight.add(("lint", key))
                self._lint_worker(
                    key, status.migration, self.project, self.statuses, self._generation
                )
        trend = trend_line(self.statuses, status)
        body.update(render(status, prepared, self.previews.get(key), lint, trend))
        if changed:
            self.query_one("#timeline-info", VerticalScroll).scroll_home(animate=False)
            self.query_one(SqlView).show(prepared.sql if prepared else [])

    def _refresh_if_shown(self, key: str) -> None:
        if key == self._shown:
            self._shown = None  # redraw the SQL too
            self.show_selected()

    # Detail and lint workers are not exclusive: each result is cached, and a key is
    # never worked on twice at once (`_running`).

    @work(thread=True, exit_on_error=False, group=GROUP_DETAIL)
    def _prepare_worker(self, key: str, status: MigrationStatus, generation: int) -> None:
        try:
            prepared = prepare(status)
        except Exception as exc:  # a reading aid must never take the pane down
            prepared = Prepared([(f"(could not read it: {exc})", None, None)], None, [])
        self.post_message(DetailReady(key, prepared, generation))

    @on(DetailReady)
    def _detail_ready(self, message: DetailReady) -> None:
        if message.generation != self._generation:
            return  # from before a reload
        self._in_flight.discard(message.key)
        self.prepared[message.key] = message.prepared
        self._refresh_if_shown(message.key)

    @work(thread=True, exit_on_error=False, group=GROUP_LINT)
    def _lint_worker(self, key, migration, project, statuses, generation: int) -> None:
        try:
            findings = lint_lines(migration, project, statuses)
        except Exception as exc:  # lint is advice: its failure is shown, not raised
            findings = f"lint failed: {exc}"
        self.post_message(LintReady(key, findings, generation))

    @on(LintReady)
    def _lint_ready(self, message: LintReady) -> None:
        if message.generation != self._generation:
            return
        self._in_flight.discard(("lint", message.key))
        self.lint[message.key] = message.findings
        if message.key == self._shown:
            status = self.selected()
            prepared = self.prepared.get(message.key)
            preview = self.previews.get(message.key)
            self.query_one("#timeline-body", Static).update(
                render(
                    status, prepared, preview, message.findings, trend_line(self.statuses, status)
                )
            )
