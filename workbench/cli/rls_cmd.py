"""`workbench rls`: RLS state of every table and lint findings; `workbench rls simulate`."""

from __future__ import annotations

import gc

from rich.console import Console
from rich.text import Text

from workbench.cli import process
from workbench.cli.context import Context
from workbench.cli.lines import LEVEL_STYLE, BatchedLines, plain_output, print_wrapped
from workbench.db import connect
from workbench.errors import WorkbenchError
from workbench.findings import Finding

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
    text = "simulate a request: what a role with JWT claims may read and change, and why"
    sim = sub.add_parser(
        "simulate",
        parents=[common],
        help=text,
        description=text
        + ". Probes run in a transaction that is always rolled back (statement timeout "
        "--timeout); triggers fire inside it and are rolled back too. The probes never draw "
        "from a sequence, but a trigger that does advances it: PostgreSQL sequences ignore "
        "ROLLBACK.",
    )
    sim.add_argument("--role", metavar="R", help="database role (anon, authenticated, ...)")
    who = sim.add_mutually_exclusive_group()
    who.add_argument("--claims", metavar="JSON", help="custom JWT claims (a JSON object)")
    who.add_argument(
        "--user", metavar="ID|EMAIL", help="act as this auth.users user (role: authenticated)"
    )
    sim.add_argument("--table", metavar="T", help="only this table (schema.name or name)")
    sim.add_argument(
        "--row", metavar="JSON", help="candidate row for the INSERT probe (with --table)"
    )
    sim.add_argument(
        "--timeout",
        metavar="DURATION",
        default="5s",
        help="statement timeout per probe (default 5s)",
    )
    sim.set_defaults(handler=run_simulate)


def read_catalog(ctx: Context):
    """The target's catalog, read in a read-only transaction."""
    from workbench.catalog.introspect import introspect

    schemas = list(ctx.config.schemas) if ctx.config.schemas else None
    with connect(ctx.target.dsn, read_only=True) as conn:
        catalog = introspect(conn, schemas, parallel=True)
    process.hold(catalog)  # left to the OS at exit, not freed object by object
    return catalog


def run_rls(ctx: Context) -> int:
    catalog = read_catalog(ctx)
    # the catalog (hundreds of thousands of objects at 5,000 tables) is left out of the
    # collector's passes meanwhile: each full pass walked all of it (~0.1 s)
    gc.freeze()
    try:
        from workbench.rls.rls_report import rls_report

        report = rls_report(catalog, ctx.config.schemas or None)
        if ctx.json:
            ctx.emit_json(report.to_json())
        else:
            print_report(ctx, report)
    finally:
        gc.unfreeze()
    if ctx.args.exit_code and report.failing("WARN"):
        return 1
    return 0


def print_report(ctx: Context, report) -> None:
    if plain_output(ctx.out):
        lines = BatchedLines(ctx.out)
        _plain_report(lines, report)
        lines.flush()
    else:
        _print_report(ctx.out, report)


def _plain_report(out: BatchedLines, report) -> None:
    """`_print_report` in a pipe, as strings (no `Text` built): the same lines, unwrapped
    (tests/cli/test_rls_plain.py compares the two)."""
    line = out.line
    if not report.tables:
        line("No tables.")
    for state in report.tables:
        table = state.table
        policies = table.policies
        text = f"{state.key}  RLS {state.badge}  {len(policies)} polic{'y' if len(policies) == 1 else 'ies'}"
        if state.findings:
            counts = state.counts()
            for level in ("ERROR", "WARN", "INFO"):
                if counts[level]:
                    text += f"  {counts[level]} {level.lower()}"
        line(text)
        for policy in policies:
            kind = "permissive" if policy.permissive else "restrictive"
            line(f"  • {policy.name}  {policy.command}  {kind}  to {', '.join(policy.roles)}")
            if policy.using is not None:
                line("      USING " + " ".join(policy.using.split()))
            if policy.with_check is not None:
                line("      WITH CHECK " + " ".join(policy.with_check.split()))
    counts = report.counts()
    line("")
    line(
        f"{len(report.tables)} tables; findings: {counts['ERROR']} error, "
        f"{counts['WARN']} warn, {counts['INFO']} info"
    )
    for finding in report.findings:
        text = f"{finding.level:<5} {finding.name}  {finding.table_key}"
        if finding.policy:
            text += f"  policy {finding.policy}"
        line(text)
        line("      " + finding.detail)
        line(f"      fix: {finding.fix}")


def _print_report(out: Console, report) -> None:
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
            head = Text("• ")
            head.append(policy.name, style="bold")
            head.append(f"  {policy.command}  ")
            head.append(
                "permissive" if policy.permissive else "restrictive",
                style="" if policy.permissive else "magenta",
            )
            head.append(f"  to {', '.join(policy.roles)}")
            print_wrapped(out, head, 2, 6)
            for label, expr in (("USING", policy.using), ("WITH CHECK", policy.with_check)):
                if expr is not None:
                    body = Text(f"{label} ", style="dim")
                    body.append(" ".join(expr.split()), style="")
                    print_wrapped(out, body, 6, 8)
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
        _print_finding(out, finding)


def print_finding(ctx: Context, finding: Finding) -> None:
    _print_finding(ctx.out, finding)


def _print_finding(out: Console, finding: Finding) -> None:
    line = Text()
    line.append(f"{finding.level:<5}", style=LEVEL_STYLE[finding.level])
    line.append(f" {finding.name}  ")
    line.append(finding.table_key, style="bold")
    if finding.policy:
        line.append("  policy ")
        line.append(finding.policy, style="bold")
    print_wrapped(out, line, 0, 6)
    print_wrapped(out, Text(finding.detail), 6, 6)
    print_wrapped(out, Text(f"fix: {finding.fix}", style="green"), 6, 11)


# --- rls simulate ---------------------------------------------------------------

DENIAL_TEXT = {
    "missing_grant": "permission denied (missing grant)",
    "with_check": "WITH CHECK violation",
    "filtered": "filtered by USING",
    "error": "error",
}


# the simulation's inputs, named by the flags that give them (workbench.rls.claims.INPUTS)
FLAGS = {
    "claims": "--claims",
    "row": "--row",
    "user": "--user",
    "role": "--role",
    "table": "--table",
}
USER_HINT = "pass --user ID|EMAIL to act as one"


def run_simulate(ctx: Context) -> int:
    from workbench.rls.claims import SimulationError

    try:
        simulation = _simulate(ctx)
    except SimulationError as exc:
        raise WorkbenchError(exc.phrase(FLAGS)) from None
    if ctx.json:
        ctx.emit_json({**simulation.to_json(), "notes": simulation_notes(simulation)})
    else:
        print_simulation(ctx, simulation)
    return 0


def _simulate(ctx: Context):
    from workbench.catalog.introspect import introspect
    from workbench.rls.claims import parse_claims, parse_row, resolve_subject
    from workbench.rls.simulate import check_row, resolve_tables, run_probes

    args = ctx.args
    claims = parse_claims(args.claims) if args.claims is not None else None
    row = parse_row(args.row) if args.row is not None else None
    schemas = list(ctx.config.schemas) if ctx.config.schemas else None
    with connect(ctx.target.dsn, autocommit=True) as conn:
        catalog = introspect(conn, schemas)
        subject = resolve_subject(catalog, conn, role=args.role, claims=claims, user=args.user)
        keys = resolve_tables(catalog, args.table)
        check_row(catalog, keys, row)
        return run_probes(conn, catalog, subject, keys, row=row, timeout=args.timeout)


def simulation_notes(simulation) -> list[str]:
    """The simulation's notes; a subject without a user says how to give one."""
    from workbench.rls.claims import NO_USER

    notes = [*simulation.subject.notes, *simulation.notes]
    return [f"{note}; {USER_HINT}" if note == NO_USER else note for note in notes]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def print_simulation(ctx: Context, simulation) -> None:
    import json

    out = ctx.out
    subject = simulation.subject
    head = Text("Simulating role ")
    head.append(subject.role, style="bold")
    head.append(f" ({subject.source})")
    out.print(head)
    out.print(Text(f"claims: {json.dumps(subject.claims, ensure_ascii=False)}", style="dim"))
    for note in simulation_notes(simulation):
        out.print(Text(f"note: {note}", style="yellow"))
    for table in simulation.tables:
        out.print()
        line = Text()
        line.append(table.key, style="bold")
        if table.total_rows is not None:
            line.append(f"  ({table.total_rows} row{'' if table.total_rows == 1 else 's'})")
        if table.bypass:
            line.append(f"  bypasses RLS ({table.bypass})", style="magenta")
        elif not table.table.rls_enabled:
            line.append("  RLS disabled", style="bold red")
        out.print(line)
        for command, result in table.commands.items():
            print_command(ctx, command, result, table.total_rows)


def print_command(ctx: Context, command: str, result, total: int | None) -> None:
    out = ctx.out
    line = Text(f"  {command:<7}")
    if result.allowed:
        line.append("✓ ", style="green")
        if command == "INSERT":
            line.append("candidate row admitted")
        else:
            verb = {"SELECT": "visible", "UPDATE": "would be updated", "DELETE": "would be deleted"}
            line.append(f"{result.rows} row{'' if result.rows == 1 else 's'} {verb[command]}")
    else:
        line.append("✗ ", style="red")
        what = DENIAL_TEXT.get(result.denial or "", "not allowed")
        if result.denial == "filtered":
            if result.access.verdict == "no-policy":
                what = "no permissive policy: silently filtered"
            what += f" (0 of {total} rows)" if total is not None else ""
        line.append(what)
        if result.error:
            line.append(": ")
            line.append(result.error)
    out.print(line)
    out.print(Text(f"           {result.access.summary}", style="dim"))
    if result.folded and result.access.verdict == "policies":
        label = "check" if command == "INSERT" else "where"
        out.print(Text(f"           {label}: {_one_line(result.folded)}", style="cyan"))
    for policy in result.policies:
        if policy.note is not None and policy.for_command != command:
            continue
        item = Text("           · ")
        item.append(policy.name, style="bold")
        kind = "" if policy.permissive else " (restrictive)"
        role = " (read filter)" if policy.for_command != command else ""
        item.append(f"{kind}{role}")
        if policy.note:
            item.append(f": {policy.note}", style="yellow")
        elif policy.rows is not None:
            unit = "passes" if command == "INSERT" else "admits"
            if command == "INSERT":
                item.append(f": {'passes' if policy.rows else 'fails'}")
            else:
                item.append(f": {unit} {policy.rows} row{'' if policy.rows == 1 else 's'}")
        out.print(item)
    if result.note:
        out.print(Text(f"           note: {result.note}", style="dim"))
