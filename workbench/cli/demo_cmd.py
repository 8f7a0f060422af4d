"""`workbench demo [--prepare-only]`: recreate the demo database and open the TUI on it."""

from __future__ import annotations

from workbench.cli.context import Context
from workbench.db import Target


def register(subparsers, common) -> None:
    text = "recreate the embedded demo database from the project's files and open the TUI on it"
    sub = subparsers.add_parser("demo", parents=[common], help=text, description=text)
    sub.add_argument(
        "--prepare-only", action="store_true", help="prepare the database and print its DSN"
    )
    sub.set_defaults(handler=run_demo)


def run_demo(ctx: Context) -> int:
    from workbench.demo import prepare_demo

    def progress(message: str) -> None:
        if not ctx.json:
            ctx.err.print(f"[dim]demo:[/] {message}", highlight=False)

    dsn = prepare_demo(ctx.config, progress)
    if ctx.args.prepare_only:
        if ctx.json:
            ctx.emit_json({"dsn": dsn})
        else:
            print(dsn)
        return 0
    from workbench.tui.app import WorkbenchApp

    WorkbenchApp(config=ctx.config, target=Target(dsn=dsn, name="demo", embedded=True)).run()
    return 0
