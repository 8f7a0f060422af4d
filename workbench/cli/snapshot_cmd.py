"""`workbench snapshot [-o FILE] [--schema NAME ...]`: the target's catalog as JSON."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from workbench.catalog import snapshot
from workbench.catalog.introspect import introspect
from workbench.catalog.model import Catalog
from workbench.cli.context import Context
from workbench.db import connect
from workbench.errors import WorkbenchError

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


def read_catalog(ctx: Context, schemas: list[str] | None = None) -> Catalog:
    """Introspect the target on a read-only connection."""
    if schemas is None and ctx.config.schemas:
        schemas = list(ctx.config.schemas)
    with connect(ctx.target.dsn, read_only=True) as conn:
        return introspect(conn, schemas)


def _write_atomically(path: Path, catalog: Catalog, indent: int | None) -> None:
    """Write the snapshot to `path` through a temporary file, so a failure leaves no half file."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WorkbenchError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            snapshot.write(catalog, fh, indent=indent)
            fh.write(b"\n")
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WorkbenchError(f"cannot write {path}: {exc.strerror}") from None


def _summary(catalog: Catalog) -> dict[str, int]:
    return {
        "schemas": len(catalog.schemas),
        "tables": len(catalog.tables),
        "views": len(catalog.views),
        "functions": len(catalog.functions),
        "policies": sum(len(t.policies) for t in catalog.tables.values()),
    }


def run_snapshot(ctx: Context) -> int:
    output = ctx.args.output
    if output is not None:
        path = Path(output)
        if path.is_dir():
            raise WorkbenchError(f"cannot write {path}: it is a directory")
    catalog = read_catalog(ctx, ctx.args.schemas)
    if output is None:
        sys.stdout.flush()
        snapshot.write(catalog, sys.stdout.buffer, indent=INDENT)
        sys.stdout.buffer.write(b"\n")
        sys.stdout.buffer.flush()
        return 0
    _write_atomically(path, catalog, INDENT)
    counts = _summary(catalog)
    if ctx.json:
        ctx.emit_json({"file": str(path), **counts})
    else:
        detail = ", ".join(f"{n} {k}" for k, n in counts.items())
        ctx.out.print(f"wrote {path} ({detail})", markup=False, highlight=False)
    return 0
