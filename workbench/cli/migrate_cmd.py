"""`workbench status|new|up|down|lint|verify`: the migration commands (SPEC 7)."""

from __future__ import annotations

import sys
import time

from rich.text import Text

from workbench.cli import migrate_view as view
from workbench.cli.context import Context
from workbench.cli.lines import plain_output
from workbench.db import connect
from workbench.errors import WorkbenchError
from workbench.migrations.naming import new_version, slug
from workbench.migrations.plan import BadVersion
from workbench.migrations.runner import RunEvent
from workbench.stand_ins import in_use


def register(subparsers, common) -> None:
    """Add the migration commands to the parser."""
    status = subparsers.add_parser(
        "status", parents=[common], help="timeline: version, name, state, applied_at, duration"
    )
    status.set_defaults(handler=_status)

    new = subparsers.add_parser(
        "new", parents=[common], help="create migrations/<now>_<description>.sql"
    )
    new.add_argument("description", nargs="+", help="what the migration does, in a few words")
    new.set_defaults(handler=_new)

    up = subparsers.add_parser("up", parents=[common], help="apply pending migrations")
    up.add_argument("--to", metavar="V", help="stop after the migration with version V")
    up.add_argument("--dry-run", action="store_true", help="preview in a rolled-back transaction")
    up.add_argument("--include-all", action="store_true", help="also apply out-of-order migrations")
    up.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    up.set_defaults(handler=_with_flag_names(_up))

    down = subparsers.add_parser("down", parents=[common], help="roll back applied migrations")
    which = down.add_mutually_exclusive_group()
    which.add_argument(
        "--steps", type=int, default=None, metavar="N", help="roll back N migrations (default 1)"
    )
    which.add_argument("--to", metavar="V", help="roll back every migration newer than V")
    down.add_argument("--dry-run", action="store_true", help="preview in a rolled-back transaction")
    down.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    down.set_defaults(handler=_with_flag_names(_down))

    from workbench.cli import migrate_checks

    migrate_checks.register(subparsers, common)


# --- helpers -------------------------------------------------------------------------


def _with_flag_names(handler):
    """The engine's argument errors, phrased with the option the user typed."""

    def run(ctx: Context) -> int:
        try:
            return handler(ctx)
        except BadVersion as exc:
            raise WorkbenchError(f"--to {exc.value}: {exc.reason}") from None

    return run


def _target_line(ctx: Context) -> Text:
    target = ctx.target
    where = "embedded" if target.embedded else target.name
    return Text.assemble(("Target: ", "bold"), target.display, f" ({where})")


# --- status ----------------------------------------------------------------------------


def _status(ctx: Context) -> int:
    from workbench.migrations.state import migration_status

    project = ctx.load_project()
    with connect(ctx.target.dsn, read_only=True, autocommit=True) as conn:
        statuses = migration_status(conn, project)
        stand_ins = in_use(conn)
    if ctx.json:
        ctx.emit_json(
            {
                "target": ctx.target.display,
                "stand_ins": stand_ins,
                "migrations": [s.to_json() for s in statuses],
            }
        )
        return 0
    ctx.out.print(_target_line(ctx))
    if not statuses:
        ctx.out.print(f"no migrations in {ctx.config.migrations}/ (create one: workbench new ...)")
        if stand_ins:
            ctx.out.print(view.stand_ins_line(stand_ins))
        return 0
    if plain_output(ctx.out):  # a pipe: one plain line per migration, full names
        for status in statuses:
            ctx.out.print(Text(view.status_line(status)), soft_wrap=True)
    else:
        ctx.out.print(view.status_table(statuses, compact=ctx.out.width < 100))
    for note in view.status_notes(statuses):
        ctx.out.print(note)
    if stand_ins:  # after the migrations: piped, the first lines stay one per migration
        ctx.out.print(view.stand_ins_line(stand_ins))
    ctx.out.print(view.summary(statuses))
    return 0


# --- new -------------------------------------------------------------------------------

TEMPLATE = "-- migrate:up\n\n\n-- migrate:down\n\n"


def _new(ctx: Context) -> int:
    description = " ".join(ctx.args.description)
    name = slug(description)
    if not name:
        raise WorkbenchError(
            f"description {description!r} has no letters or digits to name the file with"
        )
    folder = ctx.config.migrations_dir
    ctx.config.check_migrations_dir()
    folder.mkdir(parents=True, exist_ok=True)
    version = new_version(folder)
    path = folder / f"{version}_{name}.sql"
    try:
        with path.open("x", encoding="utf-8") as fh:
            fh.write(TEMPLATE)
    except OSError as exc:
        raise WorkbenchError(f"cannot create {path}: {exc.strerror}") from None
    shown = str(path.relative_to(ctx.config.root))
    if ctx.json:
        ctx.emit_json({"file": shown, "version": str(version), "name": name})
    else:
        ctx.out.print(Text.assemble("created ", (shown, "bold")))
    return 0


# --- up / down -------------------------------------------------------------------------


def _progress(ctx: Context):
    """Prints each migration as it runs; on a terminal also `[n/N]` and the time elapsed."""
    live = ctx.out.is_terminal and not ctx.json
    started = time.monotonic()

    def report(event: RunEvent) -> None:
        if event.kind == "waiting":
            who = event.holder.describe() if event.holder else "another session"
            ctx.err.print(Text(f"waiting for the migration lock held by {who} …"))
        elif event.kind == "modified":
            ctx.warn(
                f"{event.version}_{event.name} was modified since it was applied: its edits are "
                "not in the database and up does not run it again (write a new migration)",
            )
        elif event.kind == "empty":
            ctx.warn(
                f"{event.version}_{event.name} has no statement: it is recorded as applied "
                "(as Supabase CLI does), so SQL written in it later shows as modified",
            )
        elif ctx.json:
            return
        elif event.kind == "start":
            verb = "applying" if event.direction == "up" else "rolling back"
            counter = f"[{event.index}/{event.total}] " if live and event.total else ""
            ctx.out.print(Text(f"{counter}{verb} {event.version}_{event.name} …"), end=" ")
        elif event.kind == "done":
            elapsed = f", {time.monotonic() - started:.1f} s elapsed" if live else ""
            ctx.out.print(Text(f"ok ({event.duration_ms} ms{elapsed})", style="green"))
        elif event.kind == "skipped":
            ctx.warn(
                f"skipped {event.version}_{event.name}: {event.detail}, older than the newest "
                "applied migration (apply it with --include-all)",
            )

    return report


def _check_supabase_target(ctx: Context, chosen: list) -> None:
    """Refuse to apply Supabase migrations to a target that is not a Supabase database.

    The workbench builds its Supabase environment only in its own embedded and
    shadow databases; on any other target it installs nothing.
    """
    from workbench.supabase_env import missing_objects, uses_supabase

    if not ctx.config.supabase:
        return
    with connect(ctx.target.dsn, read_only=True, autocommit=True) as conn:
        missing = missing_objects(conn)
    if not missing:
        return
    texts = [s.migration.up.sql for s in chosen if s.migration is not None]
    if not uses_supabase(texts):
        return
    raise WorkbenchError(
        f"{ctx.target.display} is not a Supabase database (it has no {', '.join(missing)}) "
        "and the migrations use Supabase objects: apply them to a Supabase database, or set "
        "`supabase = false` in workbench.toml if the project does not use Supabase "
        "(the workbench adds its Supabase environment only to its own embedded and shadow "
        "databases, never to a target)"
    )


def _up(ctx: Context) -> int:
    from workbench.cli.migrate_flow import print_preview
    from workbench.migrations.preview import preview_apply
    from workbench.migrations.runner import apply, plan_up

    project = ctx.load_project()
    target = ctx.target
    if ctx.args.dry_run:
        preview = preview_apply(
            target.dsn, project, to=ctx.args.to, include_all=ctx.args.include_all
        )
        print_preview(ctx, preview)
        return 0
    expect = None  # embedded: applied without a confirmation, so nothing to hold it to
    if not target.embedded:
        chosen, expect = plan_up(
            target.dsn, project, to=ctx.args.to, include_all=ctx.args.include_all
        )
        if not chosen:
            return _report_run(ctx, None, "up")
        _check_supabase_target(ctx, chosen)
        if not ctx.json:
            ctx.out.print(_target_line(ctx))
            ctx.out.print(Text("Will apply:", style="bold"))
            for status in chosen:
                ctx.out.print(Text(f"  {status.icon} {status.version}_{status.name}"))
            if not ctx.args.yes and sys.stdin.isatty():  # about to ask: show what it does
                from workbench.cli.migrate_flow import print_review_summary

                preview = preview_apply(
                    target.dsn, project, to=ctx.args.to, include_all=ctx.args.include_all
                )
                print_review_summary(ctx, preview)
                expect = preview.token
        count = len(chosen)
        if not ctx.confirm(
            f"Apply {count} migration{'s' if count != 1 else ''} to {target.display}?"
        ):
            ctx.err.print("aborted: nothing applied")
            return 1
    elif not ctx.json:
        ctx.out.print(_target_line(ctx))
    result = apply(
        target.dsn,
        project,
        to=ctx.args.to,
        include_all=ctx.args.include_all,
        progress=_progress(ctx),
        expect=expect,
    )
    return _report_run(ctx, result, "up")


def _report_run(ctx: Context, result, direction: str) -> int:
    steps = result.steps if result is not None else []
    if ctx.json:
        ctx.emit_json(
            {
                "target": ctx.target.display,
                "steps": [
                    {
                        "version": s.version,
                        "name": s.name,
                        "direction": s.direction,
                        "duration_ms": s.duration_ms,
                        "file": s.file,
                    }
                    for s in steps
                ],
                "skipped": [s.version for s in (result.skipped if result else [])],
            }
        )
        return 0
    if not steps:
        if direction == "up":
            ctx.out.print("nothing to apply: the target is up to date")
        else:
            ctx.out.print("nothing to roll back")
    else:
        done = "applied" if direction == "up" else "rolled back"
        ctx.out.print(f"{len(steps)} migration{'s' if len(steps) != 1 else ''} {done}")
    return 0


def _down(ctx: Context) -> int:
    from workbench.cli.migrate_flow import run_down

    return run_down(ctx, ctx.load_project(), report=_report_run, progress=_progress(ctx))
