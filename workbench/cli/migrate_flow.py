"""The interactive parts of `up --dry-run` and `down`: previews and step-by-step rollbacks."""

from __future__ import annotations

from rich.text import Text

from workbench.cli import migrate_view as view
from workbench.cli.context import Context
from workbench.errors import WorkbenchError
from workbench.migrations.downs import DownStep
from workbench.migrations.files import Project
from workbench.migrations.preview import Preview
from workbench.views import migration_review as review_view

SOURCES = {
    "recorded": "runs the down section recorded when it was applied",
    "file": "runs the file's down section (none was recorded when it was applied)",
    "generated": "GENERATED down (the migration has none): review it carefully",
}


def preview_json(ctx: Context, preview: Preview) -> dict:
    reviews = preview.reviews or [None] * len(preview.steps)
    return {
        "target": ctx.target.display,
        "dry_run": True,
        "direction": preview.direction,
        "migrations": [
            {
                "version": s.version,
                "name": s.name,
                "file": s.file,
                "source": s.source,
                "note": s.note or None,
                "sql": s.sql,
                **(r.to_json() if r is not None else {}),
            }
            for s, r in zip(preview.steps, reviews)
        ],
        "changes": [c.to_json() for c in preview.changes],
    }


def print_preview(ctx: Context, preview: Preview, title: str = "Dry run") -> None:
    """The SQL each migration would run and the schema changes, or JSON."""
    if ctx.json:
        ctx.emit_json(preview_json(ctx, preview))
        return
    if preview.empty:
        what = "apply" if preview.direction == "up" else "roll back"
        ctx.out.print(f"{title}: nothing to {what}")
        return
    verb = "apply" if preview.direction == "up" else "roll back"
    ctx.out.print(Text(f"{title}: would {verb} {len(preview.steps)} migration(s)", style="bold"))
    reviews = preview.reviews or [None] * len(preview.steps)
    for step, review in zip(preview.steps, reviews):
        ctx.out.print(Text.assemble(("\n▸ ", "cyan"), (f"{step.version}_{step.name}", "bold")))
        if step.source in SOURCES:
            ctx.out.print(Text(f"  {SOURCES[step.source]}", style="dim"))
        if step.note:
            ctx.out.print(Text(f"  note: {step.note}", style="yellow"))
        view.print_sql(ctx.out, step.sql)
        if review is not None:
            for line in review_view.review_lines(review):
                ctx.out.print(line)
    ctx.out.print(
        Text(
            "\nSchema changes (measured in a transaction that was rolled back; "
            "the target is unchanged):",
            style="bold",
        )
    )
    ctx.out.print(review_view.changes_block(preview.changes, fields=False, minus="-"))


def print_review_summary(ctx: Context, preview: Preview) -> None:
    """Before a confirmation: per migration, what blocks, what is lost, what access changes."""
    ctx.out.print(Text("Review (measured in a transaction that was rolled back):", style="bold"))
    for step, review in zip(preview.steps, preview.reviews):
        ctx.out.print(Text.assemble(("▸ ", "cyan"), (f"{step.version}_{step.name}", "bold")))
        for line in review_view.summary_lines(review):
            ctx.out.print(line)


def _fewer_than_asked(ctx: Context, steps: int | None, done: int, verb: str) -> None:
    """`--steps N` with fewer migrations applied: say so, not silently do less."""
    if steps is not None and done < steps:
        ctx.warn(
            f"--steps {steps}: only {done} applied migration{'s' if done != 1 else ''} to roll "
            f"back (the baseline never is); {verb} {done}"
        )


def run_down(ctx: Context, project: Project, *, report, progress) -> int:
    """`workbench down`: plan, preview each step where confirmation is needed, run."""
    from workbench.compare.generated_downs import down_generator
    from workbench.migrations.preview import preview_rollback
    from workbench.migrations.runner import rollback

    target = ctx.target
    steps, to = ctx.args.steps, ctx.args.to
    if steps is None and to is None:
        steps = 1
    if steps is not None and steps < 1:
        raise WorkbenchError("--steps must be at least 1")
    generate = down_generator(project, target.dsn)
    if ctx.args.dry_run:
        preview = preview_rollback(target.dsn, project, steps=steps, to=to, generate=generate)
        print_preview(ctx, preview)
        _fewer_than_asked(ctx, steps, len(preview.steps), "would roll back")
        return 0

    def approve(step: DownStep) -> bool:
        if step.source != "generated" and target.embedded:
            return True
        if not ctx.json:  # each step is previewed (rolled back) before it is confirmed
            preview = preview_rollback(target.dsn, project, plan=[step])
            print_preview(ctx, preview, title=f"Roll back {step.id}")
        return ctx.confirm(f"Roll back {step.id} on {target.display}?")

    if not ctx.json:
        ctx.out.print(
            Text.assemble(
                ("Target: ", "bold"), target.display, " (embedded)" if target.embedded else ""
            )
        )
    result = rollback(
        target.dsn,
        project,
        steps=steps,
        to=to,
        approve=approve,
        generate=generate,
        progress=progress,
    )
    code = report(ctx, result, "down")
    if not result.stopped:
        _fewer_than_asked(ctx, steps, len(result.steps), "rolled back")
    if result.stopped:
        ctx.err.print("stopped: the next rollback step was not confirmed")
        return 1
    return code
