"""Pane 3: drift between an expected schema and the target, object by object.

Top bar: the expected source (the migrations applied on the target — a
pending migration is not drift, and is listed apart —, every migration file,
prisma when the project has a schema, a snapshot file) against the actual one
(the target), and a summary.
Left, the differences grouped by object; right, the selected object's DDL side
by side (expected left, actual right, changed lines highlighted) and the SQL
that aligns it. `w` writes the alignment migration (`workbench align`'s engine)
after a confirmation showing the file and its exact text.

Drift is computed lazily (when the pane is first shown, on `r`, and when the
source changes) in a thread worker: a migrations replay can take seconds.
Workers post messages; only the handlers here change the screen.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Select, Static, Tree
from textual.worker import Worker, WorkerState, get_current_worker

from workbench.errors import WorkbenchError
from workbench.tui.messages import HeaderStats
from workbench.tui.panes import drift_work as engine
from workbench.tui.panes.base import Pane, PaneCommand
from workbench.tui.panes.drift_align import AlignFlow
from workbench.tui.panes.drift_detail import render_change, render_not_modelled, render_pending
from workbench.tui.panes.drift_model import counts
from workbench.tui.panes.drift_tree import DriftNode, DriftTree
from workbench.tui.panes.drift_work import (
    MIGRATIONS,
    MIGRATIONS_ALL,
    PRISMA,
    SNAPSHOT,
    DriftComputed,
    DriftFailed,
    DriftResult,
)
from workbench.tui.text import literal, title

GROUP_COMPUTE = "drift"


class DriftPane(Pane):
    """Expected vs actual: the differences on the left, the selected one side by side."""

    PALETTE_NAME = "Drift"

    BINDINGS = [
        Binding("e", "choose_source", "expected source", id="drift.source"),
        Binding("f", "toggle_fold", "fold unchanged", id="drift.fold"),
        Binding("w", "write_alignment", "write alignment migration", id="drift.write"),
    ]
    HELP_KEYS = [
        ("↑ ↓", "move; the right side shows the object's DDL side by side"),
        ("e", "expected source: applied migrations, every migration, prisma, a snapshot"),
        ("r", "recompute the drift (replays the migrations in a cached shadow database)"),
        ("w", "write the alignment migration (migrations source; confirm first)"),
        ("f", "fold or show the unchanged lines of the DDL"),
        ("tab", "move between the list, the source picker and the detail"),
    ]
    DEFAULT_CSS = """
    DriftPane #drift-bar { height: 1; padding: 0 1; }
    DriftPane #drift-bar > Static { width: auto; height: 1; }
    DriftPane #drift-expected { width: 34; }
    DriftPane #drift-snapshot { width: 40; display: none; }
    DriftPane #drift-snapshot.shown { display: block; }
    DriftPane #drift-summary { width: 1fr; padding: 0 1; }
    DriftPane DriftTree { height: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result: DriftResult | None = None
        self.error: str | None = None
        self.generation = 0
        self.computing = False
        self.stale = True  # compute when next shown
        self.fold = True
        self.shown_rows: list = []  # the side-by-side rows on screen (for tests and copy)
        self._sql_cache: dict = {}
        self._shown_key: tuple | None = None  # what the detail shows (skip redrawing it)

    # -- layout -------------------------------------------------------------

    def _source_options(self) -> list[tuple[Text, str]]:
        options = [
            (Text("migrations (applied)"), MIGRATIONS),
            (Text("migrations:all (+ pending)"), MIGRATIONS_ALL),
        ]
        config = self.app.config
        path = config.prisma_path
        if path is not None and (path.exists() or (path.parent / "schema").is_dir()):
            options.append((Text(f"prisma ({config.prisma_schema})"), PRISMA))
        options.append((Text("snapshot file…"), SNAPSHOT))
        return options

    def compose(self) -> ComposeResult:
        with Horizontal(id="drift-bar"):
            yield Static(Text("expected ", style="bold"))
            yield Select(
                self._source_options(),
                value=MIGRATIONS,
                allow_blank=False,
                compact=True,
                id="drift-expected",
            )
            yield Input(placeholder="snapshot.json (enter)", compact=True, id="drift-snapshot")
            yield Static(self._actual_text(), id="drift-actual")
            yield Static(Text("not computed yet", style="dim"), id="drift-summary")
        with Horizontal():
            with Vertical(id="drift-left", classes="list-side"):
                # the loading indicator goes on this inner box: on the (focused) tree
                # itself it would move the focus, and with it the tab, elsewhere
                with Vertical(id="drift-list"):
                    yield DriftTree(id="drift-tree")
            with VerticalScroll(id="drift-detail", classes="detail-side"):
                yield Static(Text("Select a difference", style="dim"), id="drift-body")
        yield AlignFlow(self._set_loading, id="drift-align")

    def _actual_text(self) -> Text:
        target = self.app.target
        name = (target.database or "embedded") if target.embedded else target.display
        return Text.assemble(("  actual ", "bold"), literal(name), ("  │", "dim"))

    @property
    def actual_name(self) -> str:
        target = self.app.target
        return (target.database or "the embedded database") if target.embedded else target.display

    def on_mount(self) -> None:
        left = self.query_one("#drift-left")
        left.border_title = "Differences"
        # narrower than the other panes' lists: the side-by-side needs the room
        left.styles.width = "34%"
        left.styles.max_width = 56
        self.query_one("#drift-detail").border_title = "Details"

    # -- hooks: compute lazily ------------------------------------------------

    def on_show(self) -> None:
        self._compute_if_stale()

    def focus_main(self) -> None:
        self._compute_if_stale()
        self.query_one(DriftTree).focus()

    def focus_filter(self) -> None:
        self.action_choose_source()

    def target_changed(self) -> None:
        """`r` or a change made elsewhere: recompute now if shown, else when next shown."""
        self.stale = True
        if self.app.current_pane() is self:
            self.compute()

    def _compute_if_stale(self) -> None:
        if self.stale and not self.computing:
            self.compute()

    # -- computing ------------------------------------------------------------

    def source(self) -> tuple[str, str | None]:
        value = self.query_one("#drift-expected", Select).value
        kind = value if isinstance(value, str) else MIGRATIONS
        path = self.query_one("#drift-snapshot", Input).value.strip() or None
        return kind, path if kind == SNAPSHOT else None

    def compute(self) -> None:
        """Start computing the drift for the chosen source (a running computation is dropped)."""
        kind, value = self.source()
        self.stale = False
        self.generation += 1
        self.computing = True
        self._set_loading(True)
        what = {
            MIGRATIONS: "replaying the applied migrations in a shadow database, reading the "
            "target…",
            MIGRATIONS_ALL: "replaying every migration in a shadow database, reading the target…",
            PRISMA: "reading the Prisma schema and the target…",
            SNAPSHOT: "reading the snapshot and the target…",
        }[kind]
        self._summary(Text(what, style="dim"))
        self._compute_worker(self.app.config, self.app.target.dsn, kind, value, self.generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group=GROUP_COMPUTE)
    def _compute_worker(self, config, dsn: str, kind: str, value, generation: int) -> None:
        try:
            result = engine.compute(config, dsn, kind, value)
        except WorkbenchError as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(DriftFailed(str(exc), generation))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(DriftComputed(result, generation))

    def _set_loading(self, on: bool) -> None:
        self.query_one("#drift-list").loading = on
        self.query_one("#drift-body").loading = on

    def _summary(self, text: Text) -> None:
        self.query_one("#drift-summary", Static).update(text)

    @on(DriftComputed)
    def _computed(self, message: DriftComputed) -> None:
        if message.generation != self.generation:
            return
        self.computing = False
        self._set_loading(False)
        self.result, self.error = message.result, None
        self._sql_cache.clear()
        result = message.result
        tally = counts(result.changes)
        summary = Text(tally.summary(), style="yellow" if tally.objects else "green")
        if result.not_modelled:
            summary.append(f" · {len(result.not_modelled)} not modelled by Prisma", "dim")
        if result.pending:
            noun = "migration" if result.pending == 1 else "migrations"
            summary.append(f" · ⚠ includes {result.pending} pending {noun}", "yellow")
        applied = result.applied
        if applied is not None and not applied.recorded:
            summary.append(" · ⚠ no migration history: every file replayed", "yellow")
        if applied is not None and applied.pending:
            count = len(applied.pending)
            noun = "migration" if count == 1 else "migrations"
            summary.append(f" · {count} pending {noun} not applied", "cyan")
        summary.append(f"   {result.seconds:.1f} s", "dim")
        self._summary(summary)
        tree = self.query_one(DriftTree)
        tree.show(result)
        self._shown_key = None
        self.call_after_refresh(self.show_selected)  # the tree places its cursor after a refresh
        if self.app.current_pane() is self and not self.has_focus_within:
            tree.focus()
        if result.source == MIGRATIONS:
            self.post_message(HeaderStats(drift=tally.objects))

    @on(DriftFailed)
    def _failed(self, message: DriftFailed) -> None:
        if message.generation != self.generation:
            return
        self.computing = False
        self._set_loading(False)
        self.result, self.error = None, message.error
        self._shown_key = None
        tree = self.query_one(DriftTree)
        tree.clear()
        tree.root.add_leaf(Text("drift could not be computed", style="red"))
        self._summary(Text("error", style="bold red"))
        self.query_one("#drift-detail").border_title = "Error"
        body = Text.assemble(
            ("Cannot compute the drift\n\n", "bold red"),
            literal(message.error),
            ("\n\nFix it, then press r (or pick another expected source with e).", "dim"),
        )
        self.query_one("#drift-body", Static).update(body)
        self.notify(message.error, title="Drift", severity="error", timeout=10, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected worker error (the app notifies it): stop showing the loading state."""
        if event.state not in (WorkerState.ERROR, WorkerState.CANCELLED):
            return
        if event.worker.group == GROUP_COMPUTE and event.state == WorkerState.ERROR:
            self.computing = False
            self._set_loading(False)
            self._summary(Text("error (see the notification); r retries", style="bold red"))

    # -- the command palette --------------------------------------------------

    def command_applies(self, action: str) -> bool:
        result = self.result
        if action == "write_alignment":
            return (
                self.query_one(AlignFlow).busy is None
                and not self.computing
                and result is not None
                and result.source in (MIGRATIONS, MIGRATIONS_ALL)
                and bool(result.changes)
            )
        if action == "toggle_fold":
            return result is not None and bool(result.groups)
        return True

    def command_title(self, binding: Binding) -> str:
        if binding.action == "toggle_fold":
            return "Drift: show unchanged lines" if self.fold else "Drift: fold unchanged lines"
        return super().command_title(binding)

    def palette_commands(self) -> list[PaneCommand]:
        commands = super().palette_commands()
        current = self.source()[0]
        for label, value in self._source_options():
            if value not in (current, SNAPSHOT):
                commands.append(
                    PaneCommand(
                        f"Drift: compare with {label.plain}",
                        "e · the expected source",
                        lambda value=value: self._use_source(value),
                    )
                )
        return commands

    def _use_source(self, value: str) -> None:
        self.query_one("#drift-expected", Select).value = value
        if self.result is None and self.error is None and not self.computing:
            self.compute()

    # -- the source picker ----------------------------------------------------

    def action_choose_source(self) -> None:
        self.query_one("#drift-expected", Select).focus()

    @on(Select.Changed, "#drift-expected")
    def _source_changed(self, event: Select.Changed) -> None:
        snapshot = self.query_one("#drift-snapshot", Input)
        snapshot.set_class(event.value == SNAPSHOT, "shown")
        if event.value == SNAPSHOT and not snapshot.value.strip():
            snapshot.focus()
            self._summary(Text("type the snapshot file's path and press enter", style="dim"))
            return
        if self.result is not None or self.error is not None or self.computing:
            self.compute()
            self.query_one(DriftTree).focus()

    @on(Input.Submitted, "#drift-snapshot")
    def _snapshot_submitted(self) -> None:
        self.compute()
        self.query_one(DriftTree).focus()

    # -- the detail -----------------------------------------------------------

    @on(Tree.NodeHighlighted, "#drift-tree")
    def _highlighted(self) -> None:
        self.show_selected()

    def selected(self) -> DriftNode | None:
        node = self.query_one(DriftTree).cursor_node
        return node.data if node is not None else None

    def show_selected(self) -> None:
        result = self.result
        if result is None:
            return
        body = self.query_one("#drift-body", Static)
        detail = self.query_one("#drift-detail", VerticalScroll)
        node = self.selected()
        key = (self.generation, node.ident if node is not None else None, self.fold)
        if key == self._shown_key:
            return
        self._shown_key = key
        self.shown_rows = []
        if node is None:
            detail.border_title = "Details"
            if not result.groups:
                body.update(
                    Text(f"No drift: {self.actual_name} matches {result.label}.", style="green")
                )
            else:
                body.update(Text("Select a difference", style="dim"))
            return
        if node.kind.startswith("nm"):
            detail.border_title = "not modelled by Prisma"
            body.update(render_not_modelled(node, result))
            return
        if node.kind.startswith("pending"):
            detail.border_title = "pending migrations"
            body.update(render_pending(result))
            return
        group = next((g for g in result.groups if g.key == node.group), None)
        if group is None:
            return
        detail.border_title = title(f"{group.kind} {group.key}")
        renderable, rows = render_change(
            result,
            group,
            node.index if node.kind == "change" else -1,
            self.actual_name,
            fold=self.fold,
            sql_cache=self._sql_cache,
        )
        self.shown_rows = rows
        body.update(renderable)
        detail.scroll_home(animate=False)

    def action_write_alignment(self) -> None:
        self.query_one(AlignFlow).start(self.result, self.computing, self.actual_name)

    def action_toggle_fold(self) -> None:
        self.fold = not self.fold
        self.notify("unchanged lines folded" if self.fold else "showing every line", timeout=2)
        self.show_selected()
