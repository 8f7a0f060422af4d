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

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from rich.text import Text

from workbench.catalog.model import Catalog
from workbench.cli.context import Context
from workbench.diff import report
from workbench.diff.changes import Change
from workbench.diff.differ import diff
from workbench.diff.script import SqlScript
from workbench.diff.sources import Source, load_catalog, parse_source
from workbench.diff.sql import to_sql
from workbench.errors import WorkbenchError

FORMATS = ("text", "json", "sql")


def register(subparsers, common) -> None:
    """Add `diff` and `align` to the parser."""
    sub = subparsers.add_parser(
        "diff",
        parents=[common],
        help="schema drift between two sources",
        description=(
            "Compare two schemas. SRC is db (the target), a postgresql:// URL, migrations "
            "(replayed into a shadow database), snapshot:FILE or prisma[:PATH]. "
            "'added' means present in TO only."
        ),
    )
    sub.add_argument(
        "--from",
        dest="source_from",
        default="migrations",
        metavar="SRC",
        help="the expected schema (default: migrations)",
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


def read_sides(ctx: Context, source_from: Source, source_to: Source) -> tuple[Catalog, Catalog]:
    """Read both catalogs, in parallel when both need a database."""
    config = ctx.config
    target_dsn = ctx.target.dsn if (source_from.needs_target or source_to.needs_target) else None
    shadow_admin = None
    if "migrations" in (source_from.kind, source_to.kind):
        from workbench.migrations.shadow import shadow_admin_dsn

        shadow_admin = shadow_admin_dsn(config, target_dsn)

    def load(source: Source, actual: Catalog | None = None) -> Catalog:
        return load_catalog(
            source, config, target_dsn=target_dsn, shadow_admin_dsn=shadow_admin, actual=actual
        )

    if source_from.kind == "prisma" or source_to.kind == "prisma":  # projected onto the other side
        if source_from.kind == "prisma":
            b = load(source_to)
            return load(source_from, b), b
        a = load(source_from)
        return a, load(source_to, a)
    with ThreadPoolExecutor(max_workers=2) as pool:
        fa = pool.submit(load, source_from)
        fb = pool.submit(load, source_to)
        return fa.result(), fb.result()


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


def run_diff(ctx: Context) -> int:
    args = ctx.args
    source_from = parse_source(args.source_from)
    source_to = parse_source(args.source_to)
    fmt = args.format or ("json" if ctx.json else "text")
    a, b = read_sides(ctx, source_from, source_to)
    changes = diff(a, b)
    if fmt == "json":
        ctx.emit_json(
            {
                "from": source_from.label,
                "to": source_to.label,
                "changes": [c.to_json() for c in changes],
            }
        )
    elif fmt == "sql":
        script = to_sql(changes, a, b)
        if script:
            ctx.out.print(Text(script.text().rstrip("\n")), soft_wrap=True)
        warn_destructive(ctx, script)
    else:
        for line in report.lines(changes, source_from.label, source_to.label):
            ctx.out.print(line)
    return 1 if changes and args.exit_code else 0


# --- align -------------------------------------------------------------------------------


def _write(path: Path, text: str, *, exclusive: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x" if exclusive else "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise WorkbenchError(f"cannot write {path}: {exc.strerror}") from None


def _new_version(folder: Path) -> int:
    from workbench.migrations.files import MIGRATION_NAME

    taken = {int(m["version"]) for p in folder.glob("*.sql") if (m := MIGRATION_NAME.match(p.name))}
    version = int(datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S"))
    newest = max((v for v in taken if len(str(v)) == 14 and v < 99999999999999), default=0)
    version = max(version, newest + 1)
    while version in taken:
        version += 1
    return version


def _name(changes: list[Change]) -> str:
    from workbench.cli.migrate_cmd import slug

    groups = sorted({c.group for c in changes})
    name = "align_" + slug(groups[0].rpartition(".")[2] if groups else "drift")
    if len(groups) > 1:
        name += f"_and_{len(groups) - 1}_more"
    return name[:100]


def migration_text(up: SqlScript, down: SqlScript, target: str) -> str:
    return (
        "-- migrate:up\n"
        f"-- Makes the migrations match {target} (written by `workbench align`).\n\n"
        f"{up.text()}\n"
        "-- migrate:down\n\n"
        f"{down.text()}"
    )


def run_align(ctx: Context) -> int:
    args = ctx.args
    migrations, db = Source("migrations"), Source("db")
    expected, actual = read_sides(ctx, migrations, db)
    target = ctx.target
    if args.revert:
        script = to_sql(diff(actual, expected), actual, expected)
        if args.output:
            _write(Path(args.output), script.text(), exclusive=False)
            ctx.err.print(Text.assemble("wrote ", (args.output, "bold")))
        elif script:
            ctx.out.print(Text(script.text().rstrip("\n")), soft_wrap=True)
        else:
            ctx.err.print(Text("No drift: the target matches the migrations.", style="green"))
        warn_destructive(ctx, script)
        return 0

    changes = diff(expected, actual)
    if not changes:
        ctx.out.print(Text("No drift: the target matches the migrations.", style="green"))
        return 0
    up = to_sql(changes, expected, actual)
    down = to_sql(diff(actual, expected), actual, expected)
    folder = ctx.config.migrations_dir
    version = _new_version(folder)
    path = Path(args.output) if args.output else folder / f"{version}_{_name(changes)}.sql"
    if not target.embedded and not ctx.confirm(
        f"Record {path.name} as applied on {target.display}?"
    ):
        raise WorkbenchError("cancelled: nothing written")
    _write(path, migration_text(up, down, target.display), exclusive=not args.output)
    try:
        _record(ctx, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    shown = (
        str(path.relative_to(ctx.config.root))
        if path.is_relative_to(ctx.config.root)
        else str(path)
    )
    ctx.out.print(
        Text.assemble(
            "wrote ",
            (shown, "bold"),
            f" ({len(changes)} change(s)), recorded as applied on ",
            target.display,
        )
    )
    warn_destructive(ctx, up)
    return 0


def _record(ctx: Context, path: Path) -> None:
    """Record the new migration as applied on the target (it describes what is there)."""
    from workbench.db import connect
    from workbench.migrations import history
    from workbench.migrations.files import load_file

    migration = load_file(path, ctx.config)
    with connect(ctx.target.dsn, autocommit=True) as conn:
        current = history.ensure_history(conn)
        with conn.transaction():
            history.record_apply(
                conn,
                version=migration.version,
                name=migration.name,
                checksum=migration.checksum,
                duration_ms=0,
                down_sql=migration.down.sql if migration.down else None,
                statements=[s.sql for s in migration.up.statements],
                history=current,
            )
