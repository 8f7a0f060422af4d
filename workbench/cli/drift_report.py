"""Human-readable drift for `workbench diff`: changes grouped by object, coloured, database text printed literally."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text

from workbench.diff.changes import ADDED, CHANGED, REMOVED, Change

MARK = {ADDED: ("+", "green"), REMOVED: ("-", "red"), CHANGED: ("~", "yellow")}
WORD = {ADDED: "only in TO", REMOVED: "only in FROM", CHANGED: "differs"}


def summary(changes: list[Change]) -> Text:
    counts = {
        kind: sum(1 for c in changes if c.change == kind) for kind in (ADDED, REMOVED, CHANGED)
    }
    text = Text(f"{len(changes)} difference{'s' if len(changes) != 1 else ''}: ")
    parts = [(f"{counts[ADDED]} added", "green"), (f"{counts[REMOVED]} removed", "red")]
    parts.append((f"{counts[CHANGED]} changed", "yellow"))
    for i, (label, style) in enumerate(parts):
        if i:
            text.append(", ")
        text.append(label, style=style)
    return text


def _member(change: Change) -> str:
    if change.object != change.group and change.object.startswith(change.group + "."):
        return change.object[len(change.group) + 1 :]
    return change.object


def lines(changes: list[Change], source_from: str, source_to: str) -> Iterator[Text]:
    """The report: a header, one block per top-level object, a summary."""
    yield Text.assemble(("FROM ", "bold"), source_from, ("  TO ", "bold"), source_to)
    if not changes:
        yield Text("No differences.", style="green")
        return
    group = None
    for change in changes:
        if change.group != group:
            group = change.group
            yield Text("")
            yield Text(group, style="bold")
        mark, style = MARK[change.change]
        line = Text("  ")
        line.append(f"{mark} ", style=style)
        line.append(change.kind.replace("_", " "), style="cyan")
        if change.object != group:
            line.append(" ")
            line.append(_member(change))
        line.append(f"  {WORD[change.change]}", style="dim")
        if change.fields:
            line.append(": ", style="dim")
            line.append(", ".join(f.replace("_", " ") for f in change.fields))
        yield line
    yield Text("")
    yield summary(changes)
