"""`workbench` entry point: argument parsing, dispatch, and one-line errors."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

import psycopg

from workbench import __version__
from workbench.cli import process
from workbench.cli.context import Context
from workbench.errors import WorkbenchError
from workbench.redaction import redact_error

# Each module defines `register(subparsers, common)`; order is the order of --help.
COMMAND_MODULES = (
    "workbench.cli.tui_cmd",
    "workbench.cli.demo_cmd",
    "workbench.cli.db_cmd",
    "workbench.cli.migrate_cmd",
    "workbench.cli.snapshot_cmd",
    "workbench.cli.diff_cmd",
    "workbench.cli.rls_cmd",
    "workbench.cli.validate_cmd",
    "workbench.cli.docs_cmd",
)
# The module that registers each command: running one imports only its module
# (start-up time); anything else (--help, no command, a typo) registers them all.
COMMAND_MODULE = {
    "snapshot": "workbench.cli.snapshot_cmd",
    "diff": "workbench.cli.diff_cmd",
    "align": "workbench.cli.diff_cmd",
    "rls": "workbench.cli.rls_cmd",
    "validate": "workbench.cli.validate_cmd",
    "db": "workbench.cli.db_cmd",
    "demo": "workbench.cli.demo_cmd",
    "docs": "workbench.cli.docs_cmd",
    **dict.fromkeys(("status", "new", "up", "down", "lint", "verify"), "workbench.cli.migrate_cmd"),
}
_VALUE_OPTIONS = ("--project", "--dsn", "--target")


def _common_options(suppress: bool) -> argparse.ArgumentParser:
    """Global options, accepted before or after the command name."""
    default = argparse.SUPPRESS if suppress else None
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--project", metavar="DIR", default=default, help="project folder (default: .)"
    )
    where = parent.add_mutually_exclusive_group()
    where.add_argument("--dsn", metavar="URL", default=default, help="target database URL")
    where.add_argument(
        "--target", metavar="NAME", default=default, help="named target from the config"
    )
    parent.add_argument(
        "--json",
        action="store_true",
        default=default if suppress else False,
        help="machine-readable output",
    )
    parent.add_argument(
        "--debug",
        action="store_true",
        default=default if suppress else False,
        help="show tracebacks",
    )
    return parent


def _command_module(argv: Sequence[str]) -> str | None:
    """The module of the command named in `argv` (None when there is none, or on --help)."""
    args = iter(argv)
    for arg in args:
        if arg in _VALUE_OPTIONS:
            next(args, None)
        elif arg in ("-h", "--help", "--version"):
            return None
        elif not arg.startswith("-"):
            module = COMMAND_MODULE.get(arg)
            if module is None:
                return None
            rest = list(args)
            return None if "-h" in rest or "--help" in rest else module
    return None


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="A terminal workbench for PostgreSQL and Supabase schema migrations.",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.set_defaults(handler=None)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    common = _common_options(suppress=True)
    for name in modules:
        importlib.import_module(name).register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    module = _command_module(argv)
    parser = build_parser((module,) if module else COMMAND_MODULES)
    args = parser.parse_args(argv)
    if args.handler is None:  # no command: open the TUI
        from workbench.cli.tui_cmd import run_tui

        args.handler = run_tui
    ctx = Context(args)
    try:
        return int(args.handler(ctx) or 0)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except WorkbenchError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {redact_error(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except psycopg.Error as exc:
        if args.debug:
            traceback.print_exc()
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"error: {redact_error(first)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last resort: never a bare traceback
        if args.debug:
            raise
        print(
            f"error: internal error: {type(exc).__name__}: {redact_error(str(exc))} (rerun with --debug)",
            file=sys.stderr,
        )
        return 2


def run() -> None:
    """The console entry point: `main()` in a process that gives freed memory back, and
    ends without freeing the command's results object by object (`workbench.cli.process`)."""
    process.give_back_freed_memory()
    process.enable()
    process.leave(main())


if __name__ == "__main__":  # pragma: no cover
    run()
