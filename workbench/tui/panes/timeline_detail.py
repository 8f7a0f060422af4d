"""Rich renderables for the timeline: the selected migration explained, and the dialog bodies.

File names, SQL and database text are always shown literally (`Text`, `Syntax`),
never as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from workbench.db import Target
from workbench.migrations.analyze import analyze_statements
from workbench.migrations.downs import DownStep
from workbench.migrations.preview import Preview
from workbench.migrations.split import Statement
from workbench.migrations.state import STATE_STYLES, MigrationStatus
from workbench.tui.panes.timeline_review import review_block, review_summary
from workbench.tui.panes.timeline_sql import SqlSection, highlight_section
from workbench.tui.text import literal, sql_syntax
from workbench.views.migration_review import changes_block

MAX_ACTIONS = 40  # bullets shown before "… and N more"
MAX_DIALOG_LINES = 120  # SQL lines per migration in a confirmation dialog
LARGE_SOURCE = 20_000  # characters: prepare the detail in a worker
DOWN_SOURCES = {
    "recorded": "Runs the down section recorded when it was applied:",
    "file": "Runs the file's down section (none was recorded when it was applied):",
    "generated": (
        "GENERATED down — this migration has no down section. The SQL below was generated "
        "from the schema diff on a shadow database; review it carefully:"
    ),
}


def when(value: datetime | None) -> str:
    """A timestamp in local time, to the minute."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


def duration(ms: int | None) -> str:
    if ms is None:
        return ""
    return f"{ms} ms" if ms < 10_000 else f"{ms / 1000:.1f} s"


def section(title: str) -> Text:
    return Text(f"\n{title}", style="bold cyan")


def state_line(status: MigrationStatus) -> Text:
    """ "pending · 3 statements · transactional" and the like."""
    style = STATE_STYLES[status.state]
    line = Text()
    line.append(f"{status.icon} {status.state}", style=f"bold {style}")
    facts: list[str] = []
    migration = status.migration
    if status.state == "baseline" and not status.is_applied:
        facts.append("not needed: the database already has applied migrations")
    if status.applied is not None:
        applied = status.applied
        by = f" by {applied.applied_by}" if applied.applied_by else ""
        stamp = f"{when(applied.applied_at)}{by}".strip()
        if status.state == "applied":
            line.append(f" {stamp}", style=f"bold {style}")
        else:
            facts.append(f"applied {stamp}")
        if applied.duration_ms is not None:
            facts.append(f"took {duration(applied.duration_ms)}")
        if applied.source == "supabase":
            facts.append("recorded by Supabase CLI")
    if migration is not None:
        count = len(migration.up.statements)
        facts.append(f"{count} statement{'s' if count != 1 else ''}")
        facts.append("transactional" if migration.transactional else "no transaction")
    for fact in facts:
        line.append(" · ", style="dim")
        line.append(fact)
    return line


def notes(status: MigrationStatus) -> list[Text]:
    """What needs attention about this migration, in words."""
    out: list[Text] = []
    if status.state == "failed":
        out.append(Text.assemble(("✗ last attempt failed: ", "bold red"), (status.error or "", "")))
    elif status.state == "modified":
        out.append(
            Text(
                "✎ the file changed since it was applied (checksum differs); the database has "
                "the version that was applied",
                style="yellow",
            )
        )
    elif status.state == "missing":
        out.append(
            Text(
                "? applied, but its file is gone; below is the down section recorded when it "
                "was applied",
                style="red",
            )
        )
    elif status.state == "out-of-order":
        out.append(
            Text(
                "↯ older than the newest applied migration: `up` skips it unless --include-all; "
                "u applies it (after review)",
                style="yellow",
            )
        )
    elif status.state == "archived":
        out.append(Text("▫ in migrations_archive/: shown for history, never executed", style="dim"))
    if status.migration is not None and status.migration.down is None and not status.is_baseline:
        out.append(
            Text(
                "no down section: rolling it back uses a generated down, shown for review",
                style="dim",
            )
        )
    return out


def summary_lines(statements: Sequence[Statement]) -> list[tuple[str, int | None, str | None]]:
    """(words, line, why it is destructive) for each thing the statements do.

    The engine's `analyze_statements` gives the words; a DROP ... IF EXISTS directly
    followed by the CREATE of the same object (the re-runnable idiom) reads as one
    "re-creates".
    """
    lines: list[tuple[str, int | None, str | None]] = []
    previous_key = None
    for action in analyze_statements(statements):
        line = action.statement.line if action.statement is not None else None
        if previous_key and action.key == previous_key and action.text.startswith("creates "):
            _, first_line, _ = lines.pop()
            lines.append(("re-" + action.text, first_line, None))
            previous_key = None
            continue
        previous_key = action.key if action.text.startswith("drops ") and action.key else None
        lines.append((action.text, line, action.destructive))
    return lines


def tally(lines: list[tuple[str, int | None, str | None]]) -> str:
    """ "creates table ×26 · adds index ×43 · ..." for long migrations."""
    skip = {"a", "an", "the", "unique"}
    counter: Counter[str] = Counter()
    for text, _, _ in lines:
        words = [w for w in text.split() if w not in skip]
        counter[" ".join(words[:2])] += 1
    return " · ".join(f"{what} ×{n}" if n > 1 else what for what, n in counter.most_common())


def gutter(rows: list[tuple[int | None, Text, Text]]) -> Table:
    """Lines with the file's line number in a gutter and a mark; long text wraps under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True, min_width=5)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for line, mark, text in rows:
        grid.add_row(Text("" if line is None else str(line)), mark, text)
    return grid


def actions_block(lines: list[tuple[str, int | None, str | None]]) -> RenderableType:
    if not lines:
        return Text("  (no statements)", style="dim")
    rows = []
    for text, line_number, destructive in lines[:MAX_ACTIONS]:
        style = "red" if destructive else ""
        rows.append(
            (line_number, Text("⚠" if destructive else "•", style=style), literal(text, style))
        )
    parts: list[RenderableType] = []
    if len(lines) > 12:
        parts.append(literal(f"  {tally(lines)}", "italic"))
    parts.append(gutter(rows))
    if len(lines) > MAX_ACTIONS:
        parts.append(Text(f"        … and {len(lines) - MAX_ACTIONS} more", style="dim"))
    return Group(*parts)


def preview_block(preview: Preview | str) -> RenderableType:
    """The result of `p`: which migrations the dry run ran and the schema diff."""
    parts: list[RenderableType] = [
        section("Preview (dry run in a transaction that was rolled back; nothing changed)")
    ]
    if isinstance(preview, str):
        parts.append(Text.assemble(("  ✗ ", "bold red"), (preview, "red")))
        return Group(*parts)
    if preview.empty:
        parts.append(Text("  nothing to run", style="dim"))
        return Group(*parts)
    verb = "Applying" if preview.direction == "up" else "Rolling back"
    names = ", ".join(f"{s.version}_{s.name}" for s in preview.steps)
    parts.append(literal(f"  {verb} {names} would change:"))
    parts.append(changes_block(preview.changes))
    parts += review_block(preview)
    return Group(*parts)


@dataclass(frozen=True)
class Prepared:
    """The slow parts of a detail, computed once (in a worker for big files)."""

    up: list[tuple[str, int | None, str | None]]  # summary lines of the up section
    down: list[tuple[str, int | None, str | None]] | None  # of the down section, if any
    sql: list[SqlSection]


def is_large(status: MigrationStatus) -> bool:
    """Whether preparing its detail is worth a worker thread (a baseline, a big file)."""
    source = status.migration.source if status.migration else ""
    source = status.archived.source if status.archived else source
    return len(source) > LARGE_SOURCE


def prepare(status: MigrationStatus) -> Prepared:
    """Summaries and highlighted SQL of one timeline entry (pure; safe in a thread)."""
    migration = status.migration
    sql: list[SqlSection] = []
    up: list = []
    down = None
    if status.archived is not None:
        sql.append(highlight_section(f"SQL · {status.archived.file}", status.archived.source))
    if migration is not None:
        up = summary_lines(migration.up.statements)
        if migration.down is not None and migration.down.statements:
            down = summary_lines(migration.down.statements)
        sql.append(highlight_section(f"SQL · {migration.file}", migration.source))
        if migration.down is not None and migration.down.file != migration.file:
            sql.append(highlight_section(f"Down · {migration.down.file}", migration.down.sql))
    recorded = status.applied.down_sql if status.applied is not None else None
    if recorded is not None and (
        migration is None or migration.down is None or migration.down.sql != recorded
    ):
        sql.append(highlight_section("Down section recorded when it was applied", recorded))
    return Prepared(up, down, sql)


def render(
    status: MigrationStatus,
    prepared: Prepared | None,
    preview: Preview | str | None = None,
    lint: list[tuple[int | None, Text, Text]] | str | None = None,
    trend: Text | None = None,
) -> RenderableType:
    """The explanation above the SQL: state, trend, notes, preview, what it does, lint."""
    parts: list[RenderableType] = [state_line(status), *notes(status)]
    if trend is not None:
        parts.insert(1, trend)
    if preview is not None:
        parts.append(preview_block(preview))
    if status.migration is not None:
        parts.append(section("What it does"))
        parts.append(actions_block(prepared.up) if prepared else Text("  reading…", style="dim"))
        if prepared is not None and prepared.down is not None:
            parts += [section("What its down section does"), actions_block(prepared.down)]
    if lint is not None:
        parts.append(section("Lint"))
        if isinstance(lint, str):
            parts.append(literal(f"  {lint}", "dim"))
        else:
            parts.append(gutter(lint) if lint else Text("  no findings", style="dim"))
    return Group(*parts)


def _dialog_sql(sql: str) -> RenderableType:
    """SQL for a dialog: highlighted, long files cut after MAX_DIALOG_LINES lines."""
    lines = sql.strip().splitlines()
    if len(lines) <= MAX_DIALOG_LINES:
        return sql_syntax("\n".join(lines) or "-- (empty)")
    head = sql_syntax("\n".join(lines[:MAX_DIALOG_LINES]))
    more = Text(
        f"… {len(lines) - MAX_DIALOG_LINES} more lines, exactly as in the file "
        "(see the SQL in the timeline)",
        style="italic yellow",
    )
    return Group(head, more)


def target_line(target: Target) -> Text:
    text = Text.assemble(("Target: ", "bold"), (target.database or target.display, "bold yellow"))
    text.append(f"  {target.display}", style="dim")
    if target.embedded:
        text.append(" (embedded)", style="dim")
    return text


def _schema_change(preview: Preview) -> list[RenderableType]:
    return [
        Text("\nSchema change (previewed in a transaction that was rolled back):", style="bold"),
        changes_block(preview.changes),
    ]


def apply_body(preview: Preview, target: Target) -> RenderableType:
    """The confirmation dialog for `u`: where, the schema diff, then the exact SQL in order."""
    count = len(preview.steps)
    parts: list[RenderableType] = [target_line(target), *_schema_change(preview)]
    parts += review_summary(preview)
    parts.append(
        Text(
            f"\nRuns {count} migration{'s' if count != 1 else ''} in order, "
            "each in its own transaction with its history row:",
            style="bold",
        )
    )
    for step in preview.steps:
        parts.append(Text.assemble(("▸ ", "cyan"), (f"{step.version}_{step.name}", "bold")))
        if step.note:
            parts.append(literal(f"  note: {step.note}", "yellow"))
        parts.append(_dialog_sql(step.sql))
    return Group(*parts)


def rollback_body(step: DownStep, preview: Preview, target: Target) -> RenderableType:
    """The confirmation dialog for `d`: where, the down that will run, the schema diff."""
    generated = step.source == "generated"
    parts: list[RenderableType] = [target_line(target), Text("")]
    parts.append(
        Text(DOWN_SOURCES.get(step.source, "Runs:"), style="bold red" if generated else "bold")
    )
    if step.note and not generated:
        parts.append(literal(f"note: {step.note}", "yellow"))
    if step.sql.strip():
        parts.append(_dialog_sql(step.sql))
    else:
        parts.append(Text("-- (empty down section: only the history row is removed)", style="dim"))
    parts += _schema_change(preview)
    parts += review_summary(preview)
    return Group(*parts)
