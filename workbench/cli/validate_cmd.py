"""`workbench validate`: history, drift, Prisma alignment, RLS and migration lints in one report."""

from __future__ import annotations

from rich.text import Text

from workbench.cli import process
from workbench.cli.context import Context
from workbench.cli.lines import BatchedLines, plain_output, print_finding

MARK = {"ERROR": ("✗", "bold red"), "WARN": ("!", "yellow"), None: ("✓", "green")}
TITLES = {
    "history": "history",
    "drift": "migrations",
    "prisma": "prisma",
    "rls": "rls",
    "lint": "lint",
}


def register(subparsers, common) -> None:
    text = "check the target: migration history, drift from the migrations, Prisma alignment, lints"
    parser = subparsers.add_parser(
        "validate",
        parents=[common],
        help=text,
        description=text
        + ". Exits 0 when all is well, 1 when a finding is an ERROR (with --strict, also a "
        "WARN), 2 on errors (bad input, unreachable database). Drift and history problems "
        "are errors; what Prisma cannot model (policies, functions, triggers, ...) is listed "
        "as INFO.",
    )
    parser.add_argument("--strict", action="store_true", help="also fail (exit 1) on WARN findings")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list INFO findings too (the JSON always does)"
    )
    parser.set_defaults(handler=run_validate)


def run_validate(ctx: Context) -> int:
    from workbench.validate import validate

    report = validate(ctx.config, ctx.target.dsn, strict=bool(ctx.args.strict))
    process.hold(report.actual)  # left to the OS at exit, not freed object by object
    if ctx.json:
        ctx.emit_json(report.to_json())
    else:
        print_report(ctx, report)
    return 0 if report.ok else 1


def print_report(ctx: Context, report) -> None:
    out = ctx.out
    out.print(Text.assemble(("Target: ", "bold"), ctx.target.display))
    for check in report.checks:
        worst = check.worst()
        mark, style = ("-", "dim") if check.skipped else MARK.get(worst, MARK[None])
        line = Text()
        line.append(f"{mark} ", style=style)
        line.append(f"{TITLES.get(check.name, check.name):<11}", style="bold")
        line.append(check.summary)
        out.print(line)
        hidden = 0
        # in a pipe the findings go out a thousand lines at a time (same bytes)
        lines = BatchedLines(out) if plain_output(out) else out
        for finding in check.findings:
            if check.skipped:
                continue
            # INFO is noise in a CI log, except the list of what Prisma does not model
            if finding.level == "INFO" and check.name != "prisma" and not ctx.args.verbose:
                hidden += 1
                continue
            print_finding(lines, finding, indent=4)  # type: ignore[arg-type]
        if isinstance(lines, BatchedLines):
            lines.flush()
        if hidden:
            out.print(
                Text(
                    f"    {hidden} INFO finding{'s' if hidden != 1 else ''} (--verbose lists them)",
                    style="dim",
                )
            )
    counts = report.counts()
    result = Text()
    result.append("OK" if report.ok else "FAILED", style="bold green" if report.ok else "bold red")
    result.append(
        f"  {counts['ERROR']} error{'s' if counts['ERROR'] != 1 else ''}, "
        f"{counts['WARN']} warning{'s' if counts['WARN'] != 1 else ''}, {counts['INFO']} info"
    )
    if counts["WARN"] and not report.strict and report.ok:
        result.append("  (warnings do not fail; --strict makes them)", style="dim")
    out.print(result)
