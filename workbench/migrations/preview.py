"""Dry runs: apply (or roll back) inside a transaction, read the catalog, roll back.

Engine API:

- `preview_apply(dsn, project, to=None, include_all=False) -> Preview`: what `up`
  would do — the SQL of each pending migration and the schema changes it causes,
  and the `token` with which `runner.apply(expect=preview.token)` applies exactly
  what was previewed or nothing;
- `preview_rollback(dsn, project, steps=1, to=None, generate=None, plan=None) -> Preview`:
  the same for `down` (the down steps of `runner.plan_rollback`, or `plan`).

Both open one transaction on the target, read the catalog (`introspect`), run the
statements one by one (errors map to file:line:col), read the catalog again, diff
the two, and ROLL BACK: the target is never changed by a preview. Files marked
`-- workbench:no-transaction` are previewed with `CONCURRENTLY` removed (the
resulting schema is the same) and `VACUUM` skipped; the history is not touched.

Each migration is also reviewed (`Preview.reviews`, one `review.MigrationReview`
per step): the locks, rewrites and duration of every statement (`review.Tracer`;
statically for no-transaction files), the data it would destroy (counted inside
the transaction before its statements run: the migration runs under a savepoint,
is rolled back to it for the count and run again) and the access it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg

from workbench.catalog.introspect import introspect
from workbench.catalog.model import Catalog
from workbench.db import connect
from workbench.errors import SqlError
from workbench.migrations import history as hist
from workbench.migrations.downs import DownStep, plan_downs
from workbench.migrations.execute import executable, run_statements, strip_concurrently
from workbench.migrations.files import Project, Section
from workbench.migrations.impact import access_delta, count_losses, loss_candidates
from workbench.migrations.plan import PlanToken, read_plan, resolve_version
from workbench.migrations.review import MigrationReview, Tracer, mark, table_sizes
from workbench.migrations.state import compute_status


@dataclass(frozen=True)
class PreviewStep:
    """One migration of a preview: which, in which direction, with what SQL."""

    version: str
    name: str
    direction: str  # "up" | "down"
    sql: str
    file: str | None = None
    source: str | None = None  # for downs: "recorded" | "file" | "generated"
    note: str = ""


@dataclass
class Preview:
    """The outcome of a dry run."""

    direction: str
    steps: list[PreviewStep] = field(default_factory=list)
    changes: list = field(default_factory=list)  # workbench.diff Change objects
    before: Catalog | None = None
    after: Catalog | None = None
    reviews: list[MigrationReview] = field(default_factory=list)  # one per step
    token: PlanToken | None = None  # for "up": apply exactly this (`runner.apply(expect=)`)

    @property
    def sql(self) -> str:
        """The SQL that would run, each migration under a `-- version_name` header."""
        parts = []
        for step in self.steps:
            header = f"-- {step.direction} {step.version}_{step.name}"
            parts.append(f"{header}\n{step.sql.strip()}\n")
        return "\n".join(parts)

    @property
    def empty(self) -> bool:
        return not self.steps


def _diff(before: Catalog, after: Catalog) -> list:
    from workbench.diff.differ import diff

    return diff(before, after)


def _review_section(
    conn: psycopg.Connection,
    tracer: Tracer,
    section: Section,
    transactional: bool,
    before: Catalog,
    schemas: list[str] | None,
) -> tuple[MigrationReview, Catalog]:
    """Run one migration's statements, traced; its review and the catalog after it."""
    # everything runs in this one transaction, so transaction control is stripped
    originals = executable(section, transactional=True)
    runnable = originals if transactional else strip_concurrently(originals)
    conn.execute("SAVEPOINT workbench_review")
    if transactional:
        statements = [tracer.run(s) for s in runnable]
    else:
        statements = [tracer.run_static(o, r) for o, r in zip(originals, runnable)]
    mark(statements)
    after = introspect(conn, schemas)
    losses = []
    candidates = loss_candidates(before, after)
    if candidates:  # count on the data as it was before this migration, then redo it
        conn.execute("ROLLBACK TO SAVEPOINT workbench_review")
        losses = count_losses(conn, candidates)
        run_statements(conn, runnable)
        tracer.resync()
    conn.execute("RELEASE SAVEPOINT workbench_review")
    review = MigrationReview(statements, not transactional, losses, access_delta(before, after))
    return review, after


def _dry_run(
    dsn: str, project: Project, sections: list[tuple[Section, bool]]
) -> tuple[Catalog, Catalog, list[MigrationReview]]:
    """Run `sections` in one transaction that is always rolled back; catalogs and reviews."""
    config = project.config
    schemas = list(config.schemas) if config.schemas else None
    with connect(
        dsn, statement_timeout=config.statement_timeout, lock_timeout=config.lock_timeout
    ) as conn:
        try:
            # open the transaction (`before` is read inside it); a killed client's
            # transaction is aborted by the server within a second
            if conn.info.server_version >= 140000:
                conn.execute("SELECT set_config('client_connection_check_interval', '1000', false)")
            else:  # pragma: no cover - PostgreSQL 13 and older
                conn.execute("SELECT 1")
            before = introspect(conn, schemas)
            tracer = Tracer(conn, table_sizes(before))
            after, reviews = before, []
            for section, transactional in sections:
                review, after = _review_section(
                    conn, tracer, section, transactional, after, schemas
                )
                reviews.append(review)
        finally:
            if not conn.closed and not conn.broken:
                conn.rollback()
    return before, after, reviews


def _executable_sections(sections: list[tuple[Section, bool]]) -> None:
    """Check transaction-control rules up front so a bad file fails before anything runs."""
    for section, _ in sections:
        executable(section, transactional=True)


def preview_apply(
    dsn: str,
    project: Project,
    *,
    to: str | None = None,
    include_all: bool = False,
) -> Preview:
    """What `up` would do, measured in a rolled-back transaction."""
    with connect(dsn, read_only=True, autocommit=True) as conn:
        chosen, token = read_plan(conn, project, to, include_all)
    preview = Preview(direction="up", token=token)
    sections: list[tuple[Section, bool]] = []
    for status in chosen:
        migration = status.migration
        sections.append((migration.up, migration.transactional))
        preview.steps.append(
            PreviewStep(
                migration.version,
                migration.name,
                "up",
                migration.up.sql,
                migration.file,
                note="" if migration.transactional else "runs without a transaction",
            )
        )
    return _finish(dsn, project, preview, sections)


def preview_rollback(
    dsn: str,
    project: Project,
    *,
    steps: int | None = 1,
    to: str | None = None,
    generate=None,
    plan: list[DownStep] | None = None,
) -> Preview:
    """What `down` would do, measured in a rolled-back transaction."""
    if plan is None:
        with connect(dsn, read_only=True, autocommit=True) as conn:
            history = hist.read_history(conn)
        statuses = compute_status(project, history)
        target = resolve_version(project, to, statuses) if to is not None else None
        plan = plan_downs(project, statuses, steps=steps, to=target, generate=generate)
    preview = Preview(direction="down")
    sections: list[tuple[Section, bool]] = []
    for step in plan:
        if step.source == "none":
            raise SqlError(f"cannot roll back {step.id}: {step.note}")
        sections.append((step.section, step.transactional))
        preview.steps.append(
            PreviewStep(
                step.version, step.name, "down", step.sql, step.file, step.source, step.note
            )
        )
    return _finish(dsn, project, preview, sections)


def _finish(
    dsn: str, project: Project, preview: Preview, sections: list[tuple[Section, bool]]
) -> Preview:
    if not sections:
        return preview
    _executable_sections(sections)
    try:
        preview.before, preview.after, preview.reviews = _dry_run(dsn, project, sections)
    except psycopg.errors.ReadOnlySqlTransaction as exc:  # pragma: no cover - defensive
        raise SqlError(f"the target is read-only: {exc.diag.message_primary}") from None
    preview.changes = _diff(preview.before, preview.after)
    return preview
