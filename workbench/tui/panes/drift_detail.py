"""What the drift pane's right side shows for a node, and the body of the `w` dialog.

Renderables only (rich Text / Table / Syntax); database text always literal.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from workbench.compare.alignment import AlignmentPlan
from workbench.diff.changes import ADDED, REMOVED
from workbench.tui.panes import drift_sbs
from workbench.tui.panes.drift_model import MARK, DriftGroup, alignment_sql, member_name, sides
from workbench.tui.panes.drift_tree import DriftNode
from workbench.tui.panes.drift_work import MIGRATIONS, MIGRATIONS_ALL, DriftResult
from workbench.tui.text import literal, sql_syntax


def _side_titles(result: DriftResult, actual_name: str) -> tuple[Text, Text]:
    left = Text.assemble(("expected", "bold"), " · ", literal(result.label))
    right = Text.assemble(("actual", "bold"), " · ", literal(actual_name))
    return left, right


def _heading(group: DriftGroup, index: int) -> Text:
    change = group.changes[index] if index >= 0 else group.own
    state = change.change if change is not None else group.change
    mark, style = MARK[state]
    text = Text()
    text.append(f"{mark} ", style=f"bold {style}")
    if change is not None and change is not group.own:
        text.append(change.kind.replace("_", " "), style="cyan")
        name = member_name(change)
        if name:
            text.append(" ")
            text.append(name, style="bold")
        text.append(" on ", style="dim")
        text.append(group.kind, style="cyan")
        text.append(" ")
        text.append(group.key)
        text.append(f" · {state}", style=style)
    else:
        text.append(group.kind, style="cyan")
        text.append(" ")
        text.append(group.key, style="bold")
        text.append(f" · {state}", style=style)
        members = len(group.members)
        if members:
            text.append(f" · {members} member difference{'s' if members != 1 else ''}", "dim")
    if change is not None and change.fields:
        text.append("\ndiffers in: ", style="dim")
        text.append(", ".join(f.replace("_", " ") for f in change.fields))
    return text


def _where(state: str, result: DriftResult) -> Text | None:
    if state == ADDED:
        return Text(f"Only in the database: {result.label} does not have it.", style="green")
    if state == REMOVED:
        return Text(f"Only in {result.label}: the database does not have it.", style="red")
    return None


def render_change(
    result: DriftResult,
    group: DriftGroup,
    index: int,
    actual_name: str,
    *,
    fold: bool,
    sql_cache: dict,
) -> tuple[RenderableType, list[drift_sbs.Row]]:
    """A group (index -1) or one of its changes: heading, DDL side by side, aligning SQL."""
    change = group.changes[index] if index >= 0 else None
    left, right = sides(group, change, result.expected, result.actual)
    rows = drift_sbs.diff_rows(left, right, fold=fold)
    parts: list[RenderableType] = [_heading(group, index)]
    state = change.change if change is not None else group.change
    where = _where(state, result)
    if where is not None:
        parts.append(where)
    parts.append(Text(""))
    if left == right and left is not None:
        parts.append(Text("The DDL reads the same on both sides.", style="dim"))
    parts.append(drift_sbs.render(rows, *_side_titles(result, actual_name)))
    parts.append(Text(""))
    parts.extend(_sql_part(result, group, change, sql_cache))
    return Group(*parts), rows


def _sql_part(result: DriftResult, group: DriftGroup, change, cache: dict) -> list:
    changes = [change] if change is not None else group.changes
    key = (group.key, change.object if change is not None else None, change and change.kind)
    if key not in cache:
        try:
            cache[key] = alignment_sql(changes, result.expected, result.actual)
        except Exception as exc:  # noqa: BLE001 - a subset may lack context; say so, no crash
            cache[key] = exc
    sql = cache[key]
    if result.source in (MIGRATIONS, MIGRATIONS_ALL):
        heading = "SQL that aligns the migrations with the database (w writes it all)"
    else:
        heading = f"SQL turning {result.label} into the database's schema"
    out: list[RenderableType] = [Text(heading, style="bold")]
    if isinstance(sql, Exception):
        out.append(literal(f"cannot generate SQL for this object alone: {sql}", "yellow"))
    elif not sql.strip():
        out.append(Text("(no statement)", style="dim"))
    else:
        out.append(sql_syntax(sql.rstrip("\n")))
    return out


def render_not_modelled(node: DriftNode, result: DriftResult) -> RenderableType:
    """An item (or a kind) of what Prisma does not model."""
    intro = Text(
        "Prisma cannot express this, so it is not drift: keep it in the migrations "
        "(SQL), not in schema.prisma.",
        style="dim",
    )
    if node.kind == "nm-item":
        item = node.item
        text = Text()
        text.append("not modelled by Prisma: ", style="bold")
        text.append(getattr(item, "kind", ""), style="cyan")
        text.append(" ")
        text.append(getattr(item, "object", ""), style="bold")
        detail = getattr(item, "detail", "")
        if detail:
            text.append("\n")
            text.append(detail)
        return Group(text, Text(""), intro)
    return Group(
        Text(f"not modelled by Prisma: {len(result.not_modelled)} items", style="bold"),
        Text(""),
        intro,
    )


def render_pending(result: DriftResult) -> RenderableType:
    """The pending migrations the applied-migrations source left out."""
    pending = result.applied.pending if result.applied is not None else ()
    count = len(pending)
    lines = Text()
    lines.append(
        f"{count} pending migration{'s' if count != 1 else ''} not applied on the target\n",
        style="bold",
    )
    for status in pending:
        lines.append(f"\n{status.icon} ", style="cyan")
        lines.append(f"{status.version}_{status.name}")
        lines.append(f"  {status.state}", style="dim")
    intro = Text(
        "Drift is what the database has that its applied migrations don't say: a pending "
        "migration is not drift. Apply it from the Timeline (1, then u), or choose "
        "migrations:all (e) to compare every file.",
        style="dim",
    )
    return Group(lines, Text(""), intro)


def confirm_body(plan: AlignmentPlan, shown_path: str, target: str, pending: int) -> Group:
    """The `w` dialog: the file, what recording it means, warnings, then the exact text."""
    parts: list[RenderableType] = [
        Text.assemble(
            "Writes ",
            (shown_path, "bold"),
            f" ({len(plan.changes)} change{'s' if len(plan.changes) != 1 else ''}) and records "
            "it as applied on ",
            (target, "bold"),
            ": the migrations then describe the database as it is. The database is not changed.",
        )
    ]
    if plan.adopt:
        count = len(plan.adopt)
        parts.append(
            Text(
                f"The target has no migration history: the {count} migration file"
                f"{'s' if count != 1 else ''} it was compared with "
                f"{'are' if count != 1 else 'is'} recorded as applied too.",
                style="yellow",
            )
        )
    if pending:
        one = pending == 1
        parts.append(
            Text(
                f"⚠ {pending} migration{' is' if one else 's are'} pending on the target; "
                f"the expected side includes {'it' if one else 'them'}, so what "
                f"{'it adds shows' if one else 'they add show'} as removed here. Apply pending "
                "migrations first (Timeline, u) unless you mean to undo them.",
                style="yellow",
            )
        )
    reasons = plan.up.warnings
    if reasons:
        shown = "; ".join(reasons[:3]) + (
            f"; and {len(reasons) - 3} more" if len(reasons) > 3 else ""
        )
        noun = "statement" if len(reasons) == 1 else "statements"
        parts.append(
            literal(
                f"⚠ {len(reasons)} destructive {noun} (marked in the SQL), where the migration "
                f"runs — a fresh database, production: {shown}",
                "yellow",
            )
        )
    parts.append(Text(""))
    parts.append(sql_syntax(plan.text.rstrip("\n"), line_numbers=True))
    return Group(*parts)
