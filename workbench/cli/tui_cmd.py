"""`workbench` / `workbench tui`: open the TUI on the target."""

from __future__ import annotations

from workbench.cli.context import Context


def register(subparsers, common) -> None:
    sub = subparsers.add_parser(
        "tui", parents=[common], help="open the TUI on the target (default)"
    )
    sub.set_defaults(handler=run_tui)


def run_tui(ctx: Context) -> int:
    from workbench.tui.app import WorkbenchApp

    target = ctx.target
    WorkbenchApp(config=ctx.config, target=target).run()
    return 0
