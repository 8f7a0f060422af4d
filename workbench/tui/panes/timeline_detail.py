"""Rich renderables for the timeline: the selected migration explained, and the dialog bodies.

File names, SQL and database text are always shown literally (`Text`, `Syntax`),
never as markup.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text

from workbench.db import Target
from workbench.migrations.analyze import analyze_statements
from workbench.migrations.downs import DownStep
from workbench.migrations.preview import Preview
from workbench.migrations.state import MigrationStatus
from workbench.tui.text import literal, sql_syntax

STATE_STYLES = {
    "baseline": "magenta",
    "applied": "green",
    "pending": "cyan",
    "out-of-order": "yellow",
    "modified": "yellow",
    "failed": "red",
    "missing": "red",
    "archived": "dim",
}
CHANGE_MARKS = {"added": ("+", "green"), "removed": ("−", "red"), "changed": ("~", "yellow")}
MAX_ACTIONS = 40  # bullets shown before "… and N more"
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
        facts.append(f"applied {when(applied.applied_at)}{by}".strip())
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


def summary_lines(statements) -> list[tuple[str, int | None, str | None]]:
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


def actions_block(statements) -> RenderableType:
    lines = summary_lines(statements)
    if not lines:
        return Text("  (no statements)", style="dim")
    rows: list[RenderableType] = []
    if len(lines) > 12:
        rows.append(literal(f"  {tally(lines)}", "italic"))
    for text, line_number, destructive in lines[:MAX_ACTIONS]:
        line = Text("  ⚠ " if destructive else "  • ", style="red" if destructive else "")
        line.append(text, style="red" if destructive else "")
        if line_number is not None:
            line.append(f"  line {line_number}", style="dim")
        rows.append(line)
    if len(lines) > MAX_ACTIONS:
        rows.append(Text(f"  … and {len(lines) - MAX_ACTIONS} more", style="dim"))
    return Group(*rows)


def change_line(change) -> Text:
    mark, style = CHANGE_MARKS.get(change.change, ("?", ""))
    line = Text.assemble(
        (f"  {mark} ", style), (change.kind.replace("_", " "), style), " ", (change.object, "")
    )
    fields = getattr(change, "fields", ())
    if change.change == "changed" and fields:
        line.append(f"  ({', '.join(fields)})", style="dim")
    return line


def changes_block(changes: list) -> RenderableType:
    if not changes:
        return Text("  (no schema change)", style="dim")
    return Group(*(change_line(c) for c in changes))


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
    return Group(*parts)


def _source_syntax(source: str) -> Syntax:
    return sql_syntax(source.rstrip("\n") or "-- (empty file)", line_numbers=True)


def render(
    status: MigrationStatus,
    preview: Preview | str | None = None,
    lint: list[Text] | None = None,
) -> RenderableType:
    """The right side for one timeline entry."""
    parts: list[RenderableType] = [state_line(status), *notes(status)]
    if preview is not None:
        parts.append(preview_block(preview))
    migration = status.migration
    if status.archived is not None:
        parts += [section(f"SQL · {status.archived.file}"), _source_syntax(status.archived.source)]
        return Group(*parts)
    if migration is not None:
        parts += [
            section("What it does"),
            actions_block(migration.up.statements),
        ]
        if migration.down is not None and migration.down.statements:
            parts += [
                section("What its down section does"),
                actions_block(migration.down.statements),
            ]
    if lint is not None:
        parts.append(section("Lint"))
        parts += lint or [Text("  no findings", style="dim")]
    if migration is not None:
        parts += [section(f"SQL · {migration.file}"), _source_syntax(migration.source)]
        if migration.down is not None and migration.down.file != migration.file:
            parts += [section(f"Down · {migration.down.file}"), _source_syntax(migration.down.sql)]
    recorded = status.applied.down_sql if status.applied is not None else None
    if recorded is not None and (
        migration is None or migration.down is None or migration.down.sql != recorded
    ):
        parts += [section("Down section recorded when it was applied"), sql_syntax(recorded)]
    return Group(*parts)


def target_line(target: Target) -> Text:
    text = Text.assemble(("Target: ", "bold"), (target.database or target.display, "bold yellow"))
    text.append(f"  {target.display}", style="dim")
    if target.embedded:
        text.append(" (embedded)", style="dim")
    return text


def apply_body(preview: Preview, target: Target) -> RenderableType:
    """The confirmation dialog for `u`: the exact SQL, in order, and the schema diff."""
    count = len(preview.steps)
    parts: list[RenderableType] = [
        Text(
            f"Runs {count} migration{'s' if count != 1 else ''} in order, "
            "each in its own transaction with its history row:",
            style="bold",
        )
    ]
    for step in preview.steps:
        parts.append(Text.assemble(("\n▸ ", "cyan"), (f"{step.version}_{step.name}", "bold")))
        if step.note:
            parts.append(literal(f"  note: {step.note}", "yellow"))
        parts.append(sql_syntax(step.sql.strip() or "-- (empty)"))
    parts += [
        Text("\nSchema change (previewed in a transaction that was rolled back):", style="bold"),
        changes_block(preview.changes),
        Text(""),
        target_line(target),
    ]
    return Group(*parts)


def rollback_body(step: DownStep, preview: Preview, target: Target) -> RenderableType:
    """The confirmation dialog for `d`: the down that will run and the schema diff."""
    generated = step.source == "generated"
    parts: list[RenderableType] = [
        Text(DOWN_SOURCES.get(step.source, "Runs:"), style="bold red" if generated else "bold")
    ]
    if step.note and not generated:
        parts.append(literal(f"note: {step.note}", "yellow"))
    parts.append(sql_syntax(step.sql.strip() or "-- (empty down section: only the history row)"))
    parts += [
        Text("\nSchema change (previewed in a transaction that was rolled back):", style="bold"),
        changes_block(preview.changes),
        Text(""),
        target_line(target),
    ]
    return Group(*parts)
