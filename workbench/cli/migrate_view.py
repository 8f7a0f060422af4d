"""Rich renderings for the migration commands (database and file text shown literally)."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from workbench.migrations.state import ICONS, STATE_STYLES, MigrationStatus


def _when(status: MigrationStatus, compact: bool = False) -> str:
    if not status.applied_at:
        return ""
    return status.applied_at.strftime("%m-%d %H:%M" if compact else "%Y-%m-%d %H:%M:%S")


def _duration(status: MigrationStatus) -> str:
    return f"{status.duration_ms} ms" if status.duration_ms is not None else ""


def status_table(statuses: list[MigrationStatus], *, compact: bool = False) -> RenderableType:
    """The timeline as a table: icon, version, name, state, applied at, duration.

    `compact` (a narrow terminal): a short date and tighter columns, so names fit on one
    line at 80 columns."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=compact)
    table.add_column("", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("name", overflow="fold")
    table.add_column("state", no_wrap=True)
    table.add_column("applied at", no_wrap=True)
    table.add_column("duration", justify="right", no_wrap=True)
    active = [s for s in statuses if s.state != "archived"]
    archived = [s for s in statuses if s.state == "archived"]
    for status in active:
        _row(table, status, compact)
    if archived:
        table.add_section()
        table.add_row("", Text(f"archive ({len(archived)})", style="bold dim"), "", "", "", "")
        for status in archived:
            _row(table, status, compact)
    return table


def _row(table: Table, status: MigrationStatus, compact: bool = False) -> None:
    style = STATE_STYLES[status.state]
    table.add_row(
        Text(ICONS[status.state], style=style),
        Text(status.version or "—"),
        Text(status.name),
        Text(status.state, style=style),
        Text(_when(status, compact)),
        Text(_duration(status)),
    )


def status_line(status: MigrationStatus) -> str:
    """`version_name: state[ WHEN (N ms)]` — one migration on one plain line."""
    label = f"{status.version}_{status.name}" if status.version else status.name
    line = f"{label}: {status.state}"
    if status.applied_at:
        line += f" {_when(status)}"
    if status.duration_ms is not None:
        line += f" ({_duration(status)})"
    return line


def status_notes(statuses: list[MigrationStatus]) -> list[Text]:
    """One line per migration that needs attention (failed, modified, missing)."""
    notes = []
    for status in statuses:
        label = f"{status.version}_{status.name}"
        if status.state == "failed":
            notes.append(_note("✗", "red", label, f"last attempt failed: {status.error}"))
        elif status.state == "modified":
            notes.append(
                _note("✎", "yellow", label, "file changed since it was applied (checksum differs)")
            )
        elif status.state == "missing":
            notes.append(_note("?", "red", label, "applied, but its file is gone"))
        if (
            status.migration is not None
            and not status.is_applied
            and status.state != "baseline"
            and status.migration.up.empty
        ):
            notes.append(
                _note("∅", "yellow", label, "empty: no statement in its up section; up refuses it")
            )
        if status.state == "out-of-order":
            notes.append(
                _note("↯", "yellow", label, "older than the newest applied; up --include-all")
            )
    return notes


def _note(icon: str, style: str, label: str, message: str) -> Text:
    return Text.assemble((f"{icon} ", style), (label, "bold"), ": ", message)


def summary(statuses: list[MigrationStatus]) -> Text:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status.state] = counts.get(status.state, 0) + 1
    order = [s for s in ICONS if counts.get(s)]
    return Text(" · ".join(f"{counts[s]} {s}" for s in order) or "no migrations")


def print_sql(console, sql: str) -> None:
    """SQL highlighted on a terminal, verbatim (copy-pasteable) otherwise."""
    text = sql.strip() or "-- (empty)"
    if console.is_terminal:
        from rich.syntax import Syntax  # pygments: only when SQL is shown

        syntax = Syntax(text, "postgresql", theme="ansi_dark", word_wrap=True)
        console.print(syntax, soft_wrap=False)
    else:
        console.print(Text(text), soft_wrap=True)


def heading(text: str, style: str = "bold") -> Text:
    return Text(text, style=style)


def stand_ins_line(names: list[str]) -> Text:
    """Which extensions are the workbench's stand-ins, not the real ones."""
    return Text.assemble(
        ("Stand-ins: ", "bold"), ", ".join(names), " (not the real extensions; see the README)"
    )
