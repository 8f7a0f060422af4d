"""`workbench diff` and `workbench align`: drift between two schemas (SPEC 7).

diff [--from SRC] [--to SRC] [--format text|json|sql] [--exit-code]
    compare FROM (default: the migrations) with TO (default: the target);
    `sql` prints SQL turning FROM into TO; exit 1 on drift with --exit-code.
align [--revert] [-o FILE]
    write the drift as a new migration that makes the migrations match the
    target, and record it as applied there; --revert prints (or writes) the SQL
    that brings the target back to the migrations instead.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from workbench.cli import process
from workbench.cli.context import Context
from workbench.compare.sources import Source, parse_source, prefetch
from workbench.errors import WorkbenchError
from workbench.output_files import check_output

# The differ, the model and the migrations machinery are imported by the functions that
# use them: `diff` of two databases starts reading both before it imports them.
if TYPE_CHECKING:
    from workbench.compare.expected_actual import Drift
    from workbench.diff.script import SqlScript

FORMATS = ("text", "json", "sql")


def register(subparsers, common) -> None:
    """Add `diff` and `align` to the parser."""
    sub = subparsers.add_parser(
        "diff",
        parents=[common],
        help="schema drift between two sources",
        description=(
            "Compare two schemas. SRC is db (the target), a postgresql:// URL, migrations "
            "(the migrations applied on the target, replayed into a shadow database: a "
            "pending migration is not drift), migrations:all (every file, pending included), "
            "snapshot:FILE or prisma[:PATH]. 'added' means present in TO only."
        ),
    )
    sub.add_argument(
        "--from",
        dest="source_from",
        default="migrations",
        metavar="SRC",
        help="the expected schema (default: migrations, the applied ones)",
    )
    sub.add_argument(
        "--to",
        dest="source_to",
        default="db",
        metavar="SRC",
        help="the actual schema (default: db)",
    )
    sub.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="text (default), json, or sql turning FROM into TO",
    )
    sub.add_argument("--exit-code", action="store_true", help="exit 1 when there is drift")
    sub.set_defaults(handler=run_diff)

    align = subparsers.add_parser(
        "align",
        parents=[common],
        help="write the drift as a migration (or --revert it)",
        description=(
            "Write a new migration that makes the migrations match the target (up: the drift, "
            "down: its reverse) and record it as applied on the target. With --revert, print "
            "the SQL that brings the target back to the migrations instead."
        ),
    )
    align.add_argument(
        "--revert",
        action="store_true",
        help="the SQL turning the target back into the migrations' schema",
    )
    align.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    align.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    align.set_defaults(handler=run_align)


# --- reading both sides ----------------------------------------------------------------


def compute_drift(
    ctx: Context,
    source_from: Source,
    source_to: Source,
    *,
    edges: tuple[bool, bool] = (True, True),
) -> Drift:
    """The drift between both sides (`workbench.compare.expected_actual`; two snapshots
    are read together, see `load_snapshots`).

    When a side is `migrations`, what was left out of its replay (pending
    migrations, no history) is noted on stderr. `edges`: which sides' dependency graphs
    (FROM, TO) are needed (see `expected_actual.drift`).
    """
    from workbench.compare.expected_actual import Drift, drift
    from workbench.compare.sources import load_snapshots
    from workbench.diff.differ import diff

    if source_from.kind == "snapshot" and source_to.kind == "snapshot":
        a, b = load_snapshots(source_from, source_to, ctx.config)
        return Drift(a, b, diff(a, b))
    target_dsn = ctx.target.dsn if (source_from.needs_target or source_to.needs_target) else None
    found = drift(ctx.config, target_dsn, source_from, source_to, edges=edges)
    if found.applied is not None:
        for note in found.applied.notes:
            ctx.err.print(Text.assemble(("note: ", "cyan"), note))
    return found


def write_sql(ctx: Context, script: SqlScript) -> None:
    """SQL goes to stdout as is (no wrapping, no markup), fast for large scripts."""
    ctx.out.file.write(script.text())
    ctx.out.file.flush()


def warn_destructive(ctx: Context, script: SqlScript) -> None:
    """List the data-losing statements of a script on stderr."""
    reasons = script.warnings
    if not reasons:
        return
    ctx.err.print(
        Text.assemble(("warning: ", "yellow"), f"{len(reasons)} destructive statement(s):")
    )
    for reason in reasons:
        ctx.err.print(Text.assemble("  - ", reason))


# --- diff --------------------------------------------------------------------------------


def print_not_modelled(ctx: Context, items: list) -> None:
    from workbench.prisma.source import summarize

    if not items:
        return
    ctx.out.print(
        Text(f"\nNot modelled by Prisma ({len(items)}), listed apart, not drift:", style="dim")
    )
    for label, count, _objects in summarize(items):
        ctx.out.print(Text(f"  {count} {label}", style="dim"))


_READ_ONLY = ("db", "url", "snapshot")  # sources read, not built (no replay, no parser)


def run_diff(ctx: Context) -> int:
    source_from = parse_source(ctx.args.source_from)
    source_to = parse_source(ctx.args.source_to)
    fmt = ctx.args.format or ("json" if ctx.json else "text")
    # Only `to_sql` reads a dependency graph, and only FROM's (what must make way there):
    # a database side whose graph is never read skips its two queries (~0.4 s of CPU).
    edges = (fmt == "sql", False)
    if source_from.kind not in _READ_ONLY or source_to.kind not in _READ_ONLY:
        return _run_diff(ctx, source_from, source_to, fmt, edges)
    paused = gc.isenabled()
    # Two catalogs (~10^6 objects at 5,000 tables, no cycles) read and compared once: the
    # collector's passes over them would only cost time (0.1-0.2 s); reference counting
    # frees them. A replay or a Prisma parse (parse trees have cycles) keeps the collector.
    gc.disable()
    try:
        # Both databases are read from now on, while the differ is imported (~0.1 s).
        started = set()
        pool: dict = {}  # their equal objects shared (see `introspect`)
        for source, graph in zip((source_from, source_to), edges, strict=True):
            dsn = _database(ctx, source)
            if dsn is not None and (dsn, graph) not in started:
                started.add((dsn, graph))
                prefetch(dsn, ctx.config, edges=graph, pool=pool)
        return _run_diff(ctx, source_from, source_to, fmt, edges)
    finally:
        if paused:
            gc.enable()


def _database(ctx: Context, source: Source) -> str | None:
    """The DSN a `db` or URL side is read from (None for other sources)."""
    if source.kind == "db":
        return ctx.target.dsn
    return source.value if source.kind == "url" else None


def _run_diff(
    ctx: Context, source_from: Source, source_to: Source, fmt: str, edges: tuple[bool, bool]
) -> int:
    from workbench.cli import drift_report
    from workbench.diff.sql import to_sql

    args = ctx.args
    found = compute_drift(ctx, source_from, source_to, edges=edges)
    process.hold(found)  # two catalogs: left to the OS at exit, not freed one by one
    a, b, changes, not_modelled = found.expected, found.actual, found.changes, found.not_modelled
    if fmt == "json":
        data = {
            "from": source_from.label,
            "to": source_to.label,
            "changes": [c.to_json() for c in changes],
        }
        if source_from.kind == "prisma" or source_to.kind == "prisma":
            data["not_modelled"] = [item.to_json() for item in not_modelled]
        ctx.emit_json(data)
    elif fmt == "sql":
        script = to_sql(changes, a, b)
        if script:
            write_sql(ctx, script)
        warn_destructive(ctx, script)
    else:
        for line in drift_report.lines(changes, source_from.label, source_to.label):
            ctx.out.print(line)
        print_not_modelled(ctx, not_modelled)
    return 1 if changes and args.exit_code else 0


# --- align -------------------------------------------------------------------------------


def run_align(ctx: Context) -> int:
    from workbench.compare import alignment
    from workbench.diff.differ import diff
    from workbench.diff.sql import to_sql

    args = ctx.args
    found = compute_drift(ctx, Source("migrations"), Source("db"))
    expected, actual = found.expected, found.actual
    target = ctx.target
    if args.output:
        check_output(args.output, parents=True)
    if args.revert:
        script = to_sql(diff(actual, expected), actual, expected)
        if args.output:
            alignment.write_file(Path(args.output), script.text(), exclusive=False)
            ctx.err.print(Text.assemble("wrote ", (args.output, "bold")))
        elif script:
            write_sql(ctx, script)
        else:
            ctx.err.print(Text("No drift: the target matches the migrations.", style="green"))
        warn_destructive(ctx, script)
        return 0

    output = Path(args.output) if args.output else None
    plan = alignment.plan_alignment(
        ctx.config, expected, actual, target.display, output=output, applied=found.applied
    )
    if plan is None:
        ctx.out.print(Text("No drift: the target matches the migrations.", style="green"))
        return 0
    path = plan.path
    adopted = (
        f" (with the {len(plan.adopt)} migration file(s) it builds on: the target has no history)"
        if plan.adopt
        else ""
    )
    if (
        plan.unrecorded is None
        and not target.embedded
        and not ctx.confirm(f"Record {path.name}{adopted} as applied on {target.display}?")
    ):
        raise WorkbenchError("cancelled: nothing written")
    alignment.write_alignment(plan, ctx.config, target.dsn, exclusive=not args.output)
    shown = (
        str(path.relative_to(ctx.config.root))
        if path.is_absolute() and path.is_relative_to(ctx.config.root)
        else str(path)
    )
    if plan.unrecorded is None:
        recorded = Text.assemble(", recorded as applied on ", target.display, adopted)
    else:
        recorded = Text(
            f"; not recorded as applied ({plan.unrecorded}): only a new "
            f"<version>_<name>.sql in {ctx.config.migrations}/ is"
        )
    ctx.out.print(
        Text.assemble("wrote ", (shown, "bold"), f" ({len(plan.changes)} change(s))", recorded)
    )
    warn_destructive(ctx, plan.up)
    return 0
