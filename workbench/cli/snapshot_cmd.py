"""`workbench snapshot [-o FILE] [--schema NAME ...]`: the target's catalog as JSON."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli import process
from workbench.cli.context import Context
from workbench.db import connect
from workbench.output_files import check_output, write_output

if TYPE_CHECKING:
    from workbench.catalog.model import Catalog

INDENT = 2  # one key per line: a snapshot kept in git diffs line by line


def register(subparsers, common) -> None:
    """Add `snapshot` to the parser."""
    sub = subparsers.add_parser(
        "snapshot",
        parents=[common],
        help="the catalog as JSON",
        description=(
            "Read the target's catalog (read-only) and print it as JSON, or write it to FILE. "
            "Load it back anywhere a source is expected with snapshot:FILE."
        ),
    )
    sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    sub.add_argument(
        "--schema",
        action="append",
        metavar="NAME",
        dest="schemas",
        help="only this schema (repeatable; default: the config's schemas, else all)",
    )
    sub.set_defaults(handler=run_snapshot)


def read_catalog(
    ctx: Context,
    schemas: list[str] | None = None,
    ready: Callable[[str, Any], None] | None = None,
) -> Catalog:
    """Introspect the target on a read-only connection (`ready`: see `introspect`)."""
    # introspect starts the queries before it imports the model (start-up time)
    from workbench.catalog.introspect import introspect

    if schemas is None and ctx.config.schemas:
        schemas = list(ctx.config.schemas)
    with connect(ctx.target.dsn, read_only=True) as conn:
        catalog = introspect(conn, schemas, parallel=True, ready=ready)
    process.hold(catalog)  # left to the OS at exit, not freed object by object
    return catalog


def _summary(catalog: Catalog) -> dict[str, int]:
    return {
        "schemas": len(catalog.schemas),
        "tables": len(catalog.tables),
        "views": len(catalog.views),
        "functions": len(catalog.functions),
        "policies": sum(len(t.policies) for t in catalog.tables.values()),
    }


def run_snapshot(ctx: Context) -> int:
    # The catalog is ~10^6 objects without cycles: the collector's passes over them
    # once introspection re-enables it (0.05-0.3 s) find nothing. Paused until the
    # catalog is freed (when _snapshot returns).
    was_enabled = gc.isenabled()
    gc.disable()
    process.reuse_large_blocks()
    try:
        return _snapshot(ctx)
    finally:
        if was_enabled:
            gc.enable()


def _snapshot(ctx: Context) -> int:
    output = ctx.args.output
    if output is not None:
        path = Path(output)
        check_output(path)
    if output is None:  # read whole first: an error leaves stdout empty, not cut short
        catalog = read_catalog(ctx, ctx.args.schemas)
        from workbench.catalog import snapshot

        sys.stdout.flush()
        snapshot.write(catalog, sys.stdout.buffer, indent=INDENT)
        sys.stdout.buffer.write(b"\n")
        sys.stdout.buffer.flush()
        return 0

    read: list[Catalog] = []

    def stream(out) -> None:
        """Each part of the catalog written as soon as it is built, while the server reads
        the rest (a temporary file: an error leaves FILE as it was). The writer (and the
        model with it) is imported once the reading has started (start-up time)."""
        writer: list = []

        def ready(name: str, value: Any) -> None:
            if not writer:
                from workbench.catalog import snapshot

                writer.append(snapshot.FieldWriter(out, indent=INDENT))
            writer[0].add(name, value)

        read.append(read_catalog(ctx, ctx.args.schemas, ready=ready))
        writer[0].close()
        out.write(b"\n")

    write_output(path, stream)
    catalog = read[0]
    counts = _summary(catalog)
    if ctx.json:
        ctx.emit_json({"file": str(path), **counts})
    else:
        detail = ", ".join(f"{n} {k}" for k, n in counts.items())
        ctx.line(f"wrote {path} ({detail})")
    return 0
