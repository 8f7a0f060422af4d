"""The review of a preview in words: locks, rewrites, dangers, data loss, access changes.

Shared by `up/down --dry-run` and the timeline's preview and confirmation dialogs
(both Rich). Database names are always literal `Text`. Wrapped lines hang under
their first word, so the text stays readable in a narrow detail pane.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from workbench.migrations.impact import AccessChange, DataLoss
from workbench.migrations.review import Marker, MigrationReview, StatementReview

STATIC_NOTE = (
    "static: runs without a transaction, so its locks are read from each statement's "
    "kind, not measured"
)
MEASURED_NOTE = "locks and rewrites measured in the transaction that was rolled back"


def size(value: int | None) -> str:
    if value is None:
        return "?"
    amount = float(value)
    for unit in ("B", "kB", "MB", "GB"):
        if amount < 1024:
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} TB"


def rows(value: int | None) -> str:
    return "? rows" if value is None else f"{value:,} row{'s' if value != 1 else ''}"


def blocked(commands: tuple[str, ...]) -> str:
    """What other sessions wait for, in words."""
    if not commands:
        return "blocks nothing"
    if len(commands) == 4:
        return "blocks reads and writes"
    if set(commands) == {"INSERT", "UPDATE", "DELETE"}:
        return "blocks writes (not reads)"
    return "blocks " + ", ".join(commands)


def milliseconds(value: float) -> str:
    if value < 10:
        return f"{value:.1f} ms"
    return f"{value:.0f} ms" if value < 10_000 else f"{value / 1000:.1f} s"


def hang(mark: Text | str, body: RenderableType, indent: int) -> Table:
    """`mark` in a column of `indent` cells, `body` wrapping beside it."""
    grid = Table.grid(padding=0)
    grid.add_column(width=indent, no_wrap=True)
    grid.add_column()
    grid.add_row(mark if isinstance(mark, Text) else Text(mark), body)
    return grid


def marker_line(marker: Marker) -> Table:
    """A danger (⚠, red) or a safer form (→, yellow)."""
    name = marker.relation or ""
    if marker.code == "exclusive_large":
        text = Text.assemble(
            ("ACCESS EXCLUSIVE on a large table: every read and write of ", "red"),
            (name, "bold red"),
            (" waits until the transaction ends", "red"),
        )
    elif marker.code == "rewrite":
        text = Text.assemble(
            ("rewrites ", "red"), (name, "bold red"), (" (a full copy, under its lock)", "red")
        )
    elif marker.code == "held_lock":
        text = Text.assemble(
            (name, "bold red"),
            (f" stays locked while this statement runs ({milliseconds(marker.ms or 0)})", "red"),
        )
    else:
        return hang(Text("→ ", "yellow"), Text(marker.advice or marker.code, "yellow"), 2)
    return hang(Text("⚠ ", "bold red"), text, 2)


def lock_lines(statement: StatementReview) -> list[Text]:
    lines = []
    for lock in statement.locks:
        line = Text(lock.mode, style="bold red" if len(lock.blocks) == 4 else "bold")
        line.append(" ")
        line.append(lock.relation)
        line.append(f" · {rows(lock.rows)}, {size(lock.size_bytes)}", style="dim")
        line.append(f" · {blocked(lock.blocks)}", style="red" if lock.blocks else "dim")
        lines.append(line)
    for lock in statement.held:
        line = Text.assemble((lock.mode, "dim"), " ", (lock.relation, "dim"))
        line.append(" · already held from an earlier statement", style="dim")
        lines.append(line)
    return lines


def statement_block(statement: StatementReview, quiet: bool = True) -> Table:
    """`L5` in a gutter; the command and duration, each lock and marker beside it."""
    head = Text.assemble(
        (statement.command, "bold"), (f"  {milliseconds(statement.duration_ms)}", "dim")
    )
    if statement.dangerous:
        head.append("  ⚠", style="bold red")
    parts: list[RenderableType] = [head, *lock_lines(statement)]
    if quiet and not statement.locks and not statement.held:
        parts.append(Text("no lock on an existing table", style="dim"))
    parts += [marker_line(marker) for marker in statement.markers]
    return hang(Text(f"  L{statement.line}", style="dim"), Group(*parts), 8)


def loss_line(loss: DataLoss) -> Table:
    where = f"{loss.relation}.{loss.column}" if loss.column else loss.relation
    if loss.column is None:
        what = f"{rows(loss.rows)} of "
    elif loss.reason == "column dropped":
        what = f"{loss.rows:,} non-null value{'s' if loss.rows != 1 else ''} of "
    else:
        what = f"{loss.rows:,} value{'s' if loss.rows != 1 else ''} of "
    line = Text.assemble((what, "red"), (where, "bold red"), (f" ({loss.reason})", "red"))
    return hang(Text("    ✗ ", style="bold red"), line, 6)


def access_line(change: AccessChange) -> Table:
    line = Text.assemble(
        (change.role, "bold"), f" {change.command} on ", (change.table, "bold"), ": "
    )
    line.append(change.before, style="dim")
    line.append(" → ")
    line.append(change.after, style="yellow")
    return hang("    ", line, 4)


def impact_lines(review: MigrationReview) -> list[RenderableType]:
    """Data lost and access changed (or that neither happens)."""
    lines: list[RenderableType] = []
    if review.data_loss:
        lines.append(Text("  Data lost on the target:", style="bold red"))
        lines += [loss_line(loss) for loss in review.data_loss]
    else:
        lines.append(Text("  Data lost on the target: none", style="dim"))
    if review.access:
        lines.append(Text("  Access changes (role command on table: before → after):", "bold"))
        lines += [access_line(change) for change in review.access]
    else:
        lines.append(Text("  Access changes: none", style="dim"))
    return lines


def review_lines(review: MigrationReview, header: bool = True) -> list[RenderableType]:
    """Everything: each statement, then data loss and access changes."""
    lines: list[RenderableType] = []
    if header or review.static:
        note = STATIC_NOTE if review.static else MEASURED_NOTE
        style = "yellow" if review.static else "bold"
        lines.append(hang("  ", Text(f"Statements ({note}):", style), 2))
    lines += [statement_block(statement) for statement in review.statements]
    return lines + impact_lines(review)


def summary_lines(review: MigrationReview) -> list[RenderableType]:
    """Compact, for a confirmation: statements that block something or are marked."""
    lines: list[RenderableType] = []
    if review.static:
        lines.append(hang("  ", Text(STATIC_NOTE, style="yellow"), 2))
    shown = [s for s in review.statements if s.blocks or s.markers or s.held]
    lines += [statement_block(statement, quiet=False) for statement in shown]
    quiet = len(review.statements) - len(shown)
    if quiet:
        lines.append(Text(f"  {quiet} other statement(s) block no reads or writes", style="dim"))
    return lines + impact_lines(review)


def changes_block(changes: list, *, fields: bool = True, minus: str = "−") -> RenderableType:
    """The schema diff of a preview, one line per change (`fields`: which ones changed)."""
    if not changes:
        return Text("  (no schema change)", style="dim")
    marks = {"added": ("+", "green"), "removed": (minus, "red"), "changed": ("~", "yellow")}
    lines = []
    for change in changes:
        mark, style = marks.get(change.change, ("?", ""))
        line = Text.assemble(
            (f"  {mark} ", style), (change.kind.replace("_", " "), style), " ", (change.object, "")
        )
        changed = getattr(change, "fields", ())
        if fields and change.change == "changed" and changed:
            line.append(f"  ({', '.join(changed)})", style="dim")
        lines.append(line)
    return Group(*lines)
