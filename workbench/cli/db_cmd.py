"""`workbench db start|stop|url|reset`: the embedded server."""

from __future__ import annotations

from workbench.cli.context import Context
from workbench.db import DEFAULT_DATABASE, connect
from workbench.embedded import embedded_server
from workbench.redaction import redact
from workbench.stand_ins import in_use


def register(subparsers, common) -> None:
    db = subparsers.add_parser("db", parents=[common], help="manage the embedded PostgreSQL server")
    actions = db.add_subparsers(title="actions", metavar="ACTION", required=True)
    for name, handler, text in (
        ("start", _start, "start the embedded server (idempotent)"),
        ("stop", _stop, "stop the embedded server"),
        ("url", _url, "print the DSN of the embedded database"),
        ("reset", _reset, "drop and recreate the embedded database"),
    ):
        sub = actions.add_parser(name, parents=[common], help=text, description=text)
        sub.add_argument(
            "--database",
            default=DEFAULT_DATABASE,
            help=f"database name (default: {DEFAULT_DATABASE})",
        )
        sub.set_defaults(handler=handler)


def _start(ctx: Context) -> int:
    server = embedded_server(ctx.config)
    was_running = server.is_running()
    dsn = server.ensure_database(ctx.args.database, supabase=ctx.config.supabase)
    if ctx.json:
        ctx.emit_json({"running": True, "started": not was_running, "dsn": dsn})
    else:
        state = "already running" if was_running else "started"
        ctx.out.print(f"embedded PostgreSQL {state}: {redact(dsn)}", markup=False)
    return 0


def _stop(ctx: Context) -> int:
    stopped = embedded_server(ctx.config).stop()
    if ctx.json:
        ctx.emit_json({"stopped": stopped})
    else:
        ctx.out.print(
            "embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL is not running"
        )
    return 0


def _url(ctx: Context) -> int:
    dsn = embedded_server(ctx.config).ensure_database(
        ctx.args.database, supabase=ctx.config.supabase
    )
    with connect(dsn, read_only=True, autocommit=True) as conn:
        stand_ins = in_use(conn)
    if ctx.json:
        ctx.emit_json({"dsn": dsn, "stand_ins": stand_ins})
    else:
        print(dsn)  # alone on stdout: `psql "$(workbench db url)"`
        if stand_ins:
            ctx.err.print(f"stand-ins: {', '.join(stand_ins)}", markup=False)
    return 0


def _reset(ctx: Context) -> int:
    server = embedded_server(ctx.config)
    dsn = server.reset(ctx.args.database, supabase=ctx.config.supabase)
    if ctx.json:
        ctx.emit_json({"dsn": dsn, "reset": True})
    else:
        ctx.out.print(f"database {ctx.args.database} recreated: {redact(dsn)}", markup=False)
    return 0
