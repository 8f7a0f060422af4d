"""`workbench rls`: RLS state of every table and lint findings; `workbench rls simulate`."""

from __future__ import annotations

from rich.text import Text

from workbench.cli.context import Context
from workbench.db import connect
from workbench.rls.findings import Finding

LEVEL_STYLE = {"ERROR": "bold red", "WARN": "yellow", "INFO": "cyan"}
BADGE_STYLE = {"disabled": "bold red", "no policy": "yellow", "forced": "green", "enabled": "green"}


def register(subparsers, common) -> None:
    text = "RLS report: each table's row-level security state, policies and lint findings"
    rls = subparsers.add_parser(
        "rls",
        parents=[common],
        help=text,
        description=text + ". With --exit-code, exits 1 when a finding is at level WARN or ERROR "
        "(INFO findings never fail).",
    )
    rls.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when there are findings at level WARN or ERROR",
    )
    rls.set_defaults(handler=run_rls)
    sub = rls.add_subparsers(title="rls commands", metavar="SUBCOMMAND")
    register_simulate(sub, common)


def register_simulate(sub, common) -> None:
    """`workbench rls simulate` (added with the simulator)."""


def read_catalog(ctx: Context):
    """The target's catalog, read in a read-only transaction."""
    from workbench.catalog.introspect import introspect

    schemas = list(ctx.config.schemas) if ctx.config.schemas else None
    with connect(ctx.target.dsn, read_only=True) as conn:
        return introspect(conn, schemas)


def run_rls(ctx: Context) -> int:
    from workbench.rls.report import rls_report

    catalog = read_catalog(ctx)
    report = rls_report(catalog, ctx.config.schemas or None)
    if ctx.json:
        ctx.emit_json(report.to_json())
    else:
        print_report(ctx, report)
    if ctx.args.exit_code and report.failing("WARN"):
        return 1
    return 0


def print_report(ctx: Context, report) -> None:
    out = ctx.out
    if not report.tables:
        out.print(Text("No tables.", style="dim"))
    for state in report.tables:
        table = state.table
        line = Text()
        line.append(state.key, style="bold")
        line.append("  ")
        line.append(f"RLS {state.badge}", style=BADGE_STYLE[state.badge])
        line.append(f"  {len(table.policies)} polic{'y' if len(table.policies) == 1 else 'ies'}")
        counts = state.counts()
        for level in ("ERROR", "WARN", "INFO"):
            if counts[level]:
                line.append(f"  {counts[level]} {level.lower()}", style=LEVEL_STYLE[level])
        out.print(line)
        for policy in table.policies:
            head = Text("  • ")
            head.append(policy.name, style="bold")
            head.append(f"  {policy.command}  ")
            head.append(
                "permissive" if policy.permissive else "restrictive",
                style="" if policy.permissive else "magenta",
            )
            head.append(f"  to {', '.join(policy.roles)}")
            out.print(head)
            for label, expr in (("USING", policy.using), ("WITH CHECK", policy.with_check)):
                if expr is not None:
                    body = Text(f"      {label} ", style="dim")
                    body.append(" ".join(expr.split()), style="")
                    out.print(body)
    counts = report.counts()
    out.print()
    summary = Text(f"{len(report.tables)} tables; findings: ")
    summary.append(
        f"{counts['ERROR']} error", style=LEVEL_STYLE["ERROR"] if counts["ERROR"] else ""
    )
    summary.append(", ")
    summary.append(f"{counts['WARN']} warn", style=LEVEL_STYLE["WARN"] if counts["WARN"] else "")
    summary.append(f", {counts['INFO']} info")
    out.print(summary)
    for finding in report.findings:
        print_finding(ctx, finding)


def print_finding(ctx: Context, finding: Finding) -> None:
    line = Text()
    line.append(f"{finding.level:<5}", style=LEVEL_STYLE[finding.level])
    line.append(f" {finding.name}  ")
    line.append(finding.table_key, style="bold")
    if finding.policy:
        line.append("  policy ")
        line.append(finding.policy, style="bold")
    ctx.out.print(line)
    ctx.out.print(Text(f"      {finding.detail}"))
    ctx.out.print(Text(f"      fix: {finding.fix}", style="green"))
