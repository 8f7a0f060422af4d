"""The review of a preview in words: locks, rewrites, dangers, data loss, access changes.

Shared by `up/down --dry-run` and the timeline's preview and confirmation dialogs
(both Rich). Database names are always literal `Text`.
"""

from __future__ import annotations

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


def marker_line(marker: Marker, indent: str = "    ") -> Text:
    """A danger (⚠, red) or a safer form (→, yellow)."""
    name = marker.relation or ""
    if marker.code == "exclusive_large":
        return Text.assemble(
            (f"{indent}⚠ ", "bold red"),
            ("ACCESS EXCLUSIVE on a large table: every read and write of ", "red"),
            (name, "bold red"),
            (" waits until the transaction ends", "red"),
        )
    if marker.code == "rewrite":
        return Text.assemble(
            (f"{indent}⚠ ", "bold red"),
            ("rewrites ", "red"),
            (name, "bold red"),
            (" (a full copy, under its lock)", "red"),
        )
    if marker.code == "held_lock":
        return Text.assemble(
            (f"{indent}⚠ ", "bold red"),
            (name, "bold red"),
            (f" stays locked while this statement runs ({milliseconds(marker.ms or 0)})", "red"),
        )
    return Text.assemble((f"{indent}→ ", "yellow"), (marker.advice or marker.code, "yellow"))


def lock_line(statement: StatementReview, indent: str = "    ") -> list[Text]:
    lines = []
    for lock in statement.locks:
        line = Text(indent)
        line.append(lock.mode, style="bold red" if len(lock.blocks) == 4 else "bold")
        line.append(" ")
        line.append(lock.relation)
        line.append(f" ({rows(lock.rows)}, {size(lock.size_bytes)})", style="dim")
        line.append(f" — {blocked(lock.blocks)}", style="red" if lock.blocks else "dim")
        lines.append(line)
    for lock in statement.held:
        line = Text(indent)
        line.append(lock.mode, style="dim")
        line.append(" ")
        line.append(lock.relation, style="dim")
        line.append(" — already held from an earlier statement", style="dim")
        lines.append(line)
    return lines


def statement_lines(statement: StatementReview) -> list[Text]:
    """The header (line, command, duration), each lock, each rewrite and marker."""
    head = Text.assemble(
        (f"  L{statement.line:<4} ", "dim"),
        (statement.command, "bold"),
        (f"  {milliseconds(statement.duration_ms)}", "dim"),
    )
    if statement.dangerous:
        head.append("  ⚠", style="bold red")
    lines = [head, *lock_line(statement)]
    if not statement.locks and not statement.held:
        lines.append(Text("    no lock on an existing table", style="dim"))
    for marker in statement.markers:
        lines.append(marker_line(marker))
    return lines


def loss_line(loss: DataLoss, indent: str = "  ") -> Text:
    where = f"{loss.relation}.{loss.column}" if loss.column else loss.relation
    if loss.column is None:
        what = f"{rows(loss.rows)} of "
    elif loss.reason == "column dropped":
        what = f"{loss.rows:,} non-null value{'s' if loss.rows != 1 else ''} of "
    else:
        what = f"{loss.rows:,} value{'s' if loss.rows != 1 else ''} of "
    line = Text.assemble((f"{indent}✗ ", "bold red"), (what, "red"), (where, "bold red"))
    line.append(f" ({loss.reason})", style="red")
    return line


def access_line(change: AccessChange, indent: str = "  ") -> Text:
    line = Text.assemble(
        (indent, ""), (change.role, "bold"), f" {change.command} on ", (change.table, "bold")
    )
    line.append(": ")
    line.append(change.before, style="dim")
    line.append(" → ")
    line.append(change.after, style="yellow")
    return line


def impact_lines(review: MigrationReview) -> list[Text]:
    """Data lost and access changed (or that neither happens)."""
    lines = []
    if review.data_loss:
        lines.append(Text("  Data lost on the target:", style="bold red"))
        lines += [loss_line(loss, "    ") for loss in review.data_loss]
    else:
        lines.append(Text("  Data lost on the target: none", style="dim"))
    if review.access:
        lines.append(
            Text("  Access changes (role command on table: before → after):", style="bold")
        )
        lines += [access_line(change, "    ") for change in review.access]
    else:
        lines.append(Text("  Access changes: none", style="dim"))
    return lines


def review_lines(review: MigrationReview) -> list[Text]:
    """Everything: each statement, then data loss and access changes."""
    note = STATIC_NOTE if review.static else MEASURED_NOTE
    lines = [Text(f"  Statements ({note}):", style="yellow" if review.static else "bold")]
    for statement in review.statements:
        lines += statement_lines(statement)
    return lines + impact_lines(review)


def summary_lines(review: MigrationReview) -> list[Text]:
    """Compact, for a confirmation: statements that block something or are marked."""
    lines = []
    if review.static:
        lines.append(Text(f"  {STATIC_NOTE}", style="yellow"))
    shown = [s for s in review.statements if s.blocks or s.markers or s.held]
    for statement in shown:
        lines.append(
            Text.assemble(
                (f"  L{statement.line:<4} ", "dim"),
                (statement.command, "bold"),
                (f"  {milliseconds(statement.duration_ms)}", "dim"),
            )
        )
        lines += lock_line(statement)
        lines += [marker_line(m) for m in statement.markers]
    quiet = len(review.statements) - len(shown)
    if quiet:
        lines.append(Text(f"  {quiet} other statement(s) block no reads or writes", style="dim"))
    return lines + impact_lines(review)
