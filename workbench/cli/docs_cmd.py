"""`workbench docs [-o DIR] [--check] [--schema NAME ...]`: Markdown docs with ER diagrams and RLS."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from workbench.cli.context import Context
from workbench.cli.snapshot_cmd import read_catalog
from workbench.errors import WorkbenchError

DEFAULT_DIR = Path("docs") / "schema"


def register(subparsers, common) -> None:
    """Add `docs` to the parser."""
    text = "write Markdown docs of the schema: ER diagrams (Mermaid), one page per table, RLS"
    sub = subparsers.add_parser(
        "docs",
        parents=[common],
        help=text,
        description=text
        + ". README.md lists the schemas and tables with the whole-schema ER diagram (split "
        "into several for large schemas); each table's page has its columns, constraints, "
        "indexes, triggers, foreign keys, a diagram of its neighbours and its row-level "
        "security (access matrix, policies in plain words, lint findings). The directory "
        "belongs to the command: Markdown files it no longer generates are removed. With "
        "--check, nothing is written: exit 1 when the directory differs.",
    )
    sub.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="directory to write (default: docs/schema under the project)",
    )
    sub.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the files that differ, are missing or are extra",
    )
    sub.add_argument(
        "--schema",
        action="append",
        metavar="NAME",
        dest="schemas",
        help="document this schema (repeatable; default: the config's schemas, else all but "
        "Supabase-managed ones)",
    )
    sub.set_defaults(handler=run_docs)


def run_docs(ctx: Context) -> int:
    from workbench.schema_docs import output
    from workbench.schema_docs.build import build_docs

    args = ctx.args
    directory = Path(args.output) if args.output else ctx.config.root / DEFAULT_DIR
    output.usable_directory(directory)  # before any database work
    schemas = args.schemas or (list(ctx.config.schemas) if ctx.config.schemas else None)
    catalog = read_catalog(ctx, schemas)
    unknown = [s for s in args.schemas or () if s not in catalog.schemas]
    if unknown:
        raise WorkbenchError(f"--schema: no schema {unknown[0]!r} in the target")
    pages = build_docs(catalog, schemas)
    if args.check:
        result = output.compare(directory, pages)
        report(ctx, directory, result, checking=True)
        return 0 if result.clean else 1
    result = output.write(directory, pages)
    report(ctx, directory, result, checking=False)
    return 0


def report(ctx: Context, directory: Path, result, *, checking: bool) -> None:
    if ctx.json:
        ctx.emit_json(
            {
                "directory": str(directory),
                "up_to_date": result.clean,
                "changed": result.changed,
                "missing": result.missing,
                "extra": result.extra,
                "unchanged": result.same,
            }
        )
        return
    out = ctx.out
    labels = ("changed", "missing", "extra") if checking else ("updated", "written", "removed")
    for label, files in zip(labels, (result.changed, result.missing, result.extra)):
        for rel in files:
            out.print(Text.assemble((f"{label:<8}", "yellow"), str(directory / rel)))
    total = result.same + len(result.changed) + len(result.missing)
    if checking:
        if result.clean:
            out.print(Text(f"{directory}: up to date ({total} files)"))
        else:
            out.print(
                Text(
                    f"{directory}: out of date — run `workbench docs` to update it",
                    style="bold red",
                )
            )
    else:
        out.print(
            Text(
                f"{directory}: {total} files, {len(result.missing)} written, "
                f"{len(result.changed)} updated, {len(result.extra)} removed, "
                f"{result.same} unchanged"
            )
        )
