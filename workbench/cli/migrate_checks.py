"""`workbench lint` and `workbench verify`: migration checks (SPEC 7)."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text

from workbench.cli.context import Context
from workbench.cli.lines import print_finding
from workbench.db import connect
from workbench.embedded import embedded_server
from workbench.errors import WorkbenchError
from workbench.findings import Finding, level_counts
from workbench.migrations.files import Migration, Project, load_file


def register(subparsers, common) -> None:
    """Add `lint` and `verify` to the parser."""
    lint = subparsers.add_parser(
        "lint", parents=[common], help="migration lints (DDL safety + project rules)"
    )
    lint.add_argument("files", nargs="*", metavar="FILE", help="files to lint (default: all)")
    lint.add_argument(
        "--exit-code", action="store_true", help="exit 1 when there are ERROR or WARN findings"
    )
    lint.set_defaults(handler=_lint)
    verify = subparsers.add_parser(
        "verify",
        parents=[common],
        help="up/down/up round trip and baseline idempotency, on a shadow DB",
    )
    verify.set_defaults(handler=_verify)


def _print_findings(ctx: Context, findings: list[Finding], ok: bool, what: str) -> None:
    if not findings:
        ctx.out.print(Text(f"{what}: no findings", style="green"))
        return
    for finding in findings:
        print_finding(ctx.out, finding)
    summary = ", ".join(f"{n} {level}" for level, n in level_counts(findings).items() if n)
    ctx.out.print(Text(f"{what}: {summary}", style="green" if ok else "bold"))


def _explicit_target(ctx: Context) -> bool:
    args = ctx.args
    if getattr(args, "dsn", None) or getattr(args, "target", None):
        return True
    if os.environ.get("WORKBENCH_DSN") or os.environ.get("DATABASE_URL"):
        return True
    return embedded_server(ctx.config).is_running()


def _statuses(ctx: Context, project: Project):
    """The target's timeline, when a target is at hand (lint works without one)."""
    from workbench.migrations.state import migration_status

    if not _explicit_target(ctx):
        return None
    try:
        with connect(ctx.target.dsn, read_only=True, autocommit=True) as conn:
            return migration_status(conn, project)
    except WorkbenchError as exc:
        ctx.warn(f"applied files not checked against the target: {exc}")
        return None


def _chosen(ctx: Context, project: Project) -> list[Migration] | None:
    if not ctx.args.files:
        return None
    known = {m.path.resolve(): m for m in project.ordered}
    chosen = []
    for name in ctx.args.files:
        path = Path(name)
        chosen.append(known.get(path.resolve()) or load_file(path, ctx.config))
    return chosen


def _lint(ctx: Context) -> int:
    from workbench.migrations.migration_lint import lint

    project = ctx.load_project()
    result = lint(project, _chosen(ctx, project), statuses=_statuses(ctx, project))
    for message in result.warnings:
        ctx.warn(message)
    if ctx.json:
        ctx.emit_json({"ok": result.ok, "findings": [f.to_json() for f in result.findings]})
    else:
        _print_findings(ctx, result.findings, result.ok, "lint")
    return 1 if ctx.args.exit_code and not result.ok else 0


def _verify(ctx: Context) -> int:
    from workbench.compare.shadow import shadow_admin_dsn
    from workbench.compare.verify import verify

    project = ctx.load_project()
    admin = shadow_admin_dsn(ctx.config, ctx.target.dsn)

    def progress(message: str) -> None:
        if not ctx.json:
            ctx.err.print(Text(f"verify: {message}", style="dim"))

    result = verify(project, admin, progress=progress)
    if ctx.json:
        ctx.emit_json({"ok": result.ok, "findings": [f.to_json() for f in result.findings]})
    else:
        _print_findings(ctx, result.findings, result.ok, "verify")
        ctx.out.print(f"{len(result.checked)} migration(s) verified on a shadow database")
    return 0 if result.ok else 1
