"""The timeline's database work (run in worker threads) and the messages it posts.

The functions here call the migrations engine and return plain data; they never
touch widgets. The pane runs them in `@work(thread=True)` workers and posts the
messages below; only its handlers change what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import psycopg
from textual.message import Message

from workbench.config import Config
from workbench.db import connect
from workbench.errors import WorkbenchError
from workbench.migrations.downs import DownStep, applied_newest_first
from workbench.migrations.files import Project, load_project
from workbench.migrations.plan import PreviewOutdated
from workbench.migrations.preview import Preview, preview_apply, preview_rollback
from workbench.migrations.runner import RunEvent, RunResult, apply, plan_rollback, rollback
from workbench.migrations.state import MigrationStatus, migration_status

APPLICABLE = ("pending", "out-of-order", "failed")
ROLLBACKABLE = ("applied", "modified", "missing")
LOCK_WAIT = 30.0  # seconds a run from the TUI waits for another run's lock


class TimelineError(WorkbenchError):
    """Something the user asked for cannot be done (nothing applied, nothing changed)."""


# -- messages ---------------------------------------------------------------


@dataclass
class TimelineLoaded(Message):
    """The project's files and the target's history were read."""

    project: Project
    statuses: list[MigrationStatus]


@dataclass
class TimelineFailed(Message):
    """The timeline could not be read (bad files, unreachable target, broken history)."""

    error: str


@dataclass
class PreviewReady(Message):
    """A dry run finished. `purpose`: "show" (the `p` key), "apply" or "rollback"."""

    purpose: str
    key: str  # the timeline row it was asked for
    preview: Preview
    project: Project
    step: DownStep | None = None  # for "rollback": the step that would run
    to: str | None = None  # for "apply": run up to this version
    include_all: bool = False


@dataclass
class ActionFailed(Message):
    """A preview or a run failed; nothing was changed by the workbench."""

    what: str
    error: str
    key: str | None = None  # for `p`: the row whose preview failed


@dataclass
class DetailReady(Message):
    """A big file's summaries and highlighted SQL (a `timeline_detail.Prepared`)."""

    key: str
    prepared: object
    generation: int = 0


@dataclass
class LintReady(Message):
    """Lint findings of one migration (already rendered as lines)."""

    key: str
    findings: list | str
    generation: int = 0


@dataclass
class RunNotice(Message):
    """Something to tell while a run goes on (waiting for another run's lock)."""

    text: str


@dataclass
class RunFinished(Message):
    """An apply or rollback ran to the end (`result.steps` done)."""

    direction: str
    result: RunResult
    key: str


# -- engine calls (worker threads) --------------------------------------------


def _history_error(exc: psycopg.Error) -> TimelineError:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return TimelineError(first)


def load_timeline(config: Config, dsn: str) -> tuple[Project, list[MigrationStatus]]:
    """Files and the target's history, compared (read-only)."""
    project = load_project(config)
    try:
        with connect(dsn, read_only=True, autocommit=True) as conn:
            return project, migration_status(conn, project)
    except psycopg.Error as exc:
        raise _history_error(exc) from None


def apply_scope(project: Project, status: MigrationStatus) -> tuple[Project, str | None, bool]:
    """(project, to, include_all) that apply `status` and the pending migrations before it.

    The baseline sorts after every version, so "up to the baseline" means the
    baseline alone: it is applied from a project without its incremental files.
    """
    if status.is_baseline:
        return replace(project, migrations=()), None, False
    return project, status.version, status.out_of_order


def preview_up_to(dsn: str, project: Project, status: MigrationStatus) -> tuple[Preview, dict]:
    """The dry run of applying everything pending up to `status`."""
    scoped, to, include_all = apply_scope(project, status)
    preview = preview_apply(dsn, scoped, to=to, include_all=include_all)
    return preview, {"project": scoped, "to": to, "include_all": include_all}


def preview_back_to(
    dsn: str, project: Project, statuses: list[MigrationStatus], status: MigrationStatus
) -> Preview:
    """The dry run of rolling back `status` and every migration applied after it."""
    newer = applied_newest_first(statuses)
    count = next((i + 1 for i, s in enumerate(newer) if s.version == status.version), None)
    if count is None:
        raise TimelineError(f"{status.version}_{status.name} cannot be rolled back")
    return preview_rollback(dsn, project, steps=count, generate=_generator(project, dsn))


def _generator(project: Project, dsn: str):
    from workbench.compare.generated_downs import down_generator

    return down_generator(project, dsn)


def plan_step_back(dsn: str, project: Project) -> tuple[DownStep, Preview]:
    """The newest applied migration's down, and its dry run."""
    plan = plan_rollback(dsn, project, steps=1, generate=_generator(project, dsn))
    if not plan:
        raise TimelineError("nothing to roll back: no migration is applied (except the baseline)")
    step = plan[0]
    if step.source == "none":
        raise TimelineError(f"cannot roll back {step.id}: {step.note}")
    return step, preview_rollback(dsn, project, plan=[step])


def lock_reporter(notice: Callable[[str], None]) -> Callable[[RunEvent], None]:
    """A runner `progress` callback that tells when the run waits for the migration lock."""

    def report(event: RunEvent) -> None:
        if event.kind == "waiting":
            who = event.holder.describe() if event.holder else "another session"
            notice(f"waiting up to {LOCK_WAIT:.0f} s for the migration lock, held by {who}")

    return report


def run_apply(
    dsn: str,
    project: Project,
    preview: Preview,
    *,
    to: str | None,
    include_all: bool,
    notice: Callable[[str], None] = lambda _text: None,
) -> RunResult:
    """Apply exactly what was previewed; refuse when the files or the target changed since."""
    try:
        return apply(
            dsn,
            project,
            to=to,
            include_all=include_all,
            progress=lock_reporter(notice),
            lock_wait=LOCK_WAIT,
            expect=preview.token,
        )
    except PreviewOutdated as exc:
        again = "again"
        if exc.holder is not None:
            again = f"again once the migration run of {exc.holder.describe()} is done"
        raise TimelineError(f"{exc} — preview {again}") from None


def run_step_back(
    dsn: str, project: Project, step: DownStep, notice: Callable[[str], None] = lambda _text: None
) -> RunResult:
    """Roll back one migration with exactly the down that was previewed."""

    def same_step(candidate: DownStep) -> bool:
        return candidate.version == step.version and candidate.sql == step.sql

    result = rollback(
        dsn,
        project,
        steps=1,
        approve=same_step,
        generate=lambda _status: step.sql,
        progress=lock_reporter(notice),
        lock_wait=LOCK_WAIT,
    )
    if result.stopped:
        raise TimelineError(
            f"the newest applied migration is no longer {step.id} (or its down changed) since "
            "the preview; nothing was rolled back — press d again"
        )
    return result
